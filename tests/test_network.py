"""Tests of the two-layer ReLU + softmax network (chapter 4): gradients, training, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnscratch.datasets.spiral import load_spiral
from nnscratch.models import network

REG = 1e-3


def small_problem(seed=0, n=10, d=2, h=6, k=3, scale=1.0):
    """A small network with weights large enough that the ReLUs differ between samples."""
    rng = np.random.default_rng(seed)
    params = network.init_params(d, h, k, rng, scale=scale)
    params["b1"] = rng.normal(size=h)
    params["b2"] = rng.normal(size=k)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, k, size=n)
    return params, X, y


def finite_difference_grads(params, X, y, reg, h=1e-6):
    grads = {}
    for name in network.PARAM_NAMES:
        grad = np.zeros_like(params[name])
        for idx in np.ndindex(grad.shape):
            original = params[name][idx]
            params[name][idx] = original + h
            plus, _ = network.loss_and_grads(params, X, y, reg)
            params[name][idx] = original - h
            minus, _ = network.loss_and_grads(params, X, y, reg)
            params[name][idx] = original
            grad[idx] = (plus - minus) / (2 * h)
        grads[name] = grad
    return grads


def torch_loss_and_grads(params, X, y, reg):
    t = {name: torch.tensor(value, dtype=torch.float64, requires_grad=True) for name, value in params.items()}
    hidden = torch.relu(torch.tensor(X) @ t["W1"] + t["b1"])
    scores = hidden @ t["W2"] + t["b2"]
    loss = F.cross_entropy(scores, torch.tensor(y)) + 0.5 * reg * ((t["W1"] ** 2).sum() + (t["W2"] ** 2).sum())
    loss.backward()
    return loss.item(), {name: value.grad.numpy() for name, value in t.items()}


# ---------------------------------------------------------------- init_params


def test_init_params_shapes_scale_and_zero_biases():
    params = network.init_params(2, 100, 3, np.random.default_rng(0))
    assert {k: v.shape for k, v in params.items()} == {"W1": (2, 100), "b1": (100,), "W2": (100, 3), "b2": (3,)}
    assert not params["b1"].any() and not params["b2"].any()
    weights = np.concatenate([params["W1"].ravel(), params["W2"].ravel()])
    assert 0.008 < weights.std() < 0.012


def test_init_params_with_random_state_reproduces_the_classic_recipe():
    params = network.init_params(2, 5, 3, np.random.RandomState(7))
    np.random.seed(7)
    W1 = 0.01 * np.random.randn(2, 5)
    W2 = 0.01 * np.random.randn(5, 3)
    np.testing.assert_array_equal(params["W1"], W1)
    np.testing.assert_array_equal(params["W2"], W2)


def test_init_params_is_reproducible():
    a = network.init_params(2, 4, 3, np.random.default_rng(3))
    b = network.init_params(2, 4, 3, np.random.default_rng(3))
    for name in network.PARAM_NAMES:
        np.testing.assert_array_equal(a[name], b[name])


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((0, 4, 3), ValueError, "n_inputs must be an integer >= 1, got 0"),
        ((2, 2.5, 3), TypeError, "n_hidden must be an integer >= 1, got float 2.5"),
        ((2, 4, -1), ValueError, "n_classes must be an integer >= 1, got -1"),
    ],
)
def test_init_params_rejects_bad_sizes(args, error, match):
    with pytest.raises(error, match=match):
        network.init_params(*args, np.random.default_rng(0))


def test_init_params_rejects_a_seed_instead_of_a_generator():
    with pytest.raises(TypeError, match="rng must be a numpy Generator or RandomState, got int"):
        network.init_params(2, 4, 3, 0)


# ---------------------------------------------------------------- forward, loss and gradients


def test_forward_shapes_and_cache():
    params, X, _ = small_problem()
    scores, (X_cached, z1, a1) = network.forward(params, X)
    assert scores.shape == (10, 3)
    assert z1.shape == a1.shape == (10, 6)
    np.testing.assert_array_equal(a1, np.maximum(z1, 0.0))
    np.testing.assert_array_equal(X_cached, X)


@pytest.mark.parametrize("reg", [0.0, 0.1])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradients_match_centered_differences(seed, reg):
    params, X, y = small_problem(seed)
    _, (_, z1, _) = network.forward(params, X)
    assert np.abs(z1).min() > 1e-4  # no ReLU input near its kink, where differences are unreliable
    _, grads = network.loss_and_grads(params, X, y, reg)
    numeric = finite_difference_grads(params, X, y, reg)
    for name in network.PARAM_NAMES:
        np.testing.assert_allclose(grads[name], numeric[name], rtol=1e-6, atol=1e-8, err_msg=name)


@pytest.mark.parametrize("reg", [0.0, REG, 0.5])
@pytest.mark.parametrize("seed", [3, 4])
def test_loss_and_gradients_match_torch_autograd(seed, reg):
    params, X, y = small_problem(seed, n=25, d=3, h=8, k=4)
    loss, grads = network.loss_and_grads(params, X, y, reg)
    loss_t, grads_t = torch_loss_and_grads(params, X, y, reg)
    assert loss == pytest.approx(loss_t, rel=1e-13)
    for name in network.PARAM_NAMES:
        np.testing.assert_allclose(grads[name], grads_t[name], rtol=1e-11, atol=1e-15, err_msg=name)


def test_relu_mask_is_applied_in_the_backward_pass():
    """Dropping the mask (the seed tutorial's bug) changes the gradient of W1, so this test can fail."""
    params, X, y = small_problem(5)
    _, grads = network.loss_and_grads(params, X, y)
    scores, (_, z1, a1) = network.forward(params, X)
    d_scores = (np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True) - np.eye(3)[y]) / len(y)
    unmasked = X.T @ (d_scores @ params["W2"].T)
    assert (z1 <= 0).any()
    assert not np.allclose(grads["W1"], unmasked)


