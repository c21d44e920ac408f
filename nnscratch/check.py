"""Self-checks for the exercises: write a function, hand it to its checker (issue 14).

In an exercise cell::

    from nnscratch import check

    def sigmoid_grad(z):
        raise NotImplementedError  # replace this line with your code

    check.sigmoid_grad(sigmoid_grad)

The checker calls your function on a few inputs chosen by hand and on seeded random
ones (the same inputs on every run and every machine), and prints one verdict:

- ``correct``, saying what was checked;
- ``not implemented yet`` while the function still raises ``NotImplementedError``
  (the stored output of every exercise's stub);
- ``not right yet`` with a diagnosis: a wrong shape or dtype (expected vs received),
  a **recognised common mistake named explicitly** (``mistakes("sigmoid_grad")``
  lists them), an error your function raised, or the first input where its values
  differ (the input, the expected and the received value). Gradients are also
  compared with centered finite differences at seeded random points, kept away from
  the kink of a ReLU.

A checker never shows how the answer is computed. It prints rather than raises, so a
notebook's stored output is a short, stable text and never a traceback; it also
returns a :class:`CheckResult` (true when the check passed) that a notebook does not
display. NumPy only: it works offline and on Colab.

Adding a checker (for a new exercise): write a private reference, a function returning
the inputs (``_Case``: a few chosen by hand, small enough to print, then seeded random
ones, including shapes that expose a transpose), the :class:`Mistake` list (each a wrong
implementation and the message that names it) and, for a gradient, the loss for the
finite-difference test; wrap them in a ``_Spec``, add it to ``_SPECS`` and give it a
one-line public function. ``tests/test_check.py`` then checks it like every other one.
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "CheckResult", "checkers", "mistakes", "gradient",
    "sigmoid", "sigmoid_grad", "sigmoid_grad_from_output", "neuron_forward", "neuron_gradients",
    "squared_error", "squared_error_grad", "mse_output_delta", "binary_cross_entropy",
    "bce_grad", "bce_output_delta", "flower_backward", "forward_batch", "layer_backward",
    "two_layer_gradients", "relu", "relu_backward", "softmax", "cross_entropy",
    "softmax_cross_entropy_grad", "l2_penalty", "l2_grad", "numerical_gradient",
    "accuracy", "precision", "recall", "confusion_matrix", "bce_with_logits", "torch_step",
    "product_flops", "roofline_bound",
    "topological_order", "accumulating_backward",
]

PASSED = "passed"
NOT_IMPLEMENTED = "not implemented"
MISTAKE = "mistake"      # a recognised common mistake
WRONG = "wrong"          # wrong values, shape, dtype or structure
ERROR = "error"          # the function raised, or is not a function

RTOL = 1e-6              # agreement with the reference: relative ...
ATOL = 1e-9              # ... and absolute, scaled by the size of the expected values
FD_STEP = 1e-6           # step of the centered differences
FD_RTOL = 1e-5           # agreement with the finite differences (their own error is ~1e-9)


@dataclass(frozen=True)
class CheckResult:
    """What a checker found. True when the check passed; a notebook does not display it."""

    name: str
    status: str
    message: str
    mistake: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        extra = f", mistake={self.mistake!r}" if self.mistake else ""
        return f"CheckResult({self.name!r}, {self.status!r}{extra})"

    def _ipython_display_(self) -> None:
        """The checker printed its message already: show nothing more in a notebook."""


@dataclass(frozen=True)
class Mistake:
    """A common wrong implementation: ``fn`` computes what it computes, ``message`` says what it is."""

    key: str
    message: str
    fn: object = field(repr=False)


@dataclass(frozen=True)
class _Case:
    args: tuple
    note: str = ""


class _Raised:
    """Stands for "the call raised": two calls that raise the same type count as the same outcome."""

    def __init__(self, exc: BaseException):
        self.exc = exc


# ---------------------------------------------------------------------------- the engine

def _call(fn, args):
    args = copy.deepcopy(args)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return fn(*args), args
        except NotImplementedError as exc:
            return _Raised(exc), args
        except Exception as exc:  # noqa: BLE001 - any error of the learner's code is a diagnosis
            return _Raised(exc), args


def _parts(value, template):
    """``value`` as {name: array} laid out like ``template`` (the reference's output), or a reason."""
    if isinstance(template, dict):
        if not isinstance(value, dict):
            return None, f"a dict with the keys {sorted(template)}, received {_kind(value)}"
        if set(value) != set(template):
            return None, f"a dict with the keys {sorted(template)}, received the keys {sorted(value)}"
        items = [(f"[{k!r}]", value[k], template[k]) for k in template]
    elif isinstance(template, tuple):
        if not isinstance(value, (tuple, list)) or len(value) != len(template):
            return None, f"a tuple of {len(template)} values, received {_kind(value)}"
        items = [(f"[{i}]", v, t) for i, (v, t) in enumerate(zip(value, template, strict=True))]
    else:
        items = [("", value, template)]
    out = {}
    for name, v, t in items:
        if v is None:
            return None, f"a value{' for ' + name if name else ''}, received None"
        try:
            arr = np.asarray(v)
        except Exception:  # noqa: BLE001
            return None, f"numbers, received {_kind(v)}"
        if arr.dtype == object or arr.dtype.kind not in "biuf":
            return None, f"numbers{' for ' + name if name else ''}, received {_kind(v)}"
        out[name] = (arr, np.asarray(t))
    return out, None


def _kind(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of length {len(value)}"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _close(received, expected) -> bool:
    scale = float(np.max(np.abs(expected[np.isfinite(expected)]), initial=1.0))
    return bool(np.allclose(received, expected, rtol=RTOL, atol=ATOL * scale, equal_nan=True))


def _same_outcome(a, b) -> bool:
    """Same result up to rounding (shapes included), or both raised the same type of error."""
    if isinstance(a, _Raised) or isinstance(b, _Raised):
        return isinstance(a, _Raised) and isinstance(b, _Raised) and type(a.exc) is type(b.exc)
    parts, reason = _parts(a, b)
    if reason:
        return False
    return all(r.shape == e.shape and _close(r.astype(float), e.astype(float)) for r, e in parts.values())


def _fmt(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_fmt(v)}" for k, v in value.items()) + "}"
    if callable(value):
        return getattr(value, "__name__", "a function")
    arr = np.asarray(value)
    if arr.dtype.kind in "biu":
        return np.array2string(arr, separator=", ", threshold=20, edgeitems=3)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    return np.array2string(arr.astype(float), precision=4, separator=", ", threshold=20, edgeitems=3,
                           suppress_small=True, max_line_width=86)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


class _Spec:
    """One checker: the reference, the inputs, the recognised mistakes and the finite-difference test."""

    def __init__(self, name, signature, reference, cases, mistakes=(), *, floats=True,
                 fd=None, what=""):
        self.name = name
        self.signature = signature      # how the exercise calls the function, e.g. "f(z)"
        self.reference = reference
        self.cases = cases              # a function returning the list of _Case
        self.mistakes = list(mistakes)
        self.floats = floats            # the answer must be float (False: integers are fine)
        self.fd = fd                    # (loss(*args), {output part: argument index}, cases) or None
        self.what = what

    def arg_names(self):
        return self.signature[self.signature.index("(") + 1:self.signature.index(")")].split(", ")

    # ------------------------------------------------------------------ run
    def run(self, fn, *, quiet=False) -> CheckResult:
        result = self._verdict(fn)
        if not quiet:
            print(result.message)
        return result

    def _result(self, status, text, mistake=None):
        head = {PASSED: "correct.", NOT_IMPLEMENTED: "not implemented yet."}.get(status, "not right yet.")
        return CheckResult(self.name, status, f"{self.name}: {head} {text}".rstrip(), mistake)

    def _verdict(self, fn) -> CheckResult:
        if not callable(fn):
            return self._result(ERROR, f"Pass your function itself, as in check.{self.name}(my_function), "
                                       f"not what it returns; received {_kind(fn)}.")
        cases = self.cases()
        calls = [_call(fn, case.args) for case in cases]
        outcomes = [out for out, _ in calls]
        if any(isinstance(o, _Raised) and isinstance(o.exc, NotImplementedError) for o in outcomes):
            return self._result(NOT_IMPLEMENTED, "The function still raises NotImplementedError: replace "
                                                 "that line with your code and run the cell again.")
        expected = [self.reference(*copy.deepcopy(case.args)) for case in cases]
        bad = next((i for i, (o, e) in enumerate(zip(outcomes, expected, strict=True))
                    if not self._correct(o, e)), None)
        if bad is not None:
            return self._diagnose(cases, outcomes, expected, bad)
        for case, (_, args_after) in zip(cases, calls, strict=True):
            changed = [name for name, before, after in zip(self.arg_names(), case.args, args_after, strict=False)
                       if not _same_inputs(before, after)]
            if changed:
                return self._result(MISTAKE, f"The values are right, but the function changed its input "
                                             f"{changed[0]} in place. Work on a new array (for example "
                                             "a result of arithmetic) and leave the caller's arrays as they were.",
                                    "modifies_input")
        fd_text = ""
        if self.fd is not None:
            failure, fd_text = self._finite_differences(fn)
            if failure is not None:
                return failure
        return self._result(PASSED, f"Checked on {len(cases)} inputs: {self.what}{fd_text}.")

    def _correct(self, outcome, expected) -> bool:
        if isinstance(outcome, _Raised):
            return False
        parts, reason = _parts(outcome, expected)
        if reason:
            return False
        for received, exp in parts.values():
            if received.shape != exp.shape:
                return False
            if self.floats and received.dtype != np.float64:
                return False
            if not _close(received.astype(float), exp.astype(float)):
                return False
        return True

    def _diagnose(self, cases, outcomes, expected, bad) -> CheckResult:
        for m in self.mistakes:
            planted = [_call(m.fn, case.args)[0] for case in cases]
            # A mistake is named only when it reproduces every outcome, at least one of them a value.
            if (all(_same_outcome(o, p) for o, p in zip(outcomes, planted, strict=True))
                    and any(not isinstance(p, _Raised) for p in planted)):
                return self._result(MISTAKE, m.message, m.key)
        case, outcome, exp = cases[bad], outcomes[bad], expected[bad]
        where = self._input_text(case)
        if isinstance(outcome, _Raised):
            exc = outcome.exc
            text = f"{type(exc).__name__}: {str(exc)[:200]}"
            hint = _error_hint(str(exc))
            return self._result(ERROR, f"It raised {text}\nfor the input\n{where}{hint}")
        parts, reason = _parts(outcome, exp)
        if reason:
            if outcome is None:
                return self._result(WRONG, "It returned None: is a `return` missing?")
            return self._result(WRONG, f"Expected {reason}.\nInput:\n{where}")
        for name, (received, e) in parts.items():
            label = f"Entry {name}" if name else "The result"
            if received.shape != e.shape:
                return self._result(WRONG, f"{label} has the wrong shape: expected {e.shape}, received "
                                           f"{received.shape}.\nInput:\n{where}")
            if self.floats and received.dtype != np.float64:
                return self._result(WRONG, f"{label} has the wrong dtype: expected floats (float64), "
                                           f"received {received.dtype}.\nInput:\n{where}")
        for name, (received, e) in parts.items():
            if not _close(received.astype(float), e.astype(float)):
                label = f"entry {name}" if name else "values"
                right = [n for n, (r, x) in parts.items() if _close(r.astype(float), x.astype(float))]
                also = f" (right: {', '.join(right)})" if right else ""
                nonfinite = "" if np.isfinite(received).all() else (
                    "\nIt produced inf or NaN: an overflow? Compute it in a form whose exponentials "
                    "stay small.")
                return self._result(WRONG, f"Wrong {label}{also} for the input\n{where}\nexpected\n"
                                           f"{_indent(_fmt(e))}\nreceived\n{_indent(_fmt(received))}"
                                           f"{nonfinite}")
        return self._result(WRONG, f"Unexpected result for the input\n{where}")  # pragma: no cover

    def _input_text(self, case) -> str:
        lines = []
        for name, value in zip(self.arg_names(), case.args, strict=False):
            pad = "\n" + " " * (len(name) + 3)
            lines.append(f"{name} = {_fmt(value).replace(chr(10), pad)}")
        note = f"  ({case.note})" if case.note else ""
        return _indent("\n".join(lines)) + note

    def _finite_differences(self, fn):
        loss, wrt, points = self.fd
        for k, args in enumerate(points()):
            received = _call(fn, args)[0]
            parts, reason = (None, "it raised") if isinstance(received, _Raised) else _parts(
                received, self.reference(*copy.deepcopy(args)))
            if reason:
                return self._result(WRONG, f"At random point {k + 1} the result is not usable ({reason})."), ""
            for part, index in wrt.items():
                analytic = parts[part][0].astype(float)
                numeric = _centered(lambda x, a=args, i=index: loss(*a[:i], x, *a[i + 1:]), args[index])
                if not _close_fd(analytic, numeric):
                    label = f"entry {part}" if part else "the result"
                    return self._result(WRONG, f"At random point {k + 1}, {label} differs from the centered "
                                               f"finite differences of the loss:\nexpected about\n"
                                               f"{_indent(_fmt(numeric))}\nreceived\n{_indent(_fmt(analytic))}"
                                        ), ""
        return None, "; and against centered finite differences at 3 random points"


def _same_inputs(before, after) -> bool:
    if isinstance(before, dict):
        return isinstance(after, dict) and all(_same_inputs(before[k], after.get(k)) for k in before)
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and np.array_equal(before, after, equal_nan=True)
    return True


def _error_hint(text: str) -> str:
    if "only length-1 arrays" in text or "only 0-dimensional" in text or "only size-1" in text:
        return ("\nHint: math.exp and friends take one number; np.exp works on every entry of an "
                "array at once.")
    if "matmul" in text or "shapes" in text or "broadcast" in text:
        return "\nHint: write the shape of every array next to each product and check they line up."
    return ""


def _centered(f, x, h=FD_STEP):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2 * h)
    return grad


