"""Tests of nnscratch.gradcheck: finite differences, relative error, per-parameter checks (chapter 7)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from notebook_defs import load_inline_defs

from nnscratch.gradcheck import check_gradients, numerical_gradient, relative_error

# No subnormals: scaling one by 1e-3 would round it to zero and change the score.
finite = st.floats(min_value=-1e3, max_value=1e3).filter(lambda v: v == 0 or abs(v) > 1e-100)


# ---------------------------------------------------------------------------
# numerical_gradient against gradients known in closed form


def test_quadratic_form():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(4, 4))
    x = rng.normal(size=4)
    grad = numerical_gradient(lambda v: float(v @ A @ v), x)
    # Centered differences are exact for quadratics up to round-off.
    np.testing.assert_allclose(grad, (A + A.T) @ x, rtol=0, atol=1e-9)


def test_sine_any_shape():
    x = np.random.default_rng(1).uniform(-3, 3, size=(2, 3, 4))
    grad = numerical_gradient(lambda v: float(np.sum(np.sin(v))), x)
    assert grad.shape == x.shape
    np.testing.assert_allclose(grad, np.cos(x), rtol=0, atol=1e-9)


def test_zero_dimensional_array():
    x = np.array(0.7)
    grad = numerical_gradient(lambda v: float(np.exp(v)), x)
    assert grad.shape == ()
    assert abs(float(grad) - np.exp(0.7)) < 1e-9


def test_centered_error_shrinks_like_h_squared():
    # f = x^3 at x = 1: the centered estimate is 3 + h^2 exactly (up to round-off).
    x = np.array([1.0])
    for h in (1e-1, 1e-2):
        grad = numerical_gradient(lambda v: float(v[0] ** 3), x, h=h)
        assert grad[0] - 3.0 == pytest.approx(h**2, rel=1e-6)


def test_perturbs_in_place_so_closures_see_it():
    params = {"w": np.array([1.0, 2.0, 3.0])}
    grad = numerical_gradient(lambda _: float(np.sum(params["w"] ** 2)), params["w"])
    np.testing.assert_allclose(grad, 2 * params["w"], atol=1e-9)


def test_x_restored_exactly():
    x = np.random.default_rng(2).normal(size=(3, 5))
    before = x.copy()
    numerical_gradient(lambda v: float(np.sum(np.tanh(v))), x)
    assert np.array_equal(x, before)


def test_x_restored_when_f_raises():
    x = np.array([1.0, 2.0])
    calls = []

    def f(v):
        calls.append(v.copy())
        if len(calls) == 2:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    assert np.array_equal(x, [1.0, 2.0])


def test_f_returning_numpy_scalar_or_0d_array_is_accepted():
    x = np.array([0.5, -0.5])
    g1 = numerical_gradient(lambda v: np.sum(v**2), x)
    g2 = numerical_gradient(lambda v: np.array(np.sum(v**2)), x)
    np.testing.assert_allclose(g1, g2)


def test_against_torch_autograd():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(3).normal(size=(3, 4))

    def f_numpy(v):
        return float(np.log(np.sum(np.exp(v))) + np.sum(np.tanh(v) * v**2))

    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (torch.logsumexp(t.reshape(-1), 0) + (torch.tanh(t) * t**2).sum()).backward()
    np.testing.assert_allclose(numerical_gradient(f_numpy, x), t.grad.numpy(), rtol=1e-7, atol=1e-9)


# ---------------------------------------------------------------------------
# numerical_gradient: bad input


@pytest.mark.parametrize(("h", "error"), [(0, ValueError), (-1e-5, ValueError), (float("nan"), ValueError),
                                          (float("inf"), ValueError), (True, TypeError), ("1e-5", TypeError),
                                          (None, TypeError)])
def test_bad_step(h, error):
    with pytest.raises(error, match="h must be a finite real number > 0, got"):
        numerical_gradient(lambda v: float(v.sum()), np.zeros(2), h=h)


def test_x_must_be_a_float64_array():
    with pytest.raises(TypeError, match="NumPy array"):
        numerical_gradient(lambda v: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="float64, got int64"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2], dtype=np.int64))
    with pytest.raises(TypeError, match="float64, got float32"):
        numerical_gradient(lambda v: 0.0, np.zeros(2, dtype=np.float32))


def test_x_with_nan():
    with pytest.raises(ValueError, match="NaN at 1 position"):
        numerical_gradient(lambda v: 0.0, np.array([1.0, np.nan]))


def test_x_read_only():
    x = np.zeros(2)
    x.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        numerical_gradient(lambda v: 0.0, x)


def test_f_not_callable():
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient(3.0, np.zeros(2))


def test_f_returning_an_array():
    with pytest.raises(TypeError, match="single real number, got ndarray of shape \\(2,\\)"):
        numerical_gradient(lambda v: v * 2, np.zeros(2))


def test_f_returning_nan_names_the_entry_and_restores_x():
    x = np.array([1.0, -1.0])
    with pytest.raises(ValueError, match=r"f must return a finite number, got nan when entry \(1,\)"):
        numerical_gradient(lambda v: float("nan") if v[1] != -1.0 else 0.0, x)
    assert np.array_equal(x, [1.0, -1.0])


# ---------------------------------------------------------------------------
# relative_error


def test_relative_error_known_values():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 2.2]) == pytest.approx(0.2 / 4.2)
    assert relative_error([1.0, -2.0], [-1.0, 2.0]) == 1.0
    assert relative_error(3.0, 3.0) == 0.0  # scalars are fine


def test_relative_error_both_zero_is_zero():
    assert relative_error(np.zeros((2, 3)), np.zeros((2, 3))) == 0.0


def test_relative_error_one_side_zero_is_one():
    assert relative_error(np.zeros(3), np.array([0.0, 1e-300, 0.0])) == 1.0


def test_relative_error_uses_the_largest_magnitude_not_each_entry():
    # Entry 1 is pure round-off on both sides; entry by entry it would score 1.
    a = np.array([1.0, 1e-17])
    b = np.array([1.0, -1e-17])
    assert relative_error(a, b) == pytest.approx(2e-17 / 2.0)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, 5, elements=finite), arrays(np.float64, 5, elements=finite),
       st.floats(min_value=1e-3, max_value=1e3))
def test_relative_error_properties(a, b, scale):
    err = relative_error(a, b)
    assert 0.0 <= err <= 1.0
    assert err == relative_error(b, a)
    assert relative_error(scale * a, scale * b) == pytest.approx(err, rel=1e-9, abs=1e-300)


def test_relative_error_bad_input():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        relative_error([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="b must hold finite numbers, got inf at 1 position"):
        relative_error([1.0, 2.0], [1.0, np.inf])
    with pytest.raises(ValueError, match="must not be empty"):
        relative_error(np.zeros(0), np.zeros(0))
    with pytest.raises(TypeError, match="numbers"):
        relative_error(["a"], ["b"])


# ---------------------------------------------------------------------------
# check_gradients


def _least_squares():
    """A smooth model with known gradients: L = 0.5 |X w + b - t|^2."""
    rng = np.random.default_rng(4)
    X = rng.normal(size=(6, 3))
    t = rng.normal(size=6)
    params = {"w": rng.normal(size=3), "b": np.array(0.3)}

    def loss():
        return 0.5 * float(np.sum((X @ params["w"] + params["b"] - t) ** 2))

    r = X @ params["w"] + params["b"] - t
    grads = {"w": X.T @ r, "b": np.array(r.sum())}
    return loss, params, grads


def test_check_gradients_passes_correct_gradients():
    loss, params, grads = _least_squares()
    before = {k: v.copy() for k, v in params.items()}
    errors = check_gradients(loss, params, grads)
    assert list(errors) == ["w", "b"]
    assert max(errors.values()) < 1e-8
    for k in params:
        assert np.array_equal(params[k], before[k])


def test_check_gradients_flags_a_wrong_gradient():
    loss, params, grads = _least_squares()
    grads["w"] = grads["w"] * 1.01
    errors = check_gradients(loss, params, grads)
    assert errors["w"] > 1e-3
    assert errors["b"] < 1e-8


def test_check_gradients_bad_input():
    loss, params, grads = _least_squares()
    with pytest.raises(TypeError, match="loss_fn must be a function"):
        check_gradients(1.0, params, grads)
    with pytest.raises(TypeError, match="dicts of arrays"):
        check_gradients(loss, list(params.values()), grads)
    with pytest.raises(ValueError, match="same names"):
        check_gradients(loss, params, {"w": grads["w"]})
    with pytest.raises(ValueError, match=r"params\['w'\] and grads\['w'\] must have the same shape"):
        check_gradients(loss, params, {"w": grads["w"][:2], "b": grads["b"]})
    with pytest.raises(ValueError, match="NaN"):
        check_gradients(loss, params, {"w": np.full(3, np.nan), "b": grads["b"]})


# ---------------------------------------------------------------------------
# The chapter's inline versions agree with the package


def test_inline_definitions_agree_with_package():
    defs = load_inline_defs("07_gradient_checking.ipynb")
    rng = np.random.default_rng(5)
    x = rng.normal(size=(3, 4))
    f = lambda v: float(np.sum(np.sin(v) * v))  # noqa: E731
    np.testing.assert_array_equal(defs["numerical_gradient"](f, x.copy()), numerical_gradient(f, x.copy()))
    for _ in range(5):
        a, b = rng.normal(size=7), rng.normal(size=7)
        assert defs["relative_error"](a, b) == relative_error(a, b)
    assert defs["relative_error"](np.zeros(2), np.zeros(2)) == relative_error(np.zeros(2), np.zeros(2)) == 0.0