def test_regularisation_adds_reg_times_weights():
    params, X, y = small_problem(6)
    loss0, g0 = network.loss_and_grads(params, X, y, reg=0.0)
    loss1, g1 = network.loss_and_grads(params, X, y, reg=0.2)
    penalty = 0.1 * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    assert loss1 - loss0 == pytest.approx(penalty, rel=1e-12)
    np.testing.assert_allclose(g1["W1"] - g0["W1"], 0.2 * params["W1"], atol=1e-15)
    np.testing.assert_allclose(g1["W2"] - g0["W2"], 0.2 * params["W2"], atol=1e-15)
    np.testing.assert_array_equal(g1["b1"], g0["b1"])
    np.testing.assert_array_equal(g1["b2"], g0["b2"])


def test_loss_at_initialisation_is_close_to_ln_3_on_the_spiral():
    X, y = load_spiral("train")
    params = network.init_params(2, 100, 3, np.random.default_rng(0))
    loss, _ = network.loss_and_grads(params, X, y, reg=REG)
    assert abs(loss - math.log(3)) < 1e-3
    scores, _ = network.forward(params, X)
    assert np.abs(scores).max() < 0.01


def test_a_short_training_run_reduces_the_loss_and_learns():
    X, y = load_spiral("train")
    params = network.init_params(2, 100, 3, np.random.default_rng(0))
    losses = network.train(params, X, y, reg=REG, step_size=1.0, iterations=300)
    assert losses.shape == (300,)
    assert losses[0] == pytest.approx(math.log(3), abs=1e-3)
    assert losses[-1] < 0.8 * losses[0]
    assert np.mean(network.predict(params, X) == y) > 0.5


def test_train_updates_in_place_and_zero_iterations_change_nothing():
    params, X, y = small_problem(7)
    before = {k: v.copy() for k, v in params.items()}
    assert network.train(params, X, y, iterations=0).shape == (0,)
    for name in network.PARAM_NAMES:
        np.testing.assert_array_equal(params[name], before[name])
    network.train(params, X, y, step_size=0.1, iterations=1)
    assert not np.allclose(params["W1"], before["W1"])


