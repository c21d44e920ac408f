"""The NumPy <-> PyTorch bridge (chapter 6): round trips, transposes, device pick, bad inputs."""

import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn

from nnscratch.models.network import forward, init_params
from nnscratch.torch_bridge import (
    load_two_layer_into,
    pick_device,
    to_numpy,
    to_torch,
    two_layer_params_from,
)

RNG = np.random.default_rng(5)


def two_layer(d=3, h=4, k=2, bias=True):
    return nn.Sequential(nn.Linear(d, h, bias=bias), nn.ReLU(), nn.Linear(h, k, bias=bias)).double()


def test_importing_the_bridge_does_not_import_torch():
    code = "import sys, nnscratch.torch_bridge, nnscratch.models.network; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_pick_device_returns_an_available_torch_device():
    device = pick_device()
    assert isinstance(device, torch.device)
    assert device.type in {"cuda", "mps", "cpu"}
    torch.zeros(1, device=device)  # the device it names really works


def test_pick_device_prefers_cuda_then_mps(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device().type == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert pick_device().type == "mps"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert pick_device() == torch.device("cpu")


def test_to_torch_makes_float64_leaves_that_require_grad_and_share_no_memory():
    params = {"w": RNG.standard_normal(3), "b": 0.25, "W": RNG.standard_normal((2, 3))}
    tensors = to_torch(params)
    for name, t in tensors.items():
        assert t.dtype == torch.float64 and t.is_leaf and t.requires_grad
        np.testing.assert_array_equal(t.detach().numpy(), params[name])
    with torch.no_grad():
        tensors["w"] += 1.0
    assert not np.allclose(tensors["w"].detach().numpy(), params["w"])


def test_to_torch_accepts_integer_arrays_and_another_float_dtype():
    t = to_torch({"w": np.array([1, 2, 3])}, dtype=torch.float32)["w"]
    assert t.dtype == torch.float32 and t.tolist() == [1.0, 2.0, 3.0]


def test_to_torch_places_tensors_on_the_requested_device():
    device = pick_device()
    params = {"w": RNG.standard_normal(4)}
    t = to_torch(params, dtype=torch.float32, device=device)["w"]
    assert t.device.type == device.type
    np.testing.assert_allclose(to_numpy({"w": t})["w"], params["w"], rtol=1e-6)


def test_round_trip_is_exact():
    params = init_params(2, 5, 3, np.random.default_rng(0), scale=1.0)
    back = to_numpy(to_torch(params))
    assert set(back) == set(params)
    for name in params:
        assert back[name].dtype == np.float64
        np.testing.assert_array_equal(back[name], params[name])


def test_to_numpy_copies_detaches_and_handles_scalars():
    t = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    out = to_numpy({"b": t * 2})
    assert out["b"].shape == () and float(out["b"]) == 3.0


def test_load_two_layer_into_transposes_and_matches_numpy_forward():
    params = init_params(3, 4, 2, np.random.default_rng(1), scale=1.0)
    params["b1"] = RNG.standard_normal(4)
    params["b2"] = RNG.standard_normal(2)
    model = load_two_layer_into(two_layer(), params)
    np.testing.assert_array_equal(model[0].weight.detach().numpy(), params["W1"].T)
    np.testing.assert_array_equal(model[2].weight.detach().numpy(), params["W2"].T)
    np.testing.assert_array_equal(model[0].bias.detach().numpy(), params["b1"])
    X = RNG.standard_normal((6, 3))
    with torch.no_grad():
        scores_torch = model(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(scores_torch, forward(params, X)[0], rtol=1e-13, atol=1e-15)


def test_two_layer_round_trip_with_and_without_bias():
    params = {"W1": RNG.standard_normal((3, 4)), "b1": RNG.standard_normal(4),
              "W2": RNG.standard_normal((4, 2)), "b2": RNG.standard_normal(2)}
    back = two_layer_params_from(load_two_layer_into(two_layer(), params))
    assert set(back) == set(params)
    for name in params:
        np.testing.assert_array_equal(back[name], params[name])
    no_bias = {"W1": params["W1"], "W2": params["W2"]}
    back = two_layer_params_from(load_two_layer_into(two_layer(bias=False), no_bias))
    assert set(back) == {"W1", "W2"}
    np.testing.assert_array_equal(back["W2"], no_bias["W2"])


def test_none_biases_count_as_absent():
    params = {"W1": RNG.standard_normal((3, 4)), "b1": None, "W2": RNG.standard_normal((4, 2)), "b2": None}
    assert set(to_torch(params)) == {"W1", "W2"}
    back = two_layer_params_from(load_two_layer_into(two_layer(bias=False), params))
    np.testing.assert_array_equal(back["W1"], params["W1"])
    with pytest.raises(ValueError, match="must hold exactly"):
        load_two_layer_into(two_layer(bias=True), params)


def test_load_casts_to_the_module_dtype():
    model = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1))  # float32
    params = {"W1": np.full((2, 2), 0.1), "b1": np.zeros(2), "W2": np.ones((2, 1)), "b2": np.zeros(1)}
    load_two_layer_into(model, params)
    assert model[0].weight.dtype == torch.float32
    assert model[0].weight[0, 0].item() == pytest.approx(0.1)


