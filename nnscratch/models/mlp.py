"""A one-hidden-layer sigmoid network over a whole batch, forward and backward (chapter 3).

Layers: inputs -> affine -> sigmoid -> affine -> sigmoid. For N samples, D
inputs, H hidden units and O outputs the shapes are

    X (N, D)   W1 (D, H)   b1 (H,) or None   W2 (H, O)   b2 (O,) or None
    z1 = X @ W1 + b1 (N, H)    h = sigmoid_unchecked(z1) (N, H)
    z2 = h @ W2 + b2 (N, O)    y_hat = sigmoid_unchecked(z2) (N, O)

A bias of ``None`` means "no bias": it is neither added nor trained, which is
how the OR network of chapter 3 reproduces its source. Chapter 6 checks a
PyTorch twin of this network against it, and chapter 8 times it.
"""

from __future__ import annotations

import numpy as np

from nnscratch.activations import sigmoid_unchecked
from nnscratch.checks import (
    DivergenceError,
    check_array,
    check_binary,
    check_choice,
    check_keys,
    check_positive_int,
    check_rng,
    check_same_shape,
    check_scalar,
    check_step_size,
)
from nnscratch.losses import binary_cross_entropy, mean_bce_unchecked

#: The parameter names; a bias may be None (absent, not trained).
PARAM_NAMES = ("W1", "b1", "W2", "b2")
#: Largest weight matrix :func:`init_params` draws (entries).
MAX_WEIGHTS = 10**8
LOSSES = ("mse", "bce")


def init_params(n_inputs, n_hidden, n_outputs, rng, bias=True, low=0.0, high=1.0):
    """Weights drawn uniformly from [low, high), biases zero or absent (chapter 3).

    ``rng`` is a ``numpy.random.Generator`` or ``numpy.random.RandomState``.
    ``W1`` (n_inputs, n_hidden) is drawn first, then ``W2`` (n_hidden,
    n_outputs); with the default range and ``np.random.RandomState(1)`` this
    gives exactly the matrices of ``np.random.seed(1)`` followed by two calls to
    ``np.random.rand``. ``bias=False`` sets ``b1`` and ``b2`` to ``None``.
    """
    for name, value in (("n_inputs", n_inputs), ("n_hidden", n_hidden), ("n_outputs", n_outputs)):
        check_positive_int(value, name)
    if max(n_inputs * n_hidden, n_hidden * n_outputs) > MAX_WEIGHTS:
        raise ValueError(f"n_inputs, n_hidden and n_outputs must give weight matrices of at most "
                         f"{MAX_WEIGHTS:.0e} entries, got {n_inputs} x {n_hidden} x {n_outputs}")
    check_rng(rng)
    check_scalar(bias, "bias", bool)
    check_scalar(low, "low", float)
    check_scalar(high, "high", float)
    if not low < high:
        raise ValueError(f"high must be greater than low for the uniform weights, got low={low!r}, high={high!r}")
    with np.errstate(over="ignore"):
        width = high - low
    if not np.isfinite(width):
        raise ValueError(f"high - low must be a finite number, got low={low!r}, high={high!r}")
    W1 = low + (high - low) * rng.random((n_inputs, n_hidden))
    W2 = low + (high - low) * rng.random((n_hidden, n_outputs))
    b1 = np.zeros(n_hidden) if bias else None
    b2 = np.zeros(n_outputs) if bias else None
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _checked_params(params, n_inputs):
    """The parameters as float64 arrays (biases may stay None), after checking their shapes."""
    check_keys(params, PARAM_NAMES)
    W1 = check_array(params["W1"], "params['W1']", ndim=2)
    W2 = check_array(params["W2"], "params['W2']", ndim=2)
    if W1.shape[0] != n_inputs:
        raise ValueError(f"params['W1'] must have {n_inputs} rows, one per input column of X, got shape {W1.shape}")
    if W2.shape[0] != W1.shape[1]:
        raise ValueError(
            f"params['W2'] must have {W1.shape[1]} rows, one per hidden unit of W1 {W1.shape}, got shape {W2.shape}"
        )
    checked = {"W1": W1, "W2": W2}
    for name, size in (("b1", W1.shape[1]), ("b2", W2.shape[1])):
        if params[name] is None:
            checked[name] = None
            continue
        b = check_array(params[name], f"params[{name!r}]", allow_empty=True)
        if b.shape != (size,):
            raise ValueError(f"params[{name!r}] must have shape ({size},) or be None, got shape {b.shape}")
        checked[name] = b
    return checked


