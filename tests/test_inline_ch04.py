"""The functions chapter 4 writes inline agree with the package versions later chapters import."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import centered_difference
from notebook_defs import load_inline_defs

from nnscratch import activations, losses
from nnscratch.datasets.spiral import load_spiral
from nnscratch.models import network


@pytest.fixture(scope="module")
def inline():
    return load_inline_defs("04_spiral_softmax.ipynb")


def random_logits(seed, n=20, k=3, scale=5.0):
    rng = np.random.default_rng(seed)
    return rng.normal(scale=scale, size=(n, k)), rng.integers(0, k, size=n)


def test_the_chapter_defines_each_function(inline):
    expected = {"softmax", "softmax_cross_entropy", "softmax_cross_entropy_grad", "relu", "relu_grad",
                "loss_and_grads", "train"}
    assert expected <= set(inline)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_softmax_and_cross_entropy_agree(inline, seed):
    logits, labels = random_logits(seed, k=3 + seed)
    np.testing.assert_allclose(inline["softmax"](logits), activations.softmax(logits), rtol=1e-15, atol=0)
    assert inline["softmax_cross_entropy"](logits, labels) == pytest.approx(
        losses.softmax_cross_entropy(logits, labels), rel=1e-15)
    np.testing.assert_allclose(inline["softmax_cross_entropy_grad"](logits, labels),
                               losses.softmax_cross_entropy_grad(logits, labels), rtol=1e-15, atol=0)


def test_inline_softmax_is_stable_at_extreme_logits(inline):
    logits = np.array([[1e4, 0.0, -1e4], [1000.0, 999.0, 998.0]])
    with np.errstate(over="raise", invalid="raise"):
        p = inline["softmax"](logits)
        loss = inline["softmax_cross_entropy"](logits, np.array([2, 0]))
    np.testing.assert_allclose(p, activations.softmax(logits))
    assert loss == pytest.approx(losses.softmax_cross_entropy(logits, np.array([2, 0])))


def test_relu_and_its_gradient_agree(inline):
    z = np.concatenate([np.random.default_rng(3).normal(size=50), [0.0, -0.0, 1e-300, -1e-300]])
    np.testing.assert_array_equal(inline["relu"](z), activations.relu(z))
    np.testing.assert_array_equal(inline["relu_grad"](z), activations.relu_grad(z))


@pytest.mark.parametrize("reg", [0.0, 1e-3, 0.3])
def test_loss_and_grads_agree_on_a_random_network(inline, reg):
    rng = np.random.default_rng(4)
    params = network.init_params(3, 7, 4, rng, scale=1.0)
    params["b1"] = rng.normal(size=7)
    X, y = rng.normal(size=(15, 3)), rng.integers(0, 4, size=15)
    loss_inline, grads_inline = inline["loss_and_grads"](params, X, y, reg)
    loss_package, grads_package = network.loss_and_grads(params, X, y, reg)
    assert loss_inline == pytest.approx(loss_package, rel=1e-14)
    for name in network.PARAM_NAMES:
        np.testing.assert_allclose(grads_inline[name], grads_package[name], rtol=1e-13, atol=1e-16, err_msg=name)


def test_inline_loss_and_grads_match_finite_differences(inline):
    # an independent reference: no package code, biases away from 0, scale-1 weights so
    # that no pre-activation sits within h of the ReLU's kink
    rng = np.random.default_rng(7)
    params = {"W1": rng.normal(size=(2, 6)), "b1": rng.normal(size=6),
              "W2": rng.normal(size=(6, 3)), "b2": rng.normal(size=3)}
    X, y = rng.normal(size=(12, 2)), rng.integers(0, 3, size=12)
    z1 = X @ params["W1"] + params["b1"]
    assert np.abs(z1).min() > 1e-3
    _, grads = inline["loss_and_grads"](params, X, y, 0.1)
    for name in params:
        def loss_at(value, name=name):
            return inline["loss_and_grads"]({**params, name: value}, X, y, 0.1)[0]
        numeric = centered_difference(loss_at, params[name])
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-6, atol=1e-9, err_msg=name)


def test_train_agrees_with_the_package_on_the_spiral(inline):
    X, y = load_spiral("train")
    start = network.init_params(2, 100, 3, np.random.default_rng(0))
    a = {k: v.copy() for k, v in start.items()}
    b = {k: v.copy() for k, v in start.items()}
    history_inline = inline["train"](a, X, y, 1e-3, 1.0, 50)
    history_package = network.train(b, X, y, reg=1e-3, step_size=1.0, iterations=50)
    np.testing.assert_allclose(history_inline, history_package, rtol=1e-13)
    for name in network.PARAM_NAMES:
        np.testing.assert_allclose(a[name], b[name], rtol=1e-12, atol=1e-15, err_msg=name)