def test_sgd_step_moves_against_the_gradient():
    params, X, y = small_problem(8)
    _, grads = network.loss_and_grads(params, X, y)
    expected = {k: params[k] - 0.5 * grads[k] for k in network.PARAM_NAMES}
    network.sgd_step(params, grads, 0.5)
    for name in network.PARAM_NAMES:
        np.testing.assert_allclose(params[name], expected[name], rtol=0, atol=0)


def test_predict_shape_dtype_and_range():
    params, X, _ = small_problem(9, n=17, k=4)
    predicted = network.predict(params, X)
    assert predicted.shape == (17,)
    assert np.issubdtype(predicted.dtype, np.integer)
    assert predicted.min() >= 0 and predicted.max() <= 3
    scores, _ = network.forward(params, X)
    np.testing.assert_array_equal(predicted, scores.argmax(axis=1))


def test_extreme_inputs_stay_finite_without_warnings():
    params, X, y = small_problem(10)
    X = X * 1e6  # scores of order 1e6: softmax must not overflow
    loss, grads = network.loss_and_grads(params, X, y, REG)
    assert np.isfinite(loss)
    assert all(np.isfinite(g).all() for g in grads.values())


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"X": np.zeros(10)}, ValueError, r"X must be a 2-D array, got shape \(10,\)"),
        ({"X": np.zeros((10, 3))}, ValueError, r"params\['W1'\] must have shape \(3, 6\), got shape \(2, 6\)"),
        ({"X": np.full((10, 2), np.nan)}, ValueError, "X must hold finite numbers, got NaN"),
        ({"X": np.array([["a", "b"]] * 10)}, TypeError, "X must hold numbers"),
        ({"y": np.arange(10) % 4}, ValueError, r"labels must lie in 0\.\.2 for 3 classes"),
        ({"y": np.full(10, -1)}, ValueError, r"labels must lie in 0\.\.2"),
        ({"y": np.zeros(10)}, TypeError, "labels must hold integer class labels, got .*dtype float64"),
        ({"y": np.zeros(9, dtype=int)}, ValueError, r"labels must have shape \(10,\)"),
        ({"reg": -1.0}, ValueError, "reg must be a finite real number >= 0, got -1.0"),
        ({"reg": float("nan")}, ValueError, "reg must be a finite real number >= 0, got nan"),
    ],
)
def test_loss_and_grads_rejects_bad_input(change, error, match):
    params, X, y = small_problem(11)
    args = {"X": X, "y": y, "reg": 0.0} | change
    with pytest.raises(error, match=match):
        network.loss_and_grads(params, args["X"], args["y"], args["reg"])


def test_missing_or_misshapen_parameters_are_reported():
    params, X, y = small_problem(12)
    with pytest.raises(ValueError, match=r"missing \['b2'\]"):
        network.forward({k: v for k, v in params.items() if k != "b2"}, X)
    params["b1"] = params["b1"][:, None]
    with pytest.raises(ValueError, match=r"params\['b1'\] must be a 1-D array, got shape \(6, 1\)"):
        network.predict(params, X)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"step_size": 0.0}, ValueError, "step_size must be a finite real number > 0, got 0.0"),
        ({"step_size": float("nan")}, ValueError, "step_size must be a finite real number > 0, got nan"),
        ({"step_size": float("inf")}, ValueError, "step_size must be a finite real number > 0, got inf"),
        ({"iterations": -1}, ValueError, "iterations must be an integer >= 0, got -1"),
        ({"iterations": 10.0}, TypeError, "iterations must be an integer >= 0, got float 10.0"),
    ],
)
def test_train_rejects_bad_settings(kwargs, error, match):
    params, X, y = small_problem(13)
    before = {k: v.copy() for k, v in params.items()}
    with pytest.raises(error, match=match):
        network.train(params, X, y, **kwargs)
    for k in network.PARAM_NAMES:
        np.testing.assert_array_equal(params[k], before[k])
