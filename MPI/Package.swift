// swift-tools-version: 6.2
// The opt-in MPI build of DeepSpectra: `spectra-mpi` (one matrix-free spectrum with the samples split
// across ranks; sweeps with points handed to ranks) on Debian's Open MPI. A separate package depending on
// the root by path, so that neither `swift build` nor the default test suite needs MPI.
// Build and test with scripts/test-mpi.sh; see docs/mpi.md.
import PackageDescription

let package = Package(
  name: "DeepSpectraMPI",
  products: [.executable(name: "spectra-mpi", targets: ["SpectraMPI"])],
  dependencies: [
    .package(name: "DeepSpectra", path: ".."),
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
  ],
  targets: [
    // Open MPI's C API (libopenmpi-dev; flags from pkg-config ompi-c). Imported only by MPIBinding.
    .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
    // ScaLAPACK and BLACS built on Open MPI (libscalapack-openmpi-dev; no C header: shim.h declares the
    // routines). Imported only by MPIBinding.
    .systemLibrary(name: "CScaLAPACK", providers: [.apt(["libscalapack-openmpi-dev"])]),
    // MPICommunicator and ScaLAPACKEigenvalues: every line of unsafe MPI and ScaLAPACK code.
    .target(
      name: "MPIBinding",
      dependencies: ["CMPI", "CScaLAPACK", .product(name: "Spectra", package: "DeepSpectra")]),
    .executableTarget(
      name: "SpectraMPI",
      dependencies: [
        "MPIBinding", .product(name: "Spectra", package: "DeepSpectra"),
        .product(name: "FIM", package: "DeepSpectra"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
  ]
)

for target in package.targets where target.type != .system {
  target.swiftSettings =
    (target.swiftSettings ?? []) + [
      .enableUpcomingFeature("ExistentialAny"),
      .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
package.swiftLanguageModes = [.v6]
