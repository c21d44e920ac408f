"""Automatic differentiation from scratch: a scalar ``Value`` and a small ``Tensor`` (chapter 5).

Every result of an operation remembers the values it was computed from (its
*parents*) and how it depends on each of them. ``backward()`` then visits the
graph from the output back to the inputs, in reverse topological order, and
applies the chain rule once per edge:

- a :class:`Value` stores, per parent, the *local derivative* d(out)/d(parent),
  a number, so its backward pass is ``parent.grad += local * node.grad``;
- a :class:`Tensor` stores, per parent, a function that turns the gradient of
  the output into the parent's share of it (a vector-Jacobian product: the
  Jacobian of a matrix product is too big to store), so its backward pass is
  ``parent.grad += vjp(node.grad)``.

The ``+=`` is what a value used more than once (fan-out) needs: its gradient is
the sum over every path from it to the output. Both engines are float64 and
small on purpose: the engine a student could have written after chapters 1-4.
Chapter 6's ``loss.backward()`` is this idea at scale.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from nnscratch.activations import sigmoid_scalar_unchecked
from nnscratch.checks import check_array, check_labels

__all__ = ["Value", "Tensor", "topological_order", "draw_graph", "cross_entropy"]


def topological_order(root):
    """Every node of ``root``'s graph, each after all of its parents (inputs first) (chapter 5).

    A node is anything with a ``parents`` tuple. The walk is a depth-first search with
    an explicit stack rather than recursion, so a chain of many thousand nodes does not
    hit Python's recursion limit. A node reached along two paths appears once.
    """
    if not hasattr(root, "parents"):
        raise TypeError(f"root must be a node of a computational graph (a Value or a Tensor), "
                        f"got {type(root).__name__}")
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)  # all of its parents are already in order
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in reversed(node.parents))
    return order


# ----------------------------------------------------------------------------
# The scalar engine


def _is_number(x):
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))


def _finite(x, name):
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {x!r}")
    return float(x)


class Value:
    """A float64 number that remembers how it was computed (chapter 5).

    ``Value(2.0, label="x")`` is a leaf: an input or a parameter. Operations with
    other Values or plain numbers (``+ - * / **``, :meth:`exp`, :meth:`log`,
    :meth:`tanh`, :meth:`sigmoid`, :meth:`relu`) return new Values whose
    ``parents`` and ``local_grads`` record the step; :meth:`backward` fills every
    ``grad`` with d(output)/d(node). Anything else than an ``int``, ``float`` or
    Value raises ``TypeError`` naming its type.
    """

    __slots__ = ("data", "grad", "parents", "local_grads", "op", "label")
    __array_ufunc__ = None  # numpy_number * Value: NumPy steps aside, Value.__rmul__ answers

    def __init__(self, data, parents=(), local_grads=(), op="", label=""):
        if isinstance(data, Value) or not _is_number(data):
            raise TypeError(f"a Value's data must be an int or a float, got {type(data).__name__}")
        self.data = _finite(data, "a Value's data")
        self.grad = 0.0
        self.parents = tuple(parents)  # the Values this one was computed from
        self.local_grads = tuple(local_grads)  # d(self)/d(parent), one per parent
        self.op = op
        self.label = label

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # Each operation: the forward value, then the local derivative per parent.
    def __add__(self, other):
        other = _lift(other, "+")
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = _lift(other, "*")
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __pow__(self, k):
        if not _is_number(k):
            raise TypeError(f"the exponent of a Value must be an int or a float, got {type(k).__name__}")
        if self.data == 0 and k < 1 or self.data < 0 and k != int(k):
            raise ValueError(f"x must be > 0 for x ** {k} (x != 0 for k < 1, an integer k for x < 0), "
                             f"got x = {self.data!r}")
        return Value(self.data**k, (self,), (k * self.data ** (k - 1),), f"**{k:g}")

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise ValueError(f"x must be at most 709.78 for exp(x) to fit in a float64, got x = {self.data!r}"
                             ) from None
        return Value(e, (self,), (e,), "exp")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"x must be positive for log(x), got {self.data!r}")
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self):
        s = sigmoid_scalar_unchecked(self.data)  # never overflows (chapter 2)
        return Value(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    # Everything else is made of the operations above.
    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + -_lift(other, "-")

    def __truediv__(self, other):
        return self * _lift(other, "/") ** -1

    def __radd__(self, other):
        return _lift(other, "+") + self

    def __rmul__(self, other):
        return _lift(other, "*") * self

    def __rsub__(self, other):
        return _lift(other, "-") + -self

    def __rtruediv__(self, other):
        return _lift(other, "/") * self**-1

    def backward(self):
        """Fill ``grad`` of every node of this graph with d(self)/d(node) (chapter 5).

        Each call starts afresh: the graph's gradients are set to 0 and ``self.grad``
        to 1, then every node, from the output back, adds ``local * node.grad`` to
        each parent's ``grad`` (a parent with several children collects one term per
        child). Unlike PyTorch, nothing accumulates across calls.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad


