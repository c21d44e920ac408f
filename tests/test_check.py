"""The exercise checkers (nnscratch.check): pass the right answer, name the common mistakes.

Every checker must accept its reference and a differently written correct answer,
say "not implemented yet" for a stub, reject the planted wrong implementations with
their specific message, and never print its reference's code. The references are
compared with the package's own functions and with finite differences, so the
checkers do not grade against a copy of the answer written by the same hand.
"""

from __future__ import annotations

import inspect
import math

import numpy as np
import pytest

from nnscratch import activations, check, losses, metrics
from nnscratch.check import _SPECS, _centered

NAMES = sorted(_SPECS)


def _stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_passes_and_the_stub_is_not_implemented(name, capsys):
    spec = _SPECS[name]
    result = getattr(check, name)(spec.reference)
    assert result.passed and result.status == "passed"
    assert capsys.readouterr().out.startswith(f"{name}: correct.")
    stub = getattr(check, name)(_stub)
    assert not stub and stub.status == "not implemented"
    assert capsys.readouterr().out.strip() == (
        f"{name}: not implemented yet. The function still raises NotImplementedError: "
        "replace that line with your code and run the cell again.")


@pytest.mark.parametrize("name", NAMES)
def test_each_catalogued_mistake_is_named_with_its_message(name):
    spec = _SPECS[name]
    assert len({m.key for m in spec.mistakes}) >= 3, f"{name} recognises fewer than 3 mistakes"
    for mistake in spec.mistakes:
        result = spec.run(mistake.fn, quiet=True)
        assert result.status == "mistake" and result.mistake == mistake.key, (name, mistake.key, result)
        assert mistake.message in result.message


@pytest.mark.parametrize("name", NAMES)
def test_no_message_shows_the_reference_code(name):
    spec = _SPECS[name]
    try:
        source = inspect.getsource(spec.reference)
    except (OSError, TypeError):  # a builtin or a lambda on a shared line: check its body below
        source = ""
    lines = [ln.strip() for ln in source.splitlines()[1:] if len(ln.strip()) > 12 and not ln.strip().startswith("#")]
    messages = [spec.run(spec.reference, quiet=True).message, spec.run(_stub, quiet=True).message]
    messages += [spec.run(m.fn, quiet=True).message for m in spec.mistakes]
    for message in messages:
        for line in lines:
            assert line not in message, (name, line)


def test_a_failing_check_prints_and_returns_instead_of_raising(capsys):
    result = check.sigmoid_grad(lambda z: z)
    assert isinstance(result, check.CheckResult) and not result
    out = capsys.readouterr().out
    assert out.startswith("sigmoid_grad: not right yet. Wrong values for the input\n    z = [-2. , -0.5")
    assert "expected\n" in out and "received\n" in out and "Traceback" not in out


def test_not_a_function_and_none_returned():
    assert "Pass your function itself" in check.sigmoid(np.zeros(3)).message
    assert "is a `return` missing?" in check.sigmoid(lambda z: None).message


def test_a_result_shows_nothing_more_in_a_notebook():
    result = check.relu(lambda z: np.maximum(z, 0.0))
    assert result._ipython_display_() is None and repr(result) == "CheckResult('relu', 'passed')"


# ------------------------------------------------------------------ answers a learner would write

def _sigmoid_grad_loop(z):
    out = np.empty_like(z)
    for i, v in np.ndenumerate(z):
        s = math.exp(-abs(v))
        out[i] = s / (1.0 + s) ** 2
    return out


def _neuron_grads_loop(X, y, w, b):
    gw, gb = np.zeros_like(w), 0.0
    for x_n, y_n in zip(X, y, strict=True):
        a = 1.0 / (1.0 + np.exp(-(x_n @ w + b)))
        d = (a - y_n) * a * (1.0 - a)
        gw += d * x_n
        gb += d
    return gw, gb


def _softmax_stable(Z):
    shifted = Z - Z.max(axis=1)[:, None]
    return np.exp(shifted) / np.exp(shifted).sum(axis=1)[:, None]


CORRECT = {
    "sigmoid_grad": _sigmoid_grad_loop,
    "neuron_gradients": _neuron_grads_loop,
    "softmax": _softmax_stable,
    "relu_backward": lambda dA, Z: dA * (Z > 0),
    "layer_backward": lambda A, W, d: (np.einsum("ni,nj->ij", A, d), np.ones(len(d)) @ d, d @ W.T),
    "precision": lambda p, y: float(np.sum(p & y) / max(np.sum(p), 1)),
}


