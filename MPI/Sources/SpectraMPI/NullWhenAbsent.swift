// A report field written as `null` when absent, so that every record has the same keys.

/// An optional report field that is encoded as `null` when absent, where a synthesized `Encodable` would
/// leave the key out: a run on a network directory records `"seed": null`, a sampled run
/// `"network": null`, so the reports of both kinds have the same keys (as `spectra spectrum --json`'s).
@propertyWrapper
struct NullWhenAbsent<Value: Encodable>: Encodable {
  var wrappedValue: Value?

  init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}
