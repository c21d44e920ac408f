"""One sigmoid neuron: forward pass, gradient and batch gradient descent (chapter 1).

The neuron computes ``y_hat = sigmoid(X @ w + b)`` and is trained on the half
summed squared error ``E = 0.5 * sum((y_hat - y)**2)``. Chapter 6 builds its
PyTorch twin and chapter 7 checks its gradient numerically.

Shapes, for N samples with D inputs each: ``X`` (N, D), ``w`` (D,), ``y`` (N,)
holding labels 0 or 1, and a bias ``b`` that is a single number or ``None``
(no bias, which counts as 0). A weight column of shape (D, 1) or a label column
of shape (N, 1) is accepted too and flattened; results are always 1-D.

The public functions check their inputs once; :func:`gradients_unchecked` is
the kernel the training loop calls on checked arrays.
"""

from __future__ import annotations

import numpy as np

from nnscratch.activations import sigmoid_unchecked
from nnscratch.checks import (
    DivergenceError,
    check_array,
    check_binary,
    check_scalar,
    check_step_size,
)
from nnscratch.losses import squared_error_unchecked


def forward(X, w, b=0.0):
    """Predictions ``sigmoid(X @ w + b)`` of one neuron, shape (N,) (chapter 1).

    ``b=None`` means the neuron has no bias.
    """
    X, w, b = _check_params(X, w, b)
    return sigmoid_unchecked(_preactivation(X, w, b))


def gradients(X, y, w, b=0.0):
    """Gradients ``(dE/dw, dE/db)`` of E = 0.5 * sum((y_hat - y)**2) (chapter 1).

    By the chain rule, with z = X @ w + b and y_hat = sigmoid(z):
    dE/dz_n = (y_hat_n - y_n) * sigmoid'(z_n), summed over the samples as
    dE/dw = X.T @ dE/dz and dE/db = sum(dE/dz). Returns an array of shape (D,)
    and a float. ``b=None`` means no bias (dE/db is still returned).
    """
    X, w, b = _check_params(X, w, b)
    y = _check_labels(y, X.shape[0])
    _preactivation(X, w, b)  # raises if X @ w + b overflows to NaN
    with np.errstate(over="ignore"):
        grad_w, grad_b, _ = gradients_unchecked(X, y, w, b)
    return grad_w, grad_b


def train(X, y, w, b=None, step_size=1.0, iterations=1000):
    """Batch gradient descent on the summed squared error (chapter 1).

    Each iteration predicts every sample, then moves the weights by
    ``-step_size`` times the gradient summed over the batch (with step size 1
    this is the classic 11-line recipe). ``b=None`` trains a neuron without
    bias; a number is the starting bias, which is then trained too. The inputs
    are not modified.

    Returns ``(w, b, history)``: the final weights (D,), the final bias (a float,
    or ``None``), and a dict of arrays with one entry per iteration, ``"loss"``
    and ``"accuracy"`` (threshold 0.5), both measured on the predictions each
    iteration makes *before* its update. Raises :class:`~nnscratch.checks.DivergenceError`
    if a step would make the weights or the loss stop being finite.
    """
    X, w, b_value = _check_params(X, w, b)
    y = _check_labels(y, X.shape[0])
    check_step_size(step_size)
    check_scalar(iterations, "iterations", int, min_val=0)

    w = w.copy()
    labels = y.astype(np.int64)
    history = {"loss": np.empty(iterations), "accuracy": np.empty(iterations)}
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(iterations):
            grad_w, grad_b, y_hat = gradients_unchecked(X, y, w, b_value)
            history["loss"][i] = squared_error_unchecked(y_hat, y)
            history["accuracy"][i] = float(np.mean((y_hat > 0.5).astype(np.int64) == labels))
            w -= step_size * grad_w
            if b is not None:
                b_value -= step_size * grad_b
            if not (np.isfinite(w).all() and np.isfinite(b_value) and np.isfinite(history["loss"][i])):
                raise DivergenceError(
                    f"step_size must be small enough for the weights to stay finite, got {step_size!r}: "
                    f"training diverged at iteration {i}"
                )
    return w, (None if b is None else float(b_value)), history


def gradients_unchecked(X, y, w, b):
    """dE/dw, dE/db and the predictions y_hat, without input checks (the training loop's kernel).

    ``X`` (N, D), ``y`` (N,) and ``w`` (D,) are float64 arrays and ``b`` a
    float, as :func:`train` checks them.

    Introduced in chapter 1.
    """
    z = X @ w + b
    y_hat = sigmoid_unchecked(z)
    delta = (y_hat - y) * (y_hat * (1.0 - y_hat))  # dE/dz = (y_hat - y) * sigmoid'(z), one entry per sample
    return X.T @ delta, float(delta.sum()), y_hat


def _preactivation(X, w, b):
    with np.errstate(over="ignore", invalid="ignore"):
        z = X @ w + b
    if np.isnan(z).any():
        raise ValueError("X and w must be small enough for X @ w + b to be a number, got an overflow (inf - inf)")
    return z


def _check_params(X, w, b):
    X = check_array(X, "X", ndim=2, allow_empty=True)
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must hold at least one sample with at least one input, got shape {X.shape}")
    w = check_array(w, "w", allow_empty=True)
    n_inputs = X.shape[1]
    if w.shape not in ((n_inputs,), (n_inputs, 1)):
        raise ValueError(
            f"w must have shape ({n_inputs},) or ({n_inputs}, 1) to match X of shape {X.shape}, got {w.shape}"
        )
    w = w.reshape(n_inputs)
    if b is None:
        b = 0.0
    b = check_array(b, "b", allow_empty=True)
    if b.ndim != 0:
        raise ValueError(f"b must be a single number or None, got an array of shape {b.shape}")
    return X, w, float(b)


def _check_labels(y, n_samples):
    y = check_array(y, "y", allow_empty=True)
    if y.shape not in ((n_samples,), (n_samples, 1)):
        raise ValueError(
            f"y must have shape ({n_samples},) or ({n_samples}, 1), one label per row of X, got {y.shape}"
        )
    y = y.reshape(n_samples)
    check_binary(y, "y")
    return y