@pytest.mark.parametrize("name", sorted(CORRECT))
def test_a_differently_written_correct_answer_passes(name):
    assert getattr(check, name)(CORRECT[name]).passed


def _in_place_relu_backward(dA, Z):
    dA[Z <= 0] = 0.0
    return dA


def _naive_softmax(Z):
    return np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)


def _softmax_no_keepdims(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)


def _neuron_grads_assign(X, y, w, b):
    for x_n, y_n in zip(X, y, strict=True):
        a = 1.0 / (1.0 + np.exp(-(x_n @ w + b)))
        d = (a - y_n) * a * (1.0 - a)
        gw = d * x_n     # = where += belongs
        gb = d
    return gw, gb


# (checker, a wrong answer as a learner writes it, the words the diagnosis must contain)
PLANTED = [
    ("sigmoid_grad", lambda z: z * (1 - z), "output form a * (1 - a) of the derivative applied to the pre-activation"),
    ("sigmoid_grad", lambda z: 1 / (1 + np.exp(-z)), "returns sigma(z) itself"),
    ("sigmoid_grad", lambda z: activations.sigmoid_grad(z).astype(np.float32),
     "wrong dtype: expected floats (float64), received float32"),
    ("sigmoid", lambda z: 1 / (1 + math.exp(-z)), "np.exp works on every entry"),
    ("sigmoid", lambda z: 1 / (1 + np.exp(z)), "sign inside the exponential is flipped"),
    ("sigmoid", lambda z: np.tanh(z), "This is tanh(z)"),
    ("neuron_gradients", _neuron_grads_assign, "`=` replaces the gradient where `+=` must accumulate"),
    ("neuron_gradients", lambda X, y, w, b: _neuron_grads_loop(X, y, w, b)[0], "Expected a tuple of 2 values"),
    ("neuron_gradients", lambda X, y, w, b: tuple(g / len(y) for g in _neuron_grads_loop(X, y, w, b)),
     "the chapter's E is a sum"),
    ("squared_error_grad", lambda p, y: np.mean(p - y), "has the wrong shape: expected"),
    ("squared_error_grad", lambda p, y: 2 * (p - y), "the 1/2 in E cancels the 2"),
    ("squared_error_grad", lambda p, y: (p - y) / p.size, "that is the gradient of a mean"),
    ("softmax", _naive_softmax, "overflows for scores of +-1000"),
    ("softmax", _softmax_no_keepdims, "could not be broadcast together"),
    ("softmax", lambda Z: _softmax_stable(Z.T).T, "normalises each column"),
    ("relu_backward", _in_place_relu_backward, "changed its input dA in place"),
    ("relu_backward", lambda dA, Z: np.where(Z == 0, 0.0, dA), "`== 0` only zeroes entries exactly at 0"),
    ("relu_backward", lambda dA, Z: np.where(dA > 0, dA, 0.0), "The mask is taken from dA"),
    ("layer_backward", lambda A, W, d: (d.T @ A, d.sum(axis=0), d @ W.T), "dW is transposed"),
    ("layer_backward", lambda A, W, d: (A.T @ d, d, d @ W.T), "not summed over the samples"),
    ("layer_backward", lambda A, W, d: (A.T @ d, d.mean(axis=0), d @ W.T), "db is a mean over the samples"),
    ("softmax_cross_entropy_grad", lambda Z, y: _softmax_stable(Z) - np.eye(Z.shape[1])[y],
     "1/N of the mean is missing"),
    ("softmax_cross_entropy_grad", lambda Z, y: (_naive_softmax(Z) - np.eye(Z.shape[1])[y]) / len(y),
     "overflows for scores of +-1000"),
    ("softmax_cross_entropy_grad", lambda Z, y: _softmax_stable(Z) / len(y), "Y is not subtracted"),
    ("precision", lambda p, y: float(np.sum(p & y) / np.sum(y)), "This is recall"),
    ("precision", lambda p, y: float(np.sum(p & y) / np.sum(p)), "returns NaN (0 / 0)"),
    ("precision", lambda p, y: float(np.mean(p == y)), "This is the accuracy"),
    ("numerical_gradient", lambda f, x, h: _centered(f, x, h) * 2, "the two nudged points are 2h apart"),
]


