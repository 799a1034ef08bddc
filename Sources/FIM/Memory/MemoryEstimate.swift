// The peak memory of one method: named terms, each alive during some phases; the peak is the worst phase.
import Spectra

/// A stage of a spectrum computation; a ``MemoryTerm`` is alive during some of them.
public enum MemoryPhase: String, Sendable, Codable, CaseIterable, Comparable {
  /// Drawing the network and the inputs.
  case sampling
  /// The forward pass.
  case forward
  /// Assembling the dense dual (Gram, backward signals, softmax weighting, centring).
  case assembly
  /// The dense eigen-solves (dsyevd, dsyevr).
  case eigensolve
  /// Block Lanczos for the top-k eigenpairs.
  case topK = "top-k"
  /// Exact m, s (streamed Gram panels) and Hutch++.
  case moments
  /// Stochastic Lanczos quadrature.
  case density

  /// Ordered as the phases happen.
  public static func < (a: MemoryPhase, b: MemoryPhase) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// One allocation (or group of allocations) of a method, with its formula and where it happens.
public struct MemoryTerm: Sendable, Codable, Equatable {
  /// Short name (`dual`, `network`, `backward buffers`).
  public let name: String
  /// Its size.
  public let bytes: ByteCount
  /// The formula, in the notation of the docs (`8·(C′N)²`).
  public let formula: String
  /// The phases during which it is alive.
  public let phases: [MemoryPhase]

  /// A term alive during `phases`.
  public init(_ name: String, _ bytes: ByteCount, _ formula: String, _ phases: [MemoryPhase]) {
    self.name = name
    self.bytes = bytes
    self.formula = formula
    self.phases = phases.sorted()
  }
}

/// The estimated peak resident memory of one ``SpectrumMethod`` for one request, with its breakdown.
///
/// ```
/// peak = max over phases φ of Σ_{terms t alive in φ} bytes(t)        (saturating: ByteCount)
/// ```
/// The terms are built from the code that allocates (``MemoryEstimate/dense(architecture:samples:request:overlaps:)``,
/// ``MemoryEstimate/matrixFree(_:architecture:samples:request:settings:)``); every term states its formula.
public struct MemoryEstimate: Sendable, Codable, Equatable {
  /// The method.
  public let method: SpectrumMethod
  /// The terms.
  public let terms: [MemoryTerm]
  /// Why the method cannot run at all, whatever the memory (e.g. beyond 32-bit LAPACK indexing).
  public let impossible: String?

  /// An estimate from its terms.
  public init(method: SpectrumMethod, terms: [MemoryTerm], impossible: String? = nil) {
    self.method = method
    self.terms = terms
    self.impossible = impossible
  }

  /// The total of the terms alive in `phase`.
  public func bytes(in phase: MemoryPhase) -> ByteCount {
    terms.filter { $0.phases.contains(phase) }.reduce(.zero) { $0 + $1.bytes }
  }

  /// The phase with the largest total (the first such, in order of execution).
  public var peakPhase: MemoryPhase {
    let used = Set(terms.flatMap(\.phases)).sorted()
    return used.max { bytes(in: $0) < bytes(in: $1) } ?? .sampling
  }

  /// The peak over phases.
  public var peak: ByteCount { bytes(in: peakPhase) }

  /// The terms alive at the peak, largest first: `dual 80.0 GB, network 0.3 GB, …`.
  public var breakdown: String {
    terms.filter { $0.phases.contains(peakPhase) && $0.bytes > .zero }.sorted { $0.bytes > $1.bytes }
      .map { "\($0.name) \($0.bytes)" }.joined(separator: ", ")
  }

  /// The bytes every method needs before anything method-specific: the network and the inputs.
  public var sharedSetup: ByteCount {
    terms.filter { $0.name == "network" || $0.name == "inputs" }.reduce(.zero) { $0 + $1.bytes }
  }
}
