#!/usr/bin/env python3
"""Writes cheek-scan.png: a synthetic 16-bit height scan of scarred cheek skin.

A stand-in for a profilometer or fringe-projection scan, for
examples/scan-acne-scars.toml. 300 x 300 pixels of 40 um (12 mm square);
grey level g is a height of (g - 32768) x 0.5 um. On it:

  * the form of a cheek: a bulge of 60 mm radius (about 0.3 mm of sag over
    the patch) and a slight tilt, which the reader and the scar finder take out;
  * normal microrelief: a Gaussian random field, Sq about 10 um, correlation
    length 150 um (sum of random-phase plane waves, as src/citsim/surface/
    generate.cpp draws it);
  * two rolling scars (cosine bowls 4.4 mm across, 0.2 mm deep), two boxcar
    scars (flat floors, D (1 - x^8), 2.4-2.6 mm across, 0.25-0.3 mm deep) and
    three icepick scars (cones 0.8-1 mm across, 0.4-0.5 mm deep), the widths
    of Jacob, Dover & Kaminer 2001.

Python 3 standard library only (zlib + struct); deterministic (seed 2024).
Run:  python3 examples/scans/make_cheek_scan.py   (writes next to itself)
"""

import math
import os
import random
import struct
import zlib

NX = NY = 300
PIXEL_UM = 40.0
UM_PER_LEVEL = 0.5
ZERO_LEVEL = 32768

SQ_UM = 10.0
CORRELATION_UM = 150.0
WAVES = 96

# (type, x_mm, y_mm, width_mm, depth_um)
SCARS = [
    ("rolling", 3.3, 3.3, 4.4, 200.0),
    ("rolling", 8.7, 8.8, 4.4, 180.0),
    ("boxcar", 9.1, 2.9, 2.4, 300.0),
    ("boxcar", 2.9, 9.1, 2.6, 250.0),
    ("icepick", 6.0, 6.1, 1.0, 500.0),
    ("icepick", 6.3, 1.1, 0.8, 400.0),
    ("icepick", 1.1, 6.2, 0.9, 450.0),
]


def scar_depth_um(kind, r_um, width_um, depth_um):
    x = r_um / (0.5 * width_um)
    if x >= 1.0:
        return 0.0
    if kind == "icepick":
        return depth_um * (1.0 - x)
    if kind == "boxcar":
        return depth_um * (1.0 - x ** 8)
    return depth_um * 0.5 * (1.0 + math.cos(math.pi * x))


def microrelief(rng):
    """Random-phase plane waves with a Gaussian spectrum, scaled to SQ_UM."""
    z = [0.0] * (NX * NY)
    sigma_k = math.sqrt(2.0) / CORRELATION_UM
    centres = [(i + 0.5) * PIXEL_UM for i in range(NX)]
    for _ in range(WAVES):
        kx = rng.gauss(0.0, sigma_k)
        ky = rng.gauss(0.0, sigma_k)
        phase = rng.uniform(0.0, 2.0 * math.pi)
        cx = [math.cos(kx * x + phase) for x in centres]
        sx = [math.sin(kx * x + phase) for x in centres]
        for j in range(NY):
            cy = math.cos(ky * centres[j])
            sy = math.sin(ky * centres[j])
            row = j * NX
            for i in range(NX):
                z[row + i] += cx[i] * cy - sx[i] * sy
    mean = sum(z) / len(z)
    rms = math.sqrt(sum((v - mean) ** 2 for v in z) / len(z))
    return [(v - mean) * SQ_UM / rms for v in z]


def heights_um():
    rng = random.Random(2024)
    z = microrelief(rng)
    half_um = 0.5 * NX * PIXEL_UM
    for j in range(NY):
        y = (j + 0.5) * PIXEL_UM
        for i in range(NX):
            x = (i + 0.5) * PIXEL_UM
            # The cheek's form: a 60 mm sphere cap and a tilt of 1 %.
            r2 = (x - half_um) ** 2 + (y - half_um) ** 2
            h = -r2 / (2.0 * 60000.0) + 0.01 * x
            for kind, sx_mm, sy_mm, w_mm, d_um in SCARS:
                r = math.hypot(x - 1000.0 * sx_mm, y - 1000.0 * sy_mm)
                h -= scar_depth_um(kind, r, 1000.0 * w_mm, d_um)
            z[j * NX + i] += h
    return z


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def write_png16(path, levels):
    """Greyscale, 16 bits, one filter byte a row: 1 (Sub), 2 bytes a pixel."""
    raw = bytearray()
    for j in range(NY):
        row = bytearray()
        for i in range(NX):
            row += struct.pack(">H", levels[j * NX + i])
        raw.append(1)
        for k in range(len(row)):
            left = row[k - 2] if k >= 2 else 0
            raw.append((row[k] - left) & 0xFF)
    header = struct.pack(">IIBBBBB", NX, NY, 16, 0, 0, 0, 0)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(png_chunk(b"IHDR", header))
        out.write(png_chunk(b"IDAT", zlib.compress(bytes(raw), 9)))
        out.write(png_chunk(b"IEND", b""))


def main():
    z = heights_um()
    levels = [min(65535, max(0, ZERO_LEVEL + round(v / UM_PER_LEVEL))) for v in z]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cheek-scan.png")
    write_png16(path, levels)
    print(f"{path}: {NX} x {NY} pixels of {PIXEL_UM:g} um, {UM_PER_LEVEL:g} um a grey level, "
          f"{os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
