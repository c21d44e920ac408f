"""The functions chapter 1 derives inline agree with the package's versions."""

import warnings

import numpy as np
import pytest
from notebook_defs import load_inline_defs

from nnscratch.activations import sigmoid, sigmoid_grad
from nnscratch.models import neuron


@pytest.fixture(scope="module")
def inline():
    return load_inline_defs("01_single_neuron.ipynb")


def test_chapter_defines_the_functions(inline):
    for name in ("sigmoid", "sigmoid_grad", "weight_gradient", "training_step"):
        assert callable(inline[name]), name


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sigmoid_and_its_derivative_agree_on_random_inputs(inline, seed):
    s = np.random.default_rng(seed).normal(scale=8.0, size=(50, 3))
    np.testing.assert_allclose(inline["sigmoid"](s), sigmoid(s), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(inline["sigmoid_grad"](s), sigmoid_grad(s), rtol=1e-12, atol=1e-15)


def test_sigmoid_and_its_derivative_agree_on_extreme_inputs(inline):
    s = np.array([-1000.0, -745.0, -700.0, -40.0, 0.0, 40.0, 700.0, 1000.0])
    # The package's versions never overflow...
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        expected, expected_grad = sigmoid(s), sigmoid_grad(s)
    # ...while the chapter's one-line formula overflows in exp(-s) for very negative s
    # (harmlessly: 1 / (1 + inf) is 0). Silence that and compare the values.
    with np.errstate(over="ignore"):
        got, got_grad = inline["sigmoid"](s), inline["sigmoid_grad"](s)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(got_grad, expected_grad, rtol=1e-12, atol=1e-300)
    assert got[0] == 0.0 and got[-1] == 1.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_inline_gradient_and_step_agree_with_the_package(inline, seed):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 2, size=(8, 3)).astype(float)
    y = rng.integers(0, 2, size=8).astype(float)
    w = rng.normal(scale=2.0, size=3)
    grad, y_hat = inline["weight_gradient"](X, y, w)
    np.testing.assert_allclose(grad, neuron.gradients(X, y, w)[0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(y_hat, sigmoid(X @ w), rtol=1e-12, atol=1e-15)
    new_w, _ = inline["training_step"](X, y, w, step_size=0.3)
    np.testing.assert_allclose(new_w, w - 0.3 * neuron.gradients(X, y, w)[0], rtol=1e-12, atol=1e-15)


def test_inline_training_loop_reproduces_neuron_train(inline):
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0], dtype=float)
    np.random.seed(1)
    w_start = 2 * np.random.random(3) - 1
    w = w_start.copy()
    for _ in range(1000):
        w, y_hat = inline["training_step"](X, y, w, step_size=1.0)
    w_package, _, _ = neuron.train(X, y, w_start, step_size=1.0, iterations=1000)
    np.testing.assert_allclose(w, w_package, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(w, [7.26283009, -0.21614618, -3.41703015], atol=5e-9)
    np.testing.assert_allclose(y_hat, [0.03178421, 0.97414645, 0.97906682, 0.02576499], atol=5e-9)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_inline_gradient_matches_finite_differences(inline, seed):
    """An independent check of the chapter's chain-rule gradient (not the package's copy)."""
    rng = np.random.default_rng(20 + seed)
    X = rng.integers(0, 2, size=(6, 3)).astype(float)
    y = rng.integers(0, 2, size=6).astype(float)
    w = rng.normal(scale=2.0, size=3)

    def error(v):
        return 0.5 * np.sum((inline["sigmoid"](X @ v) - y) ** 2)

    numeric = [(error(w + d) - error(w - d)) / 2e-6 for d in 1e-6 * np.eye(3)]
    np.testing.assert_allclose(inline["weight_gradient"](X, y, w)[0], numeric, rtol=1e-6, atol=1e-9)
    z = np.linspace(-10, 10, 41)
    slope = (inline["sigmoid"](z + 1e-6) - inline["sigmoid"](z - 1e-6)) / 2e-6
    np.testing.assert_allclose(inline["sigmoid_grad"](z), slope, rtol=1e-6, atol=1e-10)
