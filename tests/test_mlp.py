"""Tests for nnscratch.models.mlp, the vectorized one-hidden-layer sigmoid network of chapter 3.

References: centered finite differences and torch.autograd (float64) for the
gradients, and the published output of the OR notebook that chapter 3 reproduces.
"""

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from nnscratch.datasets.gates import logic_gate
from nnscratch.losses import binary_cross_entropy
from nnscratch.models import mlp

# Published output of source 001 (OR, 2-3-1, no bias, np.random.seed(1), rand for
# both matrices, mean squared error, step size 0.05, 10 000 iterations, float32 inputs).
PUBLISHED_ERRORS = [1.960156e-01, 1.651662e-01, 1.593565e-01, 1.550351e-01, 1.511067e-01,
                    1.465351e-01, 1.392272e-01, 1.234844e-01, 9.350530e-02, 6.205274e-02]
PUBLISHED_HIDDEN = [1.66707072, 2.43454525, -1.50667653, 1.66659174, 2.29166158, -1.50681196]
PUBLISHED_OUTPUT = [0.70570663, 2.04736287, -4.12867523]

# Chapter 3's XOR settings: 2-2-1 with biases, uniform [0, 1) weights from
# default_rng(0), binary cross-entropy, step size 1.0, 3000 iterations.
XOR_SEED, XOR_HIDDEN, XOR_STEP, XOR_ITERATIONS = 0, 2, 1.0, 3000


def random_problem(seed, n=5, d=3, h=4, o=2, bias=True, loss="mse"):
    rng = np.random.default_rng(seed)
    params = mlp.init_params(d, h, o, rng, bias=bias, low=-1.0, high=1.0)
    if bias:  # non-zero biases, so their gradients are exercised too
        params["b1"] = rng.normal(size=h)
        params["b2"] = rng.normal(size=o)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, 2, size=(n, o)).astype(float) if loss == "bce" else rng.uniform(size=(n, o))
    return params, X, y


def loss_at(params, X, y, loss):
    y_hat, _ = mlp.forward(params, X)
    return mlp.loss(y_hat, y, loss)


# ---------------------------------------------------------------- initialisation

def test_init_reproduces_the_legacy_seed_recipe():
    params = mlp.init_params(2, 3, 1, np.random.RandomState(1), bias=False)
    np.random.seed(1)
    np.testing.assert_array_equal(params["W1"], np.random.rand(2, 3))
    np.testing.assert_array_equal(params["W2"], np.random.rand(3, 1))
    assert params["b1"] is None and params["b2"] is None


def test_init_shapes_range_and_zero_biases():
    params = mlp.init_params(4, 5, 2, np.random.default_rng(3), low=-0.5, high=0.25)
    assert params["W1"].shape == (4, 5) and params["W2"].shape == (5, 2)
    for W in (params["W1"], params["W2"]):
        assert W.min() >= -0.5 and W.max() < 0.25
    np.testing.assert_array_equal(params["b1"], np.zeros(5))
    np.testing.assert_array_equal(params["b2"], np.zeros(2))


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((0, 3, 1), {}, ValueError, "n_inputs must be an integer >= 1"),
        ((2, 2.5, 1), {}, TypeError, "n_hidden must be an integer >= 1, got float 2.5"),
        ((2, 3, True), {}, TypeError, "n_outputs must be an integer >= 1, got bool True"),
        ((2, 3, 1), {"bias": "yes"}, TypeError, "bias must be True or False"),
        ((2, 3, 1), {"low": 1.0, "high": 1.0}, ValueError, "high must be greater than low"),
        ((2, 3, 1), {"high": np.inf}, ValueError, "high must be a finite real number, got inf"),
        ((2, 3, 1), {"low": -1e308, "high": 1e308}, ValueError, "high - low must be a finite number"),
        ((2, 3, 1), {"low": 1j}, TypeError, "low must be a finite real number, got complex"),
    ],
)
def test_init_rejects_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        mlp.init_params(*args, np.random.default_rng(0), **kwargs)


def test_init_rejects_a_seed_instead_of_a_generator():
    with pytest.raises(TypeError, match="rng must be a numpy Generator or RandomState, got int"):
        mlp.init_params(2, 3, 1, 1)


# ---------------------------------------------------------------- forward pass

def test_forward_matches_the_formula_row_by_row():
    params, X, _ = random_problem(0)
    y_hat, (X_c, h, y_c) = mlp.forward(params, X)
    for n in range(X.shape[0]):  # one sample at a time, as in chapter 2
        h_n = 1.0 / (1.0 + np.exp(-(X[n] @ params["W1"] + params["b1"])))
        y_n = 1.0 / (1.0 + np.exp(-(h_n @ params["W2"] + params["b2"])))
        np.testing.assert_allclose(h[n], h_n, rtol=1e-14)
        np.testing.assert_allclose(y_hat[n], y_n, rtol=1e-14)
    assert y_c is y_hat and X_c.shape == X.shape


