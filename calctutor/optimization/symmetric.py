"""Eigenvalues and eigenvectors of a small real symmetric matrix (Jacobi rotations, floats)."""

from __future__ import annotations

import math
from collections.abc import Sequence

Matrix = list[list[float]]


def _rotate(a: Matrix, v: Matrix, p: int, q: int) -> None:
    """One Jacobi rotation that zeroes a[p][q] (and a[q][p]), accumulated into v."""
    theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
    t = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1))
    c = 1 / math.sqrt(t * t + 1)
    s = t * c
    n = len(a)
    for k in range(n):
        akp, akq = a[k][p], a[k][q]
        a[k][p], a[k][q] = c * akp - s * akq, s * akp + c * akq
    for k in range(n):
        apk, aqk = a[p][k], a[q][k]
        a[p][k], a[q][k] = c * apk - s * aqk, s * apk + c * aqk
    for k in range(n):
        vkp, vkq = v[k][p], v[k][q]
        v[k][p], v[k][q] = c * vkp - s * vkq, s * vkp + c * vkq


def eigen(matrix: Sequence[Sequence[float]]) -> list[tuple[float, tuple[float, ...]]]:
    """(eigenvalue, unit eigenvector) pairs of a symmetric matrix, smallest eigenvalue first."""
    a = [[float(x) for x in row] for row in matrix]
    n = len(a)
    v = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    scale = max((abs(x) for row in a for x in row), default=0.0)
    for _ in range(100):
        off = [(abs(a[i][j]), i, j) for i in range(n) for j in range(i + 1, n)]
        size, p, q = max(off, default=(0.0, 0, 0))
        if size <= 1e-15 * scale or size == 0.0:
            break
        _rotate(a, v, p, q)
    pairs = [(a[i][i], tuple(v[k][i] for k in range(n))) for i in range(n)]
    return sorted(pairs, key=lambda pair: pair[0])
