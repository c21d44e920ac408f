"""Timing one training step of the same network on several backends (chapter 8).

The raced network is chapters 2 and 3's: ``n_inputs`` -> ``n_hidden`` sigmoid
units -> one sigmoid output, binary cross-entropy averaged over a batch of
``batch_size`` samples, one full-batch gradient-descent update per step. The
backends compute the same numbers in different ways:

``python-scalar``
    plain Python floats, one multiply-add at a time (chapter 2's style);
``numpy-lean``
    the package's unchecked kernels ``mlp.forward_unchecked``,
    ``backward_unchecked`` and ``step_unchecked`` (what ``mlp`` training runs);
``numpy-tanh``
    the same, with the package's overflow-safe sigmoid (two branches picked by
    boolean masks) replaced by the equally safe ``0.5 + 0.5 * tanh(z / 2)``,
    which is one pass over the array with no masks;
``numpy-checked``
    the package's public, checked ``forward`` / ``backward`` / ``sgd_step``
    (every argument validated on every call);
``torch-float32``, ``torch-float64``
    PyTorch eager mode with autograd on the CPU (chapter 6);
``torch-compile-float32``
    the same PyTorch loss compiled by ``torch.compile`` (one compiled function
    shared by every size, so recompilation per shape shows);
``cuda-float32``, ``mps-float32``
    PyTorch eager mode on a GPU, when there is one (one synchronisation per
    timed loop, not per step).

Timing interleaves the backends (rounds A B C, A B C, ...), so that drift of a
shared machine hits every backend alike, and reports the median and the
interquartile range of the rounds. :func:`measure_machine` measures the three
limits of the roofline: the per-call overhead of an empty library call, the
memory bandwidth of a copy, and the matrix-product peak per library and dtype.

Chapter 8 and ``benchmarks/speed.py`` share this module. ``torch`` is imported
only inside the functions that need it.
"""

from __future__ import annotations

import ctypes
import glob
import math
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd

from nnscratch.activations import sigmoid_scalar
from nnscratch.models import mlp, network

CPU_BACKENDS = ("python-scalar", "numpy-lean", "numpy-tanh", "numpy-checked", "torch-float32", "torch-float64",
                "torch-compile-float32")
GPU_BACKENDS = ("cuda-float32", "mps-float32")
BACKENDS = CPU_BACKENDS + GPU_BACKENDS
#: The step size of the timed updates: small, so thousands of steps keep the weights moderate.
STEP_SIZE = 0.1
#: Environment variables that cap the thread pools of BLAS libraries when set before they load.
THREAD_ENV_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
#: Side of the square matrix product that measures the peak, in the chapter and the script alike.
PEAK_N = 1024
#: Chapter 4's spiral problem, for the package-against-hand-written race.
SPIRAL = {"n_hidden": 100, "reg": 1e-3, "step_size": 1.0}


# ----------------------------------------------------------------------------
# Threads


def _numpy_openblas():
    """NumPy's bundled OpenBLAS as a ctypes library, or None if NumPy uses another BLAS."""
    folder = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    for path in sorted(glob.glob(os.path.join(folder, "*openblas*"))):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(lib, "scipy_openblas_get_num_threads64_"):
            return lib
    return None


def thread_report():
    """Thread counts in effect: NumPy's BLAS, PyTorch, and the relevant environment variables (chapter 8).

    ``numpy_blas`` is None when it cannot be read (no ``threadpoolctl`` and a
    BLAS other than NumPy's bundled OpenBLAS).
    """
    import torch

    blas = None
    try:
        from threadpoolctl import threadpool_info

        counts = [info["num_threads"] for info in threadpool_info() if info.get("user_api") == "blas"]
        blas = counts[0] if counts else None
    except ImportError:
        lib = _numpy_openblas()
        if lib is not None:
            lib.scipy_openblas_get_num_threads64_.restype = ctypes.c_int
            blas = int(lib.scipy_openblas_get_num_threads64_())
    env = {name: os.environ.get(name) for name in (*THREAD_ENV_VARS, "OPENBLAS_CORETYPE")}
    return {"numpy_blas": blas, "torch": torch.get_num_threads(), "env": env}


def set_threads(n):
    """Use ``n`` threads in NumPy's BLAS and in PyTorch; returns :func:`thread_report` (chapter 8).

    Uses ``threadpoolctl`` when installed, otherwise NumPy's bundled OpenBLAS
    directly. With any other BLAS, set ``OPENBLAS_NUM_THREADS`` /
    ``MKL_NUM_THREADS`` before NumPy is first imported instead.
    """
    import torch

    _check_positive_int(n, "n")
    torch.set_num_threads(int(n))
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(int(n), user_api="blas")
    except ImportError:
        lib = _numpy_openblas()
        if lib is not None:
            lib.scipy_openblas_set_num_threads64_(ctypes.c_int(int(n)))
    return thread_report()


def gpu_status():
    """Which GPU backends can run here: backend -> (available, reason or device name) (chapter 8)."""
    import torch

    status = {}
    if torch.cuda.is_available():
        status["cuda-float32"] = (True, torch.cuda.get_device_name(0))
    else:
        status["cuda-float32"] = (False, "torch.cuda.is_available() is False (no CUDA GPU or a CPU-only build)")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        status["mps-float32"] = (True, "Apple GPU (MPS)")
    else:
        status["mps-float32"] = (False, "torch.backends.mps.is_available() is False (not an Apple GPU)")
    return status