def test_loading_leaves_module_trainable():
    model = load_two_layer_into(two_layer(), init_params(3, 4, 2, np.random.default_rng(2)))
    assert all(p.requires_grad and p.is_leaf for p in model.parameters())


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({}, TypeError, "non-empty dict"),
        ([np.zeros(2)], TypeError, "non-empty dict"),
        ({"b": None}, TypeError, "no arrays"),
        ({"w": np.array([1.0, np.nan])}, ValueError, "NaN"),
        ({"w": np.array(["a"])}, TypeError, "numbers"),
        ({1: np.zeros(2)}, TypeError, "names must be strings"),
    ],
)
def test_to_torch_bad_inputs(params, error, match):
    with pytest.raises(error, match=match):
        to_torch(params)


def test_to_torch_rejects_an_integer_dtype():
    with pytest.raises(TypeError, match="floating torch dtype"):
        to_torch({"w": np.zeros(2)}, dtype=torch.int64)


def test_to_numpy_bad_inputs():
    with pytest.raises(TypeError, match="non-empty dict"):
        to_numpy({})
    with pytest.raises(TypeError, match=r"tensors\['w'\] must be a torch.Tensor"):
        to_numpy({"w": np.zeros(2)})


def test_load_two_layer_into_bad_inputs():
    good = {"W1": np.zeros((3, 4)), "b1": np.zeros(4), "W2": np.zeros((4, 2)), "b2": np.zeros(2)}
    with pytest.raises(TypeError, match="torch.nn.Module"):
        load_two_layer_into("not a module", good)
    with pytest.raises(ValueError, match="module must contain exactly 2 nn.Linear layers, got"):
        load_two_layer_into(nn.Sequential(nn.Linear(3, 4)), good)
    with pytest.raises(ValueError, match=r"must have shape \(3, 4\)"):
        load_two_layer_into(two_layer(), {**good, "W1": np.zeros((4, 3))})
    with pytest.raises(ValueError, match=r"params\['b2'\] must have shape \(2,\)"):
        load_two_layer_into(two_layer(), {**good, "b2": np.zeros(3)})
    with pytest.raises(ValueError, match="must hold exactly"):
        load_two_layer_into(two_layer(), {"W1": good["W1"], "W2": good["W2"]})
    with pytest.raises(ValueError, match="must hold exactly"):
        load_two_layer_into(two_layer(bias=False), good)
    with pytest.raises(TypeError, match="torch.nn.Module"):
        two_layer_params_from(np.zeros(3))


def test_failed_load_does_not_half_write():
    model = two_layer()
    before = two_layer_params_from(model)
    bad = {"W1": np.ones((3, 4)), "b1": np.ones(4), "W2": np.ones((4, 2)), "b2": np.ones(3)}
    with pytest.raises(ValueError):
        load_two_layer_into(model, bad)
    after = two_layer_params_from(model)
    for name in before:
        np.testing.assert_array_equal(after[name], before[name])
