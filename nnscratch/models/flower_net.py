"""The 2-2-1 sigmoid network of chapter 2, written weight by weight.

Two inputs (sun, water), two sigmoid hidden units a1_1 and a1_2 (layer 1,
units 1 and 2), one sigmoid output y_hat (layer 2), and nine numbers to learn::

    z1_1 = w1 * sun + w2 * water + b1      a1_1 = sigmoid(z1_1)
    z1_2 = w3 * sun + w4 * water + b2      a1_2 = sigmoid(z1_2)
    z2 = w5 * a1_1 + w6 * a1_2 + b3        y_hat = sigmoid(z2)

The loss of one sample is the binary cross-entropy
L = -(y log y_hat + (1 - y) log(1 - y_hat)), and training is per-sample
stochastic gradient descent. Everything is plain Python float arithmetic, one
sample at a time: this is the slow, readable baseline that chapter 3
vectorizes, chapter 6 rebuilds in PyTorch (to 1e-10) and chapter 8 times.

Parameters live in a dict of Python floats keyed by ``PARAM_NAMES``.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from nnscratch.activations import sigmoid_scalar_unchecked, sigmoid_unchecked
from nnscratch.checks import (
    DivergenceError,
    check_array,
    check_binary,
    check_keys,
    check_positive_int,
    check_rng,
    check_scalar,
    check_step_size,
)

#: The nine parameters: w1, w2 into a1_1; w3, w4 into a1_2; w5, w6 into the output; then the biases.
PARAM_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")
_CACHE_KEYS = ("sun", "water", "a1_1", "a1_2", "z2", "y_hat")


# ----------------------------------------------------------------------------
# Initialisation


def init_params(rng):
    """Draw starting parameters with the Glorot (Xavier) uniform rule (chapter 2).

    Weights into a layer with ``fan_in`` inputs and ``fan_out`` outputs are
    drawn from U(-a, a) with a = sqrt(6 / (fan_in + fan_out)) (Glorot and
    Bengio, 2010): a = sqrt(6/4) for w1..w4, sqrt(6/3) for w5, w6. Biases start
    at 0. The weights are centred on zero, so the two hidden units start out
    facing different directions, and large enough that the gradients reaching
    them are not tiny. ``rng`` is a ``numpy.random.Generator``.
    """
    check_rng(rng, allow_random_state=False)
    hidden = math.sqrt(6.0 / (2 + 2))
    output = math.sqrt(6.0 / (2 + 1))
    w = rng.uniform(-hidden, hidden, size=4).tolist() + rng.uniform(-output, output, size=2).tolist()
    return dict(zip(PARAM_NAMES, w + [0.0, 0.0, 0.0], strict=True))


# ----------------------------------------------------------------------------
# One sample: forward and backward, side by side


def _softplus(s):
    """log(1 + exp(s)) without overflow."""
    return max(s, 0.0) + math.log1p(math.exp(-abs(s)))


def forward_unchecked(p, sun, water):
    """One flower's forward pass without input checks: ``p`` holds nine finite floats.

    Returns ``(y_hat, cache)`` like :func:`forward`; the kernel of :func:`sgd_epoch`.

    Introduced in chapter 2.
    """
    a1_1 = sigmoid_scalar_unchecked(p["w1"] * sun + p["w2"] * water + p["b1"])
    a1_2 = sigmoid_scalar_unchecked(p["w3"] * sun + p["w4"] * water + p["b2"])
    z2 = p["w5"] * a1_1 + p["w6"] * a1_2 + p["b3"]
    y_hat = sigmoid_scalar_unchecked(z2)
    return y_hat, {"sun": sun, "water": water, "a1_1": a1_1, "a1_2": a1_2, "z2": z2, "y_hat": y_hat}


def backward_unchecked(p, c, y):
    """One flower's gradients without input checks, from the cache of :func:`forward_unchecked` (chapter 2)."""
    # Sigmoid output + cross-entropy: delta2 = dL/dz2 = y_hat - y (no division by y_hat (1 - y_hat)).
    delta2 = c["y_hat"] - y
    a1_1, a1_2 = c["a1_1"], c["a1_2"]
    delta1_1 = delta2 * p["w5"] * a1_1 * (1.0 - a1_1)  # dL/dz1_1
    delta1_2 = delta2 * p["w6"] * a1_2 * (1.0 - a1_2)  # dL/dz1_2
    sun, water = c["sun"], c["water"]
    return {
        "w1": delta1_1 * sun, "w2": delta1_1 * water, "w3": delta1_2 * sun, "w4": delta1_2 * water,
        "w5": delta2 * a1_1, "w6": delta2 * a1_2, "b1": delta1_1, "b2": delta1_2, "b3": delta2,
    }


