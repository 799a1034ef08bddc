// Peak-memory estimate of one `stripe train` run (training plus the NTK analyses), from the sizes alone.
import Foundation
import Spectra

extension KernelEvolutionConfiguration {
  /// An upper bound on the peak resident memory of ``KernelEvolutionStudy/run(_:splits:progress:)``, in
  /// 8-byte doubles, summing the largest live sets of phases that overlap (p training points, p_K kernel
  /// points, p_te test points, p_PCA kernel-PCA points, width h, dimension d):
  /// ```
  ///   4·p_K²            NTK Gram of the kernel set (A Aᵀ, D Dᵀ, X Xᵀ/d, combined copy)
  /// + 7·p_PCA²          kernel-PCA Gram (its four products), eigenvectors and the dsyevd workspace
  /// + 4·p_te·p_K        test cross kernel
  /// + 6·(p + p_te)·h    network flow: Z, σ(Z), σ'(Z), features and gradients
  /// + 5·(p_K + p_te)·h  the analysis's hidden features
  /// + (p + p_K + p_te)·d inputs
  /// ```
  /// Source: issue 17 ("memory estimates for train and stripe commands"); the phases of
  /// KernelEvolutionStudy.run and KernelSnapshotAnalysis.
  public var peakMemoryEstimate: (peak: ByteCount, breakdown: String) {
    let (p, pk, pt, q, h) = (trainCount, kernelCount, testCount, analysis.pcaCount, width)
    let kernel = ByteCount.doubles(pk, pk) * 4
    let pca = ByteCount.doubles(q, q) * 7
    let cross = ByteCount.doubles(pt, pk) * 4
    let hidden = ByteCount.doubles(p + pt, h) * 6 + ByteCount.doubles(pk + pt, h) * 5
    let inputs = ByteCount.doubles(p + pk + pt, dimension)
    return (
      kernel + pca + cross + hidden + inputs,
      "4 × p_K×p_K = \(kernel), 7 × p_PCA×p_PCA = \(pca), 4 × p_te×p_K = \(cross), hidden features \(hidden)"
    )
  }
}
