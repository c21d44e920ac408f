"""A two-layer classifier: affine -> ReLU -> affine -> softmax, with L2 (chapter 4).

Parameters live in a plain dict ``{"W1", "b1", "W2", "b2"}`` so a student can
print, copy or perturb any of them. Shapes, for N samples, D inputs, H hidden
units and K classes: X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,).
Chapters 7, 8 and 9 reuse this network; chapter 6 builds its PyTorch twin.

The public functions check their inputs once; the ``*_unchecked`` kernels
(:func:`forward_unchecked`, :func:`loss_and_grads_unchecked`,
:func:`step_unchecked`) do the same arithmetic on arrays that are already
checked, which is what :func:`train` loops over (and chapter 8's lean NumPy
backend uses).
"""

from __future__ import annotations

import numpy as np

from nnscratch.checks import (
    DivergenceError,
    check_array,
    check_keys,
    check_labels,
    check_params,
    check_positive_int,
    check_rng,
    check_scalar,
    check_step_size,
)

PARAM_NAMES = ("W1", "b1", "W2", "b2")

#: Largest weight matrix :func:`init_params` draws (entries), so that a typo
#: such as ``n_hidden=10**9`` is an error rather than an attempt at 8 GB.
MAX_WEIGHTS = 10**8


def init_params(n_inputs, n_hidden, n_classes, rng, scale=0.01):
    """Weights drawn as ``scale * standard normal``, biases zero (chapter 4).

    ``rng`` is a ``numpy.random.Generator`` or ``numpy.random.RandomState``;
    the RandomState route reproduces the classic ``np.random.seed`` recipes.
    ``scale`` is a number from 0 to 1e300.
    """
    for name, value in (("n_inputs", n_inputs), ("n_hidden", n_hidden), ("n_classes", n_classes)):
        check_positive_int(value, name)
    if max(n_inputs * n_hidden, n_hidden * n_classes) > MAX_WEIGHTS:
        raise ValueError(f"n_inputs, n_hidden and n_classes must give weight matrices of at most "
                         f"{MAX_WEIGHTS:.0e} entries, got {n_inputs} x {n_hidden} x {n_classes}")
    check_rng(rng)
    check_scalar(scale, "scale", float, min_val=0, max_val=1e300)
    with np.errstate(over="ignore"):  # an overflow is reported below
        if isinstance(rng, np.random.Generator):
            W1 = scale * rng.standard_normal(size=(n_inputs, n_hidden))
            W2 = scale * rng.standard_normal(size=(n_hidden, n_classes))
        else:  # RandomState.randn takes the dimensions as arguments
            W1 = scale * rng.randn(n_inputs, n_hidden)
            W2 = scale * rng.randn(n_hidden, n_classes)
    if not (np.isfinite(W1).all() and np.isfinite(W2).all()):
        raise ValueError(f"scale must be small enough for the weights to be finite, got {scale!r}")
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_classes)}


def _check_network(params, X):
    """Check ``params`` and ``X`` together; return ``(p, X)`` as float64 arrays (chapter 4).

    ``p`` is a new dict keyed by ``PARAM_NAMES`` whose arrays are the caller's
    own whenever those already are float64. Raises ``TypeError`` / ``ValueError``
    naming the offending entry.
    """
    X = check_array(X, "X", ndim=2)
    return _checked_params(params, X.shape[1]), X


def _checked_params(params, n_inputs):
    """``params`` checked (shapes agree with each other and, unless None, with ``n_inputs``)."""
    check_keys(params, PARAM_NAMES)
    b1 = check_array(params["b1"], "params['b1']", ndim=1)
    b2 = check_array(params["b2"], "params['b2']", ndim=1)
    n_hidden, n_classes = b1.shape[0], b2.shape[0]
    shapes = {"W1": (n_inputs, n_hidden), "b1": (n_hidden,), "W2": (n_hidden, n_classes), "b2": (n_classes,)}
    return check_params(params, PARAM_NAMES, shapes=shapes)


def forward(params, X):
    """Class scores (logits) for inputs X, and the cache the backward pass needs (chapter 4)."""
    p, X = _check_network(params, X)
    with np.errstate(over="ignore", invalid="ignore"):
        scores, cache = forward_unchecked(p, X)
    _check_scores(scores)
    return scores, cache


def forward_unchecked(p, X):
    """:func:`forward` without input checks: ``p`` and ``X`` float64 arrays already checked (chapter 4)."""
    z1 = X @ p["W1"] + p["b1"]
    a1 = np.maximum(z1, 0.0)
    scores = a1 @ p["W2"] + p["b2"]
    return scores, (X, z1, a1)


def _check_scores(scores):
    if not np.isfinite(scores).all():
        raise ValueError("X and params must be small enough for the scores to be finite, "
                         "got an overflow to inf or NaN")


def loss_and_grads(params, X, y, reg=0.0):
    """Softmax cross-entropy plus 0.5 * reg * (|W1|^2 + |W2|^2), and its gradients (chapter 4).

    Returns ``(loss, grads)`` with ``grads`` keyed like ``params``.
    """
    p, X, y = _check_problem(params, X, y, reg)
    with np.errstate(over="ignore", invalid="ignore"):
        loss, grads = loss_and_grads_unchecked(p, X, y, reg)
    if not (np.isfinite(loss) and all(np.isfinite(g).all() for g in grads.values())):
        raise ValueError("X and params must be small enough for the loss and gradients to be finite, "
                         "got an overflow to inf or NaN")
    return loss, grads


def _check_problem(params, X, y, reg):
    p, X = _check_network(params, X)
    y = check_labels(y, "labels", n_classes=p["b2"].shape[0], shape=(X.shape[0],))
    check_scalar(reg, "reg", float, min_val=0)
    return p, X, y