def _lift(x, op):
    """A Value as it is; an int or a float as a constant Value."""
    if isinstance(x, Value):
        return x
    if _is_number(x):
        return Value(x)
    raise TypeError(f"the other operand of {op} with a Value must be an int, a float or a Value, "
                    f"got {type(x).__name__}")


# ----------------------------------------------------------------------------
# The tensor engine: the same idea, one array per node


def _unbroadcast(grad, shape):
    """Sum ``grad`` down to ``shape``: undo NumPy's broadcasting of an operand."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)  # a dimension broadcasting added in front
    for axis, n in enumerate(shape):
        if n == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)  # a length-1 dimension stretched
    return grad


class Tensor:
    """A float64 array that remembers how it was computed (chapter 5).

    Supports what chapter 4's network needs: ``@`` (matrix product), ``+`` and
    ``*`` with NumPy broadcasting, :meth:`relu`, :meth:`sum`, :meth:`log_softmax`
    (row by row) and :func:`cross_entropy`. Operands may be Tensors, numbers or
    arrays (those become constants); anything else raises ``TypeError`` naming its
    type. :meth:`backward` needs a tensor with one element (a loss).
    """

    __array_ufunc__ = None  # array + Tensor: NumPy steps aside, Tensor.__radd__ answers

    def __init__(self, data, parents=(), vjps=(), op=""):
        if isinstance(data, (Tensor, Value)):
            raise TypeError(f"Tensor data must be a number or an array of numbers, got {type(data).__name__}")
        self.data = np.array(check_array(data, "Tensor data", allow_empty=True), dtype=np.float64)
        self.grad = np.zeros_like(self.data)
        self.parents = tuple(parents)
        self.vjps = tuple(vjps)  # per parent: d(self) -> the parent's share of the gradient
        self.op = op

    @property
    def shape(self):
        return self.data.shape

    def __repr__(self):
        return f"Tensor(shape={self.shape}, op={self.op!r})"

    def __add__(self, other):
        other = _lift_tensor(other, "+")
        a, b = self, other
        return Tensor(a.data + b.data, (a, b),
                      (lambda g: _unbroadcast(g, a.shape), lambda g: _unbroadcast(g, b.shape)), "+")

    def __mul__(self, other):
        other = _lift_tensor(other, "*")
        a, b = self, other
        return Tensor(a.data * b.data, (a, b), (lambda g: _unbroadcast(g * b.data, a.shape),
                                                lambda g: _unbroadcast(g * a.data, b.shape)), "*")

    def __matmul__(self, other):
        other = _lift_tensor(other, "@")
        a, b = self, other
        if a.data.ndim != 2 or b.data.ndim != 2 or a.shape[1] != b.shape[0]:
            raise ValueError(f"the operands of @ must be an (N, D) and a (D, H) matrix, "
                             f"got shapes {a.shape} and {b.shape}")
        return Tensor(a.data @ b.data, (a, b), (lambda g: g @ b.data.T, lambda g: a.data.T @ g), "@")

    __radd__ = __add__
    __rmul__ = __mul__

    def relu(self):
        mask = self.data > 0
        return Tensor(self.data * mask, (self,), (lambda g: g * mask,), "relu")

    def sum(self):
        return Tensor(self.data.sum(), (self,), (lambda g: np.broadcast_to(g, self.shape).copy(),), "sum")

    def log_softmax(self):
        """Row-wise log of softmax, with the row maximum subtracted (chapter 4)."""
        if self.data.ndim != 2:
            raise ValueError(f"log_softmax's input must be an (N, K) matrix of scores, got shape {self.shape}")
        shifted = self.data - self.data.max(axis=1, keepdims=True)
        out = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        P = np.exp(out)
        return Tensor(out, (self,), (lambda g: g - P * g.sum(axis=1, keepdims=True),), "log_softmax")

    def backward(self):
        """Fill ``grad`` of every node of this graph with d(self)/d(node) (chapter 5).

        ``self`` must hold one number (a loss): the gradient of a non-scalar is a
        Jacobian, not an array of the inputs' shapes. Starts afresh on every call,
        like :meth:`Value.backward`.
        """
        if self.data.size != 1:
            raise ValueError(f"backward() must start from a scalar Tensor (one number, such as a loss), "
                             f"got one of shape {self.shape}")
        order = topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.data)
        self.grad = np.ones_like(self.data)
        for node in reversed(order):
            for parent, vjp in zip(node.parents, node.vjps, strict=True):
                parent.grad = parent.grad + vjp(node.grad)


def _lift_tensor(x, op):
    if isinstance(x, Tensor):
        return x
    if isinstance(x, Value) or not (_is_number(x) or isinstance(x, np.ndarray)):
        raise TypeError(f"the other operand of {op} with a Tensor must be a number, a NumPy array "
                        f"or a Tensor, got {type(x).__name__}")
    return Tensor(x)


def cross_entropy(scores, labels):
    """Mean cross-entropy of softmax(``scores``) (N, K) against integer ``labels`` (N,) (chapter 5).

    Built as ``-(log_softmax(scores) picked at the labels).mean()``; its gradient at
    the scores is (P - Y)/N, as derived by hand in chapter 4.
    """
    if not isinstance(scores, Tensor):
        raise TypeError(f"scores must be a Tensor, got {type(scores).__name__}")
    log_p = scores.log_softmax()
    y = check_labels(labels, "labels", n_classes=log_p.shape[1], shape=(log_p.shape[0],))
    N = y.shape[0]
    rows = np.arange(N)

    def vjp(g):
        grad = np.zeros_like(log_p.data)
        grad[rows, y] = -g / N
        return grad

    return Tensor(-log_p.data[rows, y].mean(), (log_p,), (vjp,), "cross_entropy")


# ----------------------------------------------------------------------------
# Drawing a graph


def draw_graph(root, ax=None, names=None):
    """Draw ``root``'s computational graph with matplotlib, inputs on top, output at the bottom (chapter 5).

    Each node is a box with its operation (or its ``label``, or the name ``names``
    gives it), its ``data`` and its ``grad``; arrows run from parents to children.
    An operation sits one row below its lowest parent, an input (a leaf) one row
    above its first user. Works for any node with ``parents``, ``data``, ``grad`` and
    ``op`` (a Value of the chapter's own engine too). Returns the axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from nnscratch.plotting import COLORS, PAGE_WIDTH, course_style

    if not hasattr(root, "parents"):
        raise TypeError(f"root must be a node of a computational graph (a Value), got {type(root).__name__}")
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    if names is not None and not isinstance(names, dict):
        raise TypeError(f"names must be a dict from nodes to names or None, got {type(names).__name__}")
    names = {} if names is None else names
    order = topological_order(root)
    children = {node: [] for node in order}
    depth = {}
    for node in order:
        for parent in node.parents:
            children[parent].append(node)
        if node.parents:
            depth[node] = 1 + max(depth.get(p, 0) for p in node.parents)
    for node in order:
        if not node.parents:  # a leaf: just above its first user
            depth[node] = min((depth[c] for c in children[node]), default=1) - 1
    low = min(depth.values())
    rows = {}
    for node in order:
        rows.setdefault(depth[node] - low, []).append(node)
    where = {}
    for row in sorted(rows, reverse=True):  # from the output up: each row ordered under its users
        nodes = sorted(rows[row], key=lambda n: np.mean([where[c][0] for c in children[n]] or [0.0]))
        for i, node in enumerate(nodes):
            where[node] = (i - (len(nodes) - 1) / 2, -row)
    widest, n_rows = max(len(n) for n in rows.values()), len(rows)
    with course_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(min(PAGE_WIDTH, 0.6 + 1.5 * widest), 0.5 + 0.9 * n_rows))
        for node in order:
            for parent in node.parents:
                ax.annotate("", xy=where[node], xytext=where[parent],
                            arrowprops={"arrowstyle": "-|>", "color": "0.45", "shrinkA": 22, "shrinkB": 22})
        for node in order:
            title = names.get(node) or getattr(node, "label", "") or node.op or "constant"
            leaf = not node.parents
            text = f"{title}\ndata {float(node.data):.3g}\ngrad {float(node.grad):.3g}"
            ax.text(*where[node], text, ha="center", va="center", fontsize=10.5, linespacing=1.15,
                    bbox={"boxstyle": "round,pad=0.3", "lw": 1.2,
                          "fc": "#E8F1F8" if leaf else "white", "ec": COLORS[0] if leaf else COLORS[1]})
        ax.set_xlim(-widest / 2, widest / 2)
        ax.set_ylim(-n_rows + 0.5, 0.5)
        ax.axis("off")
    return ax