@pytest.mark.parametrize(("name", "answer", "words"), PLANTED,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(PLANTED)])
def test_a_planted_wrong_answer_is_rejected_with_its_diagnosis(name, answer, words):
    result = getattr(check, name)(answer)
    assert not result.passed
    assert words in result.message, result.message


# ------------------------------------------------------------------ the references are right

def test_references_agree_with_the_package():
    ref = check._references()
    rng = np.random.default_rng(0)
    z = rng.normal(scale=5.0, size=(4, 5))
    np.testing.assert_allclose(ref["sigmoid"](z), activations.sigmoid(z), rtol=1e-12)
    np.testing.assert_allclose(ref["sigmoid_grad"](z), activations.sigmoid_grad(z), rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(ref["relu"](z), activations.relu(z))
    np.testing.assert_allclose(ref["relu_backward"](np.ones_like(z), z), activations.relu_grad(z))
    np.testing.assert_allclose(ref["softmax"](z), activations.softmax(z), rtol=1e-12)
    labels = rng.integers(0, 5, size=4)
    assert ref["cross_entropy"](z, labels) == pytest.approx(losses.softmax_cross_entropy(z, labels), rel=1e-12)
    np.testing.assert_allclose(ref["softmax_cross_entropy_grad"](z, labels),
                               losses.softmax_cross_entropy_grad(z, labels), rtol=1e-10, atol=1e-15)
    p, y = rng.uniform(0.05, 0.95, size=6), (rng.uniform(size=6) < 0.5).astype(float)
    assert ref["squared_error"](p, y) == pytest.approx(losses.squared_error(p, y), rel=1e-12)
    np.testing.assert_allclose(ref["squared_error_grad"](p, y), losses.squared_error_grad(p, y))
    assert ref["binary_cross_entropy"](p, y) == pytest.approx(losses.binary_cross_entropy(p, y), rel=1e-12)
    np.testing.assert_allclose(ref["bce_grad"](p, y), losses.binary_cross_entropy_grad(p, y), rtol=1e-10)
    pred, lab = rng.integers(0, 2, size=20), rng.integers(0, 2, size=20)
    assert ref["precision"](pred, lab) == pytest.approx(metrics.precision(pred, lab))
    assert ref["recall"](pred, lab) == pytest.approx(metrics.recall(pred, lab))
    assert ref["accuracy"](pred, lab) == pytest.approx(metrics.accuracy(pred, lab))
    np.testing.assert_array_equal(ref["confusion_matrix"](pred, lab, 2), metrics.confusion_matrix(pred, lab, 2))


def _fd(f, x):
    return _centered(f, x)


def test_gradient_references_agree_with_finite_differences():
    ref = check._references()
    rng = np.random.default_rng(1)
    X, y, w, b = rng.normal(size=(5, 3)), (rng.uniform(size=5) < 0.5).astype(float), rng.normal(size=3), 0.4
    def loss_w(v):
        return 0.5 * np.sum((activations.sigmoid(X @ v + b) - y) ** 2)
    gw, gb = ref["neuron_gradients"](X, y, w, b)
    np.testing.assert_allclose(gw, _fd(loss_w, w), rtol=1e-6)
    assert gb == pytest.approx(_fd(lambda v: 0.5 * np.sum((activations.sigmoid(X @ w + v[0]) - y) ** 2),
                                   np.array([b]))[0], rel=1e-6)
    params = {"W1": rng.normal(size=(3, 4)), "b1": rng.normal(size=4),
              "W2": rng.normal(size=(4, 2)), "b2": rng.normal(size=2)}
    Y = (rng.uniform(size=(5, 2)) < 0.5).astype(float)
    grads = ref["two_layer_gradients"](X, Y, **params)
    for name in params:
        def loss(v, name=name):
            p = dict(params, **{name: v})
            out = activations.sigmoid(activations.sigmoid(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])
            return losses.binary_cross_entropy(out, Y)
        np.testing.assert_allclose(grads[name], _fd(loss, params[name]), rtol=1e-5, atol=1e-10)
    P, T = rng.uniform(0.1, 0.9, size=(5, 2)), Y
    np.testing.assert_allclose(ref["mse_output_delta"](P, T) / (P * (1 - P)),
                               _fd(lambda v: np.mean((v - T) ** 2), P), rtol=1e-6)
    np.testing.assert_allclose(ref["bce_output_delta"](P, T),
                               _fd(lambda v: losses.binary_cross_entropy(activations.sigmoid(v), T),
                                   np.log(P / (1 - P))), rtol=1e-5)
    W = rng.normal(size=(3, 3))
    np.testing.assert_allclose(ref["l2_grad"](W, 0.1), _fd(lambda v: 0.05 * np.sum(v ** 2), W), rtol=1e-6)


def test_flower_reference_agrees_with_the_package():
    from nnscratch.models import flower_net

    rng = np.random.default_rng(2)
    params, cache, y = check._flower_case(rng, 1)
    backward, forward = flower_net.backward, flower_net.forward
    _, pkg_cache = forward(params, cache["sun"], cache["water"])
    assert pkg_cache["y_hat"] == pytest.approx(cache["y_hat"], rel=1e-12)
    expected = backward(params, pkg_cache, y)
    got = check._references()["flower_backward"](params, cache, y)
    assert got == pytest.approx(expected, rel=1e-10)


def test_the_gradient_helper():
    assert check.gradient(lambda x: float(np.sum(np.sin(x))), np.cos, (2, 3), quiet=True).passed
    wrong = check.gradient(lambda x: float(np.sum(x ** 3)), lambda x: 3 * x, (3,), quiet=True)
    assert not wrong and "the finite differences give" in wrong.message
    # A ReLU loss: points near the kink are redrawn, so the right gradient passes.
    assert check.gradient(lambda x: float(np.sum(np.maximum(x, 0))), lambda x: (x > 0) * 1.0, (50,),
                          quiet=True).passed
    assert check.gradient(lambda x: _stub(), np.cos, (2,), quiet=True).status == "not implemented"


def test_mistakes_lists_the_catalogue():
    keys = [k for k, _ in check.mistakes("relu_backward")]
    assert {"mask_from_upstream_gradient", "mask_written_with_equals"} <= set(keys)
    assert set(check.checkers()) == set(NAMES)
    with pytest.raises(ValueError, match="must be one of the checkers"):
        check.mistakes("nope")


# ------------------------------------------------------------------ chapter 6's PyTorch checkers

try:
    import torch
except ImportError:  # the package's own tests run without the torch extra too
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch is not installed")


def _step(params, loss_fn, step_size):
    loss = loss_fn(params)
    loss.backward()
    with torch.no_grad():
        for p in params.values():
            p -= step_size * p.grad
            p.grad = None
    return loss.item()


def _step_no_reset(params, loss_fn, step_size):
    loss = loss_fn(params)
    loss.backward()
    with torch.no_grad():
        for p in params.values():
            p -= step_size * p.grad
    return loss.item()


def _step_recorded(params, loss_fn, step_size):
    loss = loss_fn(params)
    loss.backward()
    for p in params.values():
        p -= step_size * p.grad
    return loss.item()


def _step_rebinding(params, loss_fn, step_size):
    loss = loss_fn(params)
    loss.backward()
    with torch.no_grad():
        for p in params.values():
            p = p - step_size * p.grad  # noqa: PLW2901 - the mistake under test
    return loss.item()


def _step_uphill(params, loss_fn, step_size):
    loss = loss_fn(params)
    loss.backward()
    with torch.no_grad():
        for p in params.values():
            p += step_size * p.grad
            p.grad = None
    return loss.item()


def _step_loss_after(params, loss_fn, step_size):
    _step(params, loss_fn, step_size)
    return loss_fn(params).item()


def _step_returns_tensor(params, loss_fn, step_size):
    loss = loss_fn(params)
    _step(params, loss_fn, step_size)
    return loss


@needs_torch
def test_torch_step_passes_the_reference_and_a_zero_grad_variant(capsys):
    assert check.torch_step(_step)
    assert capsys.readouterr().out.startswith("torch_step: correct.")

    def with_zeroing(params, loss_fn, step_size):
        for p in params.values():
            p.grad = None
        loss = loss_fn(params)
        loss.backward()
        with torch.no_grad():
            for p in params.values():
                p.sub_(step_size * p.grad)
        return float(loss)

    assert check.torch_step(with_zeroing)


@needs_torch
@pytest.mark.parametrize(("answer", "key", "words"), [
    (_step_no_reset, "no_reset", "backward() adds to them"),
    (_step_recorded, "update_recorded", "inside `with torch.no_grad():`"),
    (_step_rebinding, "rebinding", "The parameters did not change"),
    (_step_uphill, "sign", "moved uphill"),
    (_step_loss_after, "loss_after_step", "returns the loss after the update"),
])
def test_torch_step_names_each_mistake(answer, key, words):
    result = check.torch_step(answer)
    assert not result.passed and result.mistake == key
    assert words in result.message, result.message


@needs_torch
def test_torch_step_stub_none_and_tensor(capsys):
    assert check.torch_step(_stub).status == "not implemented"
    assert "returned None" in check.torch_step(lambda p, f, s: None).message
    assert "returned a tensor" in check.torch_step(_step_returns_tensor).message
    assert "Pass your function itself" in check.torch_step(3).message


@needs_torch
def test_bce_with_logits_reference_is_the_stable_loss():
    rng = np.random.default_rng(3)
    z, y = rng.normal(scale=3.0, size=20), (rng.random(20) < 0.5).astype(float)
    p = 1 / (1 + np.exp(-z))
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert math.isclose(check._references()["bce_with_logits"](z, y), expected, rel_tol=1e-12)
    t = torch.nn.BCEWithLogitsLoss()(torch.from_numpy(z), torch.from_numpy(y)).item()
    assert math.isclose(check._references()["bce_with_logits"](z, y), t, rel_tol=1e-12)
    big = check._references()["bce_with_logits"](np.array([1000.0, -1000.0]), np.array([0.0, 1.0]))
    assert math.isclose(big, 1000.0)


# ------------------------------------------------------------------ the autograd chapter's graph checkers

def _topo_kahn(root):
    """A correct answer written differently: count each node's uses, release it when all are done."""
    nodes, stack = {}, [root]
    while stack:
        node = stack.pop()
        if id(node) not in nodes:
            nodes[id(node)] = node
            stack.extend(node.parents)
    uses = dict.fromkeys(nodes, 0)
    for node in nodes.values():
        for parent in node.parents:
            uses[id(parent)] += 1
    ready, outputs_first = [root], []
    while ready:
        node = ready.pop()
        outputs_first.append(node)
        for parent in node.parents:
            uses[id(parent)] -= 1
            if uses[id(parent)] == 0:
                ready.append(parent)
    return outputs_first[::-1]


def _chapter_backward(root, assign=False, reset=True):
    """The chapter's backward pass (every node reset), or its variants."""
    order = check._topo_ref(root)
    if reset:
        for node in order:
            node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad = local * node.grad if assign else parent.grad + local * node.grad


def _backward_leaves_kept(root):
    order = _topo_kahn(root)
    inner = [n for n in order if n.parents]
    for node in inner:
        node.grad = 0.0
    root.grad = 1.0
    for node in order[::-1]:
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            parent.grad += node.grad * local


def test_graph_checkers_accept_answers_written_differently():
    assert check.topological_order(_topo_kahn).passed
    assert check.accumulating_backward(_backward_leaves_kept).passed


GRAPH_PLANTED = [
    ("topological_order", check._topo_recursive, "RecursionError on a chain of 5,000 operations"),
    ("topological_order", lambda root: [n.label for n in check._topo_ref(root)],
     "The list holds a str that is not a node of the graph"),
    ("topological_order", lambda root: set(check._topo_ref(root)), "Expected a list of the graph's nodes"),
    ("topological_order", lambda root: check._topo_preorder(root)[::-1], "comes before one of its parents"),
    ("topological_order", lambda root: check._topo_ref(root)[:-1], "Some nodes of the graph are missing"),
    ("topological_order", lambda root: root.children, "they have only the attributes data, grad, parents"),
    ("accumulating_backward", _chapter_backward, "Every call starts afresh, the leaves included"),
    ("accumulating_backward", lambda root: _chapter_backward(root, reset=False),
     "keep their gradient from the previous call"),
    ("accumulating_backward", lambda root: _chapter_backward(root, assign=True),
     "`parent.grad = ...` overwrites where `+=` must add"),
    ("accumulating_backward", lambda root: None, "Every gradient stays 0"),
    ("accumulating_backward", lambda root: root.backward(), "they have only the attributes data, grad, parents"),
]


@pytest.mark.parametrize(("name", "answer", "words"), GRAPH_PLANTED,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(GRAPH_PLANTED)])
def test_a_planted_graph_answer_is_rejected_with_its_diagnosis(name, answer, words):
    result = getattr(check, name)(answer)
    assert not result.passed
    assert words in result.message, result.message