def test_without_bias_the_zero_input_gives_sigmoid_of_half_the_output_weights():
    params = mlp.init_params(2, 3, 1, np.random.default_rng(1), bias=False, low=-2.0, high=2.0)
    y_hat, _ = mlp.forward(params, np.zeros((1, 2)))
    expected = 1.0 / (1.0 + np.exp(-0.5 * params["W2"].sum()))
    assert y_hat[0, 0] == pytest.approx(expected, rel=1e-14)


def test_forward_accepts_float32_and_integer_inputs_and_computes_in_float64():
    params, _, _ = random_problem(2, d=2)
    X = np.array([[0, 1], [1, 1]])
    y64, _ = mlp.forward(params, X.astype(np.float64))
    for X_other in (X, X.astype(np.float32)):
        y_hat, _ = mlp.forward(params, X_other)
        assert y_hat.dtype == np.float64
        np.testing.assert_array_equal(y_hat, y64)


# ---------------------------------------------------------------- gradients

@pytest.mark.parametrize("loss", ["mse", "bce"])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradients_match_centered_finite_differences(loss, bias, seed):
    params, X, y = random_problem(seed, bias=bias, loss=loss)
    _, cache = mlp.forward(params, X)
    grads = mlp.backward(params, cache, y, loss)
    assert set(grads) == ({"W1", "b1", "W2", "b2"} if bias else {"W1", "W2"})
    eps = 1e-6
    for name, grad in grads.items():
        assert grad.shape == params[name].shape
        numeric = np.zeros_like(grad)
        for idx in np.ndindex(grad.shape):
            original = params[name][idx]
            params[name][idx] = original + eps
            up = loss_at(params, X, y, loss)
            params[name][idx] = original - eps
            down = loss_at(params, X, y, loss)
            params[name][idx] = original
            numeric[idx] = (up - down) / (2 * eps)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9, err_msg=f"{loss} {name}")


def torch_loss_and_grads(params, X, y, loss):
    """The same network written with torch operations; autograd supplies the gradients."""
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items() if v is not None}
    z1 = torch.tensor(X, dtype=torch.float64) @ t["W1"]
    if "b1" in t:
        z1 = z1 + t["b1"]
    z2 = torch.sigmoid(z1) @ t["W2"]
    if "b2" in t:
        z2 = z2 + t["b2"]
    y_t = torch.tensor(y, dtype=torch.float64)
    if loss == "mse":
        value = torch.nn.functional.mse_loss(torch.sigmoid(z2), y_t)
    else:
        value = torch.nn.functional.binary_cross_entropy(torch.sigmoid(z2), y_t)
    value.backward()
    return value.item(), {k: v.grad.numpy() for k, v in t.items()}


@pytest.mark.parametrize("loss", ["mse", "bce"])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_loss_and_gradients_match_torch_autograd(loss, bias, seed):
    params, X, y = random_problem(seed, n=7, d=2, h=3, o=1, bias=bias, loss=loss)
    y_hat, cache = mlp.forward(params, X)
    grads = mlp.backward(params, cache, y, loss)
    torch_value, torch_grads = torch_loss_and_grads(params, X, y, loss)
    assert mlp.loss(y_hat, y, loss) == pytest.approx(torch_value, rel=1e-12)
    assert set(grads) == set(torch_grads)
    for name in grads:
        np.testing.assert_allclose(grads[name], torch_grads[name], rtol=1e-10, atol=1e-12, err_msg=name)


def test_mse_factor_is_half_the_residual_for_four_samples():
    """The source's dE/df = 0.5 (f - f0) is 2 (f - f0) / N with N = 4 samples."""
    X, y = logic_gate("OR")
    params = mlp.init_params(2, 3, 1, np.random.RandomState(1), bias=False)
    y_hat, (_, h, _) = mlp.forward(params, X)
    delta2 = 0.5 * (y_hat - y) * (y_hat * (1.0 - y_hat))
    grads = mlp.backward(params, (X, h, y_hat), y, "mse")
    np.testing.assert_array_equal(grads["W2"], h.T @ delta2)


def test_losses():
    y_hat = np.array([[0.2], [0.9], [0.5]])
    y = np.array([[0.0], [1.0], [1.0]])
    assert mlp.loss(y_hat, y) == pytest.approx((0.04 + 0.01 + 0.25) / 3, rel=1e-14)
    assert mlp.loss(y_hat, y, "bce") == binary_cross_entropy(y_hat, y)


# ---------------------------------------------------------------- training