def forward_unchecked(p, X):
    """:func:`forward` without input checks; ``p`` holds float64 arrays (biases may be None) (chapter 3)."""
    z1 = X @ p["W1"]                      # (N, D) @ (D, H) -> (N, H)
    if p["b1"] is not None:
        z1 = z1 + p["b1"]                 # (H,) broadcast to every row
    h = sigmoid_unchecked(z1)                       # (N, H)
    z2 = h @ p["W2"]                      # (N, H) @ (H, O) -> (N, O)
    if p["b2"] is not None:
        z2 = z2 + p["b2"]                 # (O,) broadcast to every row
    y_hat = sigmoid_unchecked(z2)                   # (N, O)
    return y_hat, (X, h, y_hat)


def loss_unchecked(y_hat, y, loss):
    """:func:`loss` without input checks (the training loop calls it every step) (chapter 3)."""
    if loss == "mse":
        return float(np.mean((y_hat - y) ** 2))
    return mean_bce_unchecked(y_hat, y)


def backward_unchecked(p, cache, y, loss):
    """:func:`backward` without input checks; ``cache`` from :func:`forward_unchecked` (chapter 3)."""
    X, h, y_hat = cache
    if loss == "mse":
        dl_dyhat = 2.0 * (y_hat - y) / y.size        # (N, O): d mean((y_hat - y)^2) / d y_hat
        delta2 = dl_dyhat * (y_hat * (1.0 - y_hat))  # (N, O): times sigmoid'(z2)
    else:
        delta2 = (y_hat - y) / y.size                # (N, O): cross-entropy and sigmoid combined
    grads = {"W2": h.T @ delta2}                     # (H, N) @ (N, O) -> (H, O)
    delta1 = (delta2 @ p["W2"].T) * (h * (1.0 - h))  # (N, O) @ (O, H) -> (N, H), times sigmoid'(z1)
    grads["W1"] = X.T @ delta1                       # (D, N) @ (N, H) -> (D, H)
    if p["b2"] is not None:
        grads["b2"] = delta2.sum(axis=0)             # (O,): each bias is used by every sample
    if p["b1"] is not None:
        grads["b1"] = delta1.sum(axis=0)             # (H,)
    return grads


def _targets(y, y_hat, loss):
    check_choice(loss, "loss", LOSSES)
    y = check_array(y, "y")
    check_same_shape(y_hat, y, "y_hat", "y")
    if loss == "bce":
        check_binary(y, "y")
    return y


