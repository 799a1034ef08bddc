// Where `spectra-mpi spectrum` takes its network and inputs: sampled from seeds, or a network directory.
import FIM
import Foundation
import Spectra

/// The network and inputs of one `spectra-mpi spectrum` run, as each rank sees them.
///
/// Every rank holds the whole network (its weights enter every sample's forward pass) and only the input
/// rows it is asked for: the rows of its slice of the samples (the matrix-free methods), or of its row
/// and column samples of the block-cyclic dual (dense, panel-moments).
enum SpectrumMPISource {
  /// Sampled as `spectra spectrum` samples it: the network from `seed` (identical on every rank), the
  /// inputs x_n ~ N(0, I_{M_0}) from `dataSeed`, each rank drawing only its rows
  /// (``GaussianInputs/sampleRows(_:samples:width:seed:)``).
  case sampled(NetworkArchitecture, samples: Int, seed: UInt64, dataSeed: UInt64)
  /// A network directory (docs/network-directory.md): the weights and biases loaded whole on every rank,
  /// `X.npy` read by rows (``NetworkDirectory/Inputs``).
  case directory(String, Network, NetworkDirectory.Inputs)

  /// Loads the network of `path` and opens its `X.npy` on this rank; the CRC-32 of `X.npy` (when
  /// `network.json` records one) is checked on rank 0 only, by streaming the file once.
  ///
  /// - Throws: `ConfigurationError` naming the file at fault (as `spectra spectrum --network`).
  static func load(
    _ path: String, activation: Activation, parameterisation: Parameterisation, sigmaW2: Double,
    sigmaB2: Double, rank: Int
  ) throws(ConfigurationError) -> SpectrumMPISource {
    let dir = URL(fileURLWithPath: path)
    let net = try NetworkDirectory.loadNetwork(
      from: dir, activation: activation, parameterisation: parameterisation, sigmaW2: sigmaW2,
      sigmaB2: sigmaB2)
    let inputs = try NetworkDirectory.Inputs(
      directory: dir, inputWidth: net.architecture.inputWidth, verifyingChecksum: rank == 0)
    return .directory(path, net, inputs)
  }

  /// The network's architecture.
  var architecture: NetworkArchitecture {
    switch self {
    case .sampled(let arch, _, _, _): arch
    case .directory(_, let net, _): net.architecture
    }
  }

  /// N, the number of samples.
  var samples: Int {
    switch self {
    case .sampled(_, let n, _, _): n
    case .directory(_, _, let inputs): inputs.samples
    }
  }

  /// The network directory's path (nil when sampled).
  var path: String? {
    if case .directory(let path, _, _) = self { path } else { nil }
  }

  /// The seeds of the weights and the inputs (nil for a network directory).
  var seeds: (weights: UInt64, inputs: UInt64)? {
    if case .sampled(_, _, let seed, let dataSeed) = self { (seed, dataSeed) } else { nil }
  }

  /// The whole network: sampled from the seed (O(P) draws) or the loaded one.
  func network() -> Network {
    switch self {
    case .sampled(let arch, _, let seed, _): Network.sample(arch, seed: seed)
    case .directory(_, let net, _): net
    }
  }

  /// The input rows `range` (a rank's slice), one sample per row.
  func inputs(_ range: Range<Int>) throws(ConfigurationError) -> Matrix {
    switch self {
    case .sampled(let arch, let n, _, let dataSeed):
      try GaussianInputs.sampleRows(range, samples: n, width: arch.inputWidth, seed: dataSeed)
    case .directory(_, _, let inputs): try inputs.rows(range)
    }
  }

  /// The input rows `rows` (ascending, distinct), one sample per row.
  func inputs(rows: [Int]) throws(ConfigurationError) -> Matrix {
    switch self {
    case .sampled(let arch, let n, _, let dataSeed):
      try GaussianInputs.sampleRows(rows, samples: n, width: arch.inputWidth, seed: dataSeed)
    case .directory(_, _, let inputs): try inputs.rows(rows)
    }
  }
}