def loss_unchecked(z2, y):
    """One flower's cross-entropy from its output pre-activation ``z2`` and label ``y`` (0 or 1), unchecked.

    Introduced in chapter 2.
    """
    # -(y log sigmoid(z2) + (1 - y) log(1 - sigmoid(z2))) for y in {0, 1}, from the logit:
    # exact and finite however large |z2| is.
    return _softplus(-z2) if y == 1 else _softplus(z2)


def forward(params, sun, water):
    """Forward pass for ONE flower: returns ``(y_hat, cache)`` (chapter 2).

    ``sun`` and ``water`` are finite real numbers. ``y_hat`` is the predicted
    probability that the flower thrives; ``cache`` holds what the backward
    pass needs (inputs, hidden activations ``a1_1``, ``a1_2``, output pre-activation ``z2``
    and ``y_hat``).
    """
    _check_params(params)
    return forward_unchecked(params, _scalar(sun, "sun"), _scalar(water, "water"))


def backward(params, cache, y):
    """Gradients of one flower's binary cross-entropy, keyed like ``params`` (chapter 2).

    ``cache`` comes from :func:`forward` with the same ``params``; ``y``
    is the label, 0 or 1. With a sigmoid output the chain rule collapses to
    delta2 = dL/dz2 = y_hat - y, which the other eight gradients are built from.
    """
    _check_params(params)
    if not isinstance(cache, dict):
        raise TypeError(f"cache must be the dict returned by flower_net.forward, got {type(cache).__name__}")
    missing = [k for k in _CACHE_KEYS if k not in cache]
    if missing:
        raise ValueError(f"cache must be the dict returned by flower_net.forward, got one missing {missing}")
    for k in _CACHE_KEYS:
        _scalar(cache[k], f"cache[{k!r}]")
    grads = backward_unchecked(params, cache, _label(y))
    if not all(math.isfinite(g) for g in grads.values()):
        raise ValueError("cache must be small enough for the gradients to be finite "
                         "(use the cache flower_net.forward returned), got an overflow")
    return grads


# ----------------------------------------------------------------------------
# Training


def sgd_epoch(params, X, y, step_size):
    """One pass of per-sample SGD over ``X`` (N, 2) and labels ``y`` (N,) (chapter 2).

    The samples are visited in the given order; after each one every parameter
    moves by ``-step_size`` times its gradient, in place in ``params``. Returns
    the mean of the N per-sample losses, each measured just before its update.
    Raises :class:`~nnscratch.checks.DivergenceError` (a ``FloatingPointError``)
    if a parameter or the loss stops being finite; ``params`` then keeps the
    values it had before this epoch.
    """
    _check_params(params)
    rows, labels = _data(X, y)
    step = _positive(step_size, "step_size")
    return epoch_unchecked(params, rows, labels, step)


def epoch_unchecked(params, rows, labels, step):
    """The loop of :func:`sgd_epoch` on checked data: ``rows`` a list of (sun, water) floats,
    ``labels`` a list of 0/1 ints, ``step`` a positive float; ``params`` updated in place.

    Introduced in chapter 2.
    """
    names = PARAM_NAMES
    before = {k: params[k] for k in names}
    total = 0.0
    for (sun, water), target in zip(rows, labels, strict=True):
        _, cache = forward_unchecked(params, sun, water)
        total += loss_unchecked(cache["z2"], target)
        grads = backward_unchecked(params, cache, target)
        for k in names:
            params[k] -= step * grads[k]
    bad = [k for k in names if not math.isfinite(params[k])]
    if bad or not math.isfinite(total):
        params.update(before)
        what = f"{bad} stopped being finite (inf or NaN)" if bad else "the summed loss overflowed to inf"
        raise DivergenceError(
            f"training diverged: {what}; step_size must be smaller than {step}, got {step} "
            "(params restored to their values before this epoch)"
        )
    return total / len(labels)


