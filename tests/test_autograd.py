"""nnscratch.models.autograd: values and gradients against torch.autograd and finite differences."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest
import torch

from nnscratch.models import network
from nnscratch.models.autograd import Tensor, Value, cross_entropy, draw_graph, topological_order

matplotlib.use("Agg")

# (name, engine function of one Value, torch function of one tensor, inputs to try)
UNARY = [
    ("exp", lambda v: v.exp(), torch.exp, [-3.0, -0.2, 0.0, 1.7]),
    ("log", lambda v: v.log(), torch.log, [0.01, 0.5, 2.0, 40.0]),
    ("tanh", lambda v: v.tanh(), torch.tanh, [-4.0, -0.3, 0.0, 2.5]),
    ("sigmoid", lambda v: v.sigmoid(), torch.sigmoid, [-30.0, -1.0, 0.0, 0.4, 30.0]),
    ("relu", lambda v: v.relu(), torch.relu, [-2.0, -1e-3, 1e-3, 3.0]),
    ("square", lambda v: v**2, lambda t: t**2, [-1.5, 0.0, 2.0]),
    ("cube", lambda v: v**3, lambda t: t**3, [-1.5, 0.5, 2.0]),
    ("sqrt", lambda v: v**0.5, torch.sqrt, [0.25, 1.0, 9.0]),
    ("reciprocal", lambda v: v**-1, lambda t: 1 / t, [-2.0, 0.3, 5.0]),
    ("negate", lambda v: -v, lambda t: -t, [-1.0, 2.0]),
]

# (name, engine/torch function of two operands: both share the same code)
BINARY = [
    ("add", lambda a, b: a + b),
    ("sub", lambda a, b: a - b),
    ("mul", lambda a, b: a * b),
    ("div", lambda a, b: a / b),
    ("constant first", lambda a, b: 2.0 - a * 3 + 1 / b + 4 * b),
]


def _torch_grads(f, *values):
    ts = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]
    out = f(*ts)
    out.backward()
    return out.item(), [t.grad.item() for t in ts]


def _engine_grads(f, *values):
    vs = [Value(v) for v in values]
    out = f(*vs)
    out.backward()
    return out.data, [v.grad for v in vs]


def _finite_difference(f, values, i, h=1e-6):
    up, down = list(values), list(values)
    up[i] += h
    down[i] -= h
    return (f(*[Value(v) for v in up]).data - f(*[Value(v) for v in down]).data) / (2 * h)


@pytest.mark.parametrize(("name", "f", "torch_f", "inputs"), UNARY, ids=[u[0] for u in UNARY])
def test_unary_operations_match_torch_and_finite_differences(name, f, torch_f, inputs):
    for x in inputs:
        value, (grad,) = _engine_grads(f, x)
        ref_value, (ref_grad,) = _torch_grads(torch_f, x)
        assert value == pytest.approx(ref_value, rel=1e-14, abs=1e-300)
        assert grad == pytest.approx(ref_grad, rel=1e-13, abs=1e-300)
        assert grad == pytest.approx(_finite_difference(f, [x], 0), rel=1e-6, abs=1e-8)


@pytest.mark.parametrize(("name", "f"), BINARY, ids=[b[0] for b in BINARY])
def test_binary_operations_match_torch_and_finite_differences(name, f):
    rng = np.random.default_rng(1)
    for a, b in rng.uniform(0.3, 3.0, size=(10, 2)) * rng.choice([-1, 1], size=(10, 2)):
        value, grads = _engine_grads(f, a, b)
        ref_value, ref_grads = _torch_grads(f, a, b)
        assert value == pytest.approx(ref_value, rel=1e-14)
        assert grads == pytest.approx(ref_grads, rel=1e-13, abs=1e-15)
        for i in range(2):
            assert grads[i] == pytest.approx(_finite_difference(f, [a, b], i), rel=1e-6, abs=1e-8)


def _fan_out(x, y):
    return x * y + x  # x feeds two operations


def _reused_node(x, y):
    return x * x + y * y * y  # one node as both inputs of one operation


def _two_paths(x, y):
    h = x * y  # one node, used by two later operations
    return h.tanh() * h + (h * 2).sigmoid() if isinstance(h, Value) else (
        torch.tanh(h) * h + torch.sigmoid(h * 2))


def _diamond(x, y):
    a = x.exp() if isinstance(x, Value) else torch.exp(x)
    b, c = a * y, a + y  # a on two paths that meet again in d
    d = b * c
    return d / a


@pytest.mark.parametrize("f", [_fan_out, _reused_node, _two_paths, _diamond])
@pytest.mark.parametrize(("x", "y"), [(0.7, -1.3), (-0.4, 0.9), (1.1, 0.2)])
def test_fan_out_reused_nodes_and_two_paths(f, x, y):
    value, grads = _engine_grads(f, x, y)
    ref_value, ref_grads = _torch_grads(f, x, y)
    assert value == pytest.approx(ref_value, rel=1e-14)
    assert grads == pytest.approx(ref_grads, rel=1e-13, abs=1e-15)
    assert grads == pytest.approx([_finite_difference(f, [x, y], i) for i in range(2)], rel=1e-6, abs=1e-8)


def test_gradients_add_up_over_paths():
    x = Value(3.0)
    f = x * x * x  # d/dx x^3 = 27, built from x used three times
    f.backward()
    assert x.grad == 27.0
    h = Value(2.0)
    g = h * 5 + h * 7  # two paths from h: 5 + 7
    g.backward()
    assert h.grad == 12.0


def test_backward_twice_gives_the_same_gradients():
    x, y = Value(0.3), Value(-2.0)
    f = _two_paths(x, y)
    f.backward()
    first = (x.grad, y.grad)
    f.backward()
    assert (x.grad, y.grad) == first


def test_topological_order_puts_parents_first_and_each_node_once():
    x = Value(1.0)
    h = x * 2
    f = h * h + h
    order = topological_order(f)
    assert len(order) == len(set(map(id, order)))
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        assert all(position[id(p)] < position[id(node)] for p in node.parents)
    assert order[-1] is f and order.count(h) == 1


def test_a_long_chain_does_not_hit_the_recursion_limit():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0001 + 0.0
    y.backward()
    assert x.grad == pytest.approx(1.0001**5000, rel=1e-10)


def test_extreme_inputs_stay_finite():
    for z in (-1000.0, 1000.0):
        for f in (lambda v: v.sigmoid(), lambda v: v.tanh(), lambda v: v.relu()):
            v = Value(z)
            out = f(v)
            out.backward()
            assert math.isfinite(out.data) and math.isfinite(v.grad)
    scores = Tensor(np.array([[1000.0, -1000.0, 0.0], [-1e6, 1e6, 3.0]]))
    loss = cross_entropy(scores, [1, 1])
    loss.backward()
    assert np.isfinite(loss.data) and np.isfinite(scores.grad).all()


# ----------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("bad", ["2", None, [1.0], np.array([1.0, 2.0]), True, 1j])
def test_value_of_an_unsupported_type_is_a_type_error_naming_it(bad):
    with pytest.raises(TypeError, match=f"a Value's data must be an int or a float, got {type(bad).__name__}"):
        Value(bad)


@pytest.mark.parametrize("bad", ["2", None, [1.0], np.array([1.0]), False, Tensor([1.0])])
@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_operations_with_unsupported_types_name_the_type(bad, op):
    x = Value(2.0)
    name = type(bad).__name__
    message = rf"the other operand of \{op} with a Value must be an int, a float or a Value, got {name}"
    with pytest.raises(TypeError, match=message):
        {"+": lambda: x + bad, "-": lambda: x - bad, "*": lambda: x * bad, "/": lambda: x / bad}[op]()
    if not isinstance(bad, (np.ndarray, Tensor)):  # those take the reflected operation themselves
        with pytest.raises(TypeError, match=f"got {name}"):
            {"+": lambda: bad + x, "-": lambda: bad - x, "*": lambda: bad * x, "/": lambda: bad / x}[op]()


def test_exponent_must_be_a_number():
    with pytest.raises(TypeError, match="exponent of a Value must be an int or a float, got Value"):
        Value(2.0) ** Value(3.0)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Value(float("nan")), "finite number, got nan"),
        (lambda: Value(math.inf), "finite number, got inf"),
        (lambda: Value(0.0).log(), "x must be positive for log\\(x\\), got 0.0"),
        (lambda: Value(-1.0).log(), "x must be positive for log\\(x\\), got -1.0"),
        (lambda: Value(710.0).exp(), "x must be at most 709.78 for exp\\(x\\) to fit in a float64, got x = 710.0"),
        (lambda: Value(-8.0) ** 0.5, "an integer k for x < 0"),
        (lambda: Value(0.0) ** -1, "x != 0 for k < 1"),
        (lambda: Value(1e200) * 1e200, "finite number, got inf"),
    ],
)
def test_bad_values_are_value_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_backward_on_a_non_scalar_tensor_says_so():
    t = Tensor(np.ones((3, 2))) * 2.0
    with pytest.raises(ValueError, match=r"backward\(\) must start from a scalar Tensor .* got one of shape \(3, 2\)"):
        t.backward()


@pytest.mark.parametrize("bad", ["a", None, [1.0, 2.0], Value(1.0)])
def test_tensor_operations_with_unsupported_types_name_the_type(bad):
    t = Tensor(np.ones(2))
    with pytest.raises(TypeError, match=f"got {type(bad).__name__}"):
        t + bad
    with pytest.raises(TypeError, match=f"got {type(bad).__name__}"):
        t * bad


def test_tensor_data_is_checked():
    with pytest.raises(TypeError, match="Tensor data must be a number or an array of numbers, got str"):
        Tensor("abc")
    with pytest.raises(ValueError, match="Tensor data"):
        Tensor([1.0, float("nan")])
    with pytest.raises(TypeError, match="Tensor data must be a number or an array of numbers, got Value"):
        Tensor(Value(1.0))
    shapes = r"operands of @ must be an \(N, D\) and a \(D, H\) matrix, got shapes \(2, 3\) and \(2, 3\)"
    with pytest.raises(ValueError, match=shapes):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match="labels must lie in 0..2"):
        cross_entropy(Tensor(np.zeros((2, 3))), [0, 3])
    with pytest.raises(TypeError, match="scores must be a Tensor, got ndarray"):
        cross_entropy(np.zeros((2, 3)), [0, 1])


# ----------------------------------------------------------------------------
# Tensor


@pytest.mark.parametrize(
    ("shape_a", "shape_b"),
    [((4, 3), (4, 3)), ((4, 3), (3,)), ((4, 3), (1, 3)), ((4, 1), (1, 3)), ((4, 3), ()), ((3,), (4, 3))],
)
def test_broadcasting_add_and_mul_match_torch(shape_a, shape_b):
    rng = np.random.default_rng(3)
    a_np, b_np = rng.normal(size=shape_a), rng.normal(size=shape_b)
    weights = rng.normal(size=np.broadcast_shapes(shape_a, shape_b))
    a, b = Tensor(a_np), Tensor(b_np)
    out = ((a + b) * b * Tensor(weights)).sum()
    out.backward()
    ta, tb = (torch.tensor(x, requires_grad=True) for x in (a_np, b_np))
    ref = ((ta + tb) * tb * torch.tensor(weights)).sum()
    ref.backward()
    assert float(out.data) == pytest.approx(ref.item(), rel=1e-13)
    assert a.grad.shape == shape_a and b.grad.shape == shape_b
    np.testing.assert_allclose(a.grad, ta.grad.numpy(), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(b.grad, tb.grad.numpy(), rtol=1e-13, atol=1e-14)


def _network_loss(params, X, y, reg):
    T = {k: Tensor(v) for k, v in params.items()}
    A1 = (Tensor(X) @ T["W1"] + T["b1"]).relu()
    l2 = (T["W1"] * T["W1"]).sum() * (0.5 * reg) + (T["W2"] * T["W2"]).sum() * (0.5 * reg)
    return cross_entropy(A1 @ T["W2"] + T["b2"], y) + l2, T


def _random_problem(seed, n=30, d=2, h=6, k=3):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(d, h)), "b1": 0.5 * rng.normal(size=h),
              "W2": rng.normal(size=(h, k)), "b2": 0.5 * rng.normal(size=k)}
    return params, rng.normal(size=(n, d)), rng.integers(0, k, size=n)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_chapter4_network_matches_hand_derived_gradients_and_torch(seed):
    params, X, y = _random_problem(seed)
    loss, T = _network_loss(params, X, y, reg=1e-2)
    loss.backward()
    hand_loss, hand = network.loss_and_grads(params, X, y, reg=1e-2)
    assert float(loss.data) == pytest.approx(hand_loss, rel=1e-13)
    tp = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    z2 = torch.relu(torch.tensor(X) @ tp["W1"] + tp["b1"]) @ tp["W2"] + tp["b2"]
    ref = torch.nn.functional.cross_entropy(z2, torch.tensor(y)) + 0.5e-2 * (
        (tp["W1"] ** 2).sum() + (tp["W2"] ** 2).sum())
    ref.backward()
    assert float(loss.data) == pytest.approx(ref.item(), rel=1e-13)
    for k in params:
        np.testing.assert_allclose(T[k].grad, hand[k], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(T[k].grad, tp[k].grad.numpy(), rtol=1e-12, atol=1e-14)


def test_chapter4_network_matches_finite_differences():
    params, X, y = _random_problem(5, n=12)
    loss, T = _network_loss(params, X, y, reg=1e-2)
    loss.backward()
    Z1 = X @ params["W1"] + params["b1"]
    assert np.abs(Z1).min() > 1e-3  # no pre-activation at the ReLU's kink
    for k, value in params.items():
        for idx in np.ndindex(value.shape):
            up, down = value.copy(), value.copy()
            up[idx] += 1e-6
            down[idx] -= 1e-6
            numeric = (float(_network_loss({**params, k: up}, X, y, 1e-2)[0].data)
                       - float(_network_loss({**params, k: down}, X, y, 1e-2)[0].data)) / 2e-6
            assert T[k].grad[idx] == pytest.approx(numeric, rel=1e-6, abs=1e-8), (k, idx)


def test_log_softmax_matches_torch():
    rng = np.random.default_rng(7)
    Z_np, G = 5 * rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
    Z = Tensor(Z_np)
    out = Z.log_softmax()
    (out * Tensor(G)).sum().backward()
    tz = torch.tensor(Z_np, requires_grad=True)
    ref = torch.log_softmax(tz, dim=1)
    (ref * torch.tensor(G)).sum().backward()
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(Z.grad, tz.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_cross_entropy_gradient_is_p_minus_y_over_n():
    rng = np.random.default_rng(8)
    Z_np, y = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    Z = Tensor(Z_np)
    cross_entropy(Z, y).backward()
    P = np.exp(Z_np) / np.exp(Z_np).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(Z.grad, (P - np.eye(3)[y]) / 5, rtol=1e-12, atol=1e-15)


def test_tensor_reused_node_and_matmul_shapes():
    rng = np.random.default_rng(9)
    A_np, B_np = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    A, B = Tensor(A_np), Tensor(B_np)
    C = A @ B
    out = (C * C).sum() + C.sum()  # C used three times
    out.backward()
    G = 2 * A_np @ B_np + 1
    np.testing.assert_allclose(A.grad, G @ B_np.T, rtol=1e-13)
    np.testing.assert_allclose(B.grad, A_np.T @ G, rtol=1e-13)


# ----------------------------------------------------------------------------
# Drawing


def test_draw_graph_draws_one_box_per_node():
    import matplotlib.pyplot as plt

    w, x = Value(0.5, label="w"), Value(2.0, label="x")
    out = (w * x + w).sigmoid()
    out.backward()
    ax = draw_graph(out)
    texts = [t.get_text() for t in ax.texts if t.get_text()]  # arrows are empty annotations
    assert len(texts) == len(topological_order(out))
    assert any(t.startswith("w\n") for t in texts) and any(t.startswith("sigmoid\n") for t in texts)
    assert any("grad 1" in t for t in texts)
    plt.close(ax.figure)
    with pytest.raises(TypeError, match="root must be a node of a computational graph .*, got int"):
        draw_graph(3)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None, got str"):
        draw_graph(out, ax="left")
    with pytest.raises(TypeError, match="names must be a dict from nodes to names or None, got list"):
        draw_graph(out, names=["w"])
    with pytest.raises(TypeError, match="root must be a node of a computational graph .*, got float"):
        topological_order(2.0)


def test_numpy_numbers_combine_with_values():
    x = Value(3.0)
    for out in (np.float64(2.0) * x, x * np.float64(2.0), np.int64(2) * x, np.float32(2.0) + x + x - 2.0):
        assert isinstance(out, Value) and out.data == 6.0
        out.backward()
        assert x.grad == 2.0
