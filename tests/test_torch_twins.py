"""Every NumPy model of chapters 1-4 against its PyTorch twin (chapter 6).

In the spirit of micrograd's tests against PyTorch: the hand-written gradients
must equal ``torch.autograd``'s at the starting weights, and a short training
run of the NumPy model and of a float64 PyTorch twin (same weights, loss and
update rule, with autograd doing the backward pass) must end at the same
parameters, to 1e-10.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from nnscratch.datasets.flowers import load_flowers
from nnscratch.datasets.gates import logic_gate
from nnscratch.datasets.spiral import load_spiral
from nnscratch.models import flower_net, mlp, network, neuron
from nnscratch.torch_bridge import load_two_layer_into, to_numpy, to_torch, two_layer_params_from

TOL = 1e-10


def largest_gap(a, b):
    assert set(a) == set(b)
    return max(float(np.max(np.abs(np.asarray(a[k], dtype=float) - np.asarray(b[k], dtype=float)))) for k in a)


def autograd(loss_fn, params):
    """Loss and gradients of loss_fn at params, by torch.autograd in float64."""
    tensors = to_torch(params)
    loss = loss_fn(tensors)
    loss.backward()
    return loss.item(), {k: t.grad.numpy().copy() for k, t in tensors.items()}


def gradient_descent(loss_fn, params, step_size, iterations):
    """Full-batch gradient descent in PyTorch; returns the final params and the loss before each step."""
    tensors = to_torch(params)
    losses = np.empty(iterations)
    for i in range(iterations):
        loss = loss_fn(tensors)
        loss.backward()
        with torch.no_grad():
            for t in tensors.values():
                t -= step_size * t.grad
                t.grad = None
        losses[i] = loss.item()
    return to_numpy(tensors), losses


# ---------------------------------------------------------------- chapter 1: one neuron

def neuron_data():
    X, y = logic_gate("OR")
    X = np.column_stack([X, np.ones(4)])
    return X, y[:, 0]


def neuron_loss(X, y, with_bias):
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def loss(p):
        s = Xt @ p["w"] + (p["b"] if with_bias else 0.0)
        return 0.5 * ((torch.sigmoid(s) - yt) ** 2).sum()

    return loss


@pytest.mark.parametrize("with_bias", [False, True])
def test_neuron_gradients_equal_autograd(with_bias):
    X, y = neuron_data()
    w = np.random.default_rng(0).uniform(-1, 1, 3)
    b = 0.3 if with_bias else None
    grad_w, grad_b = neuron.gradients(X, y, w, b)
    params = {"w": w, "b": b} if with_bias else {"w": w}
    _, grads = autograd(neuron_loss(X, y, with_bias), params)
    np.testing.assert_allclose(grad_w, grads["w"], rtol=1e-12, atol=1e-15)
    if with_bias:
        assert grad_b == pytest.approx(float(grads["b"]), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("with_bias", [False, True])
def test_neuron_training_matches_torch(with_bias):
    X, y = neuron_data()
    w0 = np.random.default_rng(1).uniform(-1, 1, 3)
    b0 = 0.0 if with_bias else None
    w, b, history = neuron.train(X, y, w0, b=b0, step_size=1.0, iterations=300)
    params = {"w": w0, "b": b0} if with_bias else {"w": w0}
    final, losses = gradient_descent(neuron_loss(X, y, with_bias), params, 1.0, 300)
    ours = {"w": w, "b": b} if with_bias else {"w": w}
    assert largest_gap(ours, final) <= TOL
    assert np.max(np.abs(history["loss"] - losses)) <= TOL


# ---------------------------------------------------------------- chapter 2: the 2-2-1 flower net

def flower_torch_loss(p, sun, water, label):
    h1 = torch.sigmoid(p["w1"] * sun + p["w2"] * water + p["b1"])
    h2 = torch.sigmoid(p["w3"] * sun + p["w4"] * water + p["b2"])
    y_hat = torch.sigmoid(p["w5"] * h1 + p["w6"] * h2 + p["b3"])
    return -(label * torch.log(y_hat) + (1 - label) * torch.log(1 - y_hat))


def test_flower_backward_equals_autograd_on_every_sample():
    X, y = load_flowers("train")
    params = flower_net.init_params(np.random.default_rng(0))
    for (sun, water), label in zip(X[:20], y[:20], strict=True):
        _, cache = flower_net.forward(params, sun, water)
        grads = flower_net.backward(params, cache, label)
        _, expected = autograd(lambda p, s=sun, w=water, t=label: flower_torch_loss(p, s, w, t), params)
        assert largest_gap(grads, expected) <= 1e-14


def test_flower_per_sample_sgd_matches_torch():
    X, y = load_flowers("train")
    start = flower_net.init_params(np.random.default_rng(3))
    params = dict(start)
    numpy_losses = [flower_net.sgd_epoch(params, X, y, step_size=0.5) for _ in range(3)]

    tensors = to_torch(start)
    torch_losses = []
    for _ in range(3):
        total = 0.0
        for (sun, water), label in zip(X.tolist(), y.tolist(), strict=True):
            loss = flower_torch_loss(tensors, sun, water, label)
            loss.backward()
            with torch.no_grad():
                for t in tensors.values():
                    t -= 0.5 * t.grad
                    t.grad = None
            total += loss.item()
        torch_losses.append(total / len(y))
    assert largest_gap(params, to_numpy(tensors)) <= TOL
    np.testing.assert_allclose(numpy_losses, torch_losses, rtol=0, atol=TOL)


# ---------------------------------------------------------------- chapter 3: OR / XOR networks

def mlp_torch_loss(X, y, loss):
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def f(p):
        z1 = Xt @ p["W1"] + (p["b1"] if "b1" in p else 0.0)
        z2 = torch.sigmoid(z1) @ p["W2"] + (p["b2"] if "b2" in p else 0.0)
        y_hat = torch.sigmoid(z2)
        if loss == "mse":
            return ((y_hat - yt) ** 2).mean()
        return -(yt * torch.log(y_hat) + (1 - yt) * torch.log(1 - y_hat)).mean()

    return f


@pytest.mark.parametrize("gate, loss, bias", [("OR", "mse", False), ("XOR", "mse", True), ("XOR", "bce", True)])
def test_mlp_backward_equals_autograd(gate, loss, bias):
    X, y = logic_gate(gate)
    params = mlp.init_params(2, 3, 1, np.random.default_rng(4), bias=bias, low=-1.0, high=1.0)
    if bias:
        params["b1"] = np.random.default_rng(5).uniform(-1, 1, 3)
    y_hat, cache = mlp.forward(params, X)
    grads = mlp.backward(params, cache, y, loss)
    value, expected = autograd(mlp_torch_loss(X, y, loss), params)
    assert mlp.loss(y_hat, y, loss) == pytest.approx(value, rel=1e-13)
    assert largest_gap(grads, expected) <= 1e-14


@pytest.mark.parametrize("gate, loss, bias, step", [("OR", "mse", False, 0.05), ("XOR", "bce", True, 1.0)])
def test_mlp_training_matches_torch(gate, loss, bias, step):
    X, y = logic_gate(gate)
    start = mlp.init_params(2, 3, 1, np.random.RandomState(1), bias=bias)
    params = {k: None if v is None else v.copy() for k, v in start.items()}
    numpy_losses = mlp.train(params, X, y, step, 1000, loss=loss)
    final, torch_losses = gradient_descent(mlp_torch_loss(X, y, loss), start, step, 1000)
    assert largest_gap({k: v for k, v in params.items() if v is not None}, final) <= TOL
    assert np.max(np.abs(numpy_losses - torch_losses)) <= TOL


def test_or_network_as_nn_sequential_matches_numpy():
    """Without biases, nn.Linear(bias=False) + MSELoss + optim.SGD is the same model as chapter 3's."""
    X, y = logic_gate("OR")
    start = mlp.init_params(2, 3, 1, np.random.RandomState(1), bias=False)
    params = {k: None if v is None else v.copy() for k, v in start.items()}
    mlp.train(params, X, y, 0.05, 500)
    model = nn.Sequential(nn.Linear(2, 3, bias=False), nn.Sigmoid(), nn.Linear(3, 1, bias=False), nn.Sigmoid())
    load_two_layer_into(model.double(), start)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    for _ in range(500):
        optimizer.zero_grad()
        nn.MSELoss()(model(Xt), yt).backward()
        optimizer.step()
    assert largest_gap({"W1": params["W1"], "W2": params["W2"]}, two_layer_params_from(model)) <= TOL