def _close_fd(analytic, numeric) -> bool:
    if analytic.shape != numeric.shape:
        return False
    scale = max(float(np.max(np.abs(numeric), initial=0.0)), 1e-8)
    return bool(np.max(np.abs(analytic - numeric), initial=0.0) <= FD_RTOL * scale)


# ---------------------------------------------------------------------------- helpers of the references

def _sig(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def _rng(key):
    return np.random.default_rng([2026, key])


def _softmax(Z):
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def _one_hot(labels, k):
    return np.eye(k)[labels]


# ---------------------------------------------------------------------------- chapter 1

def _sigmoid_cases():
    rng = _rng(1)
    return [_Case((np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),)),
            _Case((rng.normal(scale=3.0, size=(4, 3)),), "a 2-D array"),
            _Case((np.array([-1000.0, 1000.0]),), "extreme inputs")]


_SIGMOID = _Spec(
    "sigmoid", "f(z)", _sig, _sigmoid_cases,
    [Mistake("sign_of_exponent", "This is sigma(-z): the sign inside the exponential is flipped. "
             "sigma(z) = 1 / (1 + e^(-z)) rises from 0 to 1 as z grows.",
             lambda z: 1.0 / (1.0 + np.exp(z))),
     Mistake("minus_in_denominator", "The denominator adds e^(-z) to 1; this one subtracts it.",
             lambda z: 1.0 / (1.0 - np.exp(-z))),
     Mistake("tanh", "This is tanh(z), which runs from -1 to 1. The sigmoid runs from 0 to 1 "
             "(it equals (1 + tanh(z / 2)) / 2).", np.tanh),
     Mistake("identity", "It returns z unchanged: the squashing step is missing.", lambda z: z)],
    what="1-D, 2-D and +-1000")


def sigmoid(fn) -> CheckResult:
    """Check ``fn(z)``: the sigmoid 1 / (1 + exp(-z)) of every entry of an array (chapter 1)."""
    return _SIGMOID.run(fn)


def _sigmoid_grad_ref(z):
    s = _sig(z)
    return s - s * s


_SIGMOID_GRAD = _Spec(
    "sigmoid_grad", "f(z)", _sigmoid_grad_ref, _sigmoid_cases,
    [Mistake("output_form_on_preactivation",
             "This is z * (1 - z): the output form a * (1 - a) of the derivative applied to the "
             "pre-activation z. The formula needs the sigmoid's output, so compute sigma(z) first.",
             lambda z: z * (1.0 - z)),
     Mistake("sigmoid_itself", "It returns sigma(z) itself, not its derivative.", _sig),
     Mistake("sign", "The sign is flipped: the sigmoid rises everywhere, so its derivative is positive.",
             lambda z: -_sigmoid_grad_ref(z)),
     Mistake("mixed_forms", "This is sigma(z) * (1 - z): one factor uses the output, the other the "
             "pre-activation. Both factors need the output sigma(z).",
             lambda z: _sig(z) * (1.0 - z))],
    fd=(lambda z: float(np.sum(_sig(z))), {"": 0},
        lambda: [(_rng(11 + k).normal(scale=2.0, size=5),) for k in range(3)]),
    what="1-D, 2-D and +-1000")


def sigmoid_grad(fn) -> CheckResult:
    """Check ``fn(z)``: the sigmoid's derivative sigma'(z) at the pre-activations z (chapter 1)."""
    return _SIGMOID_GRAD.run(fn)


def _output_cases():
    rng = _rng(2)
    return [_Case((np.array([0.1, 0.25, 0.5, 0.9]),)),
            _Case((rng.uniform(0.0, 1.0, size=(3, 4)),), "a 2-D array"),
            _Case((np.array([0.0, 1.0]),), "saturated outputs")]


_SIGMOID_GRAD_OUT = _Spec(
    "sigmoid_grad_from_output", "f(a)", lambda a: a - a * a, _output_cases,
    [Mistake("preactivation_form_on_output",
             "This is sigma(a) * (1 - sigma(a)): the sigmoid applied a second time. The input a is "
             "already the output sigma(z), so the formula uses a directly.",
             lambda a: _sigmoid_grad_ref(a)),
     Mistake("returns_output", "It returns a itself, not the derivative.", lambda a: a),
     Mistake("one_minus_only", "Only the factor 1 - a is there; the derivative is a product of two factors.",
             lambda a: 1.0 - a),
     Mistake("sign", "The sign is flipped: the derivative of a rising function is positive.",
             lambda a: a * a - a)],
    what="1-D, 2-D and saturated outputs 0 and 1")


def sigmoid_grad_from_output(fn) -> CheckResult:
    """Check ``fn(a)``: sigma'(z) written with the output a = sigma(z) (chapters 1 to 3)."""
    return _SIGMOID_GRAD_OUT.run(fn)


