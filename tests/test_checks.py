"""Tests of nnscratch.checks: one message shape, TypeError for the wrong kind, ValueError for the wrong value."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from nnscratch.checks import (
    MAX_CLASSES,
    DivergenceError,
    check_array,
    check_callable,
    check_choice,
    check_labels,
    check_params,
    check_rng,
    check_scalar,
    check_step_size,
)


def test_check_array_returns_float64_without_copying_a_float64_array():
    x = np.arange(6.0).reshape(2, 3)
    assert check_array(x, "x") is x
    out = check_array([[1, 2, 3]], "x", shape=(None, 3))
    assert out.dtype == np.float64 and out.shape == (1, 3)


@pytest.mark.parametrize(
    ("x", "kwargs", "error", "match"),
    [
        ("abc", {}, TypeError, r"x must be a number or an array of numbers, got str 'abc'"),
        (None, {}, TypeError, r"x must be a number or an array of numbers, got NoneType"),
        ([[1.0, 2.0], [3.0]], {}, TypeError, r"x must be a rectangular array of numbers, got list"),
        (np.array([1 + 2j]), {}, TypeError, r"x must hold real numbers, got an array .* dtype complex128"),
        (np.array(["a"]), {}, TypeError, r"x must hold numbers, got an array .* dtype <U1"),
        (np.array([True]), {"allow_bool": False}, TypeError, r"x must hold numbers, not bools"),
        (torch.zeros(2, requires_grad=True), {}, TypeError, r"x must be a NumPy array .* got a torch.Tensor .* "
                                                            r"requires grad; pass tensor.detach\(\).numpy\(\)"),
        (np.zeros(3), {"ndim": 2}, ValueError, r"x must be a 2-D array, got shape \(3,\) \(1-D\)"),
        (np.zeros((3, 2)), {"shape": (None, 3)}, ValueError, r"x must have shape \(any, 3\), got shape \(3, 2\)"),
        (np.zeros(0), {}, ValueError, r"x must not be empty, got shape \(0,\)"),
        (np.array([1.0, np.nan, np.inf]), {}, ValueError,
         r"x must hold finite numbers, got NaN at 1 position\(s\) and inf at 1 position\(s\)"),
        (np.array([np.nan]), {"allow_inf": True}, ValueError, r"x must not contain NaN, got NaN at 1"),
    ],
)
def test_check_array_errors(x, kwargs, error, match):
    with pytest.raises(error, match=match):
        check_array(x, "x", **kwargs)


def test_check_array_lets_inf_through_when_asked_and_a_plain_tensor_through():
    assert np.isinf(check_array([np.inf], "x", allow_inf=True)).all()
    np.testing.assert_array_equal(check_array(torch.ones(2, dtype=torch.float64), "x"), [1.0, 1.0])


@pytest.mark.parametrize(
    ("x", "kind", "kwargs", "error", "match"),
    [
        (True, int, {}, TypeError, r"n must be an integer, got bool True"),
        (2.0, int, {}, TypeError, r"n must be an integer, got float 2.0"),
        (np.int64(-1), int, {"min_val": 0}, ValueError, r"n must be an integer >= 0, got np.int64\(-1\)"),
        (float("nan"), float, {}, ValueError, r"n must be a finite real number, got nan"),
        (10**400, float, {}, ValueError, r"n must be a finite real number, got 1000"),
        (1.0, float, {"min_val": 1.0, "include_boundaries": "neither"}, ValueError, r"n must be .* > 1, got 1.0"),
        (5, int, {"max_val": 4}, ValueError, r"n must be an integer <= 4, got 5"),
        ("yes", bool, {}, TypeError, r"n must be True or False, got str 'yes'"),
        (1j, float, {}, TypeError, r"n must be a finite real number, got complex"),
    ],
)
def test_check_scalar_errors(x, kind, kwargs, error, match):
    with pytest.raises(error, match=match):
        check_scalar(x, "n", kind, **kwargs)


def test_check_scalar_returns_the_value_unchanged_and_allows_none_when_asked():
    value = np.float32(0.5)
    assert check_scalar(value, "x", float) is value
    assert check_scalar(None, "x", int, allow_none=True) is None
    assert check_step_size(1e-300) == 1e-300
    with pytest.raises(ValueError, match="step_size must be a finite real number > 0, got 0"):
        check_step_size(0)


def test_check_labels():
    np.testing.assert_array_equal(check_labels([0, 2, 1], "y", n_classes=3), [0, 2, 1])
    with pytest.raises(ValueError, match=r"y must lie in 0\.\.2 for 3 classes, got values from 0 to 3"):
        check_labels([0, 3], "y", n_classes=3)
    with pytest.raises(ValueError, match=rf"y must lie in 0\.\.{MAX_CLASSES - 1} \(at most"):
        check_labels([0, 10**9], "y")
    with pytest.raises(TypeError, match="y must hold integer class labels, got .* float64"):
        check_labels([0.0, 1.0], "y")
    with pytest.raises(TypeError, match="not bools"):
        check_labels([True, False], "y")
    np.testing.assert_array_equal(check_labels([True, False], "y", allow_bool=True), [1, 0])


def test_check_params_keeps_the_callers_float64_arrays():
    W = np.zeros((2, 3))
    out = check_params({"W": W, "b": None}, ("W", "b"), shapes={"W": (2, None)}, optional=("b",))
    assert out["W"] is W and out["b"] is None
    with pytest.raises(ValueError, match=r"params must hold \['W', 'b'\], got a dict missing \['b'\]"):
        check_params({"W": W}, ("W", "b"))
    with pytest.raises(TypeError, match="params must be a dict with keys"):
        check_params([W], ("W",))
    with pytest.raises(ValueError, match=r"params\['W'\] must have shape \(3, any\), got shape \(2, 3\)"):
        check_params({"W": W}, ("W",), shapes={"W": (3, None)})


def test_the_other_checks():
    with pytest.raises(TypeError, match="loss must be one of \\['a', 'b'\\], got int 3"):
        check_choice(3, "loss", ("a", "b"))
    with pytest.raises(ValueError, match="loss must be one of \\['a', 'b'\\], got 'c'"):
        check_choice("c", "loss", ("a", "b"))
    with pytest.raises(TypeError, match="rng must be a numpy Generator or RandomState, got int 0"):
        check_rng(0)
    with pytest.raises(TypeError, match=r"rng must be a numpy.random.Generator \(np.random.default_rng"):
        check_rng(np.random.RandomState(0), allow_random_state=False)
    with pytest.raises(TypeError, match=r"f must be a function \(taking 1 argument\(s\)\), got one with signature"):
        check_callable(lambda: 0, "f", n_args=1)
    assert issubclass(DivergenceError, FloatingPointError) and issubclass(DivergenceError, ValueError)
