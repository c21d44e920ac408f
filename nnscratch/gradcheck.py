"""Gradient checking: compare a hand-derived gradient with finite differences (chapter 7).

Backpropagation code can run, return arrays of the right shape and even make a
network learn while computing the wrong gradient. The check here is the
independent referee: nudge each input a little in both directions, watch how
the scalar output moves, and compare that slope with the analytic gradient.

``numerical_gradient`` does the nudging, ``relative_error`` scores the
agreement, and ``check_gradients`` runs both over a dict of parameter arrays,
the layout ``nnscratch.models.network`` uses.
"""

from __future__ import annotations

import numpy as np

from nnscratch.checks import check_array, check_callable, check_same_shape, check_step_size

#: Smallest step :func:`numerical_gradient` accepts, relative to max(1, max |x|):
#: below it the nudges drown in rounding and the estimate is noise (or exactly 0).
MIN_RELATIVE_STEP = 1e-10

#: Denominator floor of :func:`relative_error`, so that two all-zero gradients score 0, not 0/0.
TINY = np.finfo(np.float64).tiny


def numerical_gradient(f, x, h=1e-5):
    """Gradient of the scalar function ``f`` at ``x`` by centered differences (chapter 7).

    For every entry ``x[i]`` the slope is estimated as
    ``(f(x with x[i] + h) - f(x with x[i] - h)) / (2 h)``, whose error shrinks
    like ``h**2`` (a one-sided difference only shrinks like ``h``).

    ``x`` is a float64 NumPy array of any shape; it is perturbed **in place**,
    one entry at a time, so ``f`` may read it directly (for example a weight
    matrix stored in a parameter dict), and each entry is restored afterwards,
    even if ``f`` raises. ``f`` takes ``x`` and returns a finite real number.
    Returns an array shaped like ``x``. Cost: two calls of ``f`` per entry.
    ``h`` must lie between ``MIN_RELATIVE_STEP * max(1, max |x|)`` and ``max(1, max |x|)``.
    """
    check_callable(f, "f", "a function from an array to a number", n_args=1)
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"x must be a NumPy array (it is perturbed in place), got {type(x).__name__}; "
            "wrap it with np.array(x, dtype=np.float64)"
        )
    if x.dtype != np.float64:
        raise TypeError(
            f"x must have dtype float64, got {x.dtype}: a step of h would be rounded away "
            "in lower precision, and integers cannot hold x + h"
        )
    if not x.flags.writeable:
        raise ValueError("x must be a writeable array (numerical_gradient perturbs it in place), got a read-only one")
    check_array(x, "x", allow_empty=True)
    check_step_size(h, "h")
    size = max(1.0, float(np.abs(x).max(initial=0.0)))
    if h < MIN_RELATIVE_STEP * size:
        raise ValueError(f"h must be at least {MIN_RELATIVE_STEP * size:.1e} (1e-10 * max(1, max |x|)) for the "
                         f"nudges to survive rounding, got {h!r}")
    if h > size:
        raise ValueError(f"h must be a small step, at most max(1, max |x|) = {size:g}, got {h!r}")

    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + h
            f_plus = _scalar(f(x), idx)
            x[idx] = old - h
            f_minus = _scalar(f(x), idx)
        finally:
            x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2.0 * h)  # Python floats: an overflow gives inf, no warning
    if not np.isfinite(grad).all():
        raise ValueError("f must change by a finite amount over a step of 2 h, got an overflow to inf")
    return grad


def _scalar(value, idx):
    """``value`` as a Python float, or a clear error if ``f`` returned something else."""
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError, RuntimeError):
        arr = np.asarray(None)
    if arr.size != 1 or not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise TypeError(f"f must return a single real number, got {type(value).__name__} of shape {arr.shape}")
    out = float(arr.reshape(()))
    if not np.isfinite(out):
        raise ValueError(f"f must return a finite number, got {out} when entry {idx} of x was perturbed")
    return out


def relative_error(a, b):
    """How far apart two gradients are, relative to their size (chapter 7).

    ``max_i |a_i - b_i| / max(max_i (|a_i| + |b_i|), TINY)``

    The numerator is the worst disagreement; the denominator is the size of the
    gradients themselves, so the score does not depend on the units of the loss
    and lies between 0 (identical) and 1 (for example opposite signs).
    Two all-zero arrays score 0. In float64 with centered differences, values
    around 1e-7 or smaller mean agreement; above 1e-4 something is wrong.

    This is the CS231n idea of dividing the difference by the magnitudes, with
    one change: CS231n divides entry by entry (``|a_i - b_i| / max(|a_i|, |b_i|)``),
    which explodes on entries where both gradients are almost zero and only
    round-off is left, so here the worst difference is divided by the largest
    magnitude instead.
    """
    a = check_array(a, "a", allow_empty=True)
    b = check_array(b, "b", allow_empty=True)
    check_same_shape(a, b, "a", "b")
    if a.size == 0:
        raise ValueError(f"a and b must not be empty, got shape {a.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        numerator = np.max(np.abs(a - b))
        denominator = max(float(np.max(np.abs(a) + np.abs(b))), TINY)
    if not np.isfinite(denominator):
        raise ValueError("a and b must be below 8.9e307 in magnitude for their difference to be finite, "
                         f"got values up to {max(np.abs(a).max(), np.abs(b).max()):.3g}")
    return float(numerator / denominator)


def check_gradients(loss_fn, params, grads, h=1e-5):
    """Relative error of every analytic gradient in ``grads`` against finite differences (chapter 7).

    ``params`` maps names to float64 arrays (as ``nnscratch.models.network.init_params``
    returns); ``loss_fn()`` takes no argument and returns the loss computed from
    the current contents of ``params``; ``grads`` maps the same names to the
    analytic gradients. Each parameter array is perturbed in place and restored.
    Returns a dict ``name -> relative error``, in the order of ``params``.
    """
    check_callable(loss_fn, "loss_fn", "a function of no arguments returning the loss", n_args=0)
    if not isinstance(params, dict) or not isinstance(grads, dict):
        raise TypeError(
            f"params and grads must be dicts of arrays, got {type(params).__name__} and {type(grads).__name__}"
        )
    if set(params) != set(grads):
        raise ValueError(
            f"params and grads must have the same names, got {sorted(params)} and {sorted(grads)}"
        )
    check_step_size(h, "h")
    errors = {}
    checked = {}
    for name, value in params.items():  # check everything before the first (slow) difference
        if not isinstance(value, np.ndarray) or value.dtype != np.float64:
            raise TypeError(f"params[{name!r}] must be a float64 NumPy array (it is perturbed in place), "
                            f"got {type(value).__name__}")
        check_array(value, f"params[{name!r}]", allow_empty=True)
        analytic = check_array(grads[name], f"grads[{name!r}]", allow_empty=True)
        check_same_shape(value, analytic, f"params[{name!r}]", f"grads[{name!r}]")
        checked[name] = analytic
    for name, value in params.items():
        analytic = checked[name]
        numeric = numerical_gradient(lambda _: loss_fn(), value, h)
        errors[name] = relative_error(analytic, numeric)
    return errors
