"""Smoke test of an installed nnscratch wheel, run by ``tools/smoke_wheel.sh`` outside the checkout.

The script copies this file into an empty folder of a fresh virtualenv and sets
``NNSCRATCH_SOURCE`` to the source tree the wheel was built from; under ``pytest tests``
in the checkout every test here skips. It proves that the installed copy is the one
imported, that every shipped data set is in the wheel and loads from it, that one
training step of each model lowers its loss, and that the torch bridge moves a network
into PyTorch with the same scores and gradients.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import sysconfig
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

SOURCE = os.environ.get("NNSCRATCH_SOURCE")
pytestmark = pytest.mark.skipif(not SOURCE, reason="run by tools/smoke_wheel.sh against an installed wheel")


def test_the_installed_copy_is_imported_not_the_checkout():
    import nnscratch
    from nnscratch import datasets

    here = Path(nnscratch.__file__).resolve()
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert here.is_relative_to(site), f"nnscratch imported from {here}, not from {site}"
    assert not here.is_relative_to(Path(SOURCE).resolve())
    assert not Path.cwd().resolve().is_relative_to(Path(SOURCE).resolve())
    assert "NNSCRATCH_DATA" not in os.environ
    assert datasets.checkout_copy_dir() is None
    assert nnscratch.__version__ == importlib.metadata.version("nnscratch")
    direct_url = importlib.metadata.distribution("nnscratch").read_text("direct_url.json")
    assert direct_url is None or not json.loads(direct_url).get("dir_info", {}).get("editable")


def test_every_shipped_data_file_is_in_the_wheel_byte_for_byte():
    from nnscratch.datasets import data_dir

    source = Path(SOURCE) / "nnscratch" / "datasets"
    expected = sorted(p.name for p in source.glob("*.csv"))
    installed = sorted(p.name for p in data_dir().iterdir() if p.name.endswith(".csv"))
    assert installed == expected
    for name in expected:
        assert files("nnscratch").joinpath("datasets", name).read_bytes() == (source / name).read_bytes(), name


#: Every public loader of the package, as ``module.function``; test_every_loader calls each.
LOADERS = {
    "datasets.load_csv", "datasets.flowers.load_flowers", "datasets.spiral.load_spiral",
    "datasets.planets.load_planets", "datasets.planets.load_real_planets",
}


def test_the_loader_list_is_complete():
    import importlib
    import inspect
    import pkgutil

    import nnscratch

    found = set()
    modules = [nnscratch] + [importlib.import_module(info.name)
                             for info in pkgutil.walk_packages(nnscratch.__path__, "nnscratch.")]
    for module in modules:
        for name, obj in vars(module).items():
            if name.startswith("load_") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                found.add(f"{module.__name__}.{name}".removeprefix("nnscratch."))
    found.discard("torch_bridge.load_two_layer_into")  # loads parameters into torch: tested below
    found.discard("benchmark.load_results")  # reads a checkout's benchmarks/results/, not shipped data
    assert found == LOADERS, "a loader was added or removed: update LOADERS and test_every_loader"


def test_every_loader():
    from nnscratch.datasets import load_csv
    from nnscratch.datasets.flowers import load_flowers
    from nnscratch.datasets.gates import logic_gate
    from nnscratch.datasets.planets import load_planets, load_real_planets
    from nnscratch.datasets.spiral import load_spiral

    assert load_csv("single_neuron.csv", columns=["x1", "x2", "x3", "y"]).shape[1] == 4
    for split in ("train", "test"):
        X, y = load_flowers(split)
        assert X.shape == (len(y), 2) and set(np.unique(y)) <= {0, 1}
        X, y = load_spiral(split)
        assert X.shape == (len(y), 2) and y.dtype == np.int64 and np.isfinite(X).all()
    planets = load_planets()
    assert len(planets) > 100 and set(planets["habitable"].unique()) <= {0, 1}
    real = load_real_planets()
    assert "Earth" in set(real["name"])
    X, y = logic_gate("XOR")
    assert X.shape == (4, 2) and y[:, 0].tolist() == [0.0, 1.0, 1.0, 0.0]


def test_one_step_of_the_neuron_lowers_its_loss():
    from nnscratch.datasets import load_csv
    from nnscratch.models import neuron

    frame = load_csv("single_neuron.csv", columns=["x1", "x2", "x3", "y"])
    X = frame[["x1", "x2", "x3"]].to_numpy(dtype=float)
    y = frame["y"].to_numpy(dtype=float)
    w0 = np.random.default_rng(0).uniform(-1, 1, 3)
    w, _, history = neuron.train(X, y, w0, step_size=1.0, iterations=1)
    loss_after = 0.5 * np.sum((neuron.forward(X, w, None) - y) ** 2)
    assert loss_after < history["loss"][0]


def test_one_epoch_of_the_flower_network_lowers_its_loss():
    from nnscratch.datasets.flowers import load_flowers
    from nnscratch.models import flower_net
    from nnscratch.models.flower_net import sgd_epoch

    X, y = load_flowers("train")
    params = flower_net.init_params(np.random.default_rng(0))

    def mean_loss(p):
        prob = np.clip(flower_net.predict_proba(p, X), 1e-12, 1 - 1e-12)
        return float(-np.mean(y * np.log(prob) + (1 - y) * np.log(1 - prob)))

    before = mean_loss(params)
    sgd_epoch(params, X, y, step_size=0.1)
    assert mean_loss(params) < before


def test_one_step_of_the_mlp_lowers_its_loss():
    from nnscratch.datasets.gates import logic_gate
    from nnscratch.models import mlp

    X, y = logic_gate("OR")
    params = mlp.init_params(2, 3, 1, np.random.default_rng(0))
    y_hat, cache = mlp.forward(params, X)
    before = mlp.loss(y_hat, y)
    mlp.sgd_step(params, mlp.backward(params, cache, y), step_size=0.1)
    assert mlp.loss(mlp.forward(params, X)[0], y) < before


def test_one_step_of_the_classifier_lowers_its_loss():
    from nnscratch.datasets.spiral import load_spiral
    from nnscratch.models.network import init_params, loss_and_grads, sgd_step

    X, y = load_spiral("train")
    params = init_params(2, 20, 3, np.random.default_rng(0), scale=0.5)
    before, grads = loss_and_grads(params, X, y, reg=1e-3)
    sgd_step(params, grads, step_size=0.1)
    assert loss_and_grads(params, X, y, reg=1e-3)[0] < before


def test_plotting_draws_with_the_installed_matplotlib():
    import matplotlib

    matplotlib.use("Agg")
    from nnscratch.datasets.spiral import load_spiral
    from nnscratch.plotting import plot_decision_boundary

    X, y = load_spiral("train")
    ax = plot_decision_boundary(lambda P: (P[:, 0] > 0).astype(np.int64), X, y, resolution=20)
    assert len(ax.collections) >= 3


def test_the_torch_bridge_gives_the_same_scores_and_gradients():
    if os.environ.get("NNSCRATCH_SMOKE_TORCH") == "0":
        pytest.skip("NNSCRATCH_SMOKE_TORCH=0: torch not installed in this run")
    import torch

    from nnscratch.datasets.spiral import load_spiral
    from nnscratch.models.network import forward, init_params, loss_and_grads
    from nnscratch.torch_bridge import load_two_layer_into, to_numpy, two_layer_params_from

    X, y = load_spiral("train")
    params = init_params(2, 8, 3, np.random.default_rng(1), scale=0.5)
    net = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3)).double()
    load_two_layer_into(net, params)
    back = two_layer_params_from(net)
    assert all(np.array_equal(back[k], params[k]) for k in params)
    scores = net(torch.from_numpy(X))
    np.testing.assert_allclose(scores.detach().numpy(), forward(params, X)[0], rtol=0, atol=1e-12)
    torch.nn.functional.cross_entropy(scores, torch.from_numpy(y)).backward()
    _, grads = loss_and_grads(params, X, y, reg=0.0)
    torch_grads = to_numpy({"W1": net[0].weight.grad.T, "W2": net[2].weight.grad.T})
    np.testing.assert_allclose(torch_grads["W1"], grads["W1"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(torch_grads["W2"], grads["W2"], rtol=0, atol=1e-12)
