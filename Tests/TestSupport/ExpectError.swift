// Test helper: expect a LinearAlgebraError with a given code whose message names the problem.
import Spectra
import Testing

/// Expects `body` to throw a ``LinearAlgebraError`` with `code` whose message contains every fragment.
public func expectError(
  _ code: LinearAlgebraError.Code, mentioning fragments: [String],
  sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("expected a \(code) error mentioning \(fragments), got none", sourceLocation: sourceLocation)
  } catch let error as LinearAlgebraError {
    #expect(error.code == code, "wrong code in: \(error)", sourceLocation: sourceLocation)
    for f in fragments {
      #expect(
        error.message.contains(f), "message \"\(error.message)\" does not mention \"\(f)\"",
        sourceLocation: sourceLocation)
    }
  } catch {
    Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
  }
}
