"""Loss functions and their gradients with respect to the predictions.

The public functions check their inputs; the ``*_unchecked`` kernels compute
the same numbers from arrays a caller has already checked (training loops).
"""

from __future__ import annotations

import numpy as np

from nnscratch.activations import softmax_unchecked
from nnscratch.checks import (
    check_array,
    check_binary,
    check_labels,
    check_probabilities,
    check_result,
    check_same_shape,
)

#: Predictions are clipped to [EPS, 1 - EPS] inside the cross-entropy so that
#: a prediction of exactly 0 or 1 gives a large but finite loss and gradient.
EPS = 1e-12


def _pair(y_pred, y_true):
    y_pred = check_array(y_pred, "y_pred", allow_empty=True)
    y_true = check_array(y_true, "y_true", allow_empty=True)
    check_same_shape(y_pred, y_true, "y_pred", "y_true")
    if y_pred.size == 0:
        raise ValueError(f"y_pred and y_true must not be empty, got shape {y_pred.shape}")
    return y_pred, y_true


def squared_error(y_pred, y_true):
    """Half the summed squared error, 0.5 * sum((y_pred - y_true)**2) (chapter 1).

    The factor one half cancels the 2 that differentiation brings down.
    """
    y_pred, y_true = _pair(y_pred, y_true)
    with np.errstate(over="ignore"):
        loss = squared_error_unchecked(y_pred, y_true)
    check_result(loss, "loss", "y_pred and y_true")
    return loss


def squared_error_unchecked(y_pred, y_true):
    """:func:`squared_error` without input checks (float64 arrays of one shape) (chapter 1)."""
    return 0.5 * float(np.sum((y_pred - y_true) ** 2))


def squared_error_grad(y_pred, y_true):
    """Gradient of :func:`squared_error` with respect to ``y_pred``: y_pred - y_true (chapter 1)."""
    y_pred, y_true = _pair(y_pred, y_true)
    with np.errstate(over="ignore"):
        grad = y_pred - y_true
    check_result(grad, "gradient", "y_pred and y_true")
    return grad


def binary_cross_entropy(y_pred, y_true):
    """Mean binary cross-entropy -mean(y log p + (1 - y) log(1 - p)) (chapter 1).

    ``y_pred`` are probabilities in [0, 1]; ``y_true`` are labels 0 or 1. The
    probabilities are clipped to [EPS, 1 - EPS], so the loss stays finite even
    for a confident wrong prediction of exactly 0 or 1.
    """
    y_pred, y_true = _pair(y_pred, y_true)
    check_probabilities(y_pred, "y_pred")
    check_binary(y_true, "y_true")
    return mean_bce_unchecked(y_pred, y_true)


def mean_bce_unchecked(y_pred, y_true):
    """The clipped mean cross-entropy of :func:`binary_cross_entropy` without input checks.

    ``y_pred`` and ``y_true`` must be float64 arrays of one shape, with
    ``y_pred`` in [0, 1] and ``y_true`` in {0, 1}; training loops call it every step.

    Introduced in chapter 1.
    """
    p = np.clip(y_pred, EPS, 1.0 - EPS)
    return float(-np.mean(y_true * np.log(p) + (1.0 - y_true) * np.log1p(-p)))


def binary_cross_entropy_grad(y_pred, y_true):
    """Gradient of :func:`binary_cross_entropy` with respect to ``y_pred`` (chapter 1).

    (p - y) / (p (1 - p)) / N, with p clipped as in the loss. Followed by a
    sigmoid, the chain rule turns this into the simple (p - y) / N.
    """
    y_pred, y_true = _pair(y_pred, y_true)
    check_probabilities(y_pred, "y_pred")
    check_binary(y_true, "y_true")
    p = np.clip(y_pred, EPS, 1.0 - EPS)
    return (p - y_true) / (p * (1.0 - p)) / y_pred.size


def _logits_and_labels(logits, labels):
    logits = check_array(logits, "logits", ndim=2)
    labels = check_labels(labels, "labels", n_classes=logits.shape[1], shape=(logits.shape[0],))
    return logits, labels


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy of the softmax of ``logits`` (N, K) against integer ``labels`` (N,) (chapter 4).

    Computed from logits with the log-sum-exp trick, so it stays finite
    even when a probability underflows to zero.
    """
    logits, labels = _logits_and_labels(logits, labels)
    with np.errstate(over="ignore"):
        loss = softmax_cross_entropy_unchecked(logits, labels)
    check_result(loss, "loss", "logits")
    return loss


def softmax_cross_entropy_unchecked(logits, labels):
    """:func:`softmax_cross_entropy` without input checks (finite float64 logits, valid labels) (chapter 4)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    rows = np.arange(logits.shape[0])
    return float(np.mean(log_norm - shifted[rows, labels]))


def softmax_cross_entropy_grad(logits, labels):
    """Gradient of :func:`softmax_cross_entropy` with respect to the logits Z: (P - Y) / N, Y one-hot (chapter 4)."""
    logits, labels = _logits_and_labels(logits, labels)
    with np.errstate(over="ignore"):
        return softmax_cross_entropy_grad_unchecked(logits, labels)


def softmax_cross_entropy_grad_unchecked(logits, labels):
    """:func:`softmax_cross_entropy_grad` without input checks (finite float64 logits, valid labels) (chapter 4)."""
    grad = softmax_unchecked(logits)
    grad[np.arange(logits.shape[0]), labels] -= 1.0
    return grad / logits.shape[0]