def forward(params, X):
    """Outputs y_hat (N, O) for the batch X (N, D), and the cache the backward pass needs (chapter 3)."""
    X = check_array(X, "X", ndim=2)
    p = _checked_params(params, X.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        y_hat, cache = forward_unchecked(p, X)
    if np.isnan(y_hat).any():
        raise ValueError("X and params must be small enough for the weighted sums to be numbers, "
                         "got an overflow (inf - inf)")
    return y_hat, cache


def loss(y_hat, y, loss="mse"):
    """The loss of outputs y_hat (N, O) against targets y (N, O) (chapter 3).

    ``"mse"``: mean((y_hat - y)**2) over all N * O entries.
    ``"bce"``: mean binary cross-entropy (targets 0 or 1), clipped as in
    :func:`nnscratch.losses.binary_cross_entropy` so it stays finite.
    """
    y_hat = check_array(y_hat, "y_hat")
    y = _targets(y, y_hat, loss)
    if loss == "bce":
        return binary_cross_entropy(y_hat, y)
    with np.errstate(over="ignore"):
        value = loss_unchecked(y_hat, y, loss)
    if not np.isfinite(value):
        raise ValueError("y_hat and y must be small enough for the squared error to be finite, got an overflow")
    return value


def backward(params, cache, y, loss="mse"):
    """Gradients of :func:`loss` with respect to every trained parameter (chapter 3).

    ``cache`` is the second value :func:`forward` returned for the same
    ``params``. Returns a dict with ``W1`` and ``W2`` and, for each bias that is
    not None, ``b1`` / ``b2``; each gradient has its parameter's shape.
    """
    if not (isinstance(cache, tuple) and len(cache) == 3):
        raise TypeError(f"cache must be the (X, h, y_hat) tuple returned by mlp.forward, got {type(cache).__name__}")
    X, h, y_hat = (check_array(c, f"cache[{i}]", ndim=2) for i, c in enumerate(cache))
    p = _checked_params(params, X.shape[1])
    if h.shape != (X.shape[0], p["W1"].shape[1]) or y_hat.shape != (X.shape[0], p["W2"].shape[1]):
        raise ValueError("cache must belong to these params (run mlp.forward(params, X) again), "
                         f"got h {h.shape} and y_hat {y_hat.shape} for W1 {p['W1'].shape} and W2 {p['W2'].shape}")
    y = _targets(y, y_hat, loss)
    with np.errstate(over="ignore", invalid="ignore"):
        grads = backward_unchecked(p, (X, h, y_hat), y, loss)
    if not all(np.isfinite(g).all() for g in grads.values()):
        raise ValueError("params and cache must be small enough for the gradients to be finite, got an overflow")
    return grads


def sgd_step(params, grads, step_size):
    """One gradient-descent update in place, p <- p - step_size * grad for each entry of grads (chapter 3).

    All or nothing: everything is checked, and every new value computed, before
    any array is written; a step that would make a parameter non-finite raises
    :class:`~nnscratch.checks.DivergenceError` and leaves ``params`` as it was.
    """
    check_step_size(step_size)
    check_keys(params, PARAM_NAMES)
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict of gradients keyed like params, got {type(grads).__name__}")
    new = {}
    for name, grad in grads.items():
        if name not in PARAM_NAMES or params.get(name) is None:
            raise ValueError(f"grads must hold only trained parameters {list(PARAM_NAMES)} (not a None bias), "
                             f"got grads[{name!r}] with no matching trainable parameter in params")
        target = params[name]
        if not isinstance(target, np.ndarray) or target.dtype != np.float64 or not target.flags.writeable:
            raise TypeError(f"params[{name!r}] must be a writeable float64 NumPy array to be updated in place, "
                            f"got {type(target).__name__}")
        grad = check_array(grad, f"grads[{name!r}]", allow_empty=True)
        if grad.shape != target.shape:
            raise ValueError(f"grads[{name!r}] must have the shape of params[{name!r}] {target.shape}, "
                             f"got shape {grad.shape}")
        check_array(target, f"params[{name!r}]")
        with np.errstate(over="ignore", invalid="ignore"):
            new[name] = target - step_size * grad
        if not np.isfinite(new[name]).all():
            raise DivergenceError(f"step_size must be small enough for params[{name!r}] to stay finite, "
                                  f"got {step_size!r}")
    for name, value in new.items():
        params[name][...] = value


def step_unchecked(p, grads, step_size):
    """p <- p - step_size * grad in place for each entry of ``grads``, without checks (inside :func:`train`).

    Introduced in chapter 3.
    """
    for name, grad in grads.items():
        p[name] -= step_size * grad


def train(params, X, y, step_size, iterations, loss="mse", log_every=None):
    """Full-batch gradient descent on (X, y); returns the loss before each step (chapter 3).

    ``params`` is updated in place (its arrays become float64 if they were
    not). With ``log_every=k`` the loss is also printed at steps 0, k, 2k, ...
    Inputs are checked once, before the loop.
    """
    check_scalar(iterations, "iterations", int, min_val=0)
    check_scalar(log_every, "log_every", int, min_val=1, allow_none=True)
    check_step_size(step_size)
    y_hat, _ = forward(params, X)
    y = _targets(y, y_hat, loss)
    X = check_array(X, "X")
    p = _checked_params(params, X.shape[1])
    for name, value in p.items():
        if value is not None:
            params[name] = value          # the same array when it already was float64
    start = {k: (None if v is None else v.copy()) for k, v in p.items()}
    losses = np.empty(iterations)
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(iterations):
            y_hat, cache = forward_unchecked(p, X)
            losses[i] = loss_unchecked(y_hat, y, loss)
            if not np.isfinite(losses[i]):
                break
            if log_every is not None and i % log_every == 0:
                print(f"step {i:6d}: loss {losses[i]:.6e}")
            step_unchecked(p, backward_unchecked(p, cache, y, loss), step_size)
    if iterations and not (np.isfinite(losses[i]) and all(
            np.isfinite(v).all() for v in p.values() if v is not None)):
        for k, v in start.items():
            if v is not None:
                p[k][...] = v
        raise DivergenceError(f"step_size must be small enough for training to stay finite, got {step_size!r}: "
                              f"the loss or a parameter overflowed by step {i} (params restored)")
    return losses


def predict(params, X, threshold=0.5):
    """Class 1 where the single output exceeds ``threshold``, else 0; integer labels (N,) (chapter 3)."""
    check_scalar(threshold, "threshold", float, min_val=0, max_val=1, include_boundaries="neither")
    y_hat, _ = forward(params, X)
    if y_hat.shape[1] != 1:
        raise ValueError(f"params must describe a network with one output for mlp.predict, "
                         f"got one with {y_hat.shape[1]}")
    return (y_hat[:, 0] > threshold).astype(np.int64)
