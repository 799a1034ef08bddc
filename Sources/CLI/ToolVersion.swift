// The tool's version, recorded in every output.

/// The version of the toolkit (semantic versioning), recorded in every output's provenance.
enum ToolVersion {
  static let string = "0.1.0"
}
