// OpenBLAS picks its kernels once, when the library loads. On a CPU newer than the library (Debian's
// OpenBLAS 0.3.21 on a Sapphire/Emerald Rapids Xeon) it falls back to the generic `Prescott` kernels, about
// ten times slower than the AVX-512 ones the CPU runs. The fix is OPENBLAS_CORETYPE, read at load time, so
// a process that finds itself on the fallback sets it and re-executes itself.
import Foundation

/// Choosing OpenBLAS's kernel family when its own detection fell back to the generic one.
///
/// ```
/// OPENBLAS_CORETYPE set (even empty)          → leave it (the user chose)
/// core ≠ Prescott (OpenBLAS knew the CPU)     → leave it
/// CPU flags avx512f, avx512dq, avx512bw, avx512vl → SkylakeX
/// CPU flags avx2, fma                          → Haswell
/// otherwise                                    → leave it
/// ```
/// The flags are those of `/proc/cpuinfo`, which lists AVX-512 only when the kernel saves its registers
/// (XSAVE), so a chosen kernel can run. The choice is a function of the machine, so "same machine, same
/// numbers" still holds.
public enum BLASCoreSelection {
  /// The environment variable that turns the re-execution off (any value).
  public static let disablingVariable = "DEEPSPECTRA_KEEP_BLAS_CORE"

  /// The kernel family to request for a CPU with `flags` when OpenBLAS chose `currentCore`, or nil to keep it.
  public static func suggestedCore(currentCore: String, flags: Set<String>) -> String? {
    guard currentCore.lowercased() == "prescott" else { return nil }
    if flags.isSuperset(of: ["avx512f", "avx512dq", "avx512bw", "avx512vl"]) { return "SkylakeX" }
    if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
    return nil
  }

  /// The `flags` line of the first processor in `/proc/cpuinfo` (empty where there is none).
  public static func cpuFlags(
    cpuinfo: String? = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
  )
    -> Set<String>
  {
    guard let line = cpuinfo?.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
      let colon = line.firstIndex(of: ":")
    else { return [] }
    return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
  }

  /// Re-executes the running program with `OPENBLAS_CORETYPE` set when ``suggestedCore(currentCore:flags:)``
  /// names a kernel and the user set neither that variable nor ``disablingVariable``; returns (doing
  /// nothing) otherwise or when `execv` fails. Call first thing in `main`, before any output.
  public static func reexecuteIfGenericFallback() {
    let environment = ProcessInfo.processInfo.environment
    guard environment["OPENBLAS_CORETYPE"] == nil, environment[disablingVariable] == nil,
      let core = suggestedCore(currentCore: BLASThreads.coreName, flags: cpuFlags())
    else { return }
    setenv("OPENBLAS_CORETYPE", core, 1)
    reexecuteSelf(arguments: CommandLine.arguments)
    unsetenv("OPENBLAS_CORETYPE")
  }

  /// `execv("/proc/self/exe", arguments)`; returns only if it failed.
  static func reexecuteSelf(arguments: [String]) {
    var cArguments = arguments.map { strdup($0) }
    cArguments.append(nil)
    defer { for p in cArguments { free(p) } }
    _ = execv("/proc/self/exe", cArguments)
  }
}