def test_a_backward_wrong_at_one_node_names_the_node():
    def off_by_half(root):
        _backward_leaves_kept(root)
        if root.label == "f" and len(root.parents) == 2 and root.parents[0] is root.parents[1]:
            root.parents[0].grad *= 1.5
    message = check.accumulating_backward(off_by_half).message
    assert "For the graph f = x * x  (x = 3), after one call the node x has grad 9; expected 6." in message


PLAIN = {  # the checker's small graphs as plain functions of their leaves, and where they are evaluated
    "_g_fan_out": (lambda x, y: x * y + x, (3.0, -2.0)),
    "_g_square": (lambda x: x * x, (3.0,)),
    "_g_two_paths": (lambda x, y: math.tanh(x * y) * x * y, (0.5, -1.5)),
    "_g_web": (lambda x, y: x * y * (x * y + x) + (x * y + x) * y, (1.5, -0.5)),
}


@pytest.mark.parametrize("graph", sorted(PLAIN))
def test_graph_reference_gradients_agree_with_finite_differences(graph):
    f, point = PLAIN[graph]
    text, nodes = getattr(check, graph)()
    assert nodes[-1].data == pytest.approx(f(*point), rel=1e-14)
    check._ACCUMULATING_BACKWARD.reference(nodes[-1])
    leaves = [n for n in nodes if not n.parents]
    for i, leaf in enumerate(leaves):
        up, down = list(point), list(point)
        up[i] += 1e-6
        down[i] -= 1e-6
        assert leaf.grad == pytest.approx((f(*up) - f(*down)) / 2e-6, rel=1e-7, abs=1e-9), (graph, leaf.label)
    first = [n.grad for n in nodes]
    check._ACCUMULATING_BACKWARD.reference(nodes[-1])
    for node, g in zip(nodes, first, strict=True):
        assert node.grad == pytest.approx(g if node.parents else 2 * g, rel=1e-14)
    order = check._topo_ref(nodes[-1])
    assert len(order) == len(nodes) and set(map(id, order)) == set(map(id, nodes))