def _neuron_cases():
    rng = _rng(3)
    return [_Case((np.array([[0.0, 0.0, 1.0], [1.0, 1.0, 1.0], [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]),
                   np.array([0.5, -0.3, 0.8]), 0.2)),
            _Case((rng.normal(size=(5, 2)), rng.normal(size=2), -0.7), "random"),
            _Case((rng.normal(size=(3, 3)), rng.normal(size=3), 1.5), "as many samples as inputs")]


_NEURON_FORWARD = _Spec(
    "neuron_forward", "f(X, w, b)", lambda X, w, b: _sig(X @ w + b), _neuron_cases,
    [Mistake("no_sigmoid", "It returns the pre-activations z = X w + b: the sigmoid is missing.",
             lambda X, w, b: X @ w + b),
     Mistake("no_bias", "The bias b is missing from the pre-activation.", lambda X, w, b: _sig(X @ w)),
     Mistake("bias_subtracted", "The bias is subtracted; it is added: z = X w + b.",
             lambda X, w, b: _sig(X @ w - b)),
     Mistake("transposed_inputs", "X is transposed: each row of X is one sample, so X w gives one "
             "pre-activation per sample.", lambda X, w, b: _sig(X.T @ w + b))],
    what="one row per sample, including a square X")


def neuron_forward(fn) -> CheckResult:
    """Check ``fn(X, w, b)``: one sigmoid neuron's predictions sigma(X w + b), shape (N,) (chapter 1)."""
    return _NEURON_FORWARD.run(fn)


def _binary_targets(rng, shape):
    return (rng.uniform(size=shape) < 0.5).astype(float)


def _neuron_grad_cases():
    X, w, b = _neuron_cases()[0].args
    rng = _rng(4)
    return [_Case((X, np.array([0.0, 1.0, 1.0, 0.0]), w, b)),
            _Case((rng.normal(size=(5, 2)), np.array([1.0, 0.0, 1.0, 1.0, 0.0]), rng.normal(size=2), -0.4),
                  "random"),
            _Case((rng.normal(size=(3, 3)), np.array([0.0, 1.0, 1.0]), rng.normal(size=3), 0.3),
                  "as many samples as inputs")]


def _neuron_grads(X, y, w, b, dsig=None, out="Xt", db="sum", scale=1.0):
    z = X @ w + b
    a = _sig(z)
    deriv = a * (1.0 - a) if dsig is None else dsig(z, a)
    delta = scale * (a - y) * deriv
    grad_w = X.T @ delta if out == "Xt" else (X @ delta if out == "X" else X[-1] * delta[-1])
    grad_b = {"sum": float(np.sum(delta)), "vector": delta, "last": float(delta[-1])}[db]
    return grad_w, grad_b


def _neuron_grad_loss(X, y, w, b):
    return 0.5 * float(np.sum((_sig(X @ w + b) - y) ** 2))


def _fd_neuron_points():
    rng = _rng(14)
    return [(rng.normal(size=(4, 3)), _binary_targets(rng, 4), rng.normal(size=3), float(rng.normal()))
            for _ in range(3)]


_NEURON_GRADIENTS = _Spec(
    "neuron_gradients", "f(X, y, w, b)", _neuron_grads, _neuron_grad_cases,
    [Mistake("output_form_on_preactivation",
             "The sigmoid's derivative is written as z * (1 - z) with the pre-activation z; that "
             "output form needs the output y_hat = sigma(z).",
             lambda X, y, w, b: _neuron_grads(X, y, w, b, dsig=lambda z, a: z * (1.0 - z))),
     Mistake("no_sigmoid_derivative", "The factor sigma'(z) of the chain rule is missing: "
             "dE/dz = (y_hat - y) * sigma'(z).",
             lambda X, y, w, b: _neuron_grads(X, y, w, b, dsig=lambda z, a: 1.0)),
     Mistake("transposed_weight_gradient", "The product with X is not transposed: dE/dw sums "
             "delta_n * x_n over the samples, which is X transposed times delta (one entry per input).",
             lambda X, y, w, b: _neuron_grads(X, y, w, b, out="X")),
     Mistake("bias_not_summed", "dE/db is a vector: the bias gradient is not summed over the samples "
             "(the bias is added to every sample's pre-activation).",
             lambda X, y, w, b: _neuron_grads(X, y, w, b, db="vector")),
     Mistake("mean_instead_of_sum", "Both gradients are divided by N: the chapter's E is a sum over "
             "the samples, not a mean.", lambda X, y, w, b: _neuron_grads(X, y, w, b, scale=1.0 / len(y))),
     Mistake("assign_instead_of_accumulate", "Only the last sample's contribution is left: in a loop over "
             "the samples, `=` replaces the gradient where `+=` must accumulate it.",
             lambda X, y, w, b: _neuron_grads(X, y, w, b, out="last", db="last")),
     Mistake("factor_two", "Both gradients are twice too large: E = 1/2 * sum (y_hat - y)^2, whose 1/2 "
             "cancels the 2 of the square.", lambda X, y, w, b: _neuron_grads(X, y, w, b, scale=2.0)),
     Mistake("sign", "The sign is flipped: the error signal is y_hat - y, prediction minus target.",
             lambda X, y, w, b: _neuron_grads(X, y, w, b, scale=-1.0))],
    fd=(_neuron_grad_loss, {"[0]": 2, "[1]": 3}, _fd_neuron_points),
    what="dE/dw and dE/db of E = 1/2 sum (y_hat - y)^2, including a square X")


def neuron_gradients(fn) -> CheckResult:
    """Check ``fn(X, y, w, b)``: ``(dE/dw, dE/db)`` of one sigmoid neuron (chapter 1).

    E = 1/2 * sum over samples of (y_hat - y)^2 with y_hat = sigma(X w + b); dE/dw has
    shape (D,), dE/db is one number.
    """
    return _NEURON_GRADIENTS.run(fn)


def _pred_target_cases(key, shapes=((4,), (2, 3))):
    rng = _rng(key)
    cases = [_Case((np.array([0.9, 0.2, 0.6, 0.4]), np.array([1.0, 0.0, 0.0, 1.0])))]
    for shape in shapes[1:]:
        cases.append(_Case((rng.uniform(0.05, 0.95, size=shape), _binary_targets(rng, shape)), "random"))
    return cases


_SQUARED_ERROR = _Spec(
    "squared_error", "f(y_hat, y)", lambda p, y: 0.5 * float(np.sum(np.square(p - y))),
    lambda: _pred_target_cases(5),
    [Mistake("no_half", "It is twice too large: the chapter's E has the factor 1/2 in front of the sum.",
             lambda p, y: float(np.sum((p - y) ** 2))),
     Mistake("mean_instead_of_sum", "This is a mean (divided by the number of values); E is half the *sum*.",
             lambda p, y: 0.5 * float(np.mean((p - y) ** 2))),
     Mistake("not_squared", "The differences are not squared.", lambda p, y: 0.5 * float(np.sum(p - y))),
     Mistake("not_summed", "It returns one value per sample: sum them into one number.",
             lambda p, y: 0.5 * (p - y) ** 2)],
    what="E = 1/2 sum (y_hat - y)^2, 1-D and 2-D")


def squared_error(fn) -> CheckResult:
    """Check ``fn(y_hat, y)``: half the summed squared error, one number (chapter 1)."""
    return _SQUARED_ERROR.run(fn)


_SQUARED_ERROR_GRAD = _Spec(
    "squared_error_grad", "f(y_hat, y)", lambda p, y: p - y, lambda: _pred_target_cases(6),
    [Mistake("sign", "The sign is flipped: dE/dy_hat = y_hat - y (prediction minus target).",
             lambda p, y: y - p),
     Mistake("factor_two", "It is twice too large: the 1/2 in E cancels the 2 that the square brings down.",
             lambda p, y: 2.0 * (p - y)),
     Mistake("mean_instead_of_sum", "It is divided by N: that is the gradient of a mean, and E is a sum.",
             lambda p, y: (p - y) / p.size),
     Mistake("summed", "It is one number: the gradient has one entry per prediction, like y_hat.",
             lambda p, y: float(np.sum(p - y)))],
    fd=(lambda p, y: 0.5 * float(np.sum((p - y) ** 2)), {"": 0},
        lambda: [c.args for c in _pred_target_cases(16, ((3,), (3,), (2, 2)))]),
    what="1-D and 2-D")


def squared_error_grad(fn) -> CheckResult:
    """Check ``fn(y_hat, y)``: dE/dy_hat of E = 1/2 sum (y_hat - y)^2 (chapter 1)."""
    return _SQUARED_ERROR_GRAD.run(fn)


def _bce(p, y):
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


_BCE = _Spec(
    "binary_cross_entropy", "f(y_hat, y)", _bce, lambda: _pred_target_cases(7),
    [Mistake("sum_instead_of_mean", "It is the sum over the samples; the loss is their mean.",
             lambda p, y: float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))),
     Mistake("sign", "The sign is flipped: log p < 0, so the loss -log p is positive.",
             lambda p, y: -_bce(p, y)),
     Mistake("positive_term_only", "Only the y log(y_hat) term is there: samples with y = 0 need "
             "(1 - y) log(1 - y_hat).", lambda p, y: float(-np.mean(y * np.log(p)))),
     Mistake("not_averaged", "It returns one value per sample: average them into one number.",
             lambda p, y: -(y * np.log(p) + (1 - y) * np.log(1 - p)))],
    what="1-D and 2-D, predictions inside (0, 1)")


def binary_cross_entropy(fn) -> CheckResult:
    """Check ``fn(y_hat, y)``: the mean binary cross-entropy, one number (chapters 2 and 3)."""
    return _BCE.run(fn)


_BCE_GRAD = _Spec(
    "bce_grad", "f(y_hat, y)", lambda p, y: (p - y) / (p * (1.0 - p)) / p.size,
    lambda: _pred_target_cases(8),
    [Mistake("delta_instead", "This is (y_hat - y) / N, the gradient at the *pre-activation* of a sigmoid "
             "output. Here the gradient is with respect to y_hat itself.", lambda p, y: (p - y) / p.size),
     Mistake("missing_mean", "The 1/N of the mean is missing.", lambda p, y: (p - y) / (p * (1 - p))),
     Mistake("sign", "The sign is flipped: the loss falls as y_hat moves towards y.",
             lambda p, y: (y - p) / (p * (1 - p)) / p.size),
     Mistake("positive_term_only", "Only the derivative of the y log(y_hat) term is there.",
             lambda p, y: -y / p / p.size)],
    fd=(_bce, {"": 0}, lambda: [c.args for c in _pred_target_cases(18, ((3,), (3,), (2, 2)))]),
    what="1-D and 2-D")


def bce_grad(fn) -> CheckResult:
    """Check ``fn(y_hat, y)``: dL/dy_hat of the mean binary cross-entropy (chapters 2 and 3)."""
    return _BCE_GRAD.run(fn)


# ---------------------------------------------------------------------------- chapter 2

_FLOWER_KEYS = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")


def _flower_case(rng, y):
    params = dict(zip(_FLOWER_KEYS, rng.normal(size=9).tolist(), strict=True))
    sun, water = rng.uniform(0.0, 1.0, size=2).tolist()
    a1_1 = float(_sig(params["w1"] * sun + params["w2"] * water + params["b1"]))
    a1_2 = float(_sig(params["w3"] * sun + params["w4"] * water + params["b2"]))
    z2 = params["w5"] * a1_1 + params["w6"] * a1_2 + params["b3"]
    cache = {"sun": sun, "water": water, "a1_1": a1_1, "a1_2": a1_2, "z2": z2, "y_hat": float(_sig(z2))}
    return params, cache, y


def _flower_grads(p, c, y, out_deriv=None, hidden_deriv=None, swap=False):
    d2 = c["y_hat"] - y
    if out_deriv is not None:
        d2 *= out_deriv(c["y_hat"])
    hd = hidden_deriv or (lambda a: a * (1.0 - a))
    w5, w6 = (p["w6"], p["w5"]) if swap else (p["w5"], p["w6"])
    d1_1 = d2 * w5 * hd(c["a1_1"])
    d1_2 = d2 * w6 * hd(c["a1_2"])
    return {"w1": d1_1 * c["sun"], "w2": d1_1 * c["water"], "w3": d1_2 * c["sun"], "w4": d1_2 * c["water"],
            "w5": d2 * c["a1_1"], "w6": d2 * c["a1_2"], "b1": d1_1, "b2": d1_2, "b3": d2}


def _flower_cases():
    rng = _rng(9)
    return [_Case(_flower_case(rng, y)) for y in (1, 0, 1)]


_FLOWER_BACKWARD = _Spec(
    "flower_backward", "f(params, cache, y)", _flower_grads, _flower_cases,
    [Mistake("sigmoid_derivative_at_output", "The output's error signal carries an extra factor "
             "y_hat (1 - y_hat): for a sigmoid output with the cross-entropy it cancels, "
             "delta2 = y_hat - y.", lambda p, c, y: _flower_grads(p, c, y, out_deriv=lambda a: a * (1 - a))),
     Mistake("swapped_output_weights", "The hidden units' error signals use each other's output weight: "
             "unit 1 reaches the output through w5, unit 2 through w6.",
             lambda p, c, y: _flower_grads(p, c, y, swap=True)),
     Mistake("preactivation_form_on_output", "The hidden derivative applies the sigmoid again: a1_1 is "
             "already sigma(z1_1), so sigma'(z1_1) = a1_1 (1 - a1_1).",
             lambda p, c, y: _flower_grads(p, c, y, hidden_deriv=lambda a: float(_sigmoid_grad_ref(a)))),
     Mistake("no_hidden_derivative", "The hidden units' sigmoid derivative a (1 - a) is missing from "
             "their error signals.", lambda p, c, y: _flower_grads(p, c, y, hidden_deriv=lambda a: 1.0)),
     Mistake("sign", "Every sign is flipped: delta2 = y_hat - y, prediction minus target.",
             lambda p, c, y: {k: -v for k, v in _flower_grads(p, c, y).items()})],
    what="three flowers, labels 1, 0, 1")


def flower_backward(fn) -> CheckResult:
    """Check ``fn(params, cache, y)``: chapter 2's nine gradients of one flower's cross-entropy.

    ``params`` holds w1..w6, b1..b3; ``cache`` the forward pass's sun, water, a1_1, a1_2,
    z2 and y_hat; the result is a dict keyed like ``params``.
    """
    return _FLOWER_BACKWARD.run(fn)


# ---------------------------------------------------------------------------- chapter 3

def _net(rng, d, h, o, n):
    return (rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=h),
            rng.normal(size=(h, o)), rng.normal(size=o))


def _forward_cases():
    rng = _rng(10)
    return [_Case(_net(rng, 2, 3, 1, 4)), _Case(_net(rng, 3, 3, 2, 5), "square W1"),
            _Case(_net(rng, 2, 2, 2, 2), "square weights")]


def _forward_ref(X, W1, b1, W2, b2, t1=False, t2=False, bias=True, hidden=True, out=True):
    z1 = X @ (W1.T if t1 else W1) + (b1 if bias else 0.0)
    a1 = _sig(z1) if hidden else z1
    z2 = a1 @ (W2.T if t2 else W2) + (b2 if bias else 0.0)
    return a1, (_sig(z2) if out else z2)


_FORWARD_BATCH = _Spec(
    "forward_batch", "f(X, W1, b1, W2, b2)", _forward_ref, _forward_cases,
    [Mistake("transposed_weight", "A weight matrix is transposed: with one sample per row, a layer "
             "computes X @ W with W of shape (inputs, units).",
             lambda X, W1, b1, W2, b2: _forward_ref(X, W1, b1, W2, b2, t1=True)),
     Mistake("transposed_weight", "A weight matrix is transposed: with one sample per row, a layer "
             "computes A @ W with W of shape (inputs, units).",
             lambda X, W1, b1, W2, b2: _forward_ref(X, W1, b1, W2, b2, t1=True, t2=True)),
     Mistake("no_bias", "The biases are not added.",
             lambda X, W1, b1, W2, b2: _forward_ref(X, W1, b1, W2, b2, bias=False)),
     Mistake("no_hidden_sigmoid", "The hidden layer returns its pre-activations Z1: its sigmoid is missing.",
             lambda X, W1, b1, W2, b2: _forward_ref(X, W1, b1, W2, b2, hidden=False)),
     Mistake("no_output_sigmoid", "The output is the pre-activation Z2: the output sigmoid is missing.",
             lambda X, W1, b1, W2, b2: _forward_ref(X, W1, b1, W2, b2, out=False))],
    what="(A1, Y_hat) for three shapes, square ones included")


