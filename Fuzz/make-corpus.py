#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (Fuzz/Corpus/<target>/): small valid files and edge cases.

Deterministic: rerunning rewrites the same files. Standard library only (no NumPy).
"""
import gzip
import json
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus")


def put(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


def npy(shape, values=None, descr="<f8", fortran=False, version=1, data=None):
    text = "(" + "".join(f"{d}, " for d in shape).rstrip(" ") + ")" if len(shape) != 1 else f"({shape[0]},)"
    header = f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {text}, }}"
    pre = 10 if version == 1 else 12
    header += " " * ((64 - (pre + len(header) + 1) % 64) % 64) + "\n"
    length = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    if data is None:
        fmt = {"<f8": "<d", ">f8": ">d", "<f4": "<f", ">f4": ">f"}[descr]
        data = b"".join(struct.pack(fmt, v) for v in values)
    return b"\x93NUMPY" + bytes([version, 0]) + length + header.encode() + data


def idx(dims, values):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + bytes(values)


def gz(data):
    return gzip.compress(data, mtime=0)


# --- npy
put("npy", "matrix-2x3-f8", npy([2, 3], [1.5, -2, 3e-300, 3.14, 0, float("-inf")]))
put("npy", "vector-f4-fortran", npy([2, 2], [1, 2, 3, 4], descr="<f4", fortran=True))
put("npy", "big-endian-v2", npy([3], [7, -1e10, float("nan")], descr=">f8", version=2))
put("npy", "scalar-v3", npy([], [42], version=3))
put("npy", "empty-0x5", npy([0, 5], []))
put("npy", "issue-overflow-shape", npy([3037000500, 3037000500], data=b"\0" * 16))
put("npy", "issue-2-60", npy([1 << 60], data=b"\0" * 16))
put("npy", "huge-with-zero-fortran", npy([0, 1 << 31, 1 << 31], fortran=True, data=b""))
put("npy", "truncated-header", b"\x93NUMPY\x01\x00\xc8\x00{'descr'")
put("npy", "bad-magic", b"hello world, not numpy")
put("npy", "int-dtype", npy([2], data=b"\1" * 16, descr="<f8").replace(b"<f8", b"<i8"))

# --- idx (plain and gzip)
labels = idx([20], [i % 10 for i in range(20)])
images = idx([4, 3, 2], [(i * 37) % 256 for i in range(24)])
put("idx", "labels", labels)
put("idx", "images", images)
put("idx", "labels.gz", gz(labels))
put("idx", "images.gz", gz(images))
flipped = bytearray(idx([600], [1 + i % 9 for i in range(600)]))
flipped[3] ^= 0x80
put("idx", "flipped-dimension-count", bytes(flipped))
put("idx", "overflowing-dimensions", bytes([0, 0, 8, 3]) + b"\xff" * 12 + b"\1\2\3")
put("idx", "zero-dimensions", bytes([0, 0, 8, 0]))
put("idx", "bomb.gz", gz(idx([10], []) + b"\0" * 100_000))
put("idx", "truncated.gz", gz(images)[:20])

# --- sweep-file
full = {
    "activation": "relu", "sigma_w2": 2, "sigma_b2": 0.1, "metrics": ["fisher", "ntk"],
    "widths": [100, 200, 400], "depths": [3], "samples": [100], "outputs": [10], "seeds": [0, 1, 2],
    "input_ratio": 1, "input_width": 784, "width_ratios": [1, 1], "parameterisation": "standard",
}
put("sweep-file", "full.json", json.dumps(full).encode())
put("sweep-file", "minimal.json", b'{"widths": [50]}')
put("sweep-file", "typo.json", b'{"widht": [50]}')
put("sweep-file", "huge-integers.json", b'{"widths": [1e300, -9223372036854775809], "seeds": [1.5]}')
put("sweep-file", "types.json", b'{"activation": 3, "metrics": "fisher", "width_ratios": ["a"]}')
put("sweep-file", "not-object.json", b"[1, 2, 3]")
put("sweep-file", "nested.json", b"[" * 600 + b"]" * 600)

# --- network-directory: records of (name index, 2-byte length, bytes); see FuzzNetworkDirectory.swift
NAMES = ["W1.npy", "b1.npy", "W2.npy", "b2.npy", "W3.npy", "b3.npy", "X.npy", "network.json", "W4.npy", "b4.npy"]


def records(files):
    out = b""
    for name, data in files.items():
        assert len(data) < 65536
        out += bytes([NAMES.index(name)]) + struct.pack("<H", len(data)) + data
    return out


def network(widths, n=3, manifest=True):
    files = {}
    for l in range(1, len(widths)):
        w = [((l * 7 + i) % 11 - 5) / 10 for i in range(widths[l] * widths[l - 1])]
        files[f"W{l}.npy"] = npy([widths[l], widths[l - 1]], w)
        files[f"b{l}.npy"] = npy([widths[l]], [0.1 * i for i in range(widths[l])])
    files["X.npy"] = npy([n, widths[0]], [(i % 5) - 2.0 for i in range(n * widths[0])])
    if manifest:
        entries = [{"name": k, "bytes": len(v), "crc32": f"{zlib.crc32(v):08x}"} for k, v in files.items()]
        doc = {"format": "deepspectra-network-directory", "version": 1, "depth": len(widths) - 1,
               "widths": widths, "files": entries}
        files["network.json"] = json.dumps(doc, sort_keys=True, indent=2).encode()
    return files


put("network-directory", "depth2-manifest", records(network([3, 4, 2])))
put("network-directory", "depth3-legacy", records(network([2, 3, 3, 2], manifest=False)))
stray = network([3, 4, 2])
stray["W3.npy"] = npy([2, 2], [1, 2, 3, 4])
put("network-directory", "stray-W3", records(stray))
gap = network([2, 3, 3, 2], manifest=False)
del gap["W2.npy"]
put("network-directory", "gap-W2", records(gap))
nan = network([3, 4, 2], manifest=False)
nan["b2.npy"] = npy([2], [0.5, float("nan")])
put("network-directory", "nan-b2", records(nan))
