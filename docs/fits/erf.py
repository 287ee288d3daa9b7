#!/usr/bin/env python3
"""Fits the managed engine's erf (src/EdgeSearch.Core/Inference/Kernels/Erf.cs): erf(x) ~ x*P(x^2)/Q(x^2) on [0, 4],
P of degree 6, Q of degree 4 with Q(0) = 1, by linearised rational least squares (each pass divides by the last Q),
reweighted towards minimax (Lawson). Prints the coefficients rounded to float and the worst absolute error, in exact
arithmetic and evaluated in float (Horner without fused multiply-adds, then a division). Needs python3-numpy.
Run: python3 docs/fits/erf.py"""
import math
import numpy as np

DEGREE_P, DEGREE_Q, SATURATION, NODES = 6, 4, 4.0, 4000

x = (np.cos(np.linspace(0, math.pi, NODES)) + 1) / 2 * SATURATION
f = np.array([math.erf(v) for v in x])
z = x * x


def evaluate(p, q, x, z):
    return x * np.polyval(p[::-1], z) / np.polyval(q[::-1], z)


last_q, weights, best = np.ones(NODES), np.ones(NODES), None
for step in range(60):
    columns = [x * z**k for k in range(DEGREE_P + 1)] + [-f * z**k for k in range(1, DEGREE_Q + 1)]
    scale = weights / last_q
    c, *_ = np.linalg.lstsq(np.array(columns).T * scale[:, None], f * scale, rcond=None)
    p, q = c[:DEGREE_P + 1], np.concatenate([[1.0], c[DEGREE_P + 1:]])
    error = evaluate(p, q, x, z) - f
    if best is None or np.abs(error).max() < best[0]:
        best = (np.abs(error).max(), p, q)
    last_q = np.polyval(q[::-1], z)
    if step >= 8:
        weights = np.maximum(weights * np.abs(error) ** 0.5 / (weights * np.abs(error) ** 0.5).max(), 1e-12)

worst, p, q = best
p32, q32 = p.astype(np.float32), q.astype(np.float32)
xs = np.linspace(0, SATURATION, 200001).astype(np.float32)
zs = xs * xs
pz = np.full_like(zs, p32[-1])
for k in range(DEGREE_P - 1, -1, -1):
    pz = (pz * zs + p32[k]).astype(np.float32)
qz = np.full_like(zs, q32[-1])
for k in range(DEGREE_Q - 1, -1, -1):
    qz = (qz * zs + q32[k]).astype(np.float32)
in_float = ((xs * pz).astype(np.float32) / qz).astype(np.float32)
float_worst = max(abs(float(a) - math.erf(float(v))) for a, v in zip(in_float, xs))
print("P (x^0 .. x^12):", ", ".join(f"{v!r}" for v in p32))
print("Q (x^0 .. x^8): ", ", ".join(f"{v!r}" for v in q32))
print(f"worst |error|: {worst:.2e} exact, {float_worst:.2e} in float; 1 - erf({SATURATION:g}) = {1 - math.erf(SATURATION):.2e}")
