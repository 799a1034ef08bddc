// What one rank of the block-cyclic dense dual holds at its peak, before anything is allocated.
import Spectra

extension BlockCyclicDual {
  /// The peak of one rank's assembly (ScaLAPACK's eigensolver workspace comes on top; the MPI build adds
  /// it from PDSYEVR's own query):
  ///
  /// ```
  /// tile              (C′|rows|)·(C′|columns|)
  /// forward pass      U·(M_0 + Σ_{l<L} M_l (activations) + Σ_{1≤l<L} M_l (φ′) + C),   U = |rows| + |columns|
  /// backward signals  C·U·Σ_{l<L} M_l            (GramPanels' factors, all hidden layers)
  /// backward sweep    2·C·U·max_{l<L} M_l        (the signal being formed and its product with W)
  /// one column panel  w·Σ_{l<L} M_l + L·U·w + 2·|rows|·w,   w = C′·⌊1024/C′⌋ dual columns
  /// centring sums     N·C′²                      (mean-subtracted only)
  /// ```
  /// doubles, 8 bytes each, with U = |rows| when the rank's row and column samples coincide. With the
  /// process's own 64 MiB added it was 6–13 % above rank 0's measured peak resident set (docs/mpi.md).
  /// ``exactMoments(request:network:layout:inputs:communicator:subdivisions:progress:panelSamples:)`` keeps no tile
  /// (`keepsTile: false`).
  public static func estimatedBytes(
    layout: BlockCyclicSampleLayout, architecture arch: NetworkArchitecture, request: MetricRequest,
    rank: Int, keepsTile: Bool = true
  ) -> ByteCount {
    let (p, q) = layout.coordinates(rank: rank)
    let nr = layout.rowSamples(p).count
    let nc = layout.columnSamples(q).count
    let u = layout.rowSamples(p) == layout.columnSamples(q) ? nr : nr + nc
    let cb = layout.blocks
    let c = arch.outputs
    let widths = arch.widths
    let depth = widths.count - 1
    let hidden = widths[1..<depth].reduce(0, +)
    let w = cb * panelSamples(blocks: cb)
    var total = keepsTile ? ByteCount.doubles(cb * nr, cb * nc) : .zero
    total = total + .doubles(u, widths[0] + widths[0..<depth].reduce(0, +) + hidden + c)
    total = total + .doubles(c, u, hidden) + .doubles(2, c, u, widths[1..<depth].max() ?? 0)
    total = total + .doubles(w, hidden) + .doubles(depth, u, w) + .doubles(2, nr, w)
    if request.meanSubtracted { total = total + .doubles(layout.samples, cb, cb) }
    return total
  }
}
