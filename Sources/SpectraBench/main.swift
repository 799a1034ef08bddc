// spectra-bench: `spectra-bench metrics …` runs the metrics suite; without arguments, a dgemm/eigen smoke check.
import Foundation
import Spectra

let benchArguments = Array(CommandLine.arguments.dropFirst())
if benchArguments.first == "metrics" {
  do {
    try runMetricsSuite(arguments: Array(benchArguments.dropFirst()))
    exit(0)
  } catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
  }
}

let r = RandomStream(seed: 1)
let n = 2000
let a = r.gaussianMatrix(rows: n, columns: n)
let t0 = Date()
let c = try a.multiplied(by: a)
let dt = Date().timeIntervalSince(t0)
print("dgemm \(2.0*Double(n*n*n)/dt/1e9) GFLOP/s", c[0, 0], BLASThreads.count, BLASThreads.coreName)
let s = a.gram()
let t1 = Date()
let e = try SymmetricEigen(s)
print("eig", Date().timeIntervalSince(t1), e.eigenvalues.last!, s.trace, e.eigenvalues.reduce(0, +))
let top = try SymmetricEigen.top(3, of: s, vectors: true)
print(top.eigenvalues, e.eigenvalues.suffix(3))
