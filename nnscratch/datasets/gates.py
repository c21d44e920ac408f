"""Truth tables of two-input logic gates as tiny data sets (chapter 3).

Four rows, one per combination of two binary inputs, so they are generated here
rather than shipped as files.
"""

from __future__ import annotations

import numpy as np

#: The four input combinations, in the order of a truth table: 00, 01, 10, 11.
_INPUTS = ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0))

#: The gate's output for each row of ``_INPUTS``.
_OUTPUTS = {
    "OR": (0.0, 1.0, 1.0, 1.0),
    "XOR": (0.0, 1.0, 1.0, 0.0),
}


def logic_gate(name):
    """Truth table of the gate ``name`` ("OR" or "XOR", any case) as ``(X, y)`` (chapter 3).

    ``X`` is a float64 array of shape (4, 2) holding the inputs 00, 01, 10, 11;
    ``y`` is a float64 array of shape (4, 1) holding the gate's output for each row.
    Fresh arrays are returned on every call, so changing them is safe.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'OR' or 'XOR', got {type(name).__name__}")
    key = name.strip().upper()
    if key not in _OUTPUTS:
        raise ValueError(f"name must be one of {sorted(_OUTPUTS)} (any case), got {name!r}")
    X = np.array(_INPUTS, dtype=np.float64)
    y = np.array(_OUTPUTS[key], dtype=np.float64).reshape(4, 1)
    return X, y