def forward_batch(fn) -> CheckResult:
    """Check ``fn(X, W1, b1, W2, b2)``: ``(A1, Y_hat)`` of chapter 3's sigmoid network over a batch."""
    return _FORWARD_BATCH.run(fn)


def _layer_cases():
    rng = _rng(11)
    return [_Case((rng.normal(size=(4, 2)), rng.normal(size=(2, 3)), rng.normal(size=(4, 3)))),
            _Case((rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=(5, 3))), "square W"),
            _Case((rng.normal(size=(2, 4)), rng.normal(size=(4, 1)), rng.normal(size=(2, 1))), "one unit")]


def _layer_ref(A, W, delta, tw=False, db="sum", tx=False, scale=1.0):
    dW = (delta.T @ A) if tw else (A.T @ delta) * scale
    bias = {"sum": delta.sum(axis=0), "vector": delta, "mean": delta.mean(axis=0)}[db]
    dA = delta @ W if tx else delta @ W.T
    return dW, bias, dA


def _layer_loss_points():
    rng = _rng(12)
    return [(rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(4, 2))) for _ in range(3)]


def _layer_loss(A, W, delta):
    # A loss whose gradient at the layer's output Z = A W + b is delta (b enters through Z too).
    return float(np.sum((A @ W) * delta))


_LAYER_BACKWARD = _Spec(
    "layer_backward", "f(A, W, delta)", _layer_ref, _layer_cases,
    [Mistake("transposed_weight_gradient", "dW is transposed: it must have W's shape (inputs, units), "
             "and each entry sums input times delta over the samples, which puts the transposed "
             "inputs on the left.", lambda A, W, d: _layer_ref(A, W, d, tw=True)),
     Mistake("bias_not_summed", "db has one row per sample: the bias gradient is not summed over the "
             "samples (the bias was added to every row).", lambda A, W, d: _layer_ref(A, W, d, db="vector")),
     Mistake("bias_mean", "db is a mean over the samples: sum it, as dW sums; the 1/N of a mean loss "
             "is already inside delta.", lambda A, W, d: _layer_ref(A, W, d, db="mean")),
     Mistake("input_gradient_not_transposed", "dA multiplies delta by W itself: going backwards, the "
             "product is with W transposed (shape (N, units) times (units, inputs)).",
             lambda A, W, d: _layer_ref(A, W, d, tx=True)),
     Mistake("weight_gradient_mean", "dW is divided by N: the 1/N of a mean loss is already inside delta.",
             lambda A, W, d: _layer_ref(A, W, d, scale=1.0 / len(A)))],
    fd=(_layer_loss, {"[0]": 1, "[2]": 0}, _layer_loss_points),
    what="(dW, db, dA) for three shapes, a square W included")


def layer_backward(fn) -> CheckResult:
    """Check ``fn(A, W, delta)``: ``(dW, db, dA)`` of one layer Z = A W + b, given delta = dL/dZ (chapter 3).

    ``A`` (N, D) is the layer's input, ``W`` (D, H) its weights, ``delta`` (N, H).
    """
    return _LAYER_BACKWARD.run(fn)


def _mse_delta_ref(p, y, factor=None, deriv=True, sign=1.0):
    c = 2.0 / y.size if factor is None else factor(y)
    return sign * c * (p - y) * (p * (1.0 - p) if deriv else 1.0)


def _delta_cases(key):
    rng = _rng(key)
    return [_Case((np.array([[0.6], [0.8], [0.3], [0.9]]), np.array([[0.0], [1.0], [1.0], [1.0]]))),
            _Case((rng.uniform(0.05, 0.95, size=(8, 1)), _binary_targets(rng, (8, 1))), "N = 8"),
            _Case((rng.uniform(0.05, 0.95, size=(5, 2)), _binary_targets(rng, (5, 2))), "two outputs")]


_MSE_DELTA = _Spec(
    "mse_output_delta", "f(y_hat, y)", _mse_delta_ref, lambda: _delta_cases(13),
    [Mistake("hard_coded_half", "The factor 0.5 is right only for N * O = 4 values: the mean's 2 / (N O) "
             "depends on the batch.", lambda p, y: _mse_delta_ref(p, y, factor=lambda y: 0.5)),
     Mistake("missing_mean", "The 1/(N O) of the mean is missing: a sum where the loss is a mean.",
             lambda p, y: _mse_delta_ref(p, y, factor=lambda y: 2.0)),
     Mistake("rows_only", "It divides by the N rows only: the mean runs over all N * O entries.",
             lambda p, y: _mse_delta_ref(p, y, factor=lambda y: 2.0 / len(y))),
     Mistake("no_sigmoid_derivative", "The output sigmoid's derivative y_hat (1 - y_hat) is missing: "
             "this is dL/dY_hat, not dL/dZ2.", lambda p, y: _mse_delta_ref(p, y, deriv=False)),
     Mistake("sign", "The sign is flipped: prediction minus target.", lambda p, y: _mse_delta_ref(p, y, sign=-1))],
    what="L = mean (Y_hat - Y)^2 over N = 4, N = 8 and two outputs")


def mse_output_delta(fn) -> CheckResult:
    """Check ``fn(y_hat, y)``: delta2 = dL/dZ2 for L = mean((Y_hat - Y)^2), sigmoid output (chapter 3)."""
    return _MSE_DELTA.run(fn)


_BCE_DELTA = _Spec(
    "bce_output_delta", "f(y_hat, y)", lambda p, y: (p - y) / y.size, lambda: _delta_cases(14),
    [Mistake("sigmoid_derivative_kept", "It keeps the factor y_hat (1 - y_hat): with the cross-entropy "
             "that factor cancels, delta2 = (Y_hat - Y) / (N O).", lambda p, y: (p - y) * p * (1 - p) / y.size),
     Mistake("missing_mean", "The 1/(N O) of the mean is missing: a sum where the loss is a mean.",
             lambda p, y: p - y),
     Mistake("rows_only", "It divides by the N rows only: the mean runs over all N * O entries.",
             lambda p, y: (p - y) / len(y)),
     Mistake("sign", "The sign is flipped: prediction minus target.", lambda p, y: (y - p) / y.size)],
    what="the mean cross-entropy over N = 4, N = 8 and two outputs")


def bce_output_delta(fn) -> CheckResult:
    """Check ``fn(y_hat, y)``: delta2 = dL/dZ2 of the mean cross-entropy, sigmoid output (chapters 3, 9)."""
    return _BCE_DELTA.run(fn)


def _two_layer_ref(X, y, W1, b1, W2, b2, out_deriv=False, mean=True, dsig1=None, tw=False, sum_b=True,
                   t2=False, scale=1.0):
    z1 = X @ W1 + b1
    a1 = _sig(z1)
    y_hat = _sig(a1 @ W2 + b2)
    d2 = scale * (y_hat - y) / (y.size if mean else 1.0)
    if out_deriv:
        d2 = d2 * y_hat * (1.0 - y_hat)
    back = d2 @ (W2 if t2 else W2.T)
    d1 = back * (dsig1(z1, a1) if dsig1 else a1 * (1.0 - a1))
    return {"W1": d1.T @ X if tw else X.T @ d1, "b1": d1.sum(axis=0) if sum_b else d1,
            "W2": d2.T @ a1 if tw else a1.T @ d2, "b2": d2.sum(axis=0) if sum_b else d2}


def _two_layer_cases():
    rng = _rng(15)
    out = []
    for d, h, o, n in ((2, 3, 1, 4), (3, 3, 1, 5), (2, 2, 2, 3)):
        X, W1, b1, W2, b2 = _net(rng, d, h, o, n)
        out.append(_Case((X, _binary_targets(rng, (n, o)), W1, b1, W2, b2)))
    return out


def _two_layer_loss(X, y, W1, b1, W2, b2):
    return _bce(_sig(_sig(X @ W1 + b1) @ W2 + b2), y)


def _two_layer_points():
    return [c.args for c in _two_layer_cases()]


def _tl(**kw):
    return lambda X, y, W1, b1, W2, b2: _two_layer_ref(X, y, W1, b1, W2, b2, **kw)


_TWO_LAYER = _Spec(
    "two_layer_gradients", "f(X, y, W1, b1, W2, b2)", _two_layer_ref, _two_layer_cases,
    [Mistake("sigmoid_derivative_at_output", "The output delta keeps a factor Y_hat (1 - Y_hat): with the "
             "cross-entropy it cancels, delta2 = (Y_hat - Y) / (N O).", _tl(out_deriv=True)),
     Mistake("squared_error_delta", "This is the gradient of the mean *squared* error, whose delta2 is "
             "2 (Y_hat - Y) Y_hat (1 - Y_hat) / (N O): the cross-entropy's is simpler.",
             lambda X, y, W1, b1, W2, b2: _two_layer_ref(X, y, W1, b1, W2, b2, out_deriv=True, scale=2.0)),
     Mistake("missing_mean", "Every gradient is N * O times too large: the 1/(N O) of the mean "
             "cross-entropy is missing (a sum where a mean belongs).", _tl(mean=False)),
     Mistake("output_form_on_preactivation", "The hidden derivative is Z1 (1 - Z1): the output form "
             "applied to the pre-activations. It needs the activations A1.",
             _tl(dsig1=lambda z, a: z * (1.0 - z))),
     Mistake("transposed_weight_gradient", "The weight gradients are transposed: each must have its "
             "weight's shape, (inputs, units).", _tl(tw=True)),
     Mistake("bias_not_summed", "The bias gradients have one row per sample: sum them over the samples.",
             _tl(sum_b=False)),
     Mistake("weight_not_transposed_backwards", "delta1 multiplies delta2 by W2 itself: going backwards "
             "the product is with W2 transposed.", _tl(t2=True))],
    fd=(_two_layer_loss, {"['W1']": 2, "['b1']": 3, "['W2']": 4, "['b2']": 5}, _two_layer_points),
    what="mean cross-entropy, three shapes, square ones included")


def two_layer_gradients(fn) -> CheckResult:
    """Check ``fn(X, y, W1, b1, W2, b2)``: the gradients of the mean cross-entropy of chapter 3's network.

    Sigmoid hidden layer, sigmoid output; the result is a dict with keys W1, b1, W2, b2.
    """
    return _TWO_LAYER.run(fn)


# ---------------------------------------------------------------------------- chapter 4

def _kink_safe(rng, shape, gap=0.1):
    """Normal numbers at least ``gap`` away from 0, where ReLU has its kink."""
    z = rng.normal(size=shape)
    return np.where(np.abs(z) < gap, np.sign(z + 1e-300) * gap + z, z)


def _relu_cases():
    rng = _rng(16)
    return [_Case((np.array([-2.0, -0.5, 0.5, 2.0]),)), _Case((_kink_safe(rng, (3, 4)),), "a 2-D array")]


_RELU = _Spec(
    "relu", "f(z)", lambda z: np.maximum(z, 0.0), _relu_cases,
    [Mistake("minimum", "It keeps the negative part: ReLU keeps positive values and sets the others to 0.",
             lambda z: np.minimum(z, 0.0)),
     Mistake("abs", "This is |z|: negative inputs must become 0, not positive.", np.abs),
     Mistake("mask_only", "It returns the 0/1 mask (the derivative), not max(z, 0).",
             lambda z: (z > 0).astype(float))],
    what="1-D and 2-D")


