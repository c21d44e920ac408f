"""Chapter 2's inline functions agree with the package's versions in nnscratch.models.flower_net."""

from __future__ import annotations

import numpy as np
import pytest
from notebook_defs import load_inline_defs

from nnscratch.activations import sigmoid, sigmoid_scalar
from nnscratch.datasets.flowers import load_flowers
from nnscratch.losses import binary_cross_entropy
from nnscratch.models import flower_net


@pytest.fixture(scope="module")
def inline():
    return load_inline_defs("02_flower_network.ipynb")


def _random_params(rng, scale=2.0):
    return dict(zip(flower_net.PARAM_NAMES, (scale * rng.standard_normal(9)).tolist(), strict=True))


def test_inline_cells_define_the_chapter_functions(inline):
    for name in ("sigmoid_scalar", "flower_forward", "bce_one", "flower_backward", "sgd_epoch"):
        assert callable(inline[name]), name


def test_scalar_sigmoid_matches_the_package(inline):
    zs = [-1000.0, -745.0, -30.0, -1e-9, 0.0, 1e-9, 3.0, 36.0, 710.0, 1000.0]
    np.testing.assert_allclose([inline["sigmoid_scalar"](z) for z in zs], sigmoid(zs), rtol=1e-15, atol=0)
    assert [inline["sigmoid_scalar"](z) for z in zs] == [sigmoid_scalar(z) for z in zs]


def test_forward_and_backward_match_the_package(inline):
    rng = np.random.default_rng(2)
    for _ in range(100):
        params = _random_params(rng)
        sun, water = rng.uniform(0, 1, size=2).tolist()
        y = int(rng.integers(0, 2))
        y_hat, cache = inline["flower_forward"](params, sun, water)
        ref_hat, ref_cache = flower_net.forward(params, sun, water)
        assert y_hat == pytest.approx(ref_hat, rel=1e-15, abs=1e-300)
        assert set(cache) == set(ref_cache)
        for k, v in ref_cache.items():
            assert cache[k] == pytest.approx(v, rel=1e-15, abs=1e-300), k
        grads = inline["flower_backward"](params, cache, y)
        ref = flower_net.backward(params, ref_cache, y)
        assert set(grads) == set(flower_net.PARAM_NAMES)
        for k in flower_net.PARAM_NAMES:
            assert grads[k] == pytest.approx(ref[k], rel=1e-13, abs=1e-15), k


def test_single_sample_cross_entropy_matches_the_package(inline):
    rng = np.random.default_rng(3)
    for y_hat in rng.uniform(0.001, 0.999, size=20):
        for y in (0, 1):
            expected = binary_cross_entropy(np.array([y_hat]), np.array([y]))
            assert inline["bce_one"](float(y_hat), y) == pytest.approx(expected, rel=1e-12)


def test_sgd_epoch_matches_the_package(inline):
    X, y = load_flowers("train")
    for seed in range(3):
        start = flower_net.init_params(np.random.default_rng(seed))
        mine, package = dict(start), dict(start)
        for _ in range(3):
            loss_mine = inline["sgd_epoch"](mine, X, y, 0.3)
            loss_package = flower_net.sgd_epoch(package, X, y, 0.3)
            assert loss_mine == pytest.approx(loss_package, rel=1e-12)
        for k in flower_net.PARAM_NAMES:
            assert mine[k] == pytest.approx(package[k], rel=1e-12, abs=1e-14), k


def _loss(inline, params, sun, water, y):
    return inline["bce_one"](inline["flower_forward"](params, sun, water)[0], y)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backward_matches_finite_differences(inline, seed):
    """An independent check of the chapter's hand-derived gradients (not the package's copy)."""
    rng = np.random.default_rng(10 + seed)
    params = _random_params(rng, scale=1.5)
    sun, water = rng.uniform(0, 1, size=2).tolist()
    for y in (0, 1):
        grads = inline["flower_backward"](params, inline["flower_forward"](params, sun, water)[1], y)
        for k in flower_net.PARAM_NAMES:
            up, down = dict(params), dict(params)
            up[k] += 1e-6
            down[k] -= 1e-6
            numeric = (_loss(inline, up, sun, water, y) - _loss(inline, down, sun, water, y)) / 2e-6
            assert grads[k] == pytest.approx(numeric, rel=1e-6, abs=1e-9), k
