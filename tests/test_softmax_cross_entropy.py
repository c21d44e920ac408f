"""Tests of softmax_cross_entropy and its gradient (chapter 4): PyTorch, finite differences, properties."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnscratch.activations import softmax
from nnscratch.losses import softmax_cross_entropy, softmax_cross_entropy_grad


def random_problem(seed, n=12, k=4, scale=3.0):
    rng = np.random.default_rng(seed)
    return rng.normal(scale=scale, size=(n, k)), rng.integers(0, k, size=n)


def finite_difference_grad(logits, labels, h=1e-6):
    grad = np.zeros_like(logits)
    for idx in np.ndindex(logits.shape):
        plus, minus = logits.copy(), logits.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (softmax_cross_entropy(plus, labels) - softmax_cross_entropy(minus, labels)) / (2 * h)
    return grad


@st.composite
def logits_and_labels(draw, bound=1e4):
    n, k = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    logits = draw(arrays(np.float64, (n, k), elements=st.floats(-bound, bound)))
    labels = draw(arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    return logits, labels


# ---------------------------------------------------------------- values


def test_loss_matches_torch_cross_entropy():
    logits, labels = random_problem(0, n=40, k=5)
    expected = F.cross_entropy(torch.tensor(logits), torch.tensor(labels)).item()
    assert softmax_cross_entropy(logits, labels) == pytest.approx(expected, rel=1e-13)


def test_loss_is_minus_log_of_the_softmax_probability():
    logits, labels = random_problem(1)
    p = softmax(logits)[np.arange(len(labels)), labels]
    assert softmax_cross_entropy(logits, labels) == pytest.approx(-np.mean(np.log(p)), rel=1e-13)


@pytest.mark.parametrize("k", [2, 3, 10])
def test_equal_logits_give_log_k(k):
    labels = np.arange(7) % k
    assert softmax_cross_entropy(np.full((7, k), 0.37), labels) == pytest.approx(math.log(k), rel=1e-15)


def test_single_class_has_zero_loss_and_zero_gradient():
    logits = np.array([[5.0], [-2.0]])
    labels = np.array([0, 0])
    assert softmax_cross_entropy(logits, labels) == 0.0
    np.testing.assert_array_equal(softmax_cross_entropy_grad(logits, labels), [[0.0], [0.0]])


@given(logits_and_labels())
def test_loss_is_never_negative_and_always_finite(problem):
    logits, labels = problem
    loss = softmax_cross_entropy(logits, labels)
    assert np.isfinite(loss)
    assert loss >= 0.0


# ---------------------------------------------------------------- gradient


def test_gradient_is_p_minus_one_hot_over_n():
    logits, labels = random_problem(2)
    one_hot = np.eye(logits.shape[1])[labels]
    expected = (softmax(logits) - one_hot) / logits.shape[0]
    np.testing.assert_allclose(softmax_cross_entropy_grad(logits, labels), expected, rtol=0, atol=1e-16)


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_gradient_matches_centered_differences(seed):
    logits, labels = random_problem(seed, n=6, k=3)
    np.testing.assert_allclose(
        softmax_cross_entropy_grad(logits, labels), finite_difference_grad(logits, labels), rtol=1e-6, atol=1e-9
    )


@pytest.mark.parametrize("seed", [6, 7])
def test_gradient_matches_torch_autograd(seed):
    logits, labels = random_problem(seed, n=30, k=4, scale=10.0)
    t = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    F.cross_entropy(t, torch.tensor(labels)).backward()
    np.testing.assert_allclose(softmax_cross_entropy_grad(logits, labels), t.grad.numpy(), rtol=1e-12, atol=1e-17)


@given(logits_and_labels())
def test_gradient_rows_sum_to_zero(problem):
    logits, labels = problem
    grad = softmax_cross_entropy_grad(logits, labels)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-15)


# ---------------------------------------------------------------- extreme inputs


def test_extreme_logits_give_finite_values_without_warnings():
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, -1e4]])
    labels = np.array([1, 2, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            loss = softmax_cross_entropy(logits, labels)
            grad = softmax_cross_entropy_grad(logits, labels)
    # row 0: confidently wrong by 2e4; row 1: uniform, ln 3; row 2: two-way tie, ln 2
    assert loss == pytest.approx((2e4 + math.log(3) + math.log(2)) / 3, rel=1e-15)
    assert np.isfinite(grad).all()
    np.testing.assert_allclose(grad[0], np.array([1.0, -1.0, 0.0]) / 3, atol=1e-16)
    t = torch.tensor(logits, requires_grad=True)
    F.cross_entropy(t, torch.tensor(labels)).backward()
    np.testing.assert_allclose(grad, t.grad.numpy(), rtol=1e-12, atol=1e-17)


def test_inputs_are_not_modified():
    logits, labels = random_problem(8)
    before = logits.copy()
    softmax_cross_entropy(logits, labels)
    softmax_cross_entropy_grad(logits, labels)
    np.testing.assert_array_equal(logits, before)


# ---------------------------------------------------------------- bad input

LOGITS = np.zeros((3, 4))


@pytest.mark.parametrize("f", [softmax_cross_entropy, softmax_cross_entropy_grad])
@pytest.mark.parametrize(
    ("logits", "labels", "error", "match"),
    [
        (np.zeros(4), np.array([0]), ValueError, r"logits must be a 2-D array, got shape \(4,\)"),
        (np.zeros((0, 4)), np.array([], dtype=int), ValueError, r"got shape \(0, 4\)"),
        (LOGITS, np.array([0, 1]), ValueError, r"labels must have shape \(3,\).*got shape \(2,\)"),
        (LOGITS, np.array([[0], [1], [2]]), ValueError, r"labels must have shape \(3,\).*got shape \(3, 1\)"),
        (LOGITS, np.array([0, 1, 4]), ValueError, r"labels must lie in 0\.\.3 for 4 classes, got values from 0 to 4"),
        (LOGITS, np.array([-1, 1, 2]), ValueError, r"labels must lie in 0\.\.3.*from -1 to 2"),
        (LOGITS, np.array([0.0, 1.0, 2.0]), TypeError, "labels must hold integer class labels, got .*dtype float64"),
        (LOGITS, np.array([0.0, np.nan, 2.0]), TypeError, "labels must hold integer class labels"),
        (LOGITS, np.array([True, False, True]), TypeError, "integer class labels, not bools, got .*dtype bool"),
        (LOGITS, np.array(["0", "1", "2"]), TypeError, "labels must hold integer class labels"),
        (np.array([[0.0, np.nan, 1.0, 2.0]] * 3), np.array([0, 1, 2]), ValueError, "logits must hold finite numbers"),
        (np.array([["a", "b"]] * 3), np.array([0, 1, 0]), TypeError, "logits must hold numbers"),
    ],
)
def test_bad_input_raises_a_clear_error(f, logits, labels, error, match):
    with pytest.raises(error, match=match):
        f(logits, labels)