# ---------------------------------------------------------------- chapter 4: the spiral network

def spiral_setup():
    X, y = load_spiral("train")
    return X, y, network.init_params(2, 20, 3, np.random.default_rng(0), scale=0.5)


def spiral_torch_loss(X, y, reg):
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def f(p):
        scores = torch.relu(Xt @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
        data_loss = (torch.logsumexp(scores, dim=1) - scores[torch.arange(len(yt)), yt]).mean()
        return data_loss + 0.5 * reg * ((p["W1"] ** 2).sum() + (p["W2"] ** 2).sum())

    return f


def test_spiral_gradients_equal_autograd():
    X, y, params = spiral_setup()
    params["b1"] = np.random.default_rng(6).normal(size=20)
    loss, grads = network.loss_and_grads(params, X, y, reg=1e-3)
    value, expected = autograd(spiral_torch_loss(X, y, 1e-3), params)
    assert loss == pytest.approx(value, rel=1e-13)
    for name in network.PARAM_NAMES:
        np.testing.assert_allclose(grads[name], expected[name], rtol=1e-10, atol=1e-15)


def test_spiral_training_matches_torch():
    X, y, start = spiral_setup()
    params = {k: v.copy() for k, v in start.items()}
    numpy_losses = network.train(params, X, y, reg=1e-3, step_size=1.0, iterations=200)
    final, torch_losses = gradient_descent(spiral_torch_loss(X, y, 1e-3), start, 1.0, 200)
    assert largest_gap(params, final) <= TOL
    assert np.max(np.abs(numpy_losses - torch_losses)) <= TOL


def test_spiral_network_with_built_in_loss_and_optimizer_matches_numpy():
    """nn.Sequential + CrossEntropyLoss + SGD(weight_decay on the weights only) is chapter 4's model."""
    X, y, start = spiral_setup()
    params = {k: v.copy() for k, v in start.items()}
    network.train(params, X, y, reg=1e-3, step_size=1.0, iterations=200)
    model = load_two_layer_into(nn.Sequential(nn.Linear(2, 20), nn.ReLU(), nn.Linear(20, 3)).double(), start)
    weights = [model[0].weight, model[2].weight]
    biases = [model[0].bias, model[2].bias]
    optimizer = torch.optim.SGD([{"params": weights, "weight_decay": 1e-3}, {"params": biases}], lr=1.0)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    for _ in range(200):
        optimizer.zero_grad()
        F.cross_entropy(model(Xt), yt).backward()
        optimizer.step()
    assert largest_gap(params, two_layer_params_from(model)) <= TOL


def test_a_planted_bug_breaks_the_twin():
    """The comparison can fail: a backward pass without the ReLU mask no longer matches autograd."""
    X, y, params = spiral_setup()
    _, expected = autograd(spiral_torch_loss(X, y, 0.0), params)
    scores, (_, z1, a1) = network.forward(params, X)
    from nnscratch.losses import softmax_cross_entropy_grad

    d_scores = softmax_cross_entropy_grad(scores, y)
    d_z1_without_mask = d_scores @ params["W2"].T
    assert np.max(np.abs(X.T @ d_z1_without_mask - expected["W1"])) > 1e-3