def test_or_reproduces_the_published_run():
    X, y = logic_gate("OR")
    params = mlp.init_params(2, 3, 1, np.random.RandomState(1), bias=False)
    losses = mlp.train(params, X.astype(np.float32), y.astype(np.float32), step_size=0.05, iterations=10_000)
    # The source printed the mean squared error every 1000 steps with 7 significant digits.
    assert [f"{e:.6e}" for e in losses[::1000]] == [f"{e:.6e}" for e in PUBLISHED_ERRORS]
    # ... and the final weights with 8 decimals: the difference is at most the rounding.
    np.testing.assert_allclose(params["W1"].ravel(), PUBLISHED_HIDDEN, rtol=0, atol=5e-9)
    np.testing.assert_allclose(params["W2"].ravel(), PUBLISHED_OUTPUT, rtol=0, atol=5e-9)


def test_xor_is_learned_to_full_accuracy_with_the_chapter_settings():
    X, y = logic_gate("XOR")
    params = mlp.init_params(2, XOR_HIDDEN, 1, np.random.default_rng(XOR_SEED))
    losses = mlp.train(params, X, y, step_size=XOR_STEP, iterations=XOR_ITERATIONS, loss="bce")
    np.testing.assert_array_equal(mlp.predict(params, X), [0, 1, 1, 0])
    assert losses[-1] < 0.05 < losses[0]


@settings(max_examples=200, deadline=None)
@given(st.floats(-100, 100), st.floats(-100, 100), st.floats(-100, 100))
def test_no_single_line_gets_more_than_three_xor_points_right(w1, w2, b):
    """Why chapter 3 needs a hidden layer: a single neuron's boundary is a line."""
    X, y = logic_gate("XOR")
    predicted = (X @ np.array([w1, w2]) + b > 0).astype(int)
    assert np.sum(predicted == y[:, 0]) <= 3


def test_train_updates_in_place_and_returns_the_loss_before_each_step():
    params, X, y = random_problem(4)
    before = {k: v.copy() for k, v in params.items()}
    W1 = params["W1"]
    losses = mlp.train(params, X, y, step_size=0.5, iterations=3)
    assert params["W1"] is W1 and not np.array_equal(W1, before["W1"])
    assert losses[0] == pytest.approx(loss_at(before, X, y, "mse"), rel=1e-14)
    assert losses.shape == (3,) and losses[2] < losses[0]


def test_train_matches_forward_backward_and_step():
    params, X, y = random_problem(5, loss="bce")
    manual = {k: v.copy() for k, v in params.items()}
    losses = mlp.train(params, X, y, step_size=0.3, iterations=4, loss="bce")
    for step in range(4):
        y_hat, cache = mlp.forward(manual, X)
        assert losses[step] == pytest.approx(mlp.loss(y_hat, y, "bce"), rel=1e-15)
        mlp.sgd_step(manual, mlp.backward(manual, cache, y, "bce"), 0.3)
    for name in params:
        np.testing.assert_allclose(params[name], manual[name], rtol=1e-14)


def test_train_converts_non_float64_parameters_and_logs(capsys):
    params, X, y = random_problem(6)
    params["W1"] = params["W1"].astype(np.float32)
    losses = mlp.train(params, X, y, step_size=0.1, iterations=5, log_every=2)
    assert params["W1"].dtype == np.float64
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["step      0", "step      2", "step      4"]
    assert lines[2].endswith(f"loss {losses[4]:.6e}")


def test_predict_thresholds_the_single_output():
    params = {"W1": np.eye(2), "b1": None, "W2": np.array([[4.0], [-4.0]]), "b2": None}
    np.testing.assert_array_equal(mlp.predict(params, [[3.0, -3.0], [-3.0, 3.0]]), [1, 0])


# ---------------------------------------------------------------- bad inputs

def good():
    params, X, y = random_problem(7, n=4, d=2, h=3, o=1)
    return params, X, y


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (lambda p, X: (p, X[:, 0]), ValueError, r"X must be a 2-D array, got shape \(4,\)"),
        (lambda p, X: (p, X[:, :1]), ValueError, "params\\['W1'\\] must have 1 rows"),
        (lambda p, X: (p, np.where(X > 0, np.nan, X)), ValueError, "X must hold finite numbers, got NaN"),
        (lambda p, X: (p, np.where(X > 0, np.inf, X)), ValueError, "X must hold finite numbers"),
        (lambda p, X: (p, [["a", "b"]]), TypeError, "X must hold numbers"),
        (lambda p, X: ({**p, "W2": np.ones((4, 1))}, X), ValueError, "params\\['W2'\\] must have 3 rows"),
        (lambda p, X: ({**p, "b1": np.ones(2)}, X), ValueError, r"params\['b1'\] must have shape \(3,\)"),
        (lambda p, X: ({**p, "b2": np.ones((1, 1))}, X), ValueError, r"params\['b2'\] must have shape \(1,\)"),
        (lambda p, X: ({"W1": p["W1"], "W2": p["W2"]}, X), ValueError, r"missing \['b1', 'b2'\]"),
        (lambda p, X: ({**p, "W1": np.ones(2)}, X), ValueError, r"params\['W1'\] must be a 2-D array"),
        (lambda p, X: ([p["W1"], p["W2"]], X), TypeError, "params must be a dict"),
    ],
)
def test_forward_rejects_bad_inputs(change, error, match):
    params, X, _ = good()
    params, X = change(params, X)
    with pytest.raises(error, match=match):
        mlp.forward(params, X)


