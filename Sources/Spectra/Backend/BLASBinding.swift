// Which shared library the process's `cblas_dgemm` resolves to: OpenBLAS, never GSL's reference CBLAS.
internal import COpenBLAS
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The shared library that defines a CBLAS symbol in this process, as the dynamic linker resolves it.
///
/// The toolkit declares CBLAS through GSL's header and links OpenBLAS; linking `gslcblas` as well (as
/// `pkg-config gsl` would) silently binds the ~40× slower reference CBLAS. This answers the question without
/// timing anything: `dlsym(RTLD_DEFAULT, name)` finds the definition in global lookup order, `dladdr` names
/// the object that holds it, and the path is resolved through symlinks (Debian's BLAS alternatives).
public enum BLASBinding {
  /// The resolved path of the library that defines `symbol` (default `cblas_dgemm`), or `nil` when the
  /// symbol is not loaded.
  public static func library(of symbol: String = "cblas_dgemm") -> String? {
    guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol) else { return nil }
    var info = spectra_dl_info()
    guard spectra_dladdr(address, &info) != 0, let name = info.fname else { return nil }
    return URL(fileURLWithPath: String(cString: name)).resolvingSymlinksInPath().path
  }

  /// Whether `cblas_dgemm` comes from OpenBLAS.
  public static var isOpenBLAS: Bool { library()?.lowercased().contains("openblas") ?? false }
}