# ----------------------------------------------------------------------------
# Counting the work of one step


def step_counts(n_hidden, batch_size, n_inputs=2, itemsize=8):
    """FLOPs, exponentials and memory traffic of one training step of the D-H-1 network (chapter 8).

    Returns a dict of ints. ``product_flops``: the five matrix products at 2
    FLOPs per multiply-add, ``X @ W1`` and ``X.T @ delta1`` (2NDH each),
    ``h @ W2`` and ``h.T @ delta2`` (2NH each), and the outer product
    ``delta2 @ W2.T`` of an (N, 1) by a (1, H) matrix, which multiplies and
    never adds (NH). ``elementwise_flops``: per hidden activation the bias
    addition (1), the sigmoid's ``1 + e`` and division (2), its derivative
    ``g * h * (1 - h)`` (3) and the bias gradient's sum (1); about 12 per
    sample for the output and the loss; 2 per parameter for the update.
    ``exps``: one exponential per hidden activation and per sample, counted
    apart because an exponential costs many FLOPs (:func:`measure_machine`
    measures its rate). ``bytes``: the traffic of an eager implementation that
    runs each of those operations as one pass, reading its inputs and writing
    its output once (13 passes over an N x H array); a fusing compiler can move
    less, NumPy's several-pass sigmoid moves more.
    """
    for name, value in (("n_hidden", n_hidden), ("batch_size", batch_size), ("n_inputs", n_inputs),
                        ("itemsize", itemsize)):
        _check_positive_int(value, name)
    n, h, d = batch_size, n_hidden, n_inputs
    params = d * h + 2 * h + 1
    products = 4 * n * d * h + 4 * n * h + n * h
    elementwise = 7 * n * h + 12 * n + 2 * params
    values = 13 * n * h + 2 * n * d + 2 * d * h + 8 * h + 10 * n + 3 * params
    return {"product_flops": products, "elementwise_flops": elementwise, "exps": n * h + n,
            "bytes": values * itemsize}


def step_flops(n_hidden, batch_size, n_inputs=2):
    """Floating-point operations of one training step, exponentials not included (chapter 8).

    The sum of ``product_flops`` and ``elementwise_flops`` of :func:`step_counts`.
    """
    counts = step_counts(n_hidden, batch_size, n_inputs)
    return counts["product_flops"] + counts["elementwise_flops"]


class _Counter:
    calls = 0
    depth = 0


def _plain(x):
    return x.view(np.ndarray) if isinstance(x, _CountingArray) else x


def _counted(result):
    if isinstance(result, np.ndarray) and not isinstance(result, _CountingArray):
        return result.view(_CountingArray)
    if isinstance(result, tuple):
        return tuple(_counted(r) for r in result)
    return result


class _CountingArray(np.ndarray):
    """An ndarray that counts the NumPy calls made on it (ufuncs, functions, indexing)."""

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        _Counter.calls += _Counter.depth == 0
        if out is not None:
            kwargs["out"] = tuple(_plain(o) for o in out)
        _Counter.depth += 1
        try:
            result = getattr(ufunc, method)(*(_plain(x) for x in inputs), **kwargs)
        finally:
            _Counter.depth -= 1
        return out[0] if out is not None and len(out) == 1 else _counted(result)

    def __array_function__(self, func, types, args, kwargs):
        _Counter.calls += _Counter.depth == 0
        _Counter.depth += 1
        try:
            return super().__array_function__(func, types, args, kwargs)
        finally:
            _Counter.depth -= 1

    def __getitem__(self, key):
        _Counter.calls += _Counter.depth == 0
        return super().__getitem__(key)

    def __setitem__(self, key, value):
        _Counter.calls += _Counter.depth == 0
        super().__setitem__(key, value)


