"""Input checks shared by every public function of the package.

Modelled on scikit-learn's ``check_array`` / ``check_scalar``: each public
function validates its arguments once, at its boundary, with these helpers,
and then hands plain float64 arrays to unchecked kernels. Every check raises

- ``TypeError`` for a value of the wrong kind (a string where a number belongs,
  an object array, a complex number, a bool where an integer belongs, a torch
  tensor that requires grad), and
- ``ValueError`` for a value of the right kind but the wrong shape or content
  (NaN, inf, out of range, empty, mismatched shapes),

always with the same message shape: ``"{name} must be ..., got ..."``.
"""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Mapping

import numpy as np

#: Largest number of classes a label array may imply (a label of 10**9 would
#: otherwise ask ``confusion_matrix`` for 8 EB of counts).
MAX_CLASSES = 1000


class DivergenceError(FloatingPointError, ValueError):
    """Training stopped because a loss or parameter would stop being finite.

    A ``FloatingPointError`` (what the course's training loops have always
    raised) and a ``ValueError`` (what every other bad input raises), so either
    ``except`` clause catches it.
    """


def _describe(x) -> str:
    """A short description of ``x`` for an error message: its type and, for arrays, shape and dtype."""
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    if _is_torch_tensor(x):
        grad = " that requires grad" if getattr(x, "requires_grad", False) else ""
        return f"a torch.Tensor of shape {tuple(x.shape)}{grad}"
    text = repr(x)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(x).__name__} {text}"


def _is_torch_tensor(x) -> bool:
    return type(x).__module__.split(".")[0] == "torch" and hasattr(x, "requires_grad")