def loss_and_grads_unchecked(p, X, y, reg, work=None):
    """:func:`loss_and_grads` without input checks: checked ``p``, ``X``, integer labels ``y``, ``reg`` >= 0.

    One forward pass, the loss by log-sum-exp and the backward pass; the
    gradient at the scores is (P - Y) / N with Y one-hot. ``work`` is an
    optional dict the function keeps its (N, H) intermediate arrays in, so that
    a training loop reuses the same memory at every step (allocating and
    freeing them anew made a loop of 300 x 100 steps 2-3x slower than the same
    maths written inline: glibc hands the freed pages back to the system).
    The returned gradients never live in ``work``.

    Introduced in chapter 4.
    """
    if work is None:
        work = {}
    W1, W2 = p["W1"], p["W2"]
    n, n_hidden = X.shape[0], W1.shape[1]
    z1 = np.matmul(X, W1, out=_buffer(work, "z1", (n, n_hidden), X.dtype))
    z1 += p["b1"]
    a1 = np.maximum(z1, 0.0, out=_buffer(work, "a1", z1.shape, z1.dtype))
    scores = a1 @ W2 + p["b2"]
    rows = np.arange(n)
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    total = e.sum(axis=1, keepdims=True)
    data_loss = float(np.mean(np.log(total[:, 0]) - shifted[rows, y]))
    loss = data_loss + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    d_scores = e / total                                   # P, the softmax probabilities (N, K)
    d_scores[rows, y] -= 1.0                               # P - Y
    d_scores = d_scores / n                                # (P - Y) / N
    grads = {"W2": a1.T @ d_scores + reg * W2, "b2": d_scores.sum(axis=0)}
    d_a1 = np.matmul(d_scores, W2.T, out=_buffer(work, "d_a1", z1.shape, z1.dtype))          # (N, H)
    d_z1 = d_a1 * (z1 > 0)                                 # ReLU passes gradient only where z1 > 0
    grads["W1"] = X.T @ d_z1 + reg * W1
    grads["b1"] = d_z1.sum(axis=0)
    return float(loss), grads


def _buffer(work, name, shape, dtype):
    """``work[name]``, (re)allocated when it does not have this shape and dtype."""
    buf = work.get(name)
    if buf is None or buf.shape != shape or buf.dtype != dtype:
        buf = work[name] = np.empty(shape, dtype=dtype)
    return buf


def sgd_step(params, grads, step_size):
    """Update every parameter in place: p <- p - step_size * grad (chapter 4).

    All or nothing: ``params``, ``grads`` and ``step_size`` are checked, and
    every new value computed, before any array is written; a step that would
    make a parameter non-finite raises :class:`~nnscratch.checks.DivergenceError`
    and leaves ``params`` as it was.
    """
    check_step_size(step_size)
    p = _writable_params(params)
    check_keys(grads, PARAM_NAMES, name="grads")
    g = {k: check_array(grads[k], f"grads[{k!r}]", shape=p[k].shape) for k in PARAM_NAMES}
    with np.errstate(over="ignore", invalid="ignore"):
        new = {k: p[k] - step_size * g[k] for k in PARAM_NAMES}
    bad = [k for k in PARAM_NAMES if not np.isfinite(new[k]).all()]
    if bad:
        raise DivergenceError(f"step_size must be small enough for {bad} to stay finite, got {step_size!r}")
    for k in PARAM_NAMES:
        p[k][...] = new[k]


def _writable_params(params):
    """The parameters, checked, as the caller's own float64 arrays (they are updated in place)."""
    p = _checked_params(params, None)
    for k in PARAM_NAMES:
        if p[k] is not params[k]:
            raise TypeError(f"params[{k!r}] must be a float64 NumPy array to be updated in place, "
                            f"got {type(params[k]).__name__} of dtype {np.asarray(params[k]).dtype}")
        if not p[k].flags.writeable:
            raise ValueError(f"params[{k!r}] must be a writeable array to be updated in place, got a read-only one")
    return p


def step_unchecked(p, grads, step_size):
    """p <- p - step_size * grad in place, without checks (the update inside :func:`train`) (chapter 4)."""
    for name in PARAM_NAMES:
        p[name] -= step_size * grads[name]


def train(params, X, y, reg=1e-3, step_size=1.0, iterations=10_000):
    """Full-batch gradient descent for ``iterations`` steps; returns the loss per step (chapter 4).

    ``params`` is updated in place. Everything is checked once, before the
    first step; the loop then runs the unchecked kernels. All or nothing: if
    the loss or a parameter stops being finite, ``params`` is restored to its
    starting values and :class:`~nnscratch.checks.DivergenceError` raised.
    """
    check_step_size(step_size)
    check_scalar(iterations, "iterations", int, min_val=0)
    p = _writable_params(params)
    p, X, y = _check_problem(p, X, y, reg)
    start = {k: v.copy() for k, v in p.items()}
    losses = np.empty(iterations)
    work = {}  # the kernel's intermediate arrays, reused at every step
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(iterations):
            losses[i], grads = loss_and_grads_unchecked(p, X, y, reg, work)
            if not np.isfinite(losses[i]):
                break
            step_unchecked(p, grads, step_size)
    if iterations and not (np.isfinite(losses[i]) and all(np.isfinite(v).all() for v in p.values())):
        for k in PARAM_NAMES:
            p[k][...] = start[k]
        raise DivergenceError(f"step_size must be small enough for training to stay finite, got {step_size!r}: "
                              f"the loss or a parameter overflowed by step {i} (params restored)")
    return losses


def predict(params, X):
    """The most likely class (integer label) for each row of X (chapter 4)."""
    scores, _ = forward(params, X)
    return scores.argmax(axis=1)