def test_backward_and_loss_reject_bad_targets_and_loss_names():
    params, X, y = good()
    y_hat, cache = mlp.forward(params, X)
    with pytest.raises(ValueError, match=r"y_hat and y must have the same shape, got \(4, 1\) and \(4,\)"):
        mlp.backward(params, cache, y[:, 0])
    with pytest.raises(ValueError, match="loss must be one of"):
        mlp.backward(params, cache, y, loss="hinge")
    with pytest.raises(ValueError, match="y must contain only 0 and 1"):
        mlp.backward(params, cache, y, loss="bce")
    with pytest.raises(ValueError, match="y must hold finite numbers, got NaN"):
        mlp.loss(y_hat, np.full_like(y, np.nan))
    with pytest.raises(TypeError, match="cache must be the"):
        mlp.backward(params, y_hat, y)
    other, _, _ = random_problem(8, n=4, d=2, h=5, o=1)
    with pytest.raises(ValueError, match="cache must belong to these params"):
        mlp.backward(other, cache, y)


def test_step_train_and_predict_reject_bad_settings():
    params, X, y = good()
    _, cache = mlp.forward(params, X)
    grads = mlp.backward(params, cache, y)
    for bad_step, error in ((0.0, ValueError), (-0.1, ValueError), (np.nan, ValueError), (np.inf, ValueError),
                            ("0.1", TypeError), (True, TypeError)):
        with pytest.raises(error, match="step_size must be a finite real number > 0, got"):
            mlp.sgd_step(params, grads, bad_step)
        with pytest.raises(error, match="step_size must be a finite real number > 0, got"):
            mlp.train(params, X, y, bad_step, 1)
    with pytest.raises(ValueError, match="grads\\['W1'\\] must have the shape of params"):
        mlp.sgd_step(params, {"W1": np.ones(3)}, 0.1)
    with pytest.raises(ValueError, match="no matching trainable parameter"):
        mlp.sgd_step({**params, "b1": None}, {"b1": np.ones(3)}, 0.1)
    for bad, error in ((-1, ValueError), (2.0, TypeError), (True, TypeError)):
        with pytest.raises(error, match="iterations must be an integer >= 0"):
            mlp.train(params, X, y, 0.1, bad)
    with pytest.raises(ValueError, match="log_every must be an integer >= 1 or None, got 0"):
        mlp.train(params, X, y, 0.1, 3, log_every=0)
    with pytest.raises(ValueError, match="threshold must be a finite real number > 0 and < 1"):
        mlp.predict(params, X, threshold=1.0)
    two_outputs = mlp.init_params(2, 3, 2, np.random.default_rng(0))
    with pytest.raises(ValueError, match="params must describe a network with one output .*, got one with 2"):
        mlp.predict(two_outputs, X)


# ---------------------------------------------------------------- extreme inputs

@pytest.mark.parametrize("loss", ["mse", "bce"])
@pytest.mark.parametrize("scale", [1e3, 1e6, 1e150])
def test_extreme_inputs_stay_finite_without_warnings(loss, scale):
    params, X, y = random_problem(9, n=6, d=2, h=3, o=1, loss=loss)
    X = np.array([[1.0, -1.0], [-1.0, 1.0], [1.0, 1.0], [-1.0, -1.0], [0.5, -2.0], [0.0, 3.0]]) * scale
    params["W1"] = params["W1"] * 50.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y_hat, cache = mlp.forward(params, X)
        value = mlp.loss(y_hat, y, loss)
        grads = mlp.backward(params, cache, y, loss)
        mlp.train(params, X, y, step_size=1.0, iterations=3, loss=loss)
    assert np.isfinite(y_hat).all() and ((y_hat >= 0) & (y_hat <= 1)).all()
    assert np.isfinite(value)
    assert all(np.isfinite(g).all() for g in grads.values())
    assert all(np.isfinite(v).all() for v in params.values())
