#!/usr/bin/env python3
"""Writes the seed corpus of scan_fuzzer into DIR: one small valid file of
each format the scan reader takes, each prefixed with the byte that makes the
fuzzer pick its extension (0 .png, 1 .tif, 2 .csv, 3 .obj, 4 .ply, 5 .stl).
A 24 x 24 Gaussian pit, 50 um pixels. Standard library only.

    scan_seeds.py DIR
"""
import math
import struct
import sys
import zlib
from pathlib import Path

N = 24


def height(i, j):
    r2 = ((i - N / 2) ** 2 + (j - N / 2) ** 2) * 2500.0
    return -150.0 * math.exp(-r2 / (2 * 200.0 ** 2)) + 0.3 * i


def png16():
    rows = b"".join(b"\0" + b"".join(struct.pack(">H", 32768 + int(round(height(i, j) / 0.5)))
                                     for i in range(N)) for j in range(N))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 16, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def tiff16():
    # Little-endian baseline TIFF, one strip, 16-bit grey.
    pixels = b"".join(struct.pack("<H", 32768 + int(round(height(i, j) / 0.5)))
                      for j in range(N) for i in range(N))
    entries = [(256, 3, 1, N), (257, 3, 1, N), (258, 3, 1, 16), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (277, 3, 1, 1), (278, 3, 1, N), (279, 4, 1, len(pixels))]
    ifd_offset = 8 + len(pixels)
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        ifd += struct.pack("<HHI", tag, kind, count) + (struct.pack("<HH", value, 0) if kind == 3
                                                        else struct.pack("<I", value))
    ifd += struct.pack("<I", 0)
    return b"II*\0" + struct.pack("<I", ifd_offset) + pixels + ifd


def csv():
    return ("# pixel_um = 50\n" + "\n".join(",".join(f"{height(i, j):.2f}" for i in range(N))
                                           for j in range(N)) + "\n").encode()


def vertices_mm():
    return [(i * 0.05, j * 0.05, height(i, j) / 1000.0) for j in range(N) for i in range(N)]


def triangles():
    for j in range(N - 1):
        for i in range(N - 1):
            a, b, c, d = j * N + i, j * N + i + 1, (j + 1) * N + i, (j + 1) * N + i + 1
            yield (a, b, d)
            yield (a, d, c)


def obj():
    lines = [f"v {x:.4f} {y:.4f} {z:.5f}" for x, y, z in vertices_mm()]
    lines += [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in triangles()]
    return ("\n".join(lines) + "\n").encode()


def ply():
    v, t = vertices_mm(), list(triangles())
    head = (f"ply\nformat ascii 1.0\nelement vertex {len(v)}\nproperty float x\nproperty float y\n"
            f"property float z\nelement face {len(t)}\nproperty list uchar int vertex_indices\nend_header\n")
    body = "".join(f"{x:.4f} {y:.4f} {z:.5f}\n" for x, y, z in v) + "".join(f"3 {a} {b} {c}\n" for a, b, c in t)
    return (head + body).encode()


def stl():
    v = vertices_mm()
    t = list(triangles())
    out = b"\0" * 80 + struct.pack("<I", len(t))
    for a, b, c in t:
        out += struct.pack("<3f", 0, 0, 1) + b"".join(struct.pack("<3f", *v[k]) for k in (a, b, c)) + b"\0\0"
    return out


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for selector, (name, make) in enumerate([("png", png16), ("tif", tiff16), ("csv", csv),
                                             ("obj", obj), ("ply", ply), ("stl", stl)]):
        (out / f"seed.{name}").write_bytes(bytes([selector]) + make())


if __name__ == "__main__":
    main()
