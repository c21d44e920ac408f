"""Activation functions and their derivatives, forward and backward side by side.

Each public function checks its input once and then calls an unchecked kernel
(the ``*_unchecked`` functions), which training loops call directly on arrays
they have already checked.
"""

from __future__ import annotations

import math

import numpy as np

from nnscratch.checks import check_array


def sigmoid(s):
    """Logistic sigmoid 1 / (1 + exp(-s)), elementwise (introduced in chapter 1).

    Computed in two branches so that ``exp`` only ever sees non-positive numbers:
    no overflow warning and no NaN, even for inputs of +-1000 or +-inf.
    """
    return sigmoid_unchecked(check_array(s, "s", allow_empty=True, allow_inf=True))


def sigmoid_unchecked(s):
    """:func:`sigmoid` without input checks: ``s`` must already be a float64 array without NaN (chapter 1)."""
    out = np.empty_like(s)
    pos = s >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-s[pos]))
    e = np.exp(s[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def sigmoid_scalar(s: float) -> float:
    """The sigmoid of one Python float, for networks written number by number (chapter 2).

    As in :func:`sigmoid`, ``exp`` only ever sees a non-positive number, so it
    cannot overflow. Plain ``math`` keeps the scalar loops fast: NumPy's
    per-call overhead would dominate on single numbers. NaN or a non-number
    raises; the checks cost nothing on the path of a valid number.
    """
    try:
        if s >= 0.0:
            return 1.0 / (1.0 + math.exp(-s))
        if s < 0.0:
            e = math.exp(s)
            return e / (1.0 + e)
    except (TypeError, ValueError):
        raise TypeError(f"s must be one real number, got {type(s).__name__} {s!r:.40}") from None
    except OverflowError:  # an int beyond the float range
        raise ValueError(f"s must be a number within the float range, got {s!r:.40}") from None
    raise ValueError(f"s must be a real number, got {s!r}")


def sigmoid_scalar_unchecked(s: float) -> float:
    """:func:`sigmoid_scalar` without its checks (NaN gives NaN): the kernel of chapter 2's scalar loops."""
    if s >= 0.0:
        return 1.0 / (1.0 + math.exp(-s))
    e = math.exp(s)
    return e / (1.0 + e)


def sigmoid_grad(s):
    """Derivative of the sigmoid with respect to its input s (chapter 1).

    sigma'(s) = sigma(s) * (1 - sigma(s)). Note the argument is the
    pre-activation ``s``, not the output; in terms of the output y_hat the same
    derivative reads y_hat * (1 - y_hat).
    """
    p = sigmoid(s)
    return p * (1.0 - p)


def relu(z):
    """Rectified linear unit max(0, z), elementwise (chapter 4)."""
    z = check_array(z, "z", allow_empty=True, allow_inf=True)
    return np.maximum(z, 0.0)


def relu_grad(z):
    """Derivative of :func:`relu` with respect to z: 1 where z > 0, else 0 (chapter 4).

    At z = 0 the function has a kink; like PyTorch we use 0 there.
    """
    z = check_array(z, "z", allow_empty=True, allow_inf=True)
    return (z > 0).astype(np.float64)


def softmax(logits):
    """Row-wise softmax of a 2-D array of logits, shape (N, K) (chapter 4).

    The row maximum is subtracted before exponentiating; softmax is unchanged by
    that shift, and ``exp`` then never overflows. The logits must be finite.
    """
    logits = check_array(logits, "logits", ndim=2, allow_empty=True)
    if logits.shape[1] == 0:
        raise ValueError(f"logits must be a 2-D array of shape (N, K) with K >= 1, got shape {logits.shape}")
    with np.errstate(over="ignore"):  # a shift below -1.8e308 is -inf, and exp(-inf) = 0 is right
        return softmax_unchecked(logits)


def softmax_unchecked(logits):
    """:func:`softmax` without input checks: ``logits`` must be a finite float64 (N, K) array (chapter 4)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)
