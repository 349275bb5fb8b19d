"""Strict reading of a model file's numbers: every failure is a
:class:`ModelError` that names the key at fault (``credscore.model``)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["MAX_ABS_VALUE", "MAX_ABS_WEIGHT", "ModelError"]

#: Bounds on weights (coefficients, calibration, tree values) and on other
#: numbers (clip bounds, means, scales). A fitted model on standardised
#: inputs has weights of order 1; these bounds only refuse files that would
#: overflow the arithmetic.
MAX_ABS_WEIGHT = 1e3
MAX_ABS_VALUE = 1e12


class ModelError(ValueError):
    """A model file that is missing, malformed, tampered with or of the wrong shape."""


def _require(condition: object, message: str) -> None:
    if not condition:
        raise ModelError(message)


def _vector(obj: dict[str, Any], key: str, n: int, where: str, bound: float = MAX_ABS_VALUE) -> np.ndarray:
    _require(key in obj, f"{where}: missing key {key!r}")
    value = obj[key]
    _require(isinstance(value, list) and len(value) == n, f"{where}.{key}: expected a list of {n} numbers")
    _require(
        all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value),
        f"{where}.{key}: expected numbers",
    )
    arr = np.asarray(value, dtype=np.float64)
    _require(bool(np.all(np.isfinite(arr))), f"{where}.{key}: numbers must be finite")
    _require(bool(np.all(np.abs(arr) <= bound)), f"{where}.{key}: numbers must lie within +-{bound:g}")
    return arr


def _number(obj: dict[str, Any], key: str, where: str, bound: float = MAX_ABS_WEIGHT) -> float:
    _require(key in obj, f"{where}: missing key {key!r}")
    value = obj[key]
    _require(
        isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value),
        f"{where}.{key}: expected a finite number",
    )
    _require(abs(value) <= bound, f"{where}.{key}: must lie within +-{bound:g}")
    return float(value)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in a model file")
