"""Tests of the weight-by-weight 2-2-1 flower network (chapter 2)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from nnscratch.datasets.flowers import load_flowers
from nnscratch.losses import binary_cross_entropy
from nnscratch.models import flower_net
from nnscratch.models.flower_net import PARAM_NAMES, sgd_epoch


def _params(seed, scale=1.5):
    rng = np.random.default_rng(seed)
    return dict(zip(PARAM_NAMES, (scale * rng.standard_normal(9)).tolist(), strict=True))


def _loss(params, sun, water, y):
    y_hat, _ = flower_net.forward(params, sun, water)
    return -(y * math.log(y_hat) + (1 - y) * math.log(1.0 - y_hat))


# ----------------------------------------------------------------------------
# Forward pass


def test_forward_matches_the_formulas_written_out():
    p = _params(0)
    sun, water = 0.3, 0.8
    s = lambda v: 1.0 / (1.0 + math.exp(-v))
    h1 = s(p["w1"] * sun + p["w2"] * water + p["b1"])
    h2 = s(p["w3"] * sun + p["w4"] * water + p["b2"])
    expected = s(p["w5"] * h1 + p["w6"] * h2 + p["b3"])
    y_hat, cache = flower_net.forward(p, sun, water)
    assert y_hat == pytest.approx(expected, rel=1e-15)
    assert cache["a1_1"] == pytest.approx(h1, rel=1e-15) and cache["a1_2"] == pytest.approx(h2, rel=1e-15)


def test_predict_proba_agrees_with_forward_row_by_row():
    p = _params(1)
    X = np.random.default_rng(2).uniform(0, 1, size=(50, 2))
    rowwise = [flower_net.forward(p, s, w)[0] for s, w in X.tolist()]
    np.testing.assert_allclose(flower_net.predict_proba(p, X), rowwise, rtol=1e-14, atol=0)


# ----------------------------------------------------------------------------
# Backward pass: finite differences and torch.autograd


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("y", [0, 1])
def test_backward_matches_centered_finite_differences(seed, y):
    p = _params(seed)
    sun, water = np.random.default_rng(100 + seed).uniform(0, 1, size=2).tolist()
    _, cache = flower_net.forward(p, sun, water)
    grads = flower_net.backward(p, cache, y)
    h = 1e-6
    for k in PARAM_NAMES:
        plus, minus = dict(p), dict(p)
        plus[k] += h
        minus[k] -= h
        numeric = (_loss(plus, sun, water, y) - _loss(minus, sun, water, y)) / (2 * h)
        assert grads[k] == pytest.approx(numeric, rel=1e-6, abs=1e-9), k


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("y", [0, 1])
def test_backward_matches_torch_autograd(seed, y):
    p = _params(seed)
    sun, water = np.random.default_rng(200 + seed).uniform(0, 1, size=2).tolist()
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in p.items()}
    h1 = torch.sigmoid(t["w1"] * sun + t["w2"] * water + t["b1"])
    h2 = torch.sigmoid(t["w3"] * sun + t["w4"] * water + t["b2"])
    z3 = t["w5"] * h1 + t["w6"] * h2 + t["b3"]
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z3, torch.tensor(float(y), dtype=torch.float64))
    loss.backward()
    _, cache = flower_net.forward(p, sun, water)
    grads = flower_net.backward(p, cache, y)
    for k in PARAM_NAMES:
        assert grads[k] == pytest.approx(t[k].grad.item(), rel=1e-12, abs=1e-15), k


def test_output_gradient_is_prediction_minus_label():
    p = _params(3)
    _, cache = flower_net.forward(p, 0.4, 0.6)
    for y in (0, 1):
        assert flower_net.backward(p, cache, y)["b3"] == pytest.approx(cache["y_hat"] - y, rel=1e-15)


# ----------------------------------------------------------------------------
# One SGD epoch by hand


def test_sgd_epoch_equals_a_hand_computation_on_two_samples():
    p = _params(4, scale=0.8)
    X = np.array([[0.2, 0.7], [0.9, 0.1]])
    y = np.array([1, 0])
    step = 0.3
    s = lambda v: 1.0 / (1.0 + math.exp(-v))

    hand = dict(p)
    losses = []
    for (sun, water), t in zip(X.tolist(), y.tolist(), strict=True):
        w1, w2, w3, w4, w5, w6, b1, b2, b3 = (hand[k] for k in PARAM_NAMES)
        h1, h2 = s(w1 * sun + w2 * water + b1), s(w3 * sun + w4 * water + b2)
        out = s(w5 * h1 + w6 * h2 + b3)
        losses.append(-(t * math.log(out) + (1 - t) * math.log(1 - out)))
        e = out - t
        g1, g2 = e * w5 * h1 * (1 - h1), e * w6 * h2 * (1 - h2)
        updates = {"w1": g1 * sun, "w2": g1 * water, "b1": g1, "w3": g2 * sun, "w4": g2 * water, "b2": g2,
                   "w5": e * h1, "w6": e * h2, "b3": e}
        for k, g in updates.items():
            hand[k] -= step * g

    mean_loss = sgd_epoch(p, X, y, step)
    assert mean_loss == pytest.approx(sum(losses) / 2, rel=1e-13)
    for k in PARAM_NAMES:
        assert p[k] == pytest.approx(hand[k], rel=1e-13, abs=1e-15), k


def test_sgd_epoch_order_matters_and_train_shuffles_reproducibly():
    X, y = load_flowers("train")
    X, y = X[:20], y[:20]
    a, b = flower_net.init_params(np.random.default_rng(0)), flower_net.init_params(np.random.default_rng(0))
    sgd_epoch(a, X, y, 0.5)
    sgd_epoch(b, X[::-1], y[::-1], 0.5)
    assert a != b
    runs = []
    for _ in range(2):
        p = flower_net.init_params(np.random.default_rng(0))
        runs.append((flower_net.train(p, X, y, 0.5, 3, rng=np.random.default_rng(9)), p))
    assert runs[0] == runs[1]
    fixed = flower_net.init_params(np.random.default_rng(0))
    flower_net.train(fixed, X, y, 0.5, 3)
    assert fixed != runs[0][1]


# ----------------------------------------------------------------------------
# Initialisation and learning


def test_init_is_glorot_uniform_with_zero_biases():
    draws = np.array([[flower_net.init_params(np.random.default_rng(s))[k] for k in PARAM_NAMES] for s in range(400)])
    assert np.all(np.abs(draws[:, :4]) <= math.sqrt(6 / 4))
    assert np.all(np.abs(draws[:, 4:6]) <= math.sqrt(6 / 3))
    assert np.all(draws[:, 6:] == 0.0)
    assert abs(draws[:, :6].mean()) < 0.1  # centred on zero
    assert all(isinstance(v, float) for v in flower_net.init_params(np.random.default_rng(0)).values())


def test_network_learns_the_band():
    X, y = load_flowers("train")
    Xt, yt = load_flowers("test")
    p = flower_net.init_params(np.random.default_rng(1))
    history = flower_net.train(p, X, y, step_size=0.5, epochs=200, rng=np.random.default_rng(2))
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["accuracy"][-1] >= 0.9
    assert np.mean((flower_net.predict_proba(p, Xt) >= 0.5) == yt) >= 0.9
    # The mean loss during the epoch is close to the loss after it.
    after = binary_cross_entropy(flower_net.predict_proba(p, X), y)
    assert after == pytest.approx(history["loss"][-1], abs=0.05)


# ----------------------------------------------------------------------------
# Bad inputs


@pytest.mark.parametrize(
    ("mutate", "error", "match"),
    [
        (lambda p: p.pop("b2"), ValueError, r"missing \['b2'\]"),
        (lambda p: p.update(w3="1.0"), TypeError, r"params\['w3'\] must be a finite real number, got str"),
        (lambda p: p.update(w5=float("nan")), ValueError, r"params\['w5'\] must be a finite real number, got nan"),
        (lambda p: p.update(b1=float("inf")), ValueError, r"params\['b1'\] must be a finite real number, got inf"),
    ],
)
def test_bad_params_are_rejected(mutate, error, match):
    p = _params(0)
    mutate(p)
    with pytest.raises(error, match=match):
        flower_net.forward(p, 0.5, 0.5)


def test_params_must_be_a_dict():
    with pytest.raises(TypeError, match="params must be a dict"):
        flower_net.predict_proba([1.0] * 9, np.zeros((1, 2)))


@pytest.mark.parametrize(
    ("sun", "water", "error"),
    [(np.array([0.1, 0.2]), 0.5, TypeError), ("0.5", 0.5, TypeError), (0.5, float("nan"), ValueError)],
)
def test_forward_rejects_non_scalar_inputs(sun, water, error):
    with pytest.raises(error, match="sun|water"):
        flower_net.forward(_params(0), sun, water)


@pytest.mark.parametrize("y", [0.5, 2, -1, "1", True])
def test_backward_rejects_bad_labels(y):
    p = _params(0)
    _, cache = flower_net.forward(p, 0.5, 0.5)
    with pytest.raises((ValueError, TypeError), match="y must be the label 0 or 1, got"):
        flower_net.backward(p, cache, y)


def test_backward_rejects_a_foreign_cache():
    with pytest.raises(ValueError, match="cache must be the dict returned by flower_net.forward"):
        flower_net.backward(_params(0), {"h1": 0.5}, 1)


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (np.zeros((4, 3)), np.zeros(4), r"shape \(N, 2\)"),
        (np.zeros(4), np.zeros(4), r"shape \(N, 2\)"),
        (np.zeros((0, 2)), np.zeros(0), r"shape \(N, 2\)"),
        (np.zeros((4, 2)), np.zeros(3), r"y must have shape \(4,\)"),
        (np.zeros((2, 2)), np.array([0, 2]), "only 0 and 1"),
        (np.array([[0.1, np.nan], [0.2, 0.3]]), np.array([0, 1]), "NaN"),
        (np.array([[0.1, np.inf], [0.2, 0.3]]), np.array([0, 1]), "finite"),
    ],
)
def test_sgd_epoch_rejects_bad_data(X, y, match):
    with pytest.raises(ValueError, match=match):
        sgd_epoch(_params(0), X, y, 0.1)


@pytest.mark.parametrize("step", [0.0, -0.1, float("nan")])
def test_step_size_must_be_positive(step):
    with pytest.raises(ValueError, match="step_size"):
        sgd_epoch(_params(0), np.zeros((2, 2)), np.array([0, 1]), step)


@pytest.mark.parametrize(("epochs", "rng"), [(0, None), (2.0, None), (True, None)])
def test_train_rejects_bad_epochs(epochs, rng):
    with pytest.raises((ValueError, TypeError), match="epochs must be an integer >= 1, got"):
        flower_net.train(_params(0), np.zeros((2, 2)), np.array([0, 1]), 0.1, epochs, rng=rng)


def test_train_rejects_a_seed_instead_of_a_generator():
    with pytest.raises(TypeError, match="Generator"):
        flower_net.train(_params(0), np.zeros((2, 2)), np.array([0, 1]), 0.1, 1, rng=42)


def test_init_rejects_a_seed_instead_of_a_generator():
    with pytest.raises(TypeError, match="Generator"):
        flower_net.init_params(42)


def test_divergence_is_reported_not_hidden():
    p = dict.fromkeys(PARAM_NAMES, 0.0)
    p["w5"] = p["w6"] = 50.0  # dL/dw1 = (y_hat - 0) * 50 * 0.25 * 1, about 12.5: times 1e308 overflows
    with pytest.raises(FloatingPointError, match=r"diverged: \['w1'"):
        sgd_epoch(p, np.array([[1.0, 1.0], [0.5, 0.2]]), np.array([0, 1]), 1e308)


# ----------------------------------------------------------------------------
# Extreme inputs: no warning, no NaN


@given(
    weights=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=9, max_size=9),
    sun=st.floats(-1e3, 1e3),
    water=st.floats(-1e3, 1e3),
    y=st.sampled_from([0, 1]),
)
@settings(max_examples=200, deadline=None)
def test_extreme_values_stay_finite_without_warnings(weights, sun, water, y):
    p = dict(zip(PARAM_NAMES, weights, strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y_hat, cache = flower_net.forward(p, sun, water)
        grads = flower_net.backward(p, cache, y)
        proba = flower_net.predict_proba(p, np.array([[sun, water]]))
        loss = sgd_epoch(dict(p), np.array([[sun, water]]), np.array([y]), 1e-3)
    assert 0.0 <= y_hat <= 1.0 and proba[0] == pytest.approx(y_hat, abs=1e-12)
    assert all(math.isfinite(g) for g in grads.values())
    assert math.isfinite(loss) and loss >= 0.0


def test_confident_wrong_prediction_gives_a_large_finite_loss():
    p = dict.fromkeys(PARAM_NAMES, 0.0)
    p["b3"] = 800.0  # sigmoid(800) == 1.0 exactly in float64
    y_hat, _ = flower_net.forward(p, 0.5, 0.5)
    assert y_hat == 1.0
    loss = sgd_epoch(dict(p), np.array([[0.5, 0.5]]), np.array([0]), 1e-6)
    assert loss == pytest.approx(800.0 + math.log1p(math.exp(-800.0)))
