"""gradcheck: exact values and the errors a wrong call gets (issue 11, part 4).

Expected numbers are derivatives known in closed form (d/dx x**2 = 2x, ...);
expected messages are the package's "{name} must ..., got ..." shape, written
out by hand: each must name the argument that was wrong and show what came.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nnscratch.gradcheck import check_gradients, numerical_gradient, relative_error


def square_sum(x):
    return float(np.sum(x**2))


def test_numerical_gradient_of_known_functions():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(numerical_gradient(square_sum, x), 2 * x, rtol=1e-9)
    # Centered: for a cubic the error is h**2 exactly, a one-sided difference would be 3 x h.
    x = np.array([2.0])
    g = numerical_gradient(lambda v: float(v[0] ** 3), x, h=1e-3)
    assert g[0] == pytest.approx(3 * 4.0 + 1e-6, rel=1e-9)
    # An integer-valued f is accepted (an int is a real number) and its slope is exact.
    assert numerical_gradient(lambda v: int(round(v[0] * 1000)), np.array([0.0]), h=0.5)[0] == 1000.0
    # np.float64 and 0-d array returns count as one number.
    assert numerical_gradient(lambda v: np.sum(v), np.zeros(3)).tolist() == pytest.approx([1, 1, 1])
    assert numerical_gradient(lambda v: np.asarray(v.sum()), np.zeros(()))[()] == pytest.approx(1.0)


def test_numerical_gradient_of_an_empty_array_is_empty():
    out = numerical_gradient(square_sum, np.zeros((0, 3)))
    assert out.shape == (0, 3)


def test_numerical_gradient_restores_x_exactly():
    x = np.array([0.1, 0.2, 0.3])
    before = x.copy()
    numerical_gradient(square_sum, x, h=1e-4)
    np.testing.assert_array_equal(x, before)


def test_step_size_limits_are_relative_to_the_size_of_x():
    small = np.array([0.5])
    # |x| < 1: the limits are 1e-10 and 1 (not 2, not 0.5).
    assert numerical_gradient(square_sum, small, h=1e-10)[0] == pytest.approx(1.0, rel=1e-3)
    assert numerical_gradient(lambda v: float(v[0]), small, h=1.0)[0] == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"^h must be a small step, at most max\(1, max \|x\|\) = 1, got 1\.5$"):
        numerical_gradient(square_sum, small, h=1.5)
    with pytest.raises(ValueError, match=r"^h must be at least 1\.0e-10 \(1e-10 \* max\(1, max \|x\|\)\) "
                                          r"for the nudges to survive rounding, got 5e-11$"):
        numerical_gradient(square_sum, small, h=5e-11)
    big = np.array([-1000.0, 10.0])
    assert numerical_gradient(lambda v: float(v[1]), big, h=1000.0)[1] == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"^h must be at least 1\.0e-07 .* got 5e-08$"):
        numerical_gradient(square_sum, big, h=5e-8)
    with pytest.raises(ValueError, match=r"= 1000, got 1500\.0$"):
        numerical_gradient(square_sum, big, h=1500.0)


@pytest.mark.parametrize(("x", "error", "message"), [
    ([1.0, 2.0], TypeError, r"^x must be a NumPy array \(it is perturbed in place\), got list; "
                            r"wrap it with np\.array\(x, dtype=np\.float64\)$"),
    (np.array([1, 2]), TypeError, r"^x must have dtype float64, got int64: a step of h would be rounded away "
                                  r"in lower precision, and integers cannot hold x \+ h$"),
    (np.array([1.0, np.nan]), ValueError, r"^x must hold finite numbers, got NaN at 1 position\(s\)$"),
])
def test_bad_x_is_named(x, error, message):
    with pytest.raises(error, match=message):
        numerical_gradient(square_sum, x)


def test_read_only_x_is_refused():
    x = np.zeros(2)
    x.flags.writeable = False
    with pytest.raises(ValueError, match=r"^x must be a writeable array \(numerical_gradient perturbs it in "
                                         r"place\), got a read-only one$"):
        numerical_gradient(square_sum, x)


@pytest.mark.parametrize(("f", "error", "message"), [
    (3.0, TypeError, r"^f must be a function from an array to a number, got float 3\.0$"),
    (lambda: 1.0, TypeError, r"^f must be a function from an array to a number \(taking 1 argument\(s\)\)"),
    (lambda v: "1", TypeError, r"^f must return a single real number, got str of shape \(\)$"),
    (lambda v: v.copy(), TypeError, r"^f must return a single real number, got ndarray of shape \(2,\)$"),
    (lambda v: 1j, TypeError, r"^f must return a single real number, got complex of shape \(\)$"),
    (lambda v: [1.0, [2.0]], TypeError, r"^f must return a single real number, got list of shape \(\)$"),
    (lambda v: float("nan"), ValueError, r"^f must return a finite number, got nan when entry \(0,\) of x"),
    (lambda v: float("inf") if v[1] < 0 else 0.0, ValueError,
     r"^f must return a finite number, got inf when entry \(1,\) of x was perturbed$"),
    (lambda v: 1e308 * np.sign(v[0]), ValueError,
     r"^f must change by a finite amount over a step of 2 h, got an overflow to inf$"),
])
def test_bad_f_is_named(f, error, message):
    with pytest.raises(error, match=message):
        numerical_gradient(f, np.zeros(2))


@pytest.mark.parametrize(("h", "error", "message"), [
    ("0.1", TypeError, r"^h must be a finite real number > 0, got str '0\.1'$"),
    (0.0, ValueError, r"^h must be a finite real number > 0, got 0\.0$"),
])
def test_bad_h_is_named(h, error, message):
    with pytest.raises(error, match=message):
        numerical_gradient(square_sum, np.zeros(2), h=h)
    params = {"w": np.zeros(1)}
    with pytest.raises(error, match=message):
        check_gradients(lambda: 0.0, params, {"w": np.zeros(1)}, h=h)


def test_relative_error_values():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0  # the TINY floor, not 0/0
    assert relative_error([1.0], [-1.0]) == 1.0
    # max |a - b| = 0.5 (second entry), max (|a| + |b|) = 7 (third entry)
    assert relative_error([1.0, 2.0, 3.5], [1.0, 2.5, 3.5]) == pytest.approx(0.5 / 7)


@pytest.mark.parametrize(("a", "b", "message"), [
    ([], [], r"^a and b must not be empty, got shape \(0,\)$"),
    ([1.0], [1.0, 2.0], r"^a and b must have the same shape, got \(1,\) and \(2,\)$"),
    ([np.nan], [1.0], r"^a must hold finite numbers, got NaN"),
    ([1.0], [np.inf], r"^b must hold finite numbers, got inf"),
    ([1e308], [-1e308], r"^a and b must be below 8\.9e307 in magnitude .*got values up to 1e\+308$"),
])
def test_relative_error_bad_input_is_named(a, b, message):
    with pytest.raises(ValueError, match=message):
        relative_error(a, b)


def test_check_gradients_scores_a_right_and_a_wrong_gradient():
    params = {"w": np.array([1.0, -2.0]), "b": np.array([0.5])}

    def loss():
        return float(np.sum(params["w"] ** 2) + 3.0 * params["b"][0])

    right = {"w": 2 * params["w"], "b": np.array([3.0])}
    errors = check_gradients(loss, params, right)
    assert list(errors) == ["w", "b"] and max(errors.values()) < 1e-8
    wrong = {"w": params["w"].copy(), "b": np.array([3.0])}  # w instead of 2 w
    # |w - 2w| max 2, |w| + |2w| max 6: one third.
    assert check_gradients(loss, params, wrong)["w"] == pytest.approx(1 / 3, rel=1e-6)


@pytest.mark.parametrize(("params", "grads", "error", "message"), [
    ([], {}, TypeError, r"^params and grads must be dicts of arrays, got list and dict$"),
    ({}, None, TypeError, r"^params and grads must be dicts of arrays, got dict and NoneType$"),
    ({"w": np.zeros(1)}, {"v": np.zeros(1)}, ValueError,
     r"^params and grads must have the same names, got \['w'\] and \['v'\]$"),
    ({"w": [0.0]}, {"w": np.zeros(1)}, TypeError,
     r"^params\['w'\] must be a float64 NumPy array \(it is perturbed in place\), got list$"),
    ({"w": np.zeros(1, dtype=np.float32)}, {"w": np.zeros(1)}, TypeError,
     r"^params\['w'\] must be a float64 NumPy array .*got ndarray$"),
    ({"w": np.array([np.nan])}, {"w": np.zeros(1)}, ValueError, r"^params\['w'\] must hold finite numbers"),
    ({"w": np.zeros(1)}, {"w": [np.nan]}, ValueError, r"^grads\['w'\] must hold finite numbers"),
    ({"w": np.zeros(1)}, {"w": np.zeros(2)}, ValueError,
     r"^params\['w'\] and grads\['w'\] must have the same shape, got \(1,\) and \(2,\)$"),
])
def test_check_gradients_bad_input_is_named(params, grads, error, message):
    with pytest.raises(error, match=message):
        check_gradients(lambda: 0.0, params, grads)


def test_check_gradients_checks_every_array_before_the_first_difference():
    calls = []
    params = {"w": np.zeros(3), "b": np.zeros(1)}
    with pytest.raises(ValueError, match=r"^params\['b'\] and grads\['b'\]"):
        check_gradients(lambda: calls.append(1) or 0.0, params, {"w": np.zeros(3), "b": np.zeros(2)})
    assert calls == []


def test_check_gradients_accepts_empty_parameter_arrays():
    params = {"w": np.zeros(0), "b": np.zeros(1)}
    with pytest.raises(ValueError, match=r"^a and b must not be empty"):
        check_gradients(lambda: float(params["b"][0]), params, {"w": np.zeros(0), "b": np.ones(1)})


def test_loss_fn_must_take_no_argument():
    with pytest.raises(TypeError, match=r"^loss_fn must be a function of no arguments returning the loss "
                                        r"\(taking 0 argument\(s\)\)"):
        check_gradients(lambda p: 0.0, {"w": np.zeros(1)}, {"w": np.zeros(1)})
    with pytest.raises(TypeError, match=r"^loss_fn must be a function of no arguments returning the loss, got"):
        check_gradients(None, {"w": np.zeros(1)}, {"w": np.zeros(1)})


def test_f_may_return_any_real_numpy_scalar_or_a_one_element_array():
    x = np.array([1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # float() of a 2-D array would warn (NumPy < 2.5) or fail
        for wrap in (np.float32, np.float16, np.int32, lambda v: np.array([[v]])):
            g = numerical_gradient(lambda v, w=wrap: w(float(v[0]) * 4), x, h=0.25)
            assert g.tolist() == [4.0, 0.0], wrap


def test_check_gradients_uses_the_step_it_is_given():
    # d/dw w**3 at w = 1 is 3; the centered difference with step h gives 3 + h**2 exactly
    # in real arithmetic, so only a difference taken with h = 0.1 agrees with 3.01.
    params = {"w": np.array([1.0])}
    errors = check_gradients(lambda: float(params["w"][0] ** 3), params, {"w": np.array([3.01])}, h=0.1)
    assert errors["w"] < 1e-12
    errors = check_gradients(lambda: float(params["w"][0] ** 3), params, {"w": np.array([3.01])})
    assert errors["w"] == pytest.approx(0.01 / 6.01, rel=1e-4)
