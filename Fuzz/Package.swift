// swift-tools-version: 6.2
// libFuzzer targets for DeepSpectra's readers, kept out of the main package so that neither `swift build`
// nor scripts/test.sh ever needs the fuzzer flags. Build and run with scripts/fuzz.sh TARGET SECONDS.
import PackageDescription

let package = Package(
  name: "DeepSpectraFuzz",
  dependencies: [.package(name: "DeepSpectra", path: "..")],
  targets: [
    // The entry point that starts libFuzzer's driver (see FuzzerDriver.swift).
    .target(name: "FuzzSupport"),
    // bytes → NumpyArray(npyData:)
    .executableTarget(
      name: "FuzzNPY", dependencies: ["FuzzSupport", .product(name: "Spectra", package: "DeepSpectra")]),
    // bytes → IDXFile(bytes:name:), plain and gzip (chosen by the magic number)
    .executableTarget(
      name: "FuzzIDX",
      dependencies: [
        "FuzzSupport", .product(name: "Spectra", package: "DeepSpectra"),
        .product(name: "Stripe", package: "DeepSpectra"),
      ]),
    // bytes → SweepFile.parse; SweepFile.swift and SweepPlan.swift are symbolic links into Sources/CLI,
    // compiled here because an executable target cannot be a dependency.
    .executableTarget(
      name: "FuzzSweepFile",
      dependencies: [
        "FuzzSupport", .product(name: "Spectra", package: "DeepSpectra"),
        .product(name: "FIM", package: "DeepSpectra"),
      ]),
    // bytes split into W1.npy … network.json in a scratch directory → NetworkDirectory.load
    .executableTarget(
      name: "FuzzNetworkDirectory",
      dependencies: [
        "FuzzSupport", .product(name: "Spectra", package: "DeepSpectra"),
        .product(name: "FIM", package: "DeepSpectra"),
      ]),
  ]
)