def relu(fn) -> CheckResult:
    """Check ``fn(z)``: max(z, 0) of every entry (chapter 4)."""
    return _RELU.run(fn)


def _relu_back_cases():
    rng = _rng(17)
    return [_Case((np.array([[0.5, -1.0, 2.0, -0.3]]), np.array([[1.0, 2.0, -0.5, -1.5]]))),
            _Case((rng.normal(size=(3, 4)), _kink_safe(rng, (3, 4))), "random, away from the kink"),
            _Case((np.abs(rng.normal(size=(2, 3))), _kink_safe(rng, (2, 3))), "positive upstream gradient")]


def _relu_back_points():
    rng = _rng(18)
    return [(rng.normal(size=(3, 3)), _kink_safe(rng, (3, 3), gap=0.05)) for _ in range(3)]


def _eq_mask(dA, Z):
    out = dA.copy()
    out[Z == 0] = 0.0
    return out


_RELU_BACKWARD = _Spec(
    "relu_backward", "f(dA, Z)", lambda dA, Z: np.where(Z > 0, dA, 0.0), _relu_back_cases,
    [Mistake("mask_from_upstream_gradient", "The mask is taken from dA, the gradient arriving from above; "
             "it must come from the layer's pre-activation Z (where the ReLU was on).",
             lambda dA, Z: dA * (dA > 0)),
     Mistake("mask_written_with_equals", "`== 0` only zeroes entries exactly at 0: every entry where the "
             "ReLU was off (Z below 0 too) must become 0.", _eq_mask),
     Mistake("mask_not_applied_to_gradient", "It returns the 0/1 mask alone: multiply it with the "
             "arriving gradient dA.", lambda dA, Z: (Z > 0).astype(float)),
     Mistake("times_preactivation", "It multiplies dA by Z: the ReLU's derivative is 1 or 0, not Z.",
             lambda dA, Z: dA * Z),
     Mistake("inverted_mask", "The mask is inverted: the gradient passes where Z > 0 and stops elsewhere.",
             lambda dA, Z: dA * (Z < 0))],
    fd=(lambda dA, Z: float(np.sum(dA * np.maximum(Z, 0.0))), {"": 1}, _relu_back_points),
    what="1-D row and random 2-D, kink-safe (no Z near 0)")


def relu_backward(fn) -> CheckResult:
    """Check ``fn(dA, Z)``: the gradient at Z of A = relu(Z), given dA = dL/dA (chapter 4)."""
    return _RELU_BACKWARD.run(fn)


def _softmax_cases():
    rng = _rng(19)
    return [_Case((np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),)),
            _Case((rng.normal(scale=2.0, size=(4, 3)),), "random"),
            _Case((rng.normal(size=(3, 3)),), "square"),
            _Case((np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1000.0]]),), "scores of +-1000")]


def _no_shift_softmax(Z):
    e = np.exp(Z)
    return e / e.sum(axis=1, keepdims=True)


def _global_shift_softmax(Z):
    e = np.exp(Z - Z.max())
    return e / e.sum(axis=1, keepdims=True)


_SOFTMAX = _Spec(
    "softmax", "f(Z)", _softmax, _softmax_cases,
    [Mistake("no_max_shift", "It overflows for scores of +-1000 (e^1000 is inf, and inf / inf is NaN): "
             "subtract each row's maximum before exponentiating; softmax does not change.", _no_shift_softmax),
     Mistake("global_max_shift", "It subtracts the maximum of the whole array: a row far below it "
             "underflows to 0 / 0. Subtract each row's own maximum.", _global_shift_softmax),
     Mistake("columns", "It normalises each column: the probabilities of one sample, a row, must sum to 1.",
             lambda Z: np.exp(Z - Z.max(axis=0)) / np.exp(Z - Z.max(axis=0)).sum(axis=0)),
     Mistake("whole_array", "It normalises over the whole array: each row must sum to 1 on its own.",
             lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum())],
    what="rows summing to 1, random, square and +-1000")


def softmax(fn) -> CheckResult:
    """Check ``fn(Z)``: the softmax of every row of the scores Z, shape (N, K) (chapter 4)."""
    return _SOFTMAX.run(fn)


def _ce_cases():
    rng = _rng(20)
    return [_Case((np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.2]]), np.array([0, 2]))),
            _Case((rng.normal(scale=2.0, size=(5, 3)), rng.integers(0, 3, size=5)), "random"),
            _Case((rng.normal(size=(3, 3)), np.array([2, 0, 1])), "square"),
            _Case((np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, -1000.0]]), np.array([0, 2])),
                  "scores of +-1000")]


def _ce_ref(Z, labels, reduce=np.mean, shift=True):
    shifted = Z - Z.max(axis=1, keepdims=True) if shift else Z
    with np.errstate(all="ignore"):
        logp = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-reduce(logp[np.arange(len(labels)), labels]))


_CROSS_ENTROPY = _Spec(
    "cross_entropy", "f(Z, labels)", _ce_ref, _ce_cases,
    [Mistake("sum_instead_of_mean", "It is the sum over the samples; the loss is their mean.",
             lambda Z, y: _ce_ref(Z, y, reduce=np.sum)),
     Mistake("no_max_shift", "It overflows for scores of +-1000: take the log of the softmax with each "
             "row's maximum subtracted first (the log-sum-exp trick).",
             lambda Z, y: float(-np.mean(np.log(_no_shift_softmax(Z)[np.arange(len(y)), y])))),
     Mistake("sign", "The sign is flipped: log P < 0, so the loss -log P is positive.",
             lambda Z, y: -_ce_ref(Z, y)),
     Mistake("column_indexing", "It indexes P[:, labels], a whole column per label, instead of one entry "
             "per row: P[np.arange(N), labels].",
             lambda Z, y: float(-np.mean(np.log(_softmax(Z)[:, y]))))],
    floats=True, what="random, square and +-1000")


def cross_entropy(fn) -> CheckResult:
    """Check ``fn(Z, labels)``: the mean softmax cross-entropy of scores Z (N, K), integer labels (chapter 4)."""
    return _CROSS_ENTROPY.run(fn)


def _ce_grad(Z, labels, scale=True, subtract="rows", sign=1.0, shift=True):
    P = _softmax(Z) if shift else _no_shift_softmax(Z)
    if subtract == "rows":
        P = P - _one_hot(labels, Z.shape[1])
    elif subtract == "columns":
        P = P.copy()
        P[:, labels] -= 1.0
    return sign * P / (len(Z) if scale else 1.0)


_CE_GRAD = _Spec(
    "softmax_cross_entropy_grad", "f(Z, labels)", _ce_grad, _ce_cases,
    [Mistake("missing_mean", "The 1/N of the mean is missing: the gradient is (P - Y) / N.",
             lambda Z, y: _ce_grad(Z, y, scale=False)),
     Mistake("one_hot_not_subtracted", "Y is not subtracted: this is P / N. The true class's entry "
             "loses 1.", lambda Z, y: _ce_grad(Z, y, subtract=None)),
     Mistake("column_indexing", "P[:, labels] -= 1 subtracts from whole columns: use one entry per "
             "row, P[np.arange(N), labels].", lambda Z, y: _ce_grad(Z, y, subtract="columns")),
     Mistake("sign", "The sign is flipped: the gradient is (P - Y) / N.", lambda Z, y: _ce_grad(Z, y, sign=-1)),
     Mistake("no_max_shift", "It overflows for scores of +-1000: subtract each row's maximum before the "
             "softmax's exponentials.", lambda Z, y: _ce_grad(Z, y, shift=False))],
    fd=(_ce_ref, {"": 0}, lambda: [c.args for c in _ce_cases()[:3]]),
    what="(P - Y) / N, random, square and +-1000")


def softmax_cross_entropy_grad(fn) -> CheckResult:
    """Check ``fn(Z, labels)``: dL/dZ = (P - Y) / N of the mean softmax cross-entropy (chapter 4)."""
    return _CE_GRAD.run(fn)


def _l2_cases():
    rng = _rng(21)
    out = []
    for reg in (0.1, 1e-3):
        out.append(_Case(({"W1": rng.normal(size=(2, 3)), "b1": rng.normal(size=3),
                           "W2": rng.normal(size=(3, 2)), "b2": rng.normal(size=2)}, reg)))
    return out


def _l2_ref(params, reg, names=("W1", "W2"), half=0.5, square=True):
    total = sum(float(np.sum(params[n] ** 2)) for n in names)
    return half * reg * (total if square else np.sqrt(total))


_L2_PENALTY = _Spec(
    "l2_penalty", "f(params, reg)", _l2_ref, _l2_cases,
    [Mistake("biases_penalised", "The biases are penalised too: L2 regularisation shrinks the weights "
             "W1 and W2 only.", lambda p, r: _l2_ref(p, r, names=("W1", "b1", "W2", "b2"))),
     Mistake("no_half", "It is twice too large: the course's penalty is 0.5 * reg * (sum of squared weights).",
             lambda p, r: _l2_ref(p, r, half=1.0)),
     Mistake("norm_not_squared", "It uses the norm, the square root of the sum of squares: the penalty "
             "uses the sum of squares itself.", lambda p, r: _l2_ref(p, r, square=False)),
     Mistake("first_layer_only", "Only W1 is penalised: W2 is a weight matrix too.",
             lambda p, r: _l2_ref(p, r, names=("W1",)))],
    what="0.5 * reg * (|W1|^2 + |W2|^2) for two values of reg")


def l2_penalty(fn) -> CheckResult:
    """Check ``fn(params, reg)``: the L2 penalty 0.5 * reg * (sum W1^2 + sum W2^2) of a network (chapter 4)."""
    return _L2_PENALTY.run(fn)


def _l2_grad_cases():
    rng = _rng(22)
    return [_Case((rng.normal(size=(2, 3)), 0.1)), _Case((rng.normal(size=(4, 1)), 1e-3))]


_L2_GRAD = _Spec(
    "l2_grad", "f(W, reg)", lambda W, reg: reg * W, _l2_grad_cases,
    [Mistake("factor_two", "It is twice too large: the 0.5 of the penalty cancels the 2 of the square.",
             lambda W, r: 2.0 * r * W),
     Mistake("half", "It is half too small: the derivative of 0.5 * reg * W^2 is reg * W.",
             lambda W, r: 0.5 * r * W),
     Mistake("l1", "This is reg * sign(W), the gradient of an L1 penalty.", lambda W, r: r * np.sign(W)),
     Mistake("summed", "It is one number: the gradient has W's shape.", lambda W, r: r * float(np.sum(W)))],
    fd=(lambda W, reg: 0.5 * reg * float(np.sum(W ** 2)), {"": 0},
        lambda: [c.args for c in _l2_grad_cases()]),
    what="reg * W for two shapes")


def l2_grad(fn) -> CheckResult:
    """Check ``fn(W, reg)``: the gradient of 0.5 * reg * sum(W^2) with respect to W (chapter 4)."""
    return _L2_GRAD.run(fn)


# ---------------------------------------------------------------------------- chapter 7

def _cubic(x):
    return float(np.sum(x ** 3) + np.sum(x[..., :1]) * 2.0)


def _fd_ref(f, x, h):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2 * h)
    return grad


def _fd_variant(kind):
    def numerical(f, x, h):
        grad = np.zeros_like(x)
        for idx in np.ndindex(x.shape):
            old = x[idx]
            x[idx] = old + h
            up = f(x)
            x[idx] = old - h
            down = f(x)
            if kind != "no_restore":
                x[idx] = old
            if kind == "one_sided":
                x[idx] = old
                grad[idx] = (up - f(x)) / h
            elif kind == "over_h":
                grad[idx] = (up - down) / h
            else:
                grad[idx] = (up - down) / (2 * h)
            if kind == "no_restore":
                x[idx] = old - h
        return grad
    return numerical


