// swift-tools-version: 6.2
// Spectral analysis of random deep networks: Fisher information, NTK and input metrics against
// mean-field theory (Karakida, Akaho & Amari), and the stripe-model compression study (Paccolat et al.).
import PackageDescription

let package = Package(
  name: "DeepSpectra",
  products: [
    .library(name: "Spectra", targets: ["Spectra"]),
    .library(name: "FIM", targets: ["FIM"]),
    .library(name: "Stripe", targets: ["Stripe"]),
    .executable(name: "spectra", targets: ["CLI"]),
    .executable(name: "spectra-bench", targets: ["SpectraBench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    // `swift package generate-documentation` for the DocC catalogs (scripts/docs.sh); no code dependency.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
  ],
  targets: [
    // MARK: - System libraries (Debian packages); imported only by Sources/Spectra/Backend.
    .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CLAPACKE", providers: [.apt(["liblapacke-dev"])]),
    .systemLibrary(name: "CGSL", providers: [.apt(["libgsl-dev"])]),
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

    // MARK: - Public API
    .target(name: "Spectra", dependencies: ["COpenBLAS", "CLAPACKE", "CGSL", "CZlib"]),
    .target(name: "FIM", dependencies: ["Spectra"]),
    .target(name: "Stripe", dependencies: ["Spectra"]),
    .executableTarget(
      name: "CLI",
      dependencies: [
        "Spectra", "FIM", "Stripe", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // MARK: - Benchmarks (never run by `swift test`)
    .executableTarget(name: "SpectraBench", dependencies: ["Spectra", "FIM"]),

    // MARK: - Tests
    // Shared tolerances, comparison helpers and brute-force oracles of the test targets (not a product).
    .target(name: "TestSupport", dependencies: ["Spectra", "FIM"], path: "Tests/TestSupport"),
    .testTarget(name: "SpectraTests", dependencies: ["Spectra", "TestSupport"]),
    .testTarget(
      name: "FIMTests", dependencies: ["FIM", "Spectra", "TestSupport"], exclude: ["Theory/References"]),
    .testTarget(name: "StripeTests", dependencies: ["Stripe", "Spectra", "TestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["CLI"]),
  ]
)

for target in package.targets where target.type != .system {
  target.swiftSettings =
    (target.swiftSettings ?? []) + [
      .enableUpcomingFeature("ExistentialAny"),  // SE-0335
      .enableUpcomingFeature("MemberImportVisibility"),  // SE-0444
    ]
}
package.swiftLanguageModes = [.v6]