def count_numpy_calls(fn, *arrays):
    """How many NumPy calls ``fn(*arrays)`` makes: ufuncs, NumPy functions, indexing (chapter 8).

    Counts top-level calls only (a call inside another is not counted) by
    passing ``arrays`` (dicts of arrays are followed one level) as a counting
    ndarray subclass; attribute views such as ``.T`` are not counted. A lower
    bound on the library calls, for the roofline's overhead bound.
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")

    def wrap(a):
        if isinstance(a, dict):
            return {k: wrap(v) for k, v in a.items()}
        return a.view(_CountingArray) if isinstance(a, np.ndarray) else a

    wrapped = [wrap(a) for a in arrays]
    _Counter.calls, _Counter.depth = 0, 0
    fn(*wrapped)
    return _Counter.calls


def count_torch_ops(fn):
    """How many ATen operations PyTorch dispatches while running ``fn()``, backward included (chapter 8)."""
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    from torch.utils._python_dispatch import TorchDispatchMode

    class Count(TorchDispatchMode):
        calls = 0

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            Count.calls += 1
            return func(*args, **(kwargs or {}))

    with Count():
        fn()
    return Count.calls


# ----------------------------------------------------------------------------
# The training steps


class TrainingStep:
    """One full-batch training step of the D-H-1 sigmoid network on one backend (chapter 8).

    Calling the object performs a step (forward, backward, update) in place.
    :meth:`parameters` returns the current weights as float64 NumPy arrays, so
    tests can check that every backend computes the same update. ``sync`` is
    None on the CPU and the device's synchronisation on a GPU (the timers call
    it once per timed loop).
    """

    def __init__(self, backend, n_hidden, batch_size, n_inputs=2, seed=0):
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        for name, value in (("n_hidden", n_hidden), ("batch_size", batch_size), ("n_inputs", n_inputs)):
            _check_positive_int(value, name)
        self.backend, self.n_hidden, self.batch_size, self.n_inputs = backend, n_hidden, batch_size, n_inputs
        rng = np.random.default_rng(seed)
        limit = 1.0 / math.sqrt(n_inputs)
        params = mlp.init_params(n_inputs, n_hidden, 1, rng, low=-limit, high=limit)
        X = rng.standard_normal((batch_size, n_inputs))
        y = (rng.random((batch_size, 1)) < 0.5).astype(np.float64)
        self.sync = None
        if backend.startswith("numpy"):
            self._state = (params, X, y)
            self._step = {"numpy-lean": self._lean_step, "numpy-tanh": self._tanh_step,
                          "numpy-checked": self._checked_step}[backend]
        elif backend == "python-scalar":
            self._state = _ScalarNet(params, X, y)
            self._step = self._state.step
        else:
            self._state = _TorchNet(backend, params, X, y)
            self._step = self._state.step
            self.sync = self._state.sync

    def __call__(self):
        self._step()

    def _lean_step(self):
        params, X, y = self._state
        _, cache = mlp.forward_unchecked(params, X)
        mlp.step_unchecked(params, mlp.backward_unchecked(params, cache, y, "bce"), STEP_SIZE)

    def _tanh_step(self):
        params, X, y = self._state
        h = tanh_sigmoid(X @ params["W1"] + params["b1"])
        y_hat = tanh_sigmoid(h @ params["W2"] + params["b2"])
        grads = mlp.backward_unchecked(params, (X, h, y_hat), y, "bce")
        mlp.step_unchecked(params, grads, STEP_SIZE)

    def _checked_step(self):
        params, X, y = self._state
        _, cache = mlp.forward(params, X)
        mlp.sgd_step(params, mlp.backward(params, cache, y, loss="bce"), STEP_SIZE)

    def library_calls(self):
        """Library calls one step makes: NumPy calls (:func:`count_numpy_calls`) or ATen ops.

        Runs one step. None for the scalar and compiled backends.
        """
        if self.backend in ("numpy-lean", "numpy-tanh"):
            params, X, y = self._state
            step = self._lean_step if self.backend == "numpy-lean" else self._tanh_step

            def counted(p, X, y):
                state, self._state = self._state, (p, X, y)
                try:
                    step()
                finally:
                    self._state = state

            return count_numpy_calls(counted, params, X, y)
        if self.backend.startswith("torch-float") or self.backend in GPU_BACKENDS:
            return count_torch_ops(self)
        return None

    def parameters(self):
        """The current weights: dict of float64 arrays W1 (D, H), b1 (H,), W2 (H, 1), b2 (1,)."""
        if self.backend.startswith("numpy"):
            return {k: np.array(v, dtype=np.float64) for k, v in self._state[0].items()}
        return self._state.parameters()


def tanh_sigmoid(z):
    """The sigmoid as ``0.5 + 0.5 * tanh(z / 2)``: the same function, safe at any z, no masks (chapter 8).

    ``tanh`` saturates at +-1 instead of overflowing, so no branch is needed;
    it agrees with :func:`nnscratch.activations.sigmoid` to a few units in the
    last place.
    """
    return 0.5 + 0.5 * np.tanh(0.5 * z)


class _ScalarNet:
    """The step written with Python floats and loops, as chapter 2 writes its 2-2-1 network."""

    def __init__(self, params, X, y):
        self.W1 = params["W1"].tolist()           # D lists of H floats
        self.b1 = params["b1"].tolist()
        self.W2 = params["W2"][:, 0].tolist()     # H floats (one output)
        self.b2 = float(params["b2"][0])
        self.X = X.tolist()
        self.y = y[:, 0].tolist()

    def step(self):
        W1, b1, W2 = self.W1, self.b1, self.W2
        n_in, n_hidden, n = len(W1), len(b1), len(self.y)
        gW1 = [[0.0] * n_hidden for _ in range(n_in)]
        gb1 = [0.0] * n_hidden
        gW2 = [0.0] * n_hidden
        gb2 = 0.0
        for x, target in zip(self.X, self.y, strict=True):
            h = []
            for j in range(n_hidden):
                z = b1[j]
                for i in range(n_in):
                    z += x[i] * W1[i][j]
                h.append(sigmoid_scalar(z))
            z2 = self.b2
            for j in range(n_hidden):
                z2 += h[j] * W2[j]
            d2 = (sigmoid_scalar(z2) - target) / n     # cross-entropy and sigmoid combined, batch mean
            gb2 += d2
            for j in range(n_hidden):
                gW2[j] += d2 * h[j]
                d1 = d2 * W2[j] * h[j] * (1.0 - h[j])
                gb1[j] += d1
                for i in range(n_in):
                    gW1[i][j] += d1 * x[i]
        for i in range(n_in):
            row, grow = W1[i], gW1[i]
            for j in range(n_hidden):
                row[j] -= STEP_SIZE * grow[j]
        for j in range(n_hidden):
            b1[j] -= STEP_SIZE * gb1[j]
            W2[j] -= STEP_SIZE * gW2[j]
        self.b2 -= STEP_SIZE * gb2

    def parameters(self):
        return {"W1": np.array(self.W1), "b1": np.array(self.b1),
                "W2": np.array(self.W2)[:, None], "b2": np.array([self.b2])}


_COMPILED = {}


def compiled_loss():
    """The one ``torch.compile``-d loss every compiled step shares (created on first use) (chapter 8).

    Sharing it is what a program does that compiles its model once: a new
    input shape then recompiles it (or, after a second shape, runs a graph
    with dynamic shapes), which :func:`compile_race` makes visible.
    """
    import torch

    if "loss" not in _COMPILED:
        _COMPILED["loss"] = torch.compile(_torch_loss, backend=_COMPILED.get("backend", "inductor"))
    return _COMPILED["loss"]


def reset_compiler(backend="inductor"):
    """Forget every compiled graph (``torch._dynamo.reset``), so the next compiled call starts cold.

    ``backend`` is the ``torch.compile`` backend the next :func:`compiled_loss`
    uses: ``"inductor"`` (the default, generated C++ on a CPU) or a cheap one
    such as ``"aot_eager"`` (traced forward and backward graphs run by eager
    PyTorch), which the tests use because it compiles in about a second.
    """
    import torch

    if backend not in ("inductor", "aot_eager", "eager"):
        raise ValueError(f"backend must be 'inductor', 'aot_eager' or 'eager', got {backend!r}")
    torch._dynamo.reset()
    _COMPILED.clear()
    _COMPILED["backend"] = backend


def compiled_graphs():
    """How many graphs ``torch.compile`` has compiled since the last :func:`reset_compiler`."""
    from torch._dynamo.utils import counters

    return int(counters["stats"]["unique_graphs"])


def _device(backend):
    import torch

    if backend.startswith("cuda"):
        if not torch.cuda.is_available():
            raise RuntimeError("backend 'cuda-float32' needs a CUDA GPU, and torch.cuda.is_available() is False")
        return torch.device("cuda"), torch.cuda.synchronize
    if backend.startswith("mps"):
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise RuntimeError("backend 'mps-float32' needs an Apple GPU, and torch.backends.mps.is_available() "
                               "is False")
        return torch.device("mps"), torch.mps.synchronize
    return torch.device("cpu"), None


class _TorchNet:
    """The step in PyTorch eager mode (autograd), optionally with the loss compiled."""

    def __init__(self, backend, params, X, y):
        import torch

        self.torch = torch
        dtype = torch.float64 if backend.endswith("float64") else torch.float32
        device, self.sync = _device(backend)
        self.params = [torch.tensor(params[k], dtype=dtype, device=device, requires_grad=True)
                       for k in ("W1", "b1", "W2", "b2")]
        self.X = torch.tensor(X, dtype=dtype, device=device)
        self.y = torch.tensor(y, dtype=dtype, device=device)
        self.loss = compiled_loss() if "compile" in backend else _torch_loss

    def step(self):
        # No synchronisation here: a GPU runs the steps queued one after another,
        # and the timers synchronise once at the end of each timed loop.
        loss = self.loss(self.X, self.y, *self.params)
        loss.backward()
        with self.torch.no_grad():
            for p in self.params:
                p.add_(p.grad, alpha=-STEP_SIZE)
                p.grad = None

    def parameters(self):
        names = ("W1", "b1", "W2", "b2")
        return {k: p.detach().cpu().numpy().astype(np.float64) for k, p in zip(names, self.params, strict=True)}


def _torch_loss(X, y, W1, b1, W2, b2):
    import torch

    h = torch.sigmoid(X @ W1 + b1)
    return torch.nn.functional.binary_cross_entropy_with_logits(h @ W2 + b2, y)


def compiler_available():
    """Whether a C++ compiler is on the PATH, which ``torch.compile`` needs on the CPU (chapter 8)."""
    return any(shutil.which(name) for name in ("g++", "c++", "clang++", "cl"))


# ----------------------------------------------------------------------------
# Chapter 4's spiral step: the package against a hand-written loop and PyTorch

SPIRAL_KINDS = ("package", "handwritten", "torch-float64")


class SpiralSteps:
    """``steps`` full-batch training steps of chapter 4's spiral network per call, three ways (chapter 8).

    ``"package"`` calls ``network.train`` (checks once per call, then the
    package's unchecked kernels); ``"handwritten"`` is a plain NumPy loop of
    the same maths written for speed (in-place updates, no checks);
    ``"torch-float64"`` is PyTorch eager with autograd. All start from the
    same weights (H = 100 on the 300 spiral points).
    """

    def __init__(self, kind, X, y, steps=200, seed=0):
        if kind not in SPIRAL_KINDS:
            raise ValueError(f"kind must be one of {SPIRAL_KINDS}, got {kind!r}")
        _check_positive_int(steps, "steps")
        self.kind, self.steps = kind, steps
        self.X, self.y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)
        n_classes = int(self.y.max()) + 1
        self.params = network.init_params(self.X.shape[1], SPIRAL["n_hidden"], n_classes,
                                          np.random.default_rng(seed))
        self.rows = np.arange(len(self.y))
        if kind == "torch-float64":
            import torch

            self.torch = torch
            self.tparams = [torch.tensor(self.params[k], requires_grad=True) for k in network.PARAM_NAMES]
            self.tX, self.ty = torch.from_numpy(self.X), torch.from_numpy(self.y)

    def __call__(self):
        if self.kind == "package":
            network.train(self.params, self.X, self.y, reg=SPIRAL["reg"], step_size=SPIRAL["step_size"],
                          iterations=self.steps)
        elif self.kind == "handwritten":
            p = [self.params[k] for k in network.PARAM_NAMES]
            for _ in range(self.steps):
                _spiral_step_numpy(p, self.X, self.y, self.rows, SPIRAL["reg"], SPIRAL["step_size"])
        else:
            for _ in range(self.steps):
                self._torch_step()

    def _torch_step(self):
        torch = self.torch
        W1, b1, W2, b2 = self.tparams
        scores = torch.relu(self.tX @ W1 + b1) @ W2 + b2
        loss = torch.nn.functional.cross_entropy(scores, self.ty)
        loss = loss + 0.5 * SPIRAL["reg"] * ((W1 * W1).sum() + (W2 * W2).sum())
        loss.backward()
        with torch.no_grad():
            for p in self.tparams:
                p.add_(p.grad, alpha=-SPIRAL["step_size"])
                p.grad = None

    def parameters(self):
        """The current weights as float64 arrays keyed W1, b1, W2, b2."""
        if self.kind == "torch-float64":
            return {k: t.detach().numpy().copy() for k, t in zip(network.PARAM_NAMES, self.tparams, strict=True)}
        return {k: v.copy() for k, v in self.params.items()}


def _spiral_step_numpy(p, X, y, rows, reg, step_size):
    """One softmax + L2 step written directly in NumPy, in place; returns the loss."""
    W1, b1, W2, b2 = p
    z1 = X @ W1
    z1 += b1
    a1 = np.maximum(z1, 0.0)
    scores = a1 @ W2
    scores += b2
    scores -= scores.max(axis=1, keepdims=True)
    P = np.exp(scores)
    total = P.sum(axis=1, keepdims=True)
    loss = np.log(total).mean() - scores[rows, y].mean() + 0.5 * reg * (np.vdot(W1, W1) + np.vdot(W2, W2))
    P /= total                                   # softmax probabilities
    P[rows, y] -= 1.0                            # P - Y
    P /= len(y)                                  # (P - Y) / N
    dW2 = a1.T @ P
    dW2 += reg * W2
    db2 = P.sum(axis=0)
    dz1 = P @ W2.T
    dz1 *= z1 > 0
    dW1 = X.T @ dz1
    dW1 += reg * W1
    db1 = dz1.sum(axis=0)
    for param, grad in ((W1, dW1), (b1, db1), (W2, dW2), (b2, db2)):
        param -= step_size * grad
    return loss


# ----------------------------------------------------------------------------
# Timing


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
#: The CPU clock is used by ``clock="auto"`` only when it ticks at least this finely.
FINE_TICK = 1e-4


def pick_clock(clock="auto"):
    """The clock a timing should use, ``"cpu"`` or ``"wall"`` (chapter 8).

    ``"auto"`` picks the CPU clock when it ticks finely here (Linux, macOS) and
    the wall clock when it does not (about 16 ms on Windows). The CPU clock
    suits one thread on the CPU: with several threads pass ``"wall"``.
    """
    if clock not in (*CLOCKS, "auto"):
        raise ValueError(f"clock must be one of {sorted(CLOCKS) + ['auto']}, got {clock!r}")
    if clock == "auto":
        return "cpu" if clock_tick("cpu") <= FINE_TICK else "wall"
    return clock


def clock_tick(clock="wall", samples=5):
    """The smallest step the clock is seen to advance by, in seconds (measured, chapter 8).

    ``time.process_time`` advances in steps of about 15.6 ms on Windows and of
    nanoseconds on Linux; a timed loop must last many ticks.
    """
    if clock not in CLOCKS:
        raise ValueError(f"clock must be one of {sorted(CLOCKS)}, got {clock!r}")
    now = CLOCKS[clock]
    ticks = []
    for _ in range(samples):
        start = now()
        while (later := now()) == start:
            pass
        ticks.append(later - start)
    return float(min(ticks))


def race(fns, rounds=9, warmup=2, min_seconds=2e-3, clock="auto", log=None):
    """Per-call seconds of several callables, timed in interleaved rounds (chapter 8).

    ``fns`` maps names to callables. Each is warmed up (``warmup`` calls),
    then given a loop length k (doubled until a loop lasts ``min_seconds`` and
    at least 100 ticks of the clock). Then ``rounds`` rounds run every loop
    once, A B C, B C A, C A B, ... (the order rotates, so no callable always
    follows the same neighbour), and each loop's time is divided by its k.
    Returns a DataFrame with one column per name and one row per round: pair
    the rows to get per-round ratios, whose spread drift cannot fake.

    ``clock`` goes through :func:`pick_clock`. ``"cpu"`` (the process's CPU time) leaves out the moments this
    process waits for a core on a shared machine; it is right for one thread
    on the CPU only. A callable with a ``sync`` attribute that is not None (a
    GPU step) is timed by the wall clock and synchronised once after each
    loop, not inside it.
    """
    if not isinstance(fns, dict) or not fns or not all(callable(f) for f in fns.values()):
        raise TypeError("fns must be a non-empty dict of name -> callable")
    clock = pick_clock(clock)
    _check_positive_int(rounds, "rounds")
    if isinstance(warmup, bool) or not isinstance(warmup, (int, np.integer)) or warmup < 0:
        raise ValueError(f"warmup must be a non-negative integer, got {warmup!r}")
    if not (isinstance(min_seconds, (int, float)) and min_seconds > 0):
        raise ValueError(f"min_seconds must be a positive number of seconds, got {min_seconds!r}")
    names = list(fns)
    plan = {}
    for name in names:
        fn, sync = fns[name], getattr(fns[name], "sync", None)
        how = "wall" if sync is not None else clock
        for _ in range(warmup):
            fn()
        if sync is not None:
            sync()
        target = max(min_seconds, 100 * clock_tick(how))
        calls = 1  # the loop length is chosen by the wall clock: a sleeping fn must not loop forever
        while _timed_loop(fn, calls, time.perf_counter, sync) < target and calls < 2**20:
            calls *= 2
        plan[name] = (fn, sync, CLOCKS[how], calls)
    times = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[: r % len(names)]:
            fn, sync, now, calls = plan[name]
            times[name].append(_timed_loop(fn, calls, now, sync) / calls)
        if log is not None:
            log(f"round {r + 1}/{rounds}")
    return pd.DataFrame(times)


def _timed_loop(fn, calls, now, sync=None):
    start = now()
    for _ in range(calls):
        fn()
    if sync is not None:
        sync()
    return now() - start


def time_call(fn, repeats=7, warmup=2, min_seconds=5e-3, clock="wall"):
    """Seconds per call of ``fn()``: ``repeats`` measurements after ``warmup`` untimed calls (chapter 8).

    :func:`race` with a single callable; returns an array of ``repeats``
    per-call times. Report its median and quartiles (:func:`summarize`).
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    _check_positive_int(repeats, "repeats")
    return race({"fn": fn}, rounds=repeats, warmup=warmup, min_seconds=min_seconds, clock=clock)["fn"].to_numpy()


def summarize(times):
    """Median and interquartile range of per-call times: ``(median, q1, q3)`` in seconds (chapter 8)."""
    times = np.asarray(times, dtype=np.float64)
    if times.ndim != 1 or times.size == 0 or not np.isfinite(times).all() or (times < 0).any():
        raise ValueError(f"times must be a non-empty 1-D array of non-negative seconds, got shape {times.shape}")
    q1, median, q3 = np.percentile(times, [25, 50, 75])
    return float(median), float(q1), float(q3)


def torch_timer_check(fn, clock="auto", min_run_time=0.5):
    """Median seconds per call of ``fn`` by ``torch.utils.benchmark.Timer``, on the same clock (chapter 8).

    An independent timer to cross-check :func:`race` against.
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    clock = pick_clock(clock)
    from torch.utils.benchmark import Timer

    timer = Timer("fn()", globals={"fn": fn}, timer=CLOCKS[clock])
    return float(timer.blocked_autorange(min_run_time=min_run_time).median)


# ----------------------------------------------------------------------------
# The machine's limits (the roofline)


def matmul_gflops(n=PEAK_N, library="numpy", dtype="float32", repeats=5, clock="wall"):
    """Achieved GFLOP/s of an n x n by n x n matrix product: a practical peak of the machine (chapter 8).

    ``library`` is ``"numpy"`` or ``"torch"``; ``dtype`` ``"float32"`` or
    ``"float64"``. Counts 2 n^3 operations and uses the median time.
    """
    _check_positive_int(n, "n")
    A, B = _operands(library, dtype, (2, n, n))
    fn = (lambda: A @ B)
    median, _, _ = summarize(time_call(fn, repeats=repeats, warmup=1, clock=clock))
    return 2.0 * n**3 / median / 1e9


def _operands(library, dtype, shape):
    if dtype not in ("float32", "float64"):
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    if library not in ("numpy", "torch"):
        raise ValueError(f"library must be 'numpy' or 'torch', got {library!r}")
    arrays = np.random.default_rng(0).standard_normal(shape).astype(dtype)
    if library == "torch":
        import torch

        return [torch.from_numpy(a) for a in arrays]
    return list(arrays)


def measure_machine(clock="auto", repeats=7, peak_n=PEAK_N):
    """The roofline's limits, measured here: a dict of floats (chapter 8).

    - ``call_s_<library>``: seconds of an empty call, adding two 1-element
      arrays (NumPy) or tensors (PyTorch): the per-call overhead;
    - ``bw_cache``, ``bw_dram``: bytes per second of a copy of a 256 kB
      array (it stays in the cache) and of a 64 MB one (it does not), counting
      the bytes read and written;
    - ``peak_<library>_<dtype>``: FLOP/s of a ``peak_n`` square matrix product;
    - ``exp_<library>_<dtype>``: exponentials per second on a 256 kB array;
    - ``cache_bytes``: the largest cache's size (``os.sysconf``; 8 MB if unknown).
    """
    out = {}
    for library in ("numpy", "torch"):
        a, b = _operands(library, "float64", (2, 1))
        out[f"call_s_{library}"] = summarize(time_call(lambda a=a, b=b: a + b, repeats=repeats, clock=clock))[0]
    for name, nbytes in (("bw_cache", 2**18), ("bw_dram", 2**26)):
        src = np.ones(nbytes // 8)
        dst = np.empty_like(src)
        seconds = summarize(time_call(lambda d=dst, s=src: np.copyto(d, s), repeats=repeats, clock=clock))[0]
        out[name] = 2 * nbytes / seconds
    for library in ("numpy", "torch"):
        for dtype in ("float32", "float64"):
            out[f"peak_{library}_{dtype}"] = 1e9 * matmul_gflops(peak_n, library, dtype, repeats, clock)
            x, y = _operands(library, dtype, (2, 2**15))
            x = x * 0.01
            exp = np.exp if library == "numpy" else _torch_exp
            seconds = summarize(time_call(lambda f=exp, a=x, o=y: f(a, out=o), repeats=repeats, clock=clock))[0]
            out[f"exp_{library}_{dtype}"] = 2**15 / seconds
    out["cache_bytes"] = float(_cache_bytes())
    return out


def _torch_exp(x, out):
    import torch

    return torch.exp(x, out=out)


def _cache_bytes():
    """The largest CPU cache in bytes: Linux's sysfs, else ``os.sysconf``, else 8 MB."""
    sizes = []
    for path in glob.glob("/sys/devices/system/cpu/cpu0/cache/index*/size"):
        try:
            text = Path(path).read_text().strip().upper()
            sizes.append(int(text[:-1]) * {"K": 2**10, "M": 2**20}[text[-1]] if text[-1] in "KM" else int(text))
        except (OSError, ValueError, KeyError):
            continue
    for name in ("SC_LEVEL3_CACHE_SIZE", "SC_LEVEL2_CACHE_SIZE"):
        try:
            sizes.append(os.sysconf(name))
        except (ValueError, OSError, AttributeError):
            continue
    sizes = [s for s in sizes if s and s > 0]
    return max(sizes) if sizes else 8 * 2**20


def step_bounds(n_hidden, batch_size, machine, library, dtype, calls, n_inputs=2):
    """The roofline's three lower bounds on one step's time, and which one binds (chapter 8).

    ``overhead`` = ``calls`` x the empty call of ``library``; ``memory`` = the
    step's bytes (:func:`step_counts`) at the copy bandwidth, the cache's if
    the step's arrays fit in the largest cache, else the DRAM's; ``compute``
    = its FLOPs at the matrix-product peak plus its exponentials at the
    measured exp rate. Returns a dict with the three, ``bound`` (their
    maximum) and ``limit`` (the name of the largest).
    """
    itemsize = 8 if dtype == "float64" else 4
    counts = step_counts(n_hidden, batch_size, n_inputs, itemsize)
    working_set = 6 * batch_size * n_hidden * itemsize
    bandwidth = machine["bw_cache"] if working_set <= machine["cache_bytes"] else machine["bw_dram"]
    bounds = {
        "overhead": calls * machine[f"call_s_{library}"],
        "memory": counts["bytes"] / bandwidth,
        "compute": (counts["product_flops"] + counts["elementwise_flops"]) / machine[f"peak_{library}_{dtype}"]
        + counts["exps"] / machine[f"exp_{library}_{dtype}"],
    }
    limit = max(bounds, key=bounds.get)
    return {**bounds, "bound": bounds[limit], "limit": limit}


# ----------------------------------------------------------------------------
# Sweeps and their summaries


def sweep(backends, hidden_sizes, batch_sizes, n_inputs=2, rounds=7, max_scalar_work=20_000, clock="auto",
          reference="numpy-lean", log=None):
    """Time one training step for every backend, hidden size and batch size (chapter 8).

    At each size the backends race in interleaved rounds (:func:`race`).
    Returns a DataFrame with one row per backend and size: ``backend``,
    ``batch_size``, ``n_hidden``, ``median_s``, ``q1_s``, ``q3_s``,
    ``gflops`` (:func:`step_flops` / median) and, when ``reference`` is among
    the backends, ``ratio``, ``ratio_q1``, ``ratio_q3``: the median and
    quartiles of the per-round time ratios to it. ``python-scalar`` is skipped
    where ``batch_size * n_hidden`` exceeds ``max_scalar_work``.
    """
    unknown = [b for b in backends if b not in BACKENDS]
    if unknown:
        raise ValueError(f"unknown backend(s) {unknown}; choose from {BACKENDS}")
    rows = []
    for batch in batch_sizes:
        for hidden in hidden_sizes:
            steps = {b: TrainingStep(b, hidden, batch, n_inputs=n_inputs) for b in backends
                     if not (b == "python-scalar" and batch * hidden > max_scalar_work)}
            times = race(steps, rounds=rounds, clock=clock)
            for backend in steps:
                median, q1, q3 = summarize(times[backend])
                row = {"backend": backend, "batch_size": batch, "n_hidden": hidden, "median_s": median,
                       "q1_s": q1, "q3_s": q3, "gflops": step_flops(hidden, batch, n_inputs) / median / 1e9}
                if reference in steps:
                    row["ratio"], row["ratio_q1"], row["ratio_q3"] = summarize(times[backend] / times[reference])
                rows.append(row)
            if log is not None:
                log(f"N={batch:<6d} H={hidden:<6d} " + ", ".join(
                    f"{b} {summarize(times[b])[0] * 1e6:.1f} us" for b in steps))
    return pd.DataFrame(rows)


def speed_ratios(results, reference="numpy-lean"):
    """Median time of each backend divided by the ``reference`` backend's, per size (chapter 8).

    A ratio below 1 means faster than the reference. Rows: (batch_size,
    n_hidden); columns: backends.
    """
    _check_results(results, reference)
    table = results.pivot_table(index=["batch_size", "n_hidden"], columns="backend", values="median_s")
    return table.div(table[reference], axis=0)


def crossover(results, slow="numpy-lean", fast="torch-float32"):
    """For each batch size, the smallest hidden size from which ``fast`` beats ``slow`` for good (chapter 8).

    "For good" means at that hidden size and every larger one in the sweep.
    Returns a dict batch_size -> hidden size, or None where ``fast`` is not
    faster at the largest size.
    """
    _check_results(results, slow)
    _check_results(results, fast)
    out = {}
    for batch, group in results.groupby("batch_size"):
        times = group.pivot_table(index="n_hidden", columns="backend", values="median_s")[[slow, fast]].dropna()
        faster = (times[fast] < times[slow]).to_numpy()
        hidden = times.index.to_numpy()
        found = None
        for k in range(len(hidden) - 1, -1, -1):
            if not faster[k]:
                break
            found = int(hidden[k])
        out[int(batch)] = found
    return out


def compile_race(shapes, rounds=7, clock="auto", backend="inductor", log=None):
    """``torch.compile`` measured: compile time and steady state apart, per shape in turn (chapter 8).

    Starts cold (:func:`reset_compiler`), then for each ``(batch_size,
    n_hidden)`` of ``shapes``, in order: the wall time of the first compiled
    step (compilation, or recompilation for a new shape, or neither), the
    number of graphs that call compiled, then the compiled and the eager
    float32 steps raced in interleaved rounds. Returns a DataFrame.
    ``backend`` is passed to :func:`reset_compiler`.
    """
    if not (isinstance(shapes, (list, tuple)) and shapes and all(
            isinstance(s, tuple) and len(s) == 2 for s in shapes)):
        raise TypeError(f"shapes must be a non-empty list of (batch_size, n_hidden) pairs, got {shapes!r}")
    rows = []
    reset_compiler(backend)
    for batch, hidden in shapes:
        compiled = TrainingStep("torch-compile-float32", hidden, batch)
        before = compiled_graphs()
        start = time.perf_counter()
        compiled()
        first = time.perf_counter() - start
        new_graphs = compiled_graphs() - before
        times = race({"compiled": compiled, "eager": TrainingStep("torch-float32", hidden, batch)},
                     rounds=rounds, clock=clock)
        c, e = summarize(times["compiled"]), summarize(times["eager"])
        ratio = summarize(times["compiled"] / times["eager"])
        rows.append({"batch_size": batch, "n_hidden": hidden, "first_call_s": first, "new_graphs": new_graphs,
                     "compiled_s": c[0], "compiled_q1_s": c[1], "compiled_q3_s": c[2],
                     "eager_s": e[0], "eager_q1_s": e[1], "eager_q3_s": e[2],
                     "ratio": ratio[0], "ratio_q1": ratio[1], "ratio_q3": ratio[2]})
        if log is not None:
            log(f"compile N={batch} H={hidden}: first call {first:.1f} s, {new_graphs} new graph(s), "
                f"then {c[0] * 1e6:.0f} us vs eager {e[0] * 1e6:.0f} us")
    return pd.DataFrame(rows)


def spiral_race(X, y, steps=200, rounds=9, clock="auto"):
    """The package's spiral training step against a hand-written loop and PyTorch float64 (chapter 8).

    Each call runs ``steps`` steps (one ``network.train`` call for the
    package, so its checks and set-up are shared by them, as in training).
    Returns ``(per_step, ratios)``: per-step seconds (median, q1, q3) of each
    kind, and the median and quartiles of the per-round ratios
    ``package / handwritten`` and ``package / torch-float64``.
    """
    fns = {kind: SpiralSteps(kind, X, y, steps=steps) for kind in SPIRAL_KINDS}
    times = race(fns, rounds=rounds, clock=clock) / steps
    per_step = {kind: summarize(times[kind]) for kind in SPIRAL_KINDS}
    ratios = {f"package / {other}": summarize(times["package"] / times[other])
              for other in ("handwritten", "torch-float64")}
    return per_step, ratios


# ----------------------------------------------------------------------------
# Stored results


def results_dir():
    """The repository's ``benchmarks/results`` folder (next to the package in a clone) (chapter 8)."""
    return Path(__file__).resolve().parent.parent / "benchmarks" / "results"


def load_results(name, folder=None):
    """A table ``benchmarks/speed.py`` stored: ``name`` is "sweep", "compile", "spiral" or "machine".

    The file's header (machine, versions, threads, load) is in
    ``frame.attrs["header"]``, one line per entry. Raises FileNotFoundError,
    saying how to make it, when the file is absent (a wheel install has no
    ``benchmarks/`` folder).
    """
    names = ("sweep", "compile", "spiral", "machine")
    if name not in names:
        raise ValueError(f"name must be one of {names}, got {name!r}")
    path = Path(folder) if folder is not None else results_dir()
    path = path / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run `python benchmarks/speed.py` in a clone of the "
                                "course to make it")
    with open(path) as f:
        header = [line[1:].strip() for line in f if line.startswith("#")]
    frame = pd.read_csv(path, comment="#")
    frame.attrs["header"] = header
    return frame


def _check_results(results, backend):
    if not isinstance(results, pd.DataFrame) or not {"backend", "batch_size", "n_hidden", "median_s"} <= set(
        results.columns
    ):
        raise TypeError("results must be the DataFrame returned by sweep()")
    if backend not in set(results["backend"]):
        raise ValueError(f"backend {backend!r} is not in the results; they hold {sorted(set(results['backend']))}")


def _check_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