def _numgrad_cases():
    rng = _rng(23)
    return [_Case((_cubic, np.array([1.0, -0.5, 2.0]), 1e-3)),
            _Case((_cubic, rng.normal(size=(2, 3)), 1e-3), "a 2-D x")]


_NUMERICAL_GRADIENT = _Spec(
    "numerical_gradient", "f(f, x, h)", _fd_ref, _numgrad_cases,
    [Mistake("one_sided", "This is a one-sided difference (f(x + h) - f(x)) / h, whose error shrinks "
             "only like h: nudge both ways, by +h and -h.", _fd_variant("one_sided")),
     Mistake("divided_by_h", "It is twice too large: the two nudged points are 2h apart.",
             _fd_variant("over_h")),
     Mistake("all_entries_at_once", "It nudges every entry of x at once, which measures the slope along "
             "the diagonal: nudge one entry at a time and leave the others as they are.",
             lambda f, x, h: np.full_like(x, (f(x + h) - f(x - h)) / (2 * h)))],
    what="f(x) = sum x^3 + 2 x_0 with h = 1e-3, 1-D and 2-D")


def numerical_gradient(fn) -> CheckResult:
    """Check ``fn(f, x, h)``: the centered-difference gradient of the scalar function f at x (chapter 7)."""
    return _NUMERICAL_GRADIENT.run(fn)


def gradient(loss, grad, shape, *, points=3, seed=0, quiet=False) -> CheckResult:
    """Check your own gradient: ``grad(x)`` against centered differences of ``loss(x)`` (chapter 7).

    Both take one float64 array of the given ``shape``; ``loss`` returns a number. Tried at
    ``points`` random points drawn with ``np.random.default_rng(seed)``. A point where two step
    sizes disagree (a kink, such as ReLU's at 0) is replaced by another draw.
    """
    name = "gradient"
    spec = _Spec(name, "grad(x)", None, list)
    if not (callable(loss) and callable(grad)):
        result = spec._result(ERROR, "Pass two functions: check.gradient(loss, grad, shape).")
    else:
        rng = np.random.default_rng(seed)
        result = None
        tried = 0
        for k in range(points):
            for _ in range(20):
                tried += 1
                x = rng.normal(size=shape)
                numeric, _ = _call(lambda v: _centered(loss, v), (x,))
                finer, _ = _call(lambda v: _centered(loss, v, FD_STEP / 10), (x,))
                if isinstance(numeric, _Raised) or isinstance(finer, _Raised) or _close_fd(numeric, finer):
                    break
            if isinstance(numeric, _Raised):
                exc = numeric.exc
                status = NOT_IMPLEMENTED if isinstance(exc, NotImplementedError) else ERROR
                result = spec._result(status, f"loss raised {type(exc).__name__}: {str(exc)[:200]}")
                break
            analytic, _ = _call(grad, (x,))
            if isinstance(analytic, _Raised):
                exc = analytic.exc
                status = NOT_IMPLEMENTED if isinstance(exc, NotImplementedError) else ERROR
                result = spec._result(status, f"grad raised {type(exc).__name__}: {str(exc)[:200]}")
                break
            analytic = np.asarray(analytic, dtype=float)
            if analytic.shape != numeric.shape:
                result = spec._result(WRONG, f"grad(x) has shape {analytic.shape}; x has shape {numeric.shape}.")
                break
            if not _close_fd(analytic, numeric):
                result = spec._result(WRONG, f"At random point {k + 1}\n{_indent('x = ' + _fmt(x))}\nthe "
                                             f"finite differences give\n{_indent(_fmt(numeric))}\ngrad(x) "
                                             f"gives\n{_indent(_fmt(analytic))}")
                break
        if result is None:
            result = spec._result(PASSED, f"grad agrees with centered finite differences of loss at {points} "
                                          f"random points of shape {tuple(int(n) for n in np.atleast_1d(shape))}.")
    if not quiet:
        print(result.message)
    return result


# ---------------------------------------------------------------------------- chapter 9: metrics

def _metric_cases():
    return [_Case((np.array([1, 0, 1, 1, 0, 1]), np.array([1, 0, 0, 1, 1, 1]))),
            _Case((np.array([1, 1, 1, 0, 0, 0, 0, 1]), np.array([1, 0, 0, 0, 0, 1, 1, 1])), "more false positives"),
            _Case((np.array([0, 0, 1, 0]), np.array([1, 1, 1, 0])), "more false negatives"),
            _Case((np.array([0, 0, 0]), np.array([1, 0, 1])), "nothing predicted positive")]


def _counts(pred, labels):
    tp = float(np.sum((pred == 1) & (labels == 1)))
    fp = float(np.sum((pred == 1) & (labels == 0)))
    fn = float(np.sum((pred == 0) & (labels == 1)))
    tn = float(np.sum((pred == 0) & (labels == 0)))
    return tp, fp, fn, tn


def _ratio(a, b, empty=0.0):
    return a / b if b else empty


def _precision(p, y):
    tp, fp, _, _ = _counts(p, y)
    return _ratio(tp, tp + fp)


def _recall(p, y):
    tp, _, fn, _ = _counts(p, y)
    return _ratio(tp, tp + fn)


def _accuracy(p, y):
    return float(np.mean(p == y))


_ACCURACY = _Spec(
    "accuracy", "f(predicted, labels)", _accuracy, _metric_cases,
    [Mistake("count", "It is a count: divide by the number of samples.", lambda p, y: float(np.sum(p == y))),
     Mistake("error_rate", "This is the error rate, the fraction of wrong predictions.",
             lambda p, y: float(np.mean(p != y))),
     Mistake("positives_only", "It only counts correct positives: correct negatives count too.",
             lambda p, y: _counts(p, y)[0] / len(y))],
    floats=False, what="four label sets")


def accuracy(fn) -> CheckResult:
    """Check ``fn(predicted, labels)``: the fraction of predicted labels equal to the true ones (chapter 2)."""
    return _ACCURACY.run(fn)


_PRECISION = _Spec(
    "precision", "f(predicted, labels)", _precision, _metric_cases,
    [Mistake("recall_instead", "This is recall, TP / (TP + FN): precision asks how many of the samples "
             "*predicted* positive are positive, TP / (TP + FP).", _recall),
     Mistake("accuracy_instead", "This is the accuracy over all samples.", _accuracy),
     Mistake("false_discovery_rate", "This is FP / (TP + FP), the share of false alarms: precision is "
             "the other share.", lambda p, y: _ratio(_counts(p, y)[1], sum(_counts(p, y)[:2]))),
     Mistake("nan_when_nothing_predicted", "With no sample predicted positive it returns NaN (0 / 0): "
             "the course returns 0.0 there, as scikit-learn does.",
             lambda p, y: _ratio(_counts(p, y)[0], sum(_counts(p, y)[:2]), empty=float("nan")))],
    floats=False, what="four label sets, one with nothing predicted positive")


def precision(fn) -> CheckResult:
    """Check ``fn(predicted, labels)``: TP / (TP + FP), 0.0 when nothing is predicted positive (chapter 9)."""
    return _PRECISION.run(fn)


_RECALL = _Spec(
    "recall", "f(predicted, labels)", _recall, _metric_cases,
    [Mistake("precision_instead", "This is precision, TP / (TP + FP): recall asks how many of the "
             "*truly* positive samples were found, TP / (TP + FN).", _precision),
     Mistake("accuracy_instead", "This is the accuracy over all samples.", _accuracy),
     Mistake("specificity_instead", "This is TN / (TN + FP), the recall of the negative class.",
             lambda p, y: _ratio(_counts(p, y)[3], _counts(p, y)[3] + _counts(p, y)[1])),
     Mistake("miss_rate", "This is FN / (TP + FN), the share of positives missed.",
             lambda p, y: _ratio(_counts(p, y)[2], _counts(p, y)[0] + _counts(p, y)[2]))],
    floats=False, what="four label sets")


def recall(fn) -> CheckResult:
    """Check ``fn(predicted, labels)``: TP / (TP + FN), the share of positives found (chapter 9)."""
    return _RECALL.run(fn)


def _cm_cases():
    return [_Case((np.array([0, 1, 1, 2, 0, 2, 2]), np.array([0, 1, 2, 2, 1, 2, 0]), 3)),
            _Case((np.array([1, 1, 0, 1]), np.array([1, 0, 0, 1]), 2), "two classes")]


def _cm(pred, labels, k, transpose=False, assign=False):
    counts = np.zeros((k, k), dtype=np.int64)
    rows, cols = (pred, labels) if transpose else (labels, pred)
    if assign:
        counts[rows, cols] = 1
    else:
        np.add.at(counts, (rows, cols), 1)
    return counts


_CONFUSION = _Spec(
    "confusion_matrix", "f(predicted, labels, n_classes)", _cm, _cm_cases,
    [Mistake("transposed", "Rows and columns are swapped: row i is the true class i, column j the "
             "predicted class j.", lambda p, y, k: _cm(p, y, k, transpose=True)),
     Mistake("assign_instead_of_accumulate", "Each cell holds 0 or 1: `=` sets the count where `+=` must "
             "add one per sample.", lambda p, y, k: _cm(p, y, k, assign=True)),
     Mistake("fractions", "It holds fractions: the confusion matrix counts samples.",
             lambda p, y, k: _cm(p, y, k) / len(y))],
    floats=False, what="three and two classes")


def confusion_matrix(fn) -> CheckResult:
    """Check ``fn(predicted, labels, n_classes)``: counts C[i, j] of true class i predicted as j (chapter 9)."""
    return _CONFUSION.run(fn)


# ---------------------------------------------------------------------------- the catalogue

_SPECS = {spec.name: spec for spec in (
    _SIGMOID, _SIGMOID_GRAD, _SIGMOID_GRAD_OUT, _NEURON_FORWARD, _NEURON_GRADIENTS, _SQUARED_ERROR,
    _SQUARED_ERROR_GRAD, _BCE, _BCE_GRAD, _FLOWER_BACKWARD, _FORWARD_BATCH, _LAYER_BACKWARD, _MSE_DELTA,
    _BCE_DELTA, _TWO_LAYER, _RELU, _RELU_BACKWARD, _SOFTMAX, _CROSS_ENTROPY, _CE_GRAD, _L2_PENALTY,
    _L2_GRAD, _NUMERICAL_GRADIENT, _ACCURACY, _PRECISION, _RECALL, _CONFUSION)}


def checkers() -> dict[str, str]:
    """Every checker's name and the call it expects, e.g. ``{"sigmoid_grad": "f(z)", ...}``."""
    return {name: spec.signature for name, spec in _SPECS.items()}


def mistakes(name: str) -> list[tuple[str, str]]:
    """The common mistakes the checker ``name`` recognises, as (key, message) pairs."""
    if name not in _SPECS:
        raise ValueError(f"name must be one of the checkers {sorted(_SPECS)}, got {name!r}")
    seen, out = set(), []
    for m in _SPECS[name].mistakes:
        if m.key not in seen:
            seen.add(m.key)
            out.append((m.key, m.message))
    return out


def _references() -> dict[str, object]:
    """Each checker's reference function (for the package's tests; never printed)."""
    return {name: spec.reference for name, spec in _SPECS.items()}



# ---------------------------------------------------------------------------- chapter 6 (PyTorch)

def _bce_logits(z, y):
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def _logit_cases():
    rng = _rng(51)
    return [_Case((np.array([-3.0, -0.5, 0.0, 2.0]), np.array([0.0, 1.0, 1.0, 0.0]))),
            _Case((rng.normal(scale=4.0, size=(3, 2)), (rng.random((3, 2)) < 0.5).astype(float)),
                  "a 2-D array"),
            _Case((np.array([-1000.0, 1000.0, 40.0]), np.array([0.0, 0.0, 1.0])), "extreme logits")]


