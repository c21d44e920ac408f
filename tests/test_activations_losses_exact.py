"""Activations and losses: values worked out by hand, and the errors of bad calls (issue 11, part 4).

Expected values are closed forms (sigmoid(0) = 1/2, (p - y) / (p (1 - p)) / N, ...)
evaluated in the test; expected messages are written out by hand and must name
the argument at fault. Overflow cases run with warnings turned into errors, so a
lost ``np.errstate`` shows up as a RuntimeWarning instead of the clear ValueError.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from nnscratch.activations import relu, relu_grad, sigmoid, sigmoid_grad, sigmoid_scalar, softmax
from nnscratch.losses import (
    EPS,
    binary_cross_entropy,
    binary_cross_entropy_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
    squared_error,
    squared_error_grad,
)


def test_sigmoid_of_empty_and_infinite_input():
    assert sigmoid([]).shape == (0,)
    assert sigmoid(np.zeros((0, 2))).shape == (0, 2)
    np.testing.assert_array_equal(sigmoid([-np.inf, 0.0, np.inf]), [0.0, 0.5, 1.0])
    assert relu([]).shape == (0,) and relu_grad([]).shape == (0,)
    np.testing.assert_array_equal(relu([-np.inf, np.inf]), [0.0, np.inf])
    np.testing.assert_array_equal(relu_grad([-np.inf, 0.0, np.inf]), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(sigmoid_grad([0.0]), [0.25])


@pytest.mark.parametrize("s", [-3.0, -1e-9, 0.0, 0.25, 1.0, 40.0])
def test_sigmoid_scalar_against_the_formula(s):
    assert sigmoid_scalar(s) == pytest.approx(1.0 / (1.0 + math.exp(-s)), rel=1e-15)


@pytest.mark.parametrize(("s", "error", "message"), [
    ("a", TypeError, r"^s must be one real number, got str 'a'$"),
    (None, TypeError, r"^s must be one real number, got NoneType None$"),
    (1j, TypeError, r"^s must be one real number, got complex 1j$"),
    (10**400, ValueError, r"^s must be a number within the float range, got 1000000000"),
    (-(10**400), ValueError, r"^s must be a number within the float range, got -1000000000"),
    (float("nan"), ValueError, r"^s must be a real number, got nan$"),
])
def test_sigmoid_scalar_bad_input_is_named(s, error, message):
    with pytest.raises(error, match=message):
        sigmoid_scalar(s)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: sigmoid([np.nan]), r"^s must not contain NaN"),
    (lambda: relu([np.nan]), r"^z must not contain NaN"),
    (lambda: relu_grad([np.nan]), r"^z must not contain NaN"),
    (lambda: softmax([1.0, 2.0]), r"^logits must be a 2-D array"),
    (lambda: softmax(np.zeros((2, 0))), r"^logits must be a 2-D array of shape \(N, K\) with K >= 1, "
                                        r"got shape \(2, 0\)$"),
])
def test_activation_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_softmax_of_no_rows_and_of_huge_gaps():
    assert softmax(np.zeros((0, 3))).shape == (0, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(softmax([[1e308, -1e308]]), [[1.0, 0.0]])


def test_squared_error_and_its_gradient_by_hand():
    # 0.5 * ((3 - 1)**2 + (-1 - 0)**2) = 2.5
    assert squared_error([3.0, -1.0], [1.0, 0.0]) == 2.5
    np.testing.assert_array_equal(squared_error_grad([3.0, -1.0], [1.0, 0.0]), [2.0, -1.0])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: squared_error([1e200], [-1e200]),
     r"^y_pred and y_true must give a finite loss, got an overflow to inf or NaN; use smaller values$"),
    (lambda: squared_error_grad([1e308], [-1e308]),
     r"^y_pred and y_true must give a finite gradient, got an overflow to inf or NaN; use smaller values$"),
    (lambda: softmax_cross_entropy([[1e308, -1e308]], [1]), r"^logits must give a finite loss, got an overflow"),
])
def test_overflow_is_a_clear_error_not_a_warning(call, message):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=message):
            call()


def test_softmax_cross_entropy_gradient_at_a_huge_gap_is_finite_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # P = (1, 0), Y = (0, 1): (P - Y) / N = (1, -1)
        np.testing.assert_array_equal(softmax_cross_entropy_grad([[1e308, -1e308]], [1]), [[1.0, -1.0]])


def test_cross_entropy_and_its_gradient_by_hand():
    p, y = np.array([0.8, 0.25]), np.array([1.0, 0.0])
    assert binary_cross_entropy(p, y) == pytest.approx(-(math.log(0.8) + math.log(0.75)) / 2, rel=1e-14)
    # (p - y) / (p (1 - p)) / N = (-0.2 / 0.16, 0.25 / 0.1875) / 2
    np.testing.assert_allclose(binary_cross_entropy_grad(p, y), [-0.625, 2 / 3], rtol=1e-14)
    # Clipped at EPS: a certain wrong answer costs -log(EPS), finite.
    assert binary_cross_entropy([0.0], [1.0]) == pytest.approx(-math.log(EPS), rel=1e-12)
    assert binary_cross_entropy_grad([1.0], [0.0])[0] == pytest.approx(1.0 / EPS, rel=1e-3)


@pytest.mark.parametrize("fn", [binary_cross_entropy, binary_cross_entropy_grad])
@pytest.mark.parametrize(("y_pred", "y_true", "message"), [
    ([1.5], [1.0], r"^y_pred must lie in \[0, 1\], got values from 1\.5 to 1\.5$"),
    ([-0.5, 0.5], [1.0, 0.0], r"^y_pred must lie in \[0, 1\], got values from -0\.5 to 0\.5$"),
    ([0.5], [2.0], r"^y_true must contain only 0 and 1, got \[2\.0\]$"),
    ([], [], r"^y_pred and y_true must not be empty, got shape \(0,\)$"),
    ([0.5], [1.0, 0.0], r"^y_pred and y_true must have the same shape, got \(1,\) and \(2,\)$"),
])
def test_cross_entropy_bad_input_is_named(fn, y_pred, y_true, message):
    with pytest.raises(ValueError, match=message):
        fn(y_pred, y_true)


@pytest.mark.parametrize("fn", [squared_error, squared_error_grad])
def test_squared_error_bad_input_is_named(fn):
    with pytest.raises(ValueError, match=r"^y_pred and y_true must not be empty, got shape \(0, 2\)$"):
        fn(np.zeros((0, 2)), np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"^y_pred must hold finite numbers"):
        fn([np.inf], [0.0])
    with pytest.raises(ValueError, match=r"^y_true must hold finite numbers"):
        fn([0.0], [np.nan])


@pytest.mark.parametrize("fn", [softmax_cross_entropy, softmax_cross_entropy_grad])
def test_softmax_cross_entropy_bad_labels_are_named(fn):
    with pytest.raises(ValueError, match=r"^labels must lie in 0\.\.1 for 2 classes, got values from 0 to 2$"):
        fn(np.zeros((2, 2)), [0, 2])
    with pytest.raises(ValueError, match=r"^labels must have shape \(2,\), got shape \(3,\)$"):
        fn(np.zeros((2, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match=r"^logits must be a 2-D array"):
        fn(np.zeros(2), [0])