# ------------------------------------------------------------------ chapter 8's counting checkers

def test_product_flops_reference_is_the_benchmarks_count():
    from nnscratch.benchmark import step_counts

    for n, h, d in ((16, 2, 2), (512, 32, 2), (1024, 512, 64)):
        assert check._references()["product_flops"](n, h, d) == step_counts(h, n, d)["product_flops"]
    # Counted by hand for N = H = D = 1: X@W1, A1@W2, A1.T@d2, X.T@d1 (2 each) and the outer product (1).
    assert check._references()["product_flops"](1, 1, 1) == 9


def test_roofline_bound_is_the_binding_limit():
    ref = check._references()["roofline_bound"]
    assert ref(2e8, 4e6, 30, 5e10, 1e10, 2e-6) == pytest.approx(4e-3)      # arithmetic
    assert ref(1e6, 8e7, 30, 5e10, 1e10, 2e-6) == pytest.approx(8e-3)      # memory
    assert ref(800.0, 6e3, 30, 5e10, 1e10, 2e-6) == pytest.approx(6e-5)    # overhead


@pytest.mark.parametrize(("name", "answer", "words"), [
    ("product_flops", lambda n, h, d: 2 * (2 * n * d * h + 2 * n * h) + 2 * n * h, "multiplies and never adds"),
    ("product_flops", lambda n, h, d: n * d * h + n * h, "Wrong values"),
    ("roofline_bound", lambda f, b, c, p, w, o: f / p + b / w + c * o, "It adds the three times"),
    ("roofline_bound", lambda f, b, c, p, w, o: max(f / p, b / w), "per-call overhead is missing"),
])
def test_counting_checkers_name_the_mistake(name, answer, words):
    result = getattr(check, name)(answer)
    assert not result.passed
    assert words in result.message, result.message