def train(params, X, y, step_size, epochs, rng=None):
    """Train ``params`` in place for ``epochs`` passes of :func:`sgd_epoch` (chapter 2).

    With ``rng=None`` every epoch visits the samples in the given order. With a
    ``numpy.random.Generator`` the order is reshuffled at the start of each
    epoch with ``rng.permutation``, so the run is still reproducible from the
    generator's seed. Returns ``{"loss": [...], "accuracy": [...]}``: per epoch
    the mean per-sample loss during the epoch, and the training accuracy of the
    parameters at its end (threshold 0.5). If training diverges, ``params`` is
    restored to its starting values and :class:`~nnscratch.checks.DivergenceError` raised.
    """
    _check_params(params)
    rows, labels = _data(X, y)
    step = _positive(step_size, "step_size")
    check_positive_int(epochs, "epochs")
    check_rng(rng, allow_random_state=False, allow_none=True)
    X = np.asarray(rows)
    y = np.asarray(labels)
    history = {"loss": [], "accuracy": []}
    start = {k: params[k] for k in PARAM_NAMES}
    try:
        for _ in range(epochs):
            if rng is None:
                history["loss"].append(epoch_unchecked(params, rows, labels, step))
            else:
                order = rng.permutation(len(y))
                history["loss"].append(epoch_unchecked(params, X[order].tolist(), y[order].tolist(), step))
            predicted = _proba(params, X) >= 0.5
            history["accuracy"].append(float(np.mean(predicted == y)))
    except ValueError:  # DivergenceError included
        params.update(start)  # all or nothing: a diverged run leaves params as they came
        raise
    return history


def predict_proba(params, X):
    """Predicted probability of thriving for every row of ``X`` (N, 2) (chapter 2).

    The same formulas as :func:`forward`, applied to all rows at once
    with NumPy (fast enough to colour a decision-boundary grid).
    """
    _check_params(params)
    return _proba(params, _points(X))


def _proba(params, X):
    """:func:`predict_proba_unchecked` with a clear error if the weighted sums overflow to NaN."""
    with np.errstate(over="ignore", invalid="ignore"):
        proba = predict_proba_unchecked(params, X)
    if np.isnan(proba).any():
        raise ValueError("X and params must be small enough for the weighted sums to be numbers, "
                         "got an overflow (inf - inf)")
    return proba


def predict_proba_unchecked(params, X):
    """:func:`predict_proba` without input checks: nine finite floats, a finite (N, 2) array (chapter 2)."""
    p = params
    a1_1 = sigmoid_unchecked(p["w1"] * X[:, 0] + p["w2"] * X[:, 1] + p["b1"])
    a1_2 = sigmoid_unchecked(p["w3"] * X[:, 0] + p["w4"] * X[:, 1] + p["b2"])
    return sigmoid_unchecked(p["w5"] * a1_1 + p["w6"] * a1_2 + p["b3"])


# ----------------------------------------------------------------------------
# Input checks


def _check_params(params):
    check_keys(params, PARAM_NAMES)
    for k in PARAM_NAMES:
        check_scalar(params[k], f"params[{k!r}]", float)


def _scalar(value, name):
    return float(check_scalar(value, name, float))


def _label(y):
    if isinstance(y, (bool, np.bool_)) or not isinstance(y, Real):
        raise TypeError(f"y must be the label 0 or 1, got {type(y).__name__} {y!r:.40}")
    if y not in (0, 1):
        raise ValueError(f"y must be the label 0 or 1, got {y!r}")
    return int(y)


def _positive(value, name):
    return float(check_step_size(value, name))


def _points(X):
    X = check_array(X, "X", allow_empty=True)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (N, 2) with columns sun and water, N >= 1; got shape {X.shape}")
    return X


def _data(X, y):
    """Validate a data set; return it as lists of Python floats and ints for the scalar loop."""
    X = _points(X)
    y = check_array(y, "y", shape=(X.shape[0],), allow_empty=True)
    check_binary(y, "y")
    return X.tolist(), y.astype(np.int64).tolist()
