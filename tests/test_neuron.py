"""Tests of nnscratch.models.neuron, the single sigmoid neuron of chapter 1."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnscratch.datasets import load_csv
from nnscratch.losses import squared_error
from nnscratch.models import neuron

# The published run: np.random.seed(1), weights 2 * U[0, 1) - 1, no bias,
# step size 1, 1000 iterations of batch gradient descent.
PUBLISHED_OUTPUTS = np.array([0.03178421, 0.97414645, 0.97906682, 0.02576499])
PUBLISHED_WEIGHTS = np.array([7.26283009, -0.21614618, -3.41703015])


def table():
    frame = load_csv("single_neuron.csv", columns=["x1", "x2", "x3", "y"])
    return frame[["x1", "x2", "x3"]].to_numpy(), frame["y"].to_numpy()


def published_start():
    np.random.seed(1)
    return 2 * np.random.random((3, 1)) - 1


def test_table_is_the_published_one():
    X, y = table()
    np.testing.assert_array_equal(X, [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])


def test_reproduces_published_weights_and_outputs():
    X, y = table()
    w0 = published_start()
    w, b, history = neuron.train(X, y, w0, b=None, step_size=1.0, iterations=1000)
    assert b is None
    assert np.max(np.abs(w - PUBLISHED_WEIGHTS)) < 5e-9
    # The published outputs are the predictions of the last pass, made just
    # before the 1000th update: those of the weights after 999 updates.
    w_999, _, _ = neuron.train(X, y, w0, iterations=999)
    assert np.max(np.abs(neuron.forward(X, w_999) - PUBLISHED_OUTPUTS)) < 5e-9
    # ...and they are what the history's last loss was measured on.
    assert history["loss"][-1] == pytest.approx(squared_error(PUBLISHED_OUTPUTS, y), abs=1e-8)
    assert history["accuracy"][-1] == 1.0
    # The weights after the final update predict slightly differently.
    assert np.max(np.abs(neuron.forward(X, w) - PUBLISHED_OUTPUTS)) > 1e-6


def test_training_does_not_modify_inputs_and_returns_flat_weights():
    X, y = table()
    w0 = published_start()
    kept = w0.copy()
    w, _, history = neuron.train(X, y, w0, iterations=5)
    np.testing.assert_array_equal(w0, kept)
    assert w.shape == (3,)
    assert set(history) == {"loss", "accuracy"}
    assert history["loss"].shape == history["accuracy"].shape == (5,)
    w, b, history = neuron.train(X, y, w0, iterations=0)
    np.testing.assert_array_equal(w, kept.ravel())
    assert history["loss"].size == 0


def test_loss_history_is_the_loss_of_each_iterations_weights():
    X, y = table()
    w0 = published_start().ravel()
    _, _, history = neuron.train(X, y, w0, iterations=3, step_size=0.5)
    w = w0.copy()
    for i in range(3):
        assert history["loss"][i] == pytest.approx(squared_error(neuron.forward(X, w), y), rel=1e-12)
        w = w - 0.5 * neuron.gradients(X, y, w)[0]


def test_training_lowers_the_loss_and_bias_is_trained():
    X, y = table()
    w0 = published_start()
    _, _, no_bias = neuron.train(X, y, w0, iterations=200)
    assert no_bias["loss"][-1] < no_bias["loss"][0]
    # AND of two inputs needs a threshold: only a neuron with a bias fits it.
    X_and = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    y_and = np.array([0, 0, 0, 1])
    w, b, with_bias = neuron.train(X_and, y_and, np.zeros(2), b=0.0, iterations=2000)
    _, none, without = neuron.train(X_and, y_and, np.zeros(2), iterations=2000)
    assert none is None
    assert b < 0
    assert with_bias["accuracy"][-1] == 1.0
    assert without["accuracy"][-1] < 1.0
    assert with_bias["loss"][-1] < 0.05 < without["loss"][-1]
    # With no bias the all-zeros input is stuck at sigmoid(0) = 0.5.
    assert neuron.forward([[0.0, 0.0]], np.array([123.0, -45.0]), None)[0] == 0.5


def test_forward_values_and_bias():
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    w = np.array([0.5, -0.25])
    s = X @ w + 0.3
    np.testing.assert_allclose(neuron.forward(X, w, 0.3), 1 / (1 + np.exp(-s)), rtol=1e-15)
    np.testing.assert_array_equal(neuron.forward(X, w, None), neuron.forward(X, w, 0.0))
    np.testing.assert_array_equal(neuron.forward(X, w.reshape(2, 1)), neuron.forward(X, w))


def centered_differences(f, x, h=1e-6):
    x = np.array(x, dtype=float)
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def loss(X, y, w, b):
    return squared_error(neuron.forward(X, w, b), y)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradients_match_finite_differences(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 4))
    y = rng.integers(0, 2, size=6)
    w = rng.normal(size=4)
    b = float(rng.normal())
    grad_w, grad_b = neuron.gradients(X, y, w, b)
    np.testing.assert_allclose(grad_w, centered_differences(lambda v: loss(X, y, v, b), w), atol=1e-8)
    assert grad_b == pytest.approx(centered_differences(lambda v: loss(X, y, w, float(v)), b), abs=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradients_match_torch_autograd(seed):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(5, 3)) * 3
    y = rng.integers(0, 2, size=5)
    w = rng.normal(size=3)
    b = float(rng.normal())
    Xt = torch.tensor(X, dtype=torch.float64)
    yt = torch.tensor(y, dtype=torch.float64)
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    E = 0.5 * ((torch.sigmoid(Xt @ wt + bt) - yt) ** 2).sum()
    E.backward()
    grad_w, grad_b = neuron.gradients(X, y, w, b)
    np.testing.assert_allclose(grad_w, wt.grad.numpy(), rtol=1e-12, atol=1e-15)
    assert grad_b == pytest.approx(bt.grad.item(), rel=1e-12, abs=1e-15)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(-50, 50), min_size=3, max_size=3),
    st.floats(-50, 50),
    st.lists(st.sampled_from([0, 1]), min_size=4, max_size=4),
)
def test_gradient_is_the_chain_rule_product(w, b, y):
    X, _ = table()
    grad_w, grad_b = neuron.gradients(X, y, np.array(w), b)
    y_hat = neuron.forward(X, np.array(w), b)
    delta = (y_hat - np.array(y)) * y_hat * (1 - y_hat)
    # Entries of delta are at most 1/4 in size; sums of them may cancel, hence the absolute tolerance.
    np.testing.assert_allclose(grad_w, X.T @ delta, rtol=1e-9, atol=1e-15)
    assert np.isfinite(grad_w).all()
    assert grad_b == pytest.approx(delta.sum(), rel=1e-9, abs=1e-15)


def test_extreme_weights_give_no_warning_and_no_nan():
    X, y = table()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for scale in (1e3, 1e6, 1e100):
            w = scale * np.array([1.0, -1.0, 1.0])
            y_hat = neuron.forward(X, w, -scale)
            grad_w, grad_b = neuron.gradients(X, y, w, -scale)
            assert np.isfinite(y_hat).all() and ((0 <= y_hat) & (y_hat <= 1)).all()
            assert np.isfinite(grad_w).all() and np.isfinite(grad_b)
        w, b, history = neuron.train(X, y, 1e6 * np.ones(3), b=-1e6, step_size=1e3, iterations=20)
        assert np.isfinite(w).all() and np.isfinite(b) and np.isfinite(history["loss"]).all()


X_OK = np.zeros((4, 3))
W_OK = np.zeros(3)
Y_OK = np.array([0, 1, 1, 0])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"X": np.zeros(3)}, ValueError, "X must be a 2-D array"),
        ({"X": np.zeros((0, 3)), "y": np.zeros(0)}, ValueError, "at least one sample"),
        ({"X": "0,0,1"}, TypeError, "X must be a number or an array"),
        ({"X": [["a", "b", "c"]] * 4}, TypeError, "X must hold numbers"),
        ({"X": np.full((4, 3), np.nan)}, ValueError, "X must hold finite numbers, got NaN"),
        ({"X": np.full((4, 3), np.inf)}, ValueError, "X must hold finite numbers"),
        ({"w": np.zeros(2)}, ValueError, r"w must have shape \(3,\) or \(3, 1\)"),
        ({"w": np.zeros((1, 3))}, ValueError, r"w must have shape"),
        ({"w": [np.nan, 0, 0]}, ValueError, "w must hold finite numbers, got NaN"),
        ({"w": "abc"}, TypeError, "w must be a number"),
        ({"b": np.zeros(2)}, ValueError, "b must be a single number"),
        ({"b": "0.5"}, TypeError, "b must be a number"),
        ({"b": np.nan}, ValueError, "b must hold finite numbers, got NaN"),
        ({"y": np.zeros(3)}, ValueError, r"y must have shape \(4,\) or \(4, 1\)"),
        ({"y": np.array([0, 1, 2, 0])}, ValueError, "y must contain only 0 and 1"),
        ({"y": np.array([0, 0.5, 1, 0])}, ValueError, "y must contain only 0 and 1"),
        ({"y": np.array([0, 1, np.nan, 0])}, ValueError, "y must hold finite numbers, got NaN"),
        ({"y": ["no", "yes", "yes", "no"]}, TypeError, "y must hold numbers"),
    ],
)
def test_bad_inputs_raise_clear_errors(kwargs, error, message):
    args = {"X": X_OK, "w": W_OK, "b": 0.0, "y": Y_OK} | kwargs
    with pytest.raises(error, match=message):
        neuron.gradients(args["X"], args["y"], args["w"], args["b"])
    with pytest.raises(error, match=message):
        neuron.train(args["X"], args["y"], args["w"], args["b"], iterations=1)
    if "y" not in kwargs:
        with pytest.raises(error, match=message):
            neuron.forward(args["X"], args["w"], args["b"])


@pytest.mark.parametrize(
    ("step_size", "error"),
    [(0, ValueError), (-1.0, ValueError), (np.inf, ValueError), (np.nan, ValueError),
     ("1", TypeError), (None, TypeError), (True, TypeError)],
)
def test_bad_step_size(step_size, error):
    with pytest.raises(error, match="step_size must be a finite real number > 0, got"):
        neuron.train(X_OK, Y_OK, W_OK, step_size=step_size)


@pytest.mark.parametrize(
    ("iterations", "error"),
    [(-1, ValueError), (2.5, TypeError), ("10", TypeError), (None, TypeError), (True, TypeError)],
)
def test_bad_iterations(iterations, error):
    with pytest.raises(error, match="iterations must be an integer >= 0"):
        neuron.train(X_OK, Y_OK, W_OK, iterations=iterations)
