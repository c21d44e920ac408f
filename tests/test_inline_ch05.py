"""Chapter 5's inline engine agrees with the package's nnscratch.models.autograd."""

from __future__ import annotations

import numpy as np
import pytest
from notebook_defs import load_inline_defs

from nnscratch.models import autograd


@pytest.fixture(scope="module")
def inline():
    return load_inline_defs("05_autograd.ipynb")


def test_inline_cells_define_the_chapter_engine(inline):
    for name in ("Value", "lift", "topological_order", "unbroadcast", "Tensor", "cross_entropy"):
        assert callable(inline[name]), name


def _expression(x, y):
    """Every operation of the engine, with fan-out and a node on two paths."""
    h = x * y - 0.5
    s = (h.sigmoid() + h.tanh() * x) / (2.0 + y * y)
    return (s.exp() + (x * x + 1).log()) ** 2 - h.relu() * 3 + 1 / (1 + s**2) - (-x)


def test_scalar_values_and_gradients_match_the_package(inline):
    rng = np.random.default_rng(0)
    for x0, y0 in rng.normal(0, 1.5, size=(50, 2)).tolist():
        mine = [inline["Value"](x0), inline["Value"](y0)]
        package = [autograd.Value(x0), autograd.Value(y0)]
        out_mine, out_package = _expression(*mine), _expression(*package)
        out_mine.backward()
        out_package.backward()
        assert out_mine.data == pytest.approx(out_package.data, rel=1e-14)
        for a, b in zip(mine, package, strict=True):
            assert a.grad == pytest.approx(b.grad, rel=1e-12, abs=1e-14)


def test_inline_sigmoid_is_the_package_sigmoid(inline):
    for z in (-1000.0, -40.0, -1.0, 0.0, 2.0, 40.0, 1000.0):
        assert inline["Value"](z).sigmoid().data == autograd.Value(z).sigmoid().data


def test_inline_value_refuses_other_types(inline):
    with pytest.raises(TypeError, match="must be an int, a float or a Value, got str"):
        inline["Value"](1.0) + "a"


def test_tensor_network_matches_the_package(inline):
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(20, 2)), rng.integers(0, 3, size=20)
    arrays = {"W1": rng.normal(size=(2, 5)), "b1": rng.normal(size=5),
              "W2": rng.normal(size=(5, 3)), "b2": rng.normal(size=3)}
    grads = []
    for T_cls, ce in ((inline["Tensor"], inline["cross_entropy"]), (autograd.Tensor, autograd.cross_entropy)):
        T = {k: T_cls(v) for k, v in arrays.items()}
        A1 = (T_cls(X) @ T["W1"] + T["b1"]).relu()
        l2 = T_cls(0.05) * ((T["W1"] * T["W1"]).sum() + (T["W2"] * T["W2"]).sum())
        loss = ce(A1 @ T["W2"] + T["b2"], y) + l2
        loss.backward()
        grads.append((float(loss.data), {k: t.grad for k, t in T.items()}))
    (loss_mine, mine), (loss_package, package) = grads
    assert loss_mine == pytest.approx(loss_package, rel=1e-14)
    for k in arrays:
        np.testing.assert_allclose(mine[k], package[k], rtol=1e-12, atol=1e-15)


def test_inline_tensor_backward_refuses_a_non_scalar(inline):
    with pytest.raises(ValueError, match="must start from a scalar"):
        (inline["Tensor"](np.ones(3)) @ inline["Tensor"](np.ones((3, 2)))).backward()


def test_the_chapter_says_rightly_what_its_own_traversal_and_backward_do(inline):
    """The prose: `visit` fails a few thousand operations deep; each backward call starts afresh."""
    from nnscratch import check

    deep = check.topological_order(inline["topological_order"])
    assert deep.mistake == "recursion", deep.message
    afresh = check.accumulating_backward(lambda root: inline["backward"](root))
    assert afresh.mistake == "resets_leaves", afresh.message
