"""Deterministic per-record randomness: the same record draws the same errors in every delivery."""

from __future__ import annotations

import zlib

import numpy as np

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a good 64-bit hash of each element."""
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * _M1
        z = (z ^ (z >> np.uint64(27))) * _M2
        return z ^ (z >> np.uint64(31))


def uniform(keys: np.ndarray, salt: str, seed: int) -> np.ndarray:
    """A float in [0, 1) for each key, fixed by (seed, salt, key)."""
    s = np.uint64((zlib.crc32(salt.encode()) << 20) ^ (seed * 0x9E3779B1 & 0xFFFFFFFFFFFF))
    with np.errstate(over="ignore"):
        h = _mix(keys.astype(np.uint64) * np.uint64(0x100000001B3) ^ s)
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def choice(keys: np.ndarray, salt: str, seed: int, n: int) -> np.ndarray:
    """An integer in [0, n) for each key."""
    return np.minimum((uniform(keys, salt, seed) * n).astype(np.int64), n - 1)
