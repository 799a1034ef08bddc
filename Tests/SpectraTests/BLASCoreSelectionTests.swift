import Spectra
import Testing

/// The kernel choice when OpenBLAS falls back to its generic kernels: a pure function of the kernel it chose
/// and the CPU flags, so every branch is checked without the machine at hand.
@Suite("BLAS kernel selection")
struct BLASCoreSelectionTests {
  static let avx512: Set<String> = [
    "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl",
  ]

  @Test("the Prescott fallback on an AVX-512 CPU asks for SkylakeX, on an AVX2 CPU for Haswell")
  func fallbackChoices() {
    #expect(BLASCoreSelection.suggestedCore(currentCore: "Prescott", flags: Self.avx512) == "SkylakeX")
    #expect(
      BLASCoreSelection.suggestedCore(currentCore: "Prescott", flags: Self.avx512.subtracting(["avx512bw"]))
        == "Haswell")
    #expect(BLASCoreSelection.suggestedCore(currentCore: "PRESCOTT", flags: ["avx2", "fma"]) == "Haswell")
    #expect(BLASCoreSelection.suggestedCore(currentCore: "Prescott", flags: ["avx", "sse4_2"]) == nil)
  }

  @Test("a kernel OpenBLAS chose itself is kept")
  func knownCoreKept() {
    for core in ["Haswell", "SkylakeX", "Zen", "Cooperlake", "Sandybridge"] {
      #expect(BLASCoreSelection.suggestedCore(currentCore: core, flags: Self.avx512) == nil)
    }
  }

  @Test("the flags are read from the first processor's flags line of /proc/cpuinfo")
  func cpuinfoParsing() {
    let text = """
      processor\t: 0
      model name\t: Some CPU
      flags\t\t: fpu avx2 fma avx512f
      processor\t: 1
      flags\t\t: fpu
      """
    #expect(BLASCoreSelection.cpuFlags(cpuinfo: text) == ["fpu", "avx2", "fma", "avx512f"])
    #expect(BLASCoreSelection.cpuFlags(cpuinfo: "processor : 0\n").isEmpty)
    #expect(BLASCoreSelection.cpuFlags(cpuinfo: nil).isEmpty)
  }
}