def _bce_through_probability(z, y):
    p = 1.0 / (1.0 + np.exp(-z))
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


_BCE_LOGITS = _Spec(
    "bce_with_logits", "f(z, y)", _bce_logits, _logit_cases,
    [Mistake("through_probability", "It computes the sigmoid first and then the logarithms: right for "
             "moderate logits, but at large |z| sigma(z) rounds to exactly 0 or 1 and the logarithm "
             "gives inf or NaN. Rewrite the loss in terms of z itself.", _bce_through_probability),
     Mistake("log_of_one_plus_exp", "log(1 + e^z) is computed as written, and e^z overflows for large "
             "z: log(1 + e^z) = max(z, 0) + log(1 + e^(-|z|)) (np.logaddexp(0, z)) never does.",
             lambda z, y: float(np.mean(np.log(1.0 + np.exp(z)) - y * z))),
     Mistake("sum_instead_of_mean", "It is the sum over the samples; nn.BCEWithLogitsLoss averages them.",
             lambda z, y: float(np.sum(np.logaddexp(0.0, z) - y * z))),
     Mistake("sign_of_label_term", "The y z term has the wrong sign: -log sigma(z) = log(1 + e^z) - z, so "
             "a label of 1 subtracts z.", lambda z, y: float(np.mean(np.logaddexp(0.0, z) + y * z))),
     Mistake("not_averaged", "It returns one value per sample: average them into one number.",
             lambda z, y: np.logaddexp(0.0, z) - y * z)],
    what="1-D, 2-D and logits of +-1000")
_SPECS[_BCE_LOGITS.name] = _BCE_LOGITS


def bce_with_logits(fn) -> CheckResult:
    """Check ``fn(z, y)``: the mean binary cross-entropy computed from logits, stably (chapter 6)."""
    return _BCE_LOGITS.run(fn)


def _torch_problem():
    import torch  # only the PyTorch exercises need it

    rng = _rng(52)
    X = torch.from_numpy(rng.normal(size=(6, 3)))
    y = torch.from_numpy(rng.normal(size=6))
    start = rng.normal(size=3)

    def loss_fn(p):
        return ((X @ p["w"] + p["b"] - y) ** 2).mean()

    def fresh():
        return {"w": torch.tensor(start, requires_grad=True),
                "b": torch.tensor(0.5, dtype=torch.float64, requires_grad=True)}

    return torch, loss_fn, fresh


def _reference_steps(torch, loss_fn, fresh, step_size, steps):
    """Losses before each step and the parameters after each, by autograd.grad (no .grad used)."""
    p, out = fresh(), []
    for _ in range(steps):
        loss = loss_fn(p)
        grads = torch.autograd.grad(loss, list(p.values()))
        with torch.no_grad():
            p = {k: (v - step_size * g).requires_grad_() for (k, v), g in zip(p.items(), grads, strict=True)}
        out.append((loss.item(), {k: v.detach().numpy().copy() for k, v in p.items()}))
    return out


def torch_step(fn) -> CheckResult:
    """Check ``fn(params, loss_fn, step_size)``: one gradient-descent step in PyTorch (chapter 6).

    ``params`` is a dict of float64 tensors with ``requires_grad=True``; the function
    updates them in place, leaves their ``.grad`` reset, and returns the loss measured
    before the step as a Python float.
    """
    name = "torch_step"

    def result(status, text, mistake=None):
        head = {PASSED: "correct.", NOT_IMPLEMENTED: "not implemented yet."}.get(status, "not right yet.")
        res = CheckResult(name, status, f"{name}: {head} {text}".rstrip(), mistake)
        print(res.message)
        return res

    if not callable(fn):
        return result(ERROR, f"Pass your function itself, as in check.{name}(my_function), not what it "
                             f"returns; received {_kind(fn)}.")
    torch, loss_fn, fresh = _torch_problem()
    step_size, steps = 0.1, 3
    expected = _reference_steps(torch, loss_fn, fresh, step_size, steps)
    params = fresh()
    for k, (loss_before, after) in enumerate(expected):
        before = {n: v.detach().numpy().copy() for n, v in params.items()}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                outcome = fn(params, loss_fn, step_size)
        except NotImplementedError:
            return result(NOT_IMPLEMENTED, "The function still raises NotImplementedError: replace that "
                                           "line with your code and run the cell again.")
        except RuntimeError as exc:
            if "leaf Variable" in str(exc) or "in-place" in str(exc):
                return result(MISTAKE, "The update runs while autograd is recording: a tensor that "
                                       "requires grad cannot be changed in place then. Do the update "
                                       "inside `with torch.no_grad():`.", "update_recorded")
            return result(ERROR, f"It raised RuntimeError: {str(exc)[:200]}")
        except Exception as exc:  # noqa: BLE001 - any error of the learner's code is a diagnosis
            hint = (" Is .grad None? Call loss.backward() before reading p.grad."
                    if isinstance(exc, TypeError) and "NoneType" in str(exc) else "")
            return result(ERROR, f"It raised {type(exc).__name__}: {str(exc)[:200]}.{hint}")
        now = {n: v.detach().numpy() for n, v in params.items()}
        if outcome is None:
            return result(WRONG, "It returned None: return the loss measured before the update, as a "
                                 "float (loss.item()).")
        if isinstance(outcome, torch.Tensor):
            return result(WRONG, "It returned a tensor: return a Python float with loss.item(), so the "
                                 "loss curve holds no autograd history.")
        if all(np.array_equal(now[n], before[n]) for n in now):
            return result(MISTAKE, "The parameters did not change. `p = p - step_size * p.grad` makes a new "
                                   "tensor and leaves the dict's one as it was: update in place, "
                                   "`p -= step_size * p.grad`, inside torch.no_grad().", "rebinding")
        moved = {n: now[n] - before[n] for n in now}
        right = {n: after[n] - before[n] for n in now}
        if all(np.allclose(moved[n], -right[n], rtol=1e-9, atol=1e-12) for n in now):
            return result(MISTAKE, "The parameters moved uphill: subtract step_size times the gradient.",
                          "sign")
        if not all(np.allclose(now[n], after[n], rtol=1e-9, atol=1e-12) for n in now):
            if k > 0:
                return result(MISTAKE, f"Step 1 is right, but step {k + 1} is not: the gradients of earlier "
                                       "steps are still in .grad, and backward() adds to them. Reset each "
                                       "p.grad (to None, or with optimizer.zero_grad()) after the update.",
                              "no_reset")
            return result(WRONG, f"After step {k + 1} the parameters are\n{_indent(_fmt(now))}\nexpected "
                                 f"\n{_indent(_fmt(after))}")
        if not np.isclose(float(outcome), loss_before, rtol=1e-9):
            if k + 1 < len(expected) and np.isclose(float(outcome), expected[k + 1][0], rtol=1e-9):
                return result(MISTAKE, "It returns the loss after the update; the training loops record "
                                       "the loss measured before it (the one backward() used).",
                              "loss_after_step")
            return result(WRONG, f"At step {k + 1} it returned {float(outcome):.6g}; the loss before the "
                                 f"step was {loss_before:.6g}.")
    return result(PASSED, f"Checked {steps} steps on a small least-squares problem: the updates, the reset "
                          "gradients and the returned losses.")



# ---------------------------------------------------------------------------- the autograd chapter

class _Node:
    """A node of a checker's graph, shaped like the chapter's Value: data, grad, parents, local_grads."""

    def __init__(self, data, parents=(), local_grads=(), op="", label=""):
        self.data, self.grad = float(data), 0.0
        self.parents, self.local_grads = tuple(parents), tuple(local_grads)
        self.op, self.label = op, label

    def __repr__(self):
        return f"node {self.label}"


def _n_mul(a, b, label):
    return _Node(a.data * b.data, (a, b), (b.data, a.data), "*", label)


def _n_add(a, b, label):
    return _Node(a.data + b.data, (a, b), (1.0, 1.0), "+", label)


def _n_tanh(a, label):
    t = float(np.tanh(a.data))
    return _Node(t, (a,), (1.0 - t * t,), "tanh", label)


def _g_fan_out():
    x, y = _Node(3.0, label="x"), _Node(-2.0, label="y")
    xy = _n_mul(x, y, "x*y")
    return "f = x * y + x  (x = 3, y = -2)", [x, y, xy, _n_add(xy, x, "f")]


def _g_square():
    x = _Node(3.0, label="x")
    return "f = x * x  (x = 3)", [x, _n_mul(x, x, "f")]


def _g_two_paths():
    x, y = _Node(0.5, label="x"), _Node(-1.5, label="y")
    h = _n_mul(x, y, "h")
    t = _n_tanh(h, "tanh(h)")
    return "h = x * y, f = tanh(h) * h  (x = 0.5, y = -1.5)", [x, y, h, t, _n_mul(t, h, "f")]


def _g_web():
    x, y = _Node(1.5, label="x"), _Node(-0.5, label="y")
    u = _n_mul(x, y, "u")
    v = _n_add(u, x, "v")
    uv, vy = _n_mul(u, v, "u*v"), _n_mul(v, y, "v*y")
    return "u = x * y, v = u + x, f = u * v + v * y  (x = 1.5, y = -0.5)", [x, y, u, v, uv, vy,
                                                                              _n_add(uv, vy, "f")]


def _g_chain(length=5000):
    node = _Node(0.0, label="x")
    nodes = [node]
    for i in range(length):
        node = _Node(node.data + 1.0, (node,), (1.0,), "+1", f"step {i + 1}")
        nodes.append(node)
    return f"a chain of {length:,} operations x + 1 + 1 + ...", nodes


_SMALL_GRAPHS = (_g_fan_out, _g_square, _g_two_paths, _g_web)


def _node_hint(exc) -> str:
    if not isinstance(exc, AttributeError):
        return ""
    return ("\nThe checker's nodes are not Values: they have only the attributes data, grad, parents and "
            "local_grads, as a Value has.")


def _topo_ref(root):
    order, done, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in done:
            done.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in reversed(node.parents))
    return order