def shape_text(shape) -> str:
    """``(N, 2)``-style text for a shape spec whose ``None`` entries mean "any length"."""
    parts = ["any" if s is None else str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def check_array(x, name, *, ndim=None, shape=None, dtype="float", finite=True,
                allow_empty=False, allow_inf=False, what=None, allow_bool=True):
    """Return ``x`` as a NumPy array after checking it; raise a clear error otherwise.

    ``dtype="float"`` (the default) accepts numbers and bools and returns
    float64 (no copy when ``x`` already is a float64 array); ``dtype="int"``
    accepts only integer (or bool) arrays and returns them as they are.
    ``ndim`` is the required number of dimensions, ``shape`` a tuple whose
    ``None`` entries match any length. ``finite=True`` rejects NaN and +-inf
    (``allow_inf=True`` lets +-inf through but still rejects NaN). An empty
    array is rejected unless ``allow_empty``; a bool array unless ``allow_bool``. ``what`` replaces "integers" /
    "numbers" in the message about a wrong dtype.
    """
    if x is None or isinstance(x, (str, bytes, Mapping, set)):
        raise TypeError(f"{name} must be a number or an array of numbers, got {_describe(x)}")
    if _is_torch_tensor(x) and x.requires_grad:
        raise TypeError(
            f"{name} must be a NumPy array or a sequence of numbers, got {_describe(x)}; "
            "pass tensor.detach().numpy()"
        )
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError, RuntimeError):
        raise TypeError(f"{name} must be a rectangular array of numbers, got {_describe(x)}") from None
    kind = arr.dtype.kind
    if kind == "b" and not allow_bool:
        raise TypeError(f"{name} must hold {what or 'numbers'}, not bools, got {_describe(arr)}")
    if dtype == "int":
        if kind == "b":
            arr = arr.astype(np.int64)
        elif kind not in "iu":
            raise TypeError(f"{name} must hold {what or 'integers'}, got {_describe(arr)}")
    else:
        if kind == "c":
            raise TypeError(f"{name} must hold real numbers, got {_describe(arr)}")
        if kind not in "biuf":
            raise TypeError(f"{name} must hold {what or 'numbers'}, got {_describe(arr)}")
        arr = arr.astype(np.float64, copy=False)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape} ({arr.ndim}-D)")
    if shape is not None and (
        arr.ndim != len(shape) or any(s is not None and s != a for s, a in zip(shape, arr.shape, strict=True))
    ):
        raise ValueError(f"{name} must have shape {shape_text(shape)}, got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if finite and arr.dtype.kind == "f":
        check_finite(arr, name, allow_inf=allow_inf)
    return arr


def check_finite(arr, name, *, allow_inf=False):
    """Raise ``ValueError`` unless the float array ``arr`` holds no NaN (and, unless ``allow_inf``, no inf)."""
    if allow_inf:
        if np.isnan(arr).any():
            raise ValueError(f"{name} must not contain NaN, got NaN at {int(np.isnan(arr).sum())} position(s)")
        return
    if not np.isfinite(arr).all():
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        found = [f"{what} at {n} position(s)" for what, n in (("NaN", n_nan), ("inf", n_inf)) if n]
        raise ValueError(f"{name} must hold finite numbers, got {' and '.join(found)}")


_KINDS = {int: (numbers.Integral, "an integer"), float: (numbers.Real, "a finite real number"),
          bool: (bool, "True or False")}


def check_scalar(x, name, kind=float, *, min_val=None, max_val=None, include_boundaries="both",
                 allow_none=False):
    """Check one number and return it unchanged; raise a clear error otherwise.

    ``kind`` is ``int``, ``float`` (any real number, integers included) or
    ``bool``. Bools are rejected unless ``kind is bool``; NaN and +-inf are
    always rejected. ``min_val`` / ``max_val`` bound the value, the bounds
    included or not as ``include_boundaries`` says (``"both"``, ``"left"``,
    ``"right"``, ``"neither"``). ``allow_none`` lets ``None`` through.
    """
    if x is None and allow_none:
        return None
    types, what = _KINDS[kind]
    if (kind is not bool and isinstance(x, (bool, np.bool_))) or not isinstance(x, types):
        bound = _bounds_text(min_val, max_val, include_boundaries)
        raise TypeError(f"{name} must be {what}{bound}{' or None' if allow_none else ''}, got {_describe(x)}")
    if kind is bool:
        return x
    if kind is float and not _finite_number(x):
        raise ValueError(f"{name} must be {what}{_bounds_text(min_val, max_val, include_boundaries)}, got {x!r}")
    v = int(x) if kind is int else float(x)  # a Python number: a NumPy float32 would overflow on 1e300
    low_ok = min_val is None or (v >= min_val if include_boundaries in ("both", "left") else v > min_val)
    high_ok = max_val is None or (v <= max_val if include_boundaries in ("both", "right") else v < max_val)
    if not (low_ok and high_ok):
        bound = _bounds_text(min_val, max_val, include_boundaries)
        raise ValueError(f"{name} must be {what}{bound}{' or None' if allow_none else ''}, got {x!r}")
    return x


def _finite_number(x) -> bool:
    try:
        return math.isfinite(x)
    except OverflowError:  # an int too large for a float
        return False


def _bounds_text(min_val, max_val, include):
    parts = []
    if min_val is not None:
        parts.append((">= " if include in ("both", "left") else "> ") + f"{min_val:g}")
    if max_val is not None:
        parts.append(("<= " if include in ("both", "right") else "< ") + f"{max_val:g}")
    return (" " + " and ".join(parts)) if parts else ""


def check_positive_int(x, name, *, minimum=1):
    """``check_scalar(x, name, int, min_val=minimum)``: the package's many counts (sizes, iterations, epochs)."""
    return check_scalar(x, name, int, min_val=minimum)


def check_step_size(x, name="step_size"):
    """A step size: a finite real number > 0 (``TypeError`` for a non-number, ``ValueError`` otherwise)."""
    return check_scalar(x, name, float, min_val=0, include_boundaries="neither")


def check_choice(x, name, choices):
    """Raise unless ``x`` is one of the strings ``choices``; return it."""
    if not isinstance(x, str):
        raise TypeError(f"{name} must be one of {list(choices)}, got {_describe(x)}")
    if x not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {x!r}")
    return x


def check_rng(rng, name="rng", *, allow_random_state=True, allow_none=False):
    """Raise ``TypeError`` unless ``rng`` is a ``numpy.random.Generator`` (or ``RandomState``, or None)."""
    if rng is None and allow_none:
        return None
    kinds = (np.random.Generator, np.random.RandomState) if allow_random_state else (np.random.Generator,)
    if not isinstance(rng, kinds):
        what = "a numpy Generator or RandomState" if allow_random_state else \
            "a numpy.random.Generator (np.random.default_rng(seed))"
        raise TypeError(f"{name} must be {what}{' or None' if allow_none else ''}, got {_describe(rng)}")
    return rng


def check_callable(f, name, what="a function", n_args=None):
    """Raise ``TypeError`` unless ``f`` can be called (with ``n_args`` positional arguments, if given)."""
    if not callable(f):
        raise TypeError(f"{name} must be {what}, got {_describe(f)}")
    if n_args is not None:
        try:
            signature = inspect.signature(f)
        except (TypeError, ValueError):  # a builtin without a signature: trust it
            return f
        try:
            signature.bind(*range(n_args))
        except TypeError:
            raise TypeError(f"{name} must be {what} (taking {n_args} argument(s)), got one with signature "
                            f"{signature}") from None
    return f


def check_params(params, names, *, shapes=None, optional=(), finite=True):
    """Check a parameter dict and return a new dict of float64 arrays keyed by ``names``.

    ``params`` must be a dict holding every name in ``names``; a name listed in
    ``optional`` may map to ``None`` (an absent bias) and stays ``None``.
    ``shapes`` maps a name to its required shape (``None`` entries match any
    length). The returned arrays are the caller's own arrays whenever those
    already are float64, so updating them in place updates ``params``.
    """
    check_keys(params, names)
    checked = {}
    for k in names:
        if params[k] is None and k in optional:
            checked[k] = None
            continue
        shape = None if shapes is None else shapes.get(k)
        checked[k] = check_array(params[k], f"params[{k!r}]", shape=shape, finite=finite)
    return checked


def check_keys(params, names, name="params"):
    """Raise unless ``params`` is a dict holding every key in ``names``."""
    if not isinstance(params, dict):
        raise TypeError(f"{name} must be a dict with keys {list(names)}, got {_describe(params)}")
    missing = [k for k in names if k not in params]
    if missing:
        raise ValueError(f"{name} must hold {list(names)}, got a dict missing {missing}")


def check_labels(y, name, *, n_classes=None, shape=None, ndim=1, allow_bool=False):
    """Integer class labels: an integer array with values in ``0 .. n_classes - 1``.

    Bools are rejected (a mask is rarely meant as labels) unless ``allow_bool``,
    which counts them as 0/1. Without ``n_classes`` the labels must still be
    non-negative and below ``MAX_CLASSES``.
    """
    arr = check_array(y, name, dtype="int", ndim=ndim if shape is None else None, shape=shape,
                      what="integer class labels", allow_bool=allow_bool)
    limit = MAX_CLASSES if n_classes is None else n_classes
    low, high = arr.min(), arr.max()
    if low < 0 or high >= limit:
        what = f"for {limit} classes" if n_classes is not None else f"(at most {MAX_CLASSES} classes)"
        raise ValueError(f"{name} must lie in 0..{limit - 1} {what}, got values from {low} to {high}")
    return arr


def check_same_shape(a, b, name_a, name_b):
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}")


def check_binary(a, name):
    """Raise ``ValueError`` unless every entry of ``a`` is 0 or 1."""
    bad = ~np.isin(a, (0.0, 1.0))
    if bad.any():
        raise ValueError(f"{name} must contain only 0 and 1, got {np.unique(a[bad])[:5].tolist()}")


def check_probabilities(a, name):
    """Raise ``ValueError`` unless every entry of ``a`` lies in [0, 1]."""
    if ((a < 0) | (a > 1)).any():
        raise ValueError(f"{name} must lie in [0, 1], got values from {a.min():g} to {a.max():g}")


def check_result(arr, name, what):
    """Raise ``ValueError`` if a computed result overflowed (is not finite): the inputs were too large."""
    if not np.isfinite(arr).all():
        raise ValueError(f"{what} must give a finite {name}, got an overflow to inf or NaN; use smaller values")
