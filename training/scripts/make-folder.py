#!/usr/bin/env python3
"""Writes a tiny labelled folder dataset of gray PNGs (standard library only), for soak runs and quick trials.

  make-folder.py OUTDIR [--labels 8] [--train 32] [--test 8] [--size 16] [--seed 1] [--jitter 0]

Label k is a bright bar at angle k*180/labels degrees on a noisy background, so a network can learn it. --jitter N
shifts each bar by up to N pixels and varies its length and thickness, which makes close angles hard to tell apart. With
--test 0 the images go straight into OUTDIR/LABEL/ (a folder without splits); otherwise into train/ and test/.
"""
import argparse, math, os, random, struct, zlib


def png(path, pixels, size):
    rows = b"".join(b"\x00" + bytes(pixels[y * size:(y + 1) * size]) for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def image(label, labels, size, rng, jitter):
    angle = math.pi * label / labels + rng.uniform(-0.1, 0.1)
    cx = (size - 1) / 2 + rng.uniform(-jitter, jitter)
    cy = (size - 1) / 2 + rng.uniform(-jitter, jitter)
    half_width = size / 8 * (rng.uniform(0.6, 1.4) if jitter else 1)
    half_length = size * (rng.uniform(0.25, 0.5) if jitter else 1)
    out = []
    for y in range(size):
        for x in range(size):
            across = abs(-(x - cx) * math.sin(angle) + (y - cy) * math.cos(angle))
            along = abs((x - cx) * math.cos(angle) + (y - cy) * math.sin(angle))
            value = (200 if across < half_width and along < half_length else 40) + rng.randint(-30, 30)
            out.append(max(0, min(255, value)))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--labels", type=int, default=8)
    p.add_argument("--train", type=int, default=32)
    p.add_argument("--test", type=int, default=8)
    p.add_argument("--size", type=int, default=16)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jitter", type=float, default=0)
    a = p.parse_args()
    rng = random.Random(a.seed)
    splits = [("", a.train)] if a.test == 0 else [("train", a.train), ("test", a.test)]
    for split, count in splits:
        for label in range(a.labels):
            folder = os.path.join(a.out, split, f"label{label}")
            os.makedirs(folder, exist_ok=True)
            for i in range(count):
                png(os.path.join(folder, f"{i:04d}.png"), image(label, a.labels, a.size, rng, a.jitter), a.size)


main()