def _topo_recursive(root):
    order, seen = [], set()

    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def _topo_no_seen(root):
    order, stack = [], [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order


def _topo_preorder(root):
    order, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            order.append(node)
            stack.extend(node.parents)
    return order


def _topo_first_parent_only(root):
    order, node = [], root
    while True:
        order.append(node)
        if not node.parents:
            return order[::-1]
        node = node.parents[0]


_MISSING_TOPO = ("missing_nodes", "Some nodes of the graph are missing from the order: every parent of "
                 "every node must be visited, the second input of a product too.")
_TOPO_MISTAKES = [
    Mistake("recursion", "It raised RecursionError on a chain of 5,000 operations: Python stops a "
            "recursion about 1,000 calls deep. Keep your own list of nodes still to visit (a stack) "
            "instead of calling a function on every parent.", _topo_recursive),
    Mistake("duplicates", "A node appears more than once in the order: it is reached along two paths "
            "(fan-out). Remember which nodes you have already visited and add each one once.",
            _topo_no_seen),
    Mistake("reversed", "The order is reversed, the root first: topological_order lists the inputs first, "
            "each node after its parents, and backward walks that list from the end.",
            lambda root: _topo_ref(root)[::-1]),
    Mistake("node_before_parents", "A node comes before one of its parents: it was added to the order "
            "when it was first reached. Add a node only once all its parents are in the order.",
            _topo_preorder),
    Mistake(*_MISSING_TOPO, _topo_first_parent_only),
]


class _TopoSpec(_Spec):
    """topological_order: any valid order passes, so the answer is checked by its properties."""

    def _verdict(self, fn) -> CheckResult:
        if not callable(fn):
            return self._result(ERROR, f"Pass your function itself, as in check.{self.name}(my_function), "
                                       f"not what it returns; received {_kind(fn)}.")
        by_key = {m.key: m for m in self.mistakes}
        for build in (*_SMALL_GRAPHS, _g_chain):
            text, nodes = build()
            try:
                order = fn(nodes[-1])
            except NotImplementedError:
                return self._result(NOT_IMPLEMENTED, "The function still raises NotImplementedError: "
                                                     "replace that line with your code and run the cell again.")
            except RecursionError:
                return self._result(MISTAKE, by_key["recursion"].message, "recursion")
            except Exception as exc:  # noqa: BLE001 - any error of the learner's code is a diagnosis
                return self._result(ERROR, f"It raised {type(exc).__name__}: {str(exc)[:200]}\nfor the "
                                           f"graph {text}.{_node_hint(exc)}")
            problem = self._problem(order, nodes, text)
            if problem is not None:
                key, message = problem
                status = MISTAKE if key in by_key else WRONG
                return self._result(status, message, key if status == MISTAKE else None)
        return self._result(PASSED, "Checked on 5 graphs: every node once, each after its parents, on "
                                    "graphs with fan-out, a node used twice by one product, a node on two "
                                    "paths, and a chain of 5,000 operations.")

    def _problem(self, order, nodes, text):
        if order is None:
            return "none", "It returned None: is a `return` missing?"
        if not isinstance(order, (list, tuple)):
            return "kind", f"Expected a list of the graph's nodes, inputs first; received {_kind(order)}."
        ids = {id(n) for n in nodes}
        strays = [item for item in order if id(item) not in ids]
        if strays:
            return "stray", (f"The list holds {_kind(strays[0])} that is not a node of the graph {text}: "
                             "return the nodes themselves.")
        counts = {}
        for item in order:
            counts[id(item)] = counts.get(id(item), 0) + 1
        messages = {m.key: m.message for m in self.mistakes}
        if any(c > 1 for c in counts.values()):
            return "duplicates", messages["duplicates"]
        if len(counts) < len(nodes):
            return _MISSING_TOPO
        where = {id(n): i for i, n in enumerate(order)}
        if all(where[id(p)] < where[id(n)] for n in nodes for p in n.parents):
            return None
        if all(where[id(p)] > where[id(n)] for n in nodes for p in n.parents):
            return "reversed", messages["reversed"]
        return "node_before_parents", messages["node_before_parents"]


_TOPOLOGICAL_ORDER = _TopoSpec("topological_order", "f(root)", _topo_ref, list, _TOPO_MISTAKES)
_SPECS[_TOPOLOGICAL_ORDER.name] = _TOPOLOGICAL_ORDER


def topological_order(fn) -> CheckResult:
    """Check ``fn(root)``: every node of root's graph once, each after its parents (autograd chapter).

    The checker's nodes have the chapter's ``Value`` attributes ``data``, ``grad``, ``parents``
    and ``local_grads``; any valid order passes, also on a chain deeper than Python's recursion limit.
    """
    return _TOPOLOGICAL_ORDER.run(fn)


def _backward_variant(reset="inner", add=True, reverse=True, seed=True):
    def backward(root):
        order = _topo_ref(root)
        for node in order:
            if reset == "all" or (reset == "inner" and node.parents):
                node.grad = 0.0
        if seed:
            root.grad = 1.0
        for node in (reversed(order) if reverse else order):
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                share = local * node.grad
                parent.grad = parent.grad + share if add else share
    return backward


_BACKWARD_MISTAKES = [
    Mistake("resets_leaves", "Every call starts afresh, the leaves included, so a second call gives the "
            "same gradients as the first. Like PyTorch, a leaf (a node without parents) keeps its grad "
            "and adds the new share; only the nodes computed from others start again from 0.",
            _backward_variant(reset="all")),
    Mistake("resets_nothing", "The nodes between the leaves and the root keep their gradient from the "
            "previous call and pass it on again, so the second call adds too much to the leaves. Set "
            "every node that has parents back to 0 before the sweep.", _backward_variant(reset="none")),
    Mistake("assigns", "A node used twice gets only its last share: `parent.grad = ...` overwrites where "
            "`+=` must add the shares of all its paths (x in x * y + x, x in x * x).",
            _backward_variant(add=False)),
    Mistake("forward_order", "The nodes are visited inputs first, so a node passes its gradient on before "
            "it has received it: walk the topological order from the end, the root first.",
            _backward_variant(reverse=False)),
    Mistake("root_not_seeded", "Every gradient stays 0: the sweep must start from the root's own "
            "gradient, d root / d root = 1.", _backward_variant(seed=False)),
]


def _grads_after_calls(fn, build):
    """(graph text, nodes, grads after one call, grads after two calls), or a _Raised."""
    text, nodes = build()
    try:
        fn(nodes[-1])
        first = np.array([n.grad for n in nodes], dtype=float)
        fn(nodes[-1])
        second = np.array([n.grad for n in nodes], dtype=float)
    except Exception as exc:  # noqa: BLE001 - any error of the learner's code is a diagnosis
        return text, nodes, _Raised(exc)
    return text, nodes, (first, second)


class _BackwardSpec(_Spec):
    """A backward pass called twice on the checker's graphs; node by node against the reference."""

    def _verdict(self, fn) -> CheckResult:
        if not callable(fn):
            return self._result(ERROR, f"Pass your function itself, as in check.{self.name}(my_function), "
                                       f"not what it returns; received {_kind(fn)}.")
        runs = [_grads_after_calls(fn, build) for build in _SMALL_GRAPHS]
        if any(isinstance(r, _Raised) and isinstance(r.exc, NotImplementedError) for _, _, r in runs):
            return self._result(NOT_IMPLEMENTED, "The function still raises NotImplementedError: replace "
                                                 "that line with your code and run the cell again.")
        expected = [_grads_after_calls(self.reference, build)[2] for build in _SMALL_GRAPHS]
        if all(self._same(r, e) for (_, _, r), e in zip(runs, expected, strict=True)):
            return self._result(PASSED, "Checked on 4 graphs, called twice on each: gradients equal to the "
                                        "chain rule's after one call, added up in the leaves only after two, "
                                        "with fan-out, a node used twice by one product and a node on two "
                                        "paths.")
        for m in self.mistakes:
            planted = [_grads_after_calls(m.fn, build)[2] for build in _SMALL_GRAPHS]
            if all(self._same(r, p) for (_, _, r), p in zip(runs, planted, strict=True)):
                return self._result(MISTAKE, m.message, m.key)
        for (text, nodes, received), exp in zip(runs, expected, strict=True):
            if isinstance(received, _Raised):
                exc = received.exc
                return self._result(ERROR, f"It raised {type(exc).__name__}: {str(exc)[:200]}\nfor the "
                                           f"graph {text}.{_node_hint(exc)}")
            for calls, got, want in zip(("one call", "two calls"), received, exp, strict=True):
                for node, g, w in zip(nodes, got, want, strict=True):
                    if not _close(np.array(g), np.array(w)):
                        return self._result(WRONG, f"For the graph {text}, after {calls} the node "
                                                   f"{node.label} has grad {g:.6g}; expected {w:.6g}.")
        return self._result(WRONG, "Unexpected result.")  # pragma: no cover

    @staticmethod
    def _same(received, expected) -> bool:
        if isinstance(received, _Raised) or isinstance(expected, _Raised):
            return (isinstance(received, _Raised) and isinstance(expected, _Raised)
                    and type(received.exc) is type(expected.exc))
        return all(_close(r, e) for r, e in zip(received, expected, strict=True))


_ACCUMULATING_BACKWARD = _BackwardSpec("accumulating_backward", "f(root)", _backward_variant(), list,
                                       _BACKWARD_MISTAKES)
_SPECS[_ACCUMULATING_BACKWARD.name] = _ACCUMULATING_BACKWARD


def accumulating_backward(fn) -> CheckResult:
    """Check ``fn(root)``: a backward pass that, like PyTorch, adds into the leaves' grad (autograd chapter).

    Called twice on each graph: after one call every node holds d root / d node; after two, the
    leaves (nodes without parents) hold twice that and every other node the same as after one.
    """
    return _ACCUMULATING_BACKWARD.run(fn)


# ---------------------------------------------------------------------------- chapter 8 (speed)

def _product_flops(n, h, d):
    return 4 * n * d * h + 4 * n * h + n * h


def _size_cases():
    return [_Case((16, 2, 2)), _Case((512, 32, 2)), _Case((1024, 512, 64), "a wide input"),
            _Case((1, 1, 1), "the smallest network")]


_PRODUCT_FLOPS = _Spec(
    "product_flops", "f(n, h, d)", _product_flops, _size_cases,
    [Mistake("outer_product_adds", "The outer product delta2 @ W2.T of an (N, 1) by a (1, H) matrix is "
             "counted as 2NH, but it multiplies and never adds: NH.",
             lambda n, h, d: 4 * n * d * h + 6 * n * h),
     Mistake("multiply_add_as_one", "A multiply-add is two FLOPs, one multiplication and one addition.",
             lambda n, h, d: 2 * n * d * h + 2 * n * h + n * h),
     Mistake("forward_only", "Only the forward pass's products are counted; the backward pass has three "
             "more.", lambda n, h, d: 2 * n * d * h + 2 * n * h),
     Mistake("no_outer_product", "The backward product delta2 @ W2.T, which sends the output's error back "
             "to the hidden layer, is missing.", lambda n, h, d: 4 * n * d * h + 4 * n * h)],
    floats=False, what="four sizes")
_SPECS[_PRODUCT_FLOPS.name] = _PRODUCT_FLOPS


def product_flops(fn) -> CheckResult:
    """Check ``fn(n, h, d)``: FLOPs of the five matrix products of one D-H-1 training step (chapter 8)."""
    return _PRODUCT_FLOPS.run(fn)


def _roofline(flops, nbytes, calls, peak, bandwidth, overhead):
    return max(flops / peak, nbytes / bandwidth, calls * overhead)


def _roofline_cases():
    return [_Case((2.0e8, 4.0e6, 30, 5.0e10, 1.0e10, 2.0e-6), "arithmetic binds"),
            _Case((1.0e6, 8.0e7, 30, 5.0e10, 1.0e10, 2.0e-6), "memory binds"),
            _Case((800.0, 6.0e3, 30, 5.0e10, 1.0e10, 2.0e-6), "per-call overhead binds")]


_ROOFLINE = _Spec(
    "roofline_bound", "f(flops, nbytes, calls, peak, bandwidth, overhead)", _roofline, _roofline_cases,
    [Mistake("sum_of_bounds", "It adds the three times. Each is a lower bound on its own, and the step "
             "cannot be faster than the slowest of them: the bound is their maximum (adding assumes "
             "nothing overlaps).", lambda f, b, c, p, w, o: f / p + b / w + c * o),
     Mistake("minimum", "It takes the smallest of the three times; the step is bound by the largest.",
             lambda f, b, c, p, w, o: min(f / p, b / w, c * o)),
     Mistake("no_overhead", "The per-call overhead is missing: a tiny step is bound by it.",
             lambda f, b, c, p, w, o: max(f / p, b / w)),
     Mistake("rates_inverted", "Rates are divided the wrong way round: a time is work divided by rate "
             "(FLOPs / (FLOP/s)).", lambda f, b, c, p, w, o: max(p / f, w / b, c * o))],
    what="three regimes, each bound by another limit")
_SPECS[_ROOFLINE.name] = _ROOFLINE


def roofline_bound(fn) -> CheckResult:
    """Check ``fn(flops, nbytes, calls, peak, bandwidth, overhead)``: a step's roofline time (chapter 8)."""
    return _ROOFLINE.run(fn)
