"""Tests of relu, relu_grad and softmax (chapter 4) against finite differences and PyTorch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnscratch.activations import relu, relu_grad, softmax

#: Rows of logits: 1 to 6 samples, 1 to 5 classes.
LOGITS = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(1, 5)),
    elements=st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
)


def centered_differences(f, x, h=1e-6):
    """d sum(f(x)) / dx for an elementwise f, by centered differences."""
    return (f(x + h) - f(x - h)) / (2 * h)


# ---------------------------------------------------------------- relu


def test_relu_values():
    z = np.array([[-2.0, -0.0, 0.0, 0.5, 3.0]])
    np.testing.assert_array_equal(relu(z), [[0.0, 0.0, 0.0, 0.5, 3.0]])
    assert relu(-1) == 0.0 and relu(2) == 2.0
    assert relu([1, -1]).dtype == np.float64


def test_relu_grad_values_including_the_kink():
    z = np.array([-3.0, -1e-300, 0.0, 1e-300, 4.0])
    np.testing.assert_array_equal(relu_grad(z), [0.0, 0.0, 0.0, 1.0, 1.0])


def test_relu_grad_matches_centered_differences_away_from_zero():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(20, 7))
    z = z[np.abs(z) > 1e-3].reshape(-1)  # the derivative does not exist at 0
    np.testing.assert_allclose(relu_grad(z), centered_differences(relu, z), atol=1e-9)


def test_relu_and_relu_grad_match_torch_autograd():
    rng = np.random.default_rng(1)
    z = np.concatenate([rng.normal(size=30), [0.0, -0.0]])
    upstream = rng.normal(size=z.shape)
    zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    out = torch.relu(zt)
    out.backward(torch.tensor(upstream))
    np.testing.assert_array_equal(relu(z), out.detach().numpy())
    np.testing.assert_allclose(upstream * relu_grad(z), zt.grad.numpy(), rtol=0, atol=0)


@pytest.mark.parametrize("f", [relu, relu_grad])
def test_relu_rejects_nan_and_non_numbers(f):
    with pytest.raises(ValueError, match="NaN"):
        f(np.array([1.0, np.nan]))
    with pytest.raises(TypeError, match="must be a number"):
        f("1.0")
    with pytest.raises(TypeError, match="must hold numbers"):
        f(np.array(["a", "b"]))


# ---------------------------------------------------------------- softmax


def test_softmax_known_values():
    p = softmax(np.array([[0.0, 0.0, 0.0], [np.log(1.0), np.log(2.0), np.log(5.0)]]))
    np.testing.assert_allclose(p, [[1 / 3, 1 / 3, 1 / 3], [0.125, 0.25, 0.625]], rtol=1e-15)


def test_softmax_matches_torch():
    rng = np.random.default_rng(2)
    logits = rng.normal(scale=4.0, size=(50, 6))
    expected = torch.softmax(torch.tensor(logits, dtype=torch.float64), dim=1).numpy()
    np.testing.assert_allclose(softmax(logits), expected, rtol=1e-13, atol=1e-16)


@given(LOGITS)
def test_softmax_rows_are_probability_distributions(logits):
    p = softmax(logits)
    assert p.shape == logits.shape
    assert np.all(p >= 0) and np.all(p <= 1)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@given(
    arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 5)), elements=st.floats(-50, 50)),
    st.floats(-100, 100),
)
def test_softmax_is_shift_invariant(logits, shift):
    np.testing.assert_allclose(softmax(logits + shift), softmax(logits), rtol=0, atol=1e-12)


def test_softmax_extreme_logits_no_warning_no_nan():
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4, 1e4], [1000.0, 999.0, 998.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
            p = softmax(logits)
    assert np.isfinite(p).all()
    np.testing.assert_allclose(p[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(p[1], [1 / 3] * 3)
    np.testing.assert_allclose(p[2], [1 / 3] * 3)
    np.testing.assert_allclose(p[3], softmax(np.array([[2.0, 1.0, 0.0]]))[0], rtol=1e-15)


def test_the_naive_formula_really_fails_where_softmax_does_not():
    logits = np.array([[1000.0, 999.0, 998.0]])
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(logits)
        naive = e / e.sum(axis=1, keepdims=True)
    assert np.isnan(naive).all()
    assert np.isfinite(softmax(logits)).all()


def test_softmax_does_not_modify_its_input():
    logits = np.array([[3.0, 1.0], [0.0, 2.0]])
    before = logits.copy()
    softmax(logits)
    np.testing.assert_array_equal(logits, before)


@pytest.mark.parametrize(
    ("bad", "error", "match"),
    [
        (np.array([1.0, 2.0, 3.0]), ValueError, r"logits must be a 2-D array, got shape \(3,\)"),
        (np.ones((2, 3, 4)), ValueError, r"got shape \(2, 3, 4\)"),
        (np.ones((4, 0)), ValueError, r"K >= 1, got shape \(4, 0\)"),
        (np.array([[1.0, np.nan]]), ValueError, "NaN"),
        (np.array([["a", "b"]]), TypeError, "must hold numbers"),
        ("logits", TypeError, "must be a number or an array"),
    ],
)
def test_softmax_rejects_bad_input(bad, error, match):
    with pytest.raises(error, match=match):
        softmax(bad)
