// GSL plumbing: the error handler is switched off once, and every status code is translated here.
internal import CGSL

/// GSL's global state and status translation.
enum GSL {
  /// Turns GSL's aborting default error handler off, exactly once, before any GSL call.
  static let handlerOff: Void = { _ = gsl_set_error_handler_off() }()

  /// Throws a ``LinearAlgebraError`` with code `.library` naming `routine` and GSL's own message when
  /// `status` is not `GSL_SUCCESS`.
  static func check(_ status: Int32, _ routine: String) throws(LinearAlgebraError) {
    guard status != 0 else { return }
    let reason = gsl_strerror(status).map { String(cString: $0) } ?? "unknown"
    throw LinearAlgebraError(.library, "\(routine): \(reason) (GSL code \(status))")
  }

  /// The linked GSL version.
  static var version: String { String(cString: cgsl_version()) }
}

/// The linked library versions, recorded in outputs.
public enum LibraryVersions {
  /// The GSL version string (e.g. `2.7.1`).
  public static var gsl: String { GSL.version }
}
