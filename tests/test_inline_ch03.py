"""Chapter 3's inline forward/backward functions: equal to nnscratch.models.mlp, and right by finite differences."""

import numpy as np
import pytest
from notebook_defs import load_inline_defs

from nnscratch.datasets.gates import logic_gate
from nnscratch.models import mlp

NOTEBOOK = "03_vectorized_or_xor.ipynb"


@pytest.fixture(scope="module")
def inline():
    return load_inline_defs(NOTEBOOK)


def random_network(seed, n, d, h, o):
    rng = np.random.default_rng(seed)
    params = mlp.init_params(d, h, o, rng, low=-2.0, high=2.0)
    params["b1"] = rng.normal(size=h)
    params["b2"] = rng.normal(size=o)
    X = rng.normal(size=(n, d)) * 3.0
    y = rng.integers(0, 2, size=(n, o)).astype(float)
    return params, X, y


def inline_pass(inline, params, X, y, delta_name):
    a, y_hat = inline["forward_batch"](X, params["W1"], params["b1"], params["W2"], params["b2"])
    grads = inline["backward_batch"](X, a, params["W2"], inline[delta_name](y_hat, y))
    return y_hat, grads


@pytest.mark.parametrize(("delta_name", "loss"), [("mse_output_delta", "mse"), ("bce_output_delta", "bce")])
@pytest.mark.parametrize(
    ("seed", "shape"), [(0, (4, 2, 3, 1)), (1, (7, 3, 5, 2)), (2, (1, 2, 2, 1)), (3, (30, 4, 6, 3))]
)
def test_inline_functions_match_the_package(inline, delta_name, loss, seed, shape):
    params, X, y = random_network(seed, *shape)
    y_hat_inline, grads_inline = inline_pass(inline, params, X, y, delta_name)
    y_hat_pkg, cache = mlp.forward(params, X)
    grads_pkg = mlp.backward(params, cache, y, loss)
    np.testing.assert_allclose(y_hat_inline, y_hat_pkg, rtol=1e-14, atol=0)
    assert set(grads_inline) == set(grads_pkg) == {"W1", "b1", "W2", "b2"}
    for name in grads_pkg:
        np.testing.assert_allclose(grads_inline[name], grads_pkg[name], rtol=1e-12, atol=1e-15, err_msg=name)


def test_zero_biases_inline_match_no_biases_in_the_package(inline):
    """The chapter's OR run passes zero biases inline; the package uses None."""
    X, y = logic_gate("OR")
    params = mlp.init_params(2, 3, 1, np.random.RandomState(1), bias=False)
    zeros = {**params, "b1": np.zeros(3), "b2": np.zeros(1)}
    y_hat_inline, grads_inline = inline_pass(inline, zeros, X.astype(np.float32), y.astype(np.float32),
                                             "mse_output_delta")
    y_hat_pkg, cache = mlp.forward(params, X)
    grads_pkg = mlp.backward(params, cache, y, "mse")
    assert set(grads_pkg) == {"W1", "W2"}
    np.testing.assert_array_equal(y_hat_inline, y_hat_pkg)
    for name in grads_pkg:
        np.testing.assert_array_equal(grads_inline[name], grads_pkg[name])


def test_mse_delta_is_the_sources_half_residual_for_four_samples(inline):
    rng = np.random.default_rng(5)
    y_hat = rng.uniform(size=(4, 1))
    y = rng.integers(0, 2, size=(4, 1)).astype(float)
    expected = 0.5 * (y_hat - y) * (y_hat * (1.0 - y_hat))
    np.testing.assert_array_equal(inline["mse_output_delta"](y_hat, y), expected)


def _loss(inline, params, X, y, delta_name):
    y_hat = inline["forward_batch"](X, params["W1"], params["b1"], params["W2"], params["b2"])[1]
    if delta_name == "mse_output_delta":
        return np.mean((y_hat - y) ** 2)
    return -np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))


@pytest.mark.parametrize("delta_name", ["mse_output_delta", "bce_output_delta"])
@pytest.mark.parametrize(("seed", "shape"), [(0, (4, 2, 3, 1)), (1, (7, 3, 5, 2))])
def test_inline_gradients_match_finite_differences(inline, delta_name, seed, shape):
    """An independent reference: centered differences of the loss the delta belongs to."""
    params, X, y = random_network(seed, *shape)
    _, grads = inline_pass(inline, params, X, y, delta_name)
    eps = 1e-6
    for name, value in params.items():
        numerical = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            saved = value[index]
            value[index] = saved + eps
            up = _loss(inline, params, X, y, delta_name)
            value[index] = saved - eps
            down = _loss(inline, params, X, y, delta_name)
            value[index] = saved
            numerical[index] = (up - down) / (2 * eps)
        np.testing.assert_allclose(grads[name], numerical, rtol=1e-5, atol=1e-9, err_msg=name)
