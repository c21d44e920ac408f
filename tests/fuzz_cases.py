"""Bad and extreme inputs for every public function of nnscratch, and how to judge the outcome.

Used by ``test_fuzz.py`` (a seeded, property-based sample of these cases) and by
``tools/fuzz_report.py`` (all of them, counted). A *recipe* gives one valid call of a
function; a *case* replaces one argument of that call by a bad or extreme value.
The outcome of a case is one of

- ``clear``: a ``ValueError`` / ``TypeError`` raised in nnscratch itself, whose
  message says what was expected and what came ("... must ..., got ...");
- ``accepted``: the call returned without a RuntimeWarning, with no NaN in its
  result (and no inf unless an input held one), and left its inputs unchanged;
- ``weak``: an exception of another type, raised outside nnscratch, or whose
  message does not have that shape;
- ``bad``: a RuntimeWarning, a NaN (or new inf) in the result, or an input changed
  by a call that raised (or by any call, for inputs the function does not own).
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import inspect
import io
import math
import pkgutil
import re
import traceback
import warnings
from pathlib import Path

import numpy as np

import nnscratch

PACKAGE_DIR = str(Path(nnscratch.__file__).resolve().parent)
MESSAGE_SHAPE = re.compile(r"\bmust\b.*\bgot\b", re.S)

#: Public functions that are not fuzzed, with the reason.
EXEMPT = {
    "nnscratch.benchmark.*": "benchmark.py is issue 11's later part (not owned this session); it times, not validates",
    "nnscratch.checks.*": "the checks themselves: they take the name of the argument they check and are "
                          "exercised through every other entry point (tests/test_checks.py tests them directly)",
    "nnscratch.datasets.flowers.write_csv_files": "writes the shipped data files (make data), not run in tests",
    "nnscratch.datasets.spiral.write_csv_files": "writes the shipped data files (make data), not run in tests",
    "nnscratch.datasets.planets.write_csv_files": "writes the shipped data files (make data), not run in tests",
    "nnscratch.datasets.save_csv": "writes into the package's data folder, not run in tests",
    "nnscratch.check.*": "new this session (issue 14's exercise checkers, another engineer's): they print a "
                         "diagnosis rather than raise; recipes to be added by their owner",
    "nnscratch.models.autograd.*": "new this session (issue 13's autograd engine, another engineer's): recipes to be "
                          "added by its owner",
}
#: Unchecked kernels are exempt by design: their callers pass checked arrays.
UNCHECKED_SUFFIX = "_unchecked"


def public_functions():
    """``{"module.name": function}`` for every public function defined in the package."""
    found = {}
    for info in pkgutil.walk_packages(nnscratch.__path__, "nnscratch."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module.__name__:
                continue
            found[f"{module.__name__}.{name}"] = obj
    return found


def exemption(qualname):
    """The reason ``qualname`` is not fuzzed, or None."""
    if qualname.rsplit(".", 1)[1].endswith(UNCHECKED_SUFFIX):
        return "an unchecked kernel by design: callers pass arrays that are already checked"
    if qualname in EXEMPT:
        return EXEMPT[qualname]
    module = qualname.rsplit(".", 1)[0]
    return EXEMPT.get(f"{module}.*")


# ---------------------------------------------------------------------------------------------
# Valid calls


def _torch_module():
    import torch

    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(2, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3)).double()


def recipes():
    """``{qualname: (kwargs_factory, owned)}``: a valid call, and the arguments it may change.

    ``owned`` names the arguments the function updates in place (parameters it
    trains, a generator it draws from): they may change when the call succeeds,
    and must not change when it raises. Every other argument must never change.
    """
    from nnscratch import torch_bridge
    from nnscratch.models import flower_net, mlp, network

    def rng():
        return np.random.default_rng(0)

    def net():
        return network.init_params(2, 5, 3, rng(), scale=1.0)

    def net_grads():
        p = net()
        return network.loss_and_grads(p, XN, YN)[1]

    def mlp_params():
        return mlp.init_params(2, 3, 1, rng(), low=-1.0, high=1.0)

    def mlp_cache():
        return mlp.forward(mlp_params(), XG)[1]

    def mlp_grads():
        p = mlp_params()
        return mlp.backward(p, mlp.forward(p, XG)[1], YG)

    def flower():
        return flower_net.init_params(rng())

    XN = np.random.default_rng(1).normal(size=(6, 2))
    YN = np.array([0, 1, 2, 0, 1, 2])
    XG = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    YG = np.array([[0.0], [1.0], [1.0], [0.0]])
    XF = np.array([[0.1, 0.3], [0.5, 0.5], [0.9, 0.2], [0.4, 0.8], [0.7, 0.6], [0.2, 0.1]])
    YF = np.array([0, 1, 0, 0, 1, 0])
    XS = np.array([[0.0, 1.0, 2.0], [1.0, 0.5, -1.0], [2.0, -1.0, 0.0], [-1.0, 0.0, 1.0]])
    PRED, LAB = np.array([0, 1, 1, 2, 0, 1]), np.array([0, 1, 2, 2, 0, 0])

    def square_sum(v):
        return float(np.sum(v**2))

    def gradcheck_call():
        params = {"a": np.array([1.0, -2.0])}
        return {"loss_fn": lambda: float(np.sum(params["a"] ** 2)), "params": params,
                "grads": {"a": np.array([2.0, -4.0])}}

    r = {
        # activations and losses
        "nnscratch.activations.sigmoid": (lambda: {"s": XS.copy()}, ()),
        "nnscratch.activations.sigmoid_scalar": (lambda: {"s": 0.5}, ()),
        "nnscratch.activations.sigmoid_grad": (lambda: {"s": XS.copy()}, ()),
        "nnscratch.activations.relu": (lambda: {"z": XS.copy()}, ()),
        "nnscratch.activations.relu_grad": (lambda: {"z": XS.copy()}, ()),
        "nnscratch.activations.softmax": (lambda: {"logits": XS.copy()}, ()),
        "nnscratch.losses.squared_error": (lambda: {"y_pred": np.array([0.2, 0.9]),
                                                    "y_true": np.array([0.0, 1.0])}, ()),
        "nnscratch.losses.squared_error_grad": (lambda: {"y_pred": np.array([0.2, 0.9]),
                                                         "y_true": np.array([0.0, 1.0])}, ()),
        "nnscratch.losses.binary_cross_entropy": (lambda: {"y_pred": np.array([0.2, 0.9]),
                                                           "y_true": np.array([0.0, 1.0])}, ()),
        "nnscratch.losses.binary_cross_entropy_grad": (lambda: {"y_pred": np.array([0.2, 0.9]),
                                                                "y_true": np.array([0.0, 1.0])}, ()),
        "nnscratch.losses.softmax_cross_entropy": (lambda: {"logits": XS.copy(), "labels": np.array([0, 1, 2, 0])}, ()),
        "nnscratch.losses.softmax_cross_entropy_grad": (lambda: {"logits": XS.copy(),
                                                                 "labels": np.array([0, 1, 2, 0])}, ()),
        # metrics
        "nnscratch.metrics.accuracy": (lambda: {"predicted": PRED.copy(), "labels": LAB.copy()}, ()),
        "nnscratch.metrics.confusion_matrix": (lambda: {"predicted": PRED.copy(), "labels": LAB.copy(),
                                                        "n_classes": 3}, ()),
        "nnscratch.metrics.precision": (lambda: {"predicted": PRED.copy(), "labels": LAB.copy(), "positive": 1}, ()),
        "nnscratch.metrics.recall": (lambda: {"predicted": PRED.copy(), "labels": LAB.copy(), "positive": 1}, ()),
        # neuron
        "nnscratch.models.neuron.forward": (lambda: {"X": XS.copy(), "w": np.array([0.5, -0.2, 0.1]), "b": 0.1}, ()),
        "nnscratch.models.neuron.gradients": (lambda: {"X": XS.copy(), "y": np.array([0.0, 1.0, 1.0, 0.0]),
                                                       "w": np.array([0.5, -0.2, 0.1]), "b": 0.1}, ()),
        "nnscratch.models.neuron.train": (lambda: {"X": XS.copy(), "y": np.array([0.0, 1.0, 1.0, 0.0]),
                                                   "w": np.array([0.5, -0.2, 0.1]), "b": 0.1,
                                                   "step_size": 1.0, "iterations": 3}, ()),
        # flower network
        "nnscratch.models.flower_net.init_params": (lambda: {"rng": rng()}, ("rng",)),
        "nnscratch.models.flower_net.forward": (lambda: {"params": flower(), "sun": 0.5, "water": 0.3}, ()),
        "nnscratch.models.flower_net.backward": (
            lambda: {"params": flower(), "cache": flower_net.forward(flower(), 0.5, 0.3)[1], "y": 1}, ()),
        "nnscratch.models.flower_net.sgd_epoch": (lambda: {"params": flower(), "X": XF.copy(), "y": YF.copy(),
                                                    "step_size": 0.3}, ("params",)),
        "nnscratch.models.flower_net.train": (lambda: {"params": flower(), "X": XF.copy(), "y": YF.copy(),
                                                           "step_size": 0.3, "epochs": 2, "rng": rng()},
                                                  ("params", "rng")),
        "nnscratch.models.flower_net.predict_proba": (lambda: {"params": flower(), "X": XF.copy()}, ()),
        # two-layer sigmoid network
        "nnscratch.models.mlp.init_params": (lambda: {"n_inputs": 2, "n_hidden": 3, "n_outputs": 1, "rng": rng(),
                                            "bias": True, "low": 0.0, "high": 1.0}, ("rng",)),
        "nnscratch.models.mlp.forward": (lambda: {"params": mlp_params(), "X": XG.copy()}, ()),
        "nnscratch.models.mlp.loss": (lambda: {"y_hat": np.array([[0.2], [0.7], [0.6], [0.1]]), "y": YG.copy(),
                                            "loss": "bce"}, ()),
        "nnscratch.models.mlp.backward": (lambda: {"params": mlp_params(), "cache": mlp_cache(), "y": YG.copy(),
                                                "loss": "mse"}, ()),
        "nnscratch.models.mlp.sgd_step": (lambda: {"params": mlp_params(), "grads": mlp_grads(), "step_size": 0.5},
                                   ("params",)),
        "nnscratch.models.mlp.train": (lambda: {"params": mlp_params(), "X": XG.copy(), "y": YG.copy(),
                                             "step_size": 0.5, "iterations": 3, "loss": "mse", "log_every": None},
                                    ("params",)),
        "nnscratch.models.mlp.predict": (lambda: {"params": mlp_params(), "X": XG.copy(), "threshold": 0.5}, ()),
        # ReLU + softmax classifier
        "nnscratch.models.network.init_params": (lambda: {"n_inputs": 2, "n_hidden": 5, "n_classes": 3, "rng": rng(),
                                                   "scale": 0.01}, ("rng",)),
        "nnscratch.models.network.forward": (lambda: {"params": net(), "X": XN.copy()}, ()),
        "nnscratch.models.network.loss_and_grads": (lambda: {"params": net(), "X": XN.copy(), "y": YN.copy(),
                                                      "reg": 1e-3}, ()),
        "nnscratch.models.network.sgd_step": (lambda: {"params": net(), "grads": net_grads(), "step_size": 0.5},
                                       ("params",)),
        "nnscratch.models.network.train": (lambda: {"params": net(), "X": XN.copy(), "y": YN.copy(), "reg": 1e-3,
                                             "step_size": 0.5, "iterations": 3}, ("params",)),
        "nnscratch.models.network.predict": (lambda: {"params": net(), "X": XN.copy()}, ()),
        # gradient checking
        "nnscratch.gradcheck.numerical_gradient": (lambda: {"f": square_sum, "x": np.array([1.0, -2.0]),
                                                            "h": 1e-5}, ()),
        "nnscratch.gradcheck.relative_error": (lambda: {"a": np.array([1.0, 2.0]), "b": np.array([1.0, 2.1])}, ()),
        "nnscratch.gradcheck.check_gradients": (lambda: gradcheck_call() | {"h": 1e-5}, ()),
        # torch bridge
        "nnscratch.torch_bridge.pick_device": (lambda: {}, ()),
        "nnscratch.torch_bridge.to_torch": (lambda: {"params": net(), "dtype": None, "device": "cpu"}, ()),
        "nnscratch.torch_bridge.to_numpy": (lambda: {"tensors": torch_bridge.to_torch(net())}, ()),
        "nnscratch.torch_bridge.load_two_layer_into": (lambda: {"module": _torch_module(), "params": net()},
                                                       ("module",)),
        "nnscratch.torch_bridge.two_layer_params_from": (lambda: {"module": _torch_module()}, ()),
        # plots
        "nnscratch.plotting.course_style": (lambda: {}, ()),
        "nnscratch.plotting.use_course_style": (lambda: {}, ()),
        "nnscratch.plotting.plot_training_curves": (lambda: {"history": {"loss": [1.0, 0.5, 0.2]}, "title": "t"},
                                                    ()),
        "nnscratch.plotting.plot_decision_boundary": (
            lambda: {"predict": lambda P: (P[:, 0] > 0.5).astype(np.int64), "X": XF.copy(), "y": YF.copy(),
                     "ax": None, "resolution": 8, "padding": 0.1, "title": None, "labels": None}, ()),
        # data
        "nnscratch.datasets.flowers.ideal_water": (lambda: {"sun": np.array([0.1, 0.5])}, ()),
        "nnscratch.datasets.flowers.flower_rule": (
            lambda: {"sun": np.array([0.1, 0.5]), "water": np.array([0.3, 0.9])}, ()),
        "nnscratch.datasets.flowers.make_flowers": (lambda: {"n": 5, "seed": 0, "first_id": 0}, ()),
        "nnscratch.datasets.flowers.load_flowers": (lambda: {"split": "train"}, ()),
        "nnscratch.datasets.gates.logic_gate": (lambda: {"name": "OR"}, ()),
        "nnscratch.datasets.spiral.make_spiral": (
            lambda: {"points_per_class": 5, "n_classes": 3, "seed": 0, "noise": 0.2}, ()),
        "nnscratch.datasets.spiral.load_spiral": (lambda: {"split": "train"}, ()),
        "nnscratch.datasets.planets.hz_flux_limits": (lambda: {"teff": 5780.0, "extrapolate": False}, ()),
        "nnscratch.datasets.planets.hz_distances": (
            lambda: {"teff": 5780.0, "luminosity": 1.0, "extrapolate": False}, ()),
        "nnscratch.datasets.planets.main_sequence_luminosity": (lambda: {"teff": 5780.0}, ()),
        "nnscratch.datasets.planets.is_habitable": (lambda: {"flux": 1.0, "radius": 1.0, "teff": 5780.0,
                                                    "extrapolate": False}, ()),
        "nnscratch.datasets.planets.bayes_probability": (lambda: {"flux": 1.0, "radius": 1.0, "teff": 5780.0}, ()),
        "nnscratch.datasets.planets.make_planets": (lambda: {"n": 20, "seed": 1}, ()),
        "nnscratch.datasets.planets.load_planets": (lambda: {}, ()),
        "nnscratch.datasets.planets.load_real_planets": (lambda: {}, ()),
        "nnscratch.datasets.data_dir": (lambda: {}, ()),
        "nnscratch.datasets.checkout_copy_dir": (lambda: {}, ()),
        "nnscratch.datasets.load_csv": (lambda: {"name": "spiral.csv"}, ()),
    }
    return r


# ---------------------------------------------------------------------------------------------
# Bad and extreme values


def _requires_grad(value):
    import torch

    return torch.tensor(np.asarray(value, dtype=np.float64), requires_grad=True)


def _array_variants(v):
    out = [v.astype(np.float32), v.astype(bool), v.astype(str), v.astype(object), v.tolist(), v.astype(complex),
           v[:-1] if len(v) > 1 else v[:0], v[..., None], np.empty((0,) + v.shape[1:]),
           _requires_grad(v), None, "1.0", {}]
    if v.ndim == 2:
        out += [v.T.copy(), v.ravel(), np.zeros((v.shape[0], v.shape[1] + 1)), [list(v[0]), list(v[0][:-1])]]
    else:
        out += [v.reshape(1, -1), np.zeros(v.shape[0] + 1)]
    if v.dtype.kind == "f":
        for bad in (np.nan, np.inf, -np.inf, 1e308, -1e308, 1e-320):
            w = v.copy()
            w.flat[0] = bad
            out.append(w)
        alternating = np.where(np.arange(v.size).reshape(v.shape) % 2 == 0, 1e308, -1e308) if v.size else v
        out += [np.full_like(v, 1e300), np.full_like(v, -1e300), np.full_like(v, 7.8e307), alternating]
    else:
        for bad in (-1, 10**9, 2**62):
            w = v.copy()
            w.flat[0] = bad
            out.append(w)
        out += [v.astype(np.float64), v + 0.5]
    return out


def _float_variants(v):
    return [math.nan, math.inf, -math.inf, -1.0, 0.0, 1e308, -1e308, 1e-320, 10**400, True, "1", None, 1j,
            np.array([v, v]), np.float32(v), _requires_grad(v), [v]]


def _int_variants(v):
    return [0, -1, 2.5, float(v), 10**9, 10**30, True, "3", None, np.int64(v), np.array([v]), math.nan]


def _dict_variants(d):
    out = [{}, None, list(d.values()), "params"]
    for k, v in d.items():
        out.append({kk: vv for kk, vv in d.items() if kk != k})
        out.append(d | {k: None})
        out.append(d | {k: "1"})
        if isinstance(v, np.ndarray):
            for w in _array_variants(v)[:12]:
                out.append(d | {k: w})
            for bad in (np.nan, np.inf, 1e300):
                w = v.copy()
                w.flat[0] = bad
                out.append(d | {k: w})
        elif isinstance(v, float):
            for w in (math.nan, math.inf, 1e300, True, np.array(v), "1"):
                out.append(d | {k: w})
        elif isinstance(v, list):
            out += [d | {k: []}, d | {k: [math.nan]}, d | {k: [[1.0, 2.0]]}, d | {k: ["a"]}]
    return out


#: Arguments that set an amount of work: a huge value is valid, just slow, so it is not tried.
WORK_ARGS = ("iterations", "epochs")


def variants(value, arg=None):
    """Bad and extreme replacements for one valid argument value (of the argument ``arg``)."""
    import torch

    if arg in WORK_ARGS:
        return [v for v in _int_variants(value) if not (isinstance(v, int) and v > 10**6)]

    if isinstance(value, bool):
        return [1, 0, "True", "False", None, np.bool_(True), np.array([True])]
    if isinstance(value, int):
        return _int_variants(value)
    if isinstance(value, float):
        return _float_variants(value)
    if isinstance(value, str):
        return ["", "nonsense", value.upper() + "X", b"bytes", 3, None, [value]]
    if isinstance(value, np.ndarray):
        return _array_variants(value)
    if isinstance(value, dict):
        return _dict_variants(value)
    if isinstance(value, tuple):
        out = [list(value), value[:-1], None, ()]
        for i, item in enumerate(value):
            if isinstance(item, np.ndarray):
                for bad in (np.nan, 1e300):
                    w = item.copy()
                    w.flat[0] = bad
                    out.append(value[:i] + (w,) + value[i + 1:])
                out.append(value[:i] + (item[:-1],) + value[i + 1:])
        return out
    if isinstance(value, np.random.Generator):
        return [0, None, "rng", np.random.default_rng, np.random.RandomState(0)]
    if isinstance(value, torch.nn.Module):
        return [None, torch.nn.Linear(2, 3).double(), torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(),
                                                                          torch.nn.Linear(5, 3)).double(), "module"]
    if callable(value):
        return [None, 3, lambda *a: "x", lambda *a: math.nan, lambda *a: np.array([1.0, 2.0]),
                lambda P: np.full(len(P), 7), lambda P: np.zeros(len(P)), lambda P: np.zeros(3, dtype=int)]
    if value is None:
        return [0, "x", 1.5, True]
    return [None, "x"]


def cases():
    """Every (qualname, argument, index of the bad value) case, in a fixed order."""
    out = []
    for qualname, (factory, _) in sorted(recipes().items()):
        for arg, value in factory().items():
            out += [(qualname, arg, i) for i in range(len(variants(value, arg)))]
    return out


# ---------------------------------------------------------------------------------------------
# Running one case and judging it


def same(a, b):
    """Exact equality of two argument values (NaN equal to NaN), recursively."""
    import torch

    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and (
            np.array_equal(a, b, equal_nan=a.dtype.kind in "fc") if a.dtype.kind != "O" else True)
    if isinstance(a, torch.Tensor):
        return a.shape == b.shape and torch.equal(torch.nan_to_num(a.detach()), torch.nan_to_num(b.detach()))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, np.random.Generator):
        return a.bit_generator.state == b.bit_generator.state
    if isinstance(a, torch.nn.Module):
        return same(dict(a.state_dict()), dict(b.state_dict()))
    if isinstance(a, (int, str, bytes, bool, complex, type(None))):
        return a == b
    return True  # functions, objects: compared by identity of the call, not by value


def _has_inf(value, seen=0):
    import torch

    if seen > 4:
        return False
    if isinstance(value, torch.Tensor):
        return bool(torch.isinf(value.detach()).any()) if value.is_floating_point() else False
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "f" and bool(np.isinf(value).any())
    if isinstance(value, float):
        return math.isinf(value)
    if isinstance(value, dict):
        return any(_has_inf(v, seen + 1) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_inf(v, seen + 1) for v in value)
    return False


def _non_finite(value, allow_inf, seen=0):
    """A description of the first NaN (or inf, unless allowed) in a result, or None."""
    import pandas as pd

    if seen > 4:
        return None
    if isinstance(value, pd.DataFrame):  # a table may mark a missing value with NaN; inf is never valid
        numbers = value.select_dtypes("number").to_numpy(dtype=np.float64)
        return "inf in the table" if np.isinf(numbers).any() else None
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        if np.isnan(value).any():
            return "NaN in the result"
        if not allow_inf and np.isinf(value).any():
            return "inf in the result"
    elif isinstance(value, float):
        if math.isnan(value):
            return "NaN in the result"
        if not allow_inf and math.isinf(value):
            return "inf in the result"
    elif isinstance(value, dict):
        return next((r for v in value.values() if (r := _non_finite(v, allow_inf, seen + 1))), None)
    elif isinstance(value, (list, tuple)):
        return next((r for v in value if (r := _non_finite(v, allow_inf, seen + 1))), None)
    return None


def build(case):
    """The function and the keyword arguments of a case."""
    qualname, arg, index = case
    factory, owned = recipes()[qualname]
    kwargs = factory()
    kwargs[arg] = variants(kwargs[arg], arg)[index]
    module, name = qualname.rsplit(".", 1)
    return getattr(importlib.import_module(module), name), kwargs, owned


def run(func, kwargs, owned=()):
    """Call ``func(**kwargs)`` and judge the outcome: ``(kind, detail)``."""
    import matplotlib.pyplot as plt

    before = {k: copy.deepcopy(v) for k, v in kwargs.items()}
    had_inf = _has_inf(list(kwargs.values()))
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("always")
        try:
            result = func(**kwargs)
            error = None
        except Exception as exc:  # noqa: BLE001 - judging every exception is the point
            result, error = None, exc
        finally:
            plt.close("all")
    changed = [k for k in kwargs if not same(before[k], kwargs[k])]
    runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    if runtime:
        return "bad", f"RuntimeWarning: {runtime[0].message}"
    if error is not None:
        if changed:
            return "bad", f"{type(error).__name__} after changing {changed}: {error}"
        frame = traceback.extract_tb(error.__traceback__)[-1]
        inside = str(Path(frame.filename).resolve()).startswith(PACKAGE_DIR)
        message = str(error)
        if isinstance(error, (ValueError, TypeError)) and inside and MESSAGE_SHAPE.search(message):
            return "clear", f"{type(error).__name__}: {message}"
        where = "inside" if inside else f"from {Path(frame.filename).name}"
        return "weak", f"{type(error).__name__} {where}: {message[:200]}"
    changed = [k for k in changed if k not in owned]
    if changed:
        return "bad", f"returned after changing inputs it does not own: {changed}"
    problem = _non_finite(result, allow_inf=had_inf)
    if problem:
        return "bad", problem
    return "accepted", ""


def cases_available():
    """Like :func:`cases`, skipping recipes whose function this copy of the package lacks."""
    out = []
    for qualname, (factory, _) in sorted(recipes().items()):
        module, name = qualname.rsplit(".", 1)
        try:
            getattr(importlib.import_module(module), name)
            values = factory()
        except Exception:  # noqa: BLE001
            continue
        for arg, value in values.items():
            out += [(qualname, arg, i) for i in range(len(variants(value, arg)))]
    return out
