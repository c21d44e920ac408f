"""Tests of nnscratch.benchmark (chapter 8): every backend computes the same step; the timers and counters.

These test correctness, not speed: no assertion depends on how fast this machine is.
"""

import json
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
import torch

from nnscratch import benchmark as bm
from nnscratch.benchmark import (
    TrainingStep,
    count_numpy_calls,
    count_torch_ops,
    crossover,
    race,
    speed_ratios,
    step_bounds,
    step_counts,
    summarize,
    time_call,
)
from nnscratch.datasets.spiral import load_spiral

NAMES = ("W1", "b1", "W2", "b2")


def run(backend, steps=3, **kwargs):
    step = TrainingStep(backend, **kwargs)
    for _ in range(steps):
        step()
    return step.parameters()


def bce_loss(params, X, y):
    """The mean binary cross-entropy of the D-H-1 sigmoid network, written out for the finite differences."""
    h = 1.0 / (1.0 + np.exp(-(X @ params["W1"] + params["b1"])))
    p = 1.0 / (1.0 + np.exp(-(h @ params["W2"] + params["b2"])))
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def test_one_lean_step_is_gradient_descent_by_finite_differences():
    # Independent of the package's backward pass: rebuild TrainingStep's start and
    # take the gradient of the loss by central differences.
    rng = np.random.default_rng(0)
    limit = 1 / np.sqrt(2)
    params = {"W1": rng.uniform(-limit, limit, (2, 4)), "W2": rng.uniform(-limit, limit, (4, 1))}
    params["b1"], params["b2"] = np.zeros(4), np.zeros(1)
    X = rng.standard_normal((6, 2))
    y = (rng.random((6, 1)) < 0.5).astype(float)
    start = TrainingStep("numpy-lean", n_hidden=4, batch_size=6).parameters()
    for name in NAMES:
        np.testing.assert_allclose(start[name], params[name], atol=1e-15)
    after = run("numpy-lean", steps=1, n_hidden=4, batch_size=6)
    eps = 1e-6
    for name in NAMES:
        grad = np.zeros_like(params[name])
        for idx in np.ndindex(grad.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][idx] += eps
            minus[name][idx] -= eps
            grad[idx] = (bce_loss(plus, X, y) - bce_loss(minus, X, y)) / (2 * eps)
        np.testing.assert_allclose(after[name], params[name] - bm.STEP_SIZE * grad, atol=1e-9)


@pytest.mark.parametrize("backend, tol", [("python-scalar", 1e-13), ("numpy-checked", 1e-15), ("numpy-tanh", 1e-13),
                                          ("torch-float64", 1e-13), ("torch-float32", 1e-5)])
@pytest.mark.parametrize("sizes", [dict(n_hidden=1, batch_size=1), dict(n_hidden=7, batch_size=5, n_inputs=3)])
def test_backends_compute_the_same_update(backend, tol, sizes):
    reference = run("numpy-lean", **sizes)
    params = run(backend, **sizes)
    for name in NAMES:
        assert params[name].shape == reference[name].shape
        np.testing.assert_allclose(params[name], reference[name], rtol=0, atol=tol)


COMPILED_CHECK = """
import json
import warnings

import numpy as np

from nnscratch import benchmark as bm

warnings.simplefilter("ignore", DeprecationWarning)  # torch's compiler stack imports torch.jit
frame = bm.compile_race([(5, 7), (5, 9), (5, 7)], rounds=1, backend="aot_eager")
bm.reset_compiler("aot_eager")
step = bm.TrainingStep("torch-compile-float32", n_hidden=7, batch_size=5)
reference = bm.TrainingStep("numpy-lean", n_hidden=7, batch_size=5)
for _ in range(3):
    step()
    reference()
gap = max(float(np.abs(step.parameters()[k] - reference.parameters()[k]).max()) for k in "W1 b1 W2 b2".split())
print(json.dumps({"new_graphs": frame.new_graphs.tolist(), "gap": gap,
                  "timed": bool((frame.first_call_s > 0).all() and (frame.compiled_s > 0).all())}))
"""


def test_compiled_backend_computes_the_same_update_and_recompiles_per_shape():
    # The aot_eager backend traces the forward and backward graphs as inductor does,
    # without generating C++ (which takes tens of seconds): the same compiled path.
    # In a fresh interpreter, so that the compiler's caches leave nothing behind in this one.
    done = subprocess.run([sys.executable, "-c", COMPILED_CHECK], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # A new shape compiles a new graph (then one with dynamic sizes); a shape seen before none.
    assert result["new_graphs"] == [1, 1, 0]
    assert result["timed"]
    assert result["gap"] < 1e-5


def test_step_counts_products_agree_with_torch_flop_counter():
    from torch.utils.flop_counter import FlopCounterMode

    n, h, d = 7, 5, 3
    step = TrainingStep("torch-float64", n_hidden=h, batch_size=n, n_inputs=d)
    with FlopCounterMode(display=False) as counter:
        step()
    # PyTorch counts every product as 2 FLOPs per multiply-add, also the (N, 1) @ (1, H)
    # outer product of the backward pass, which has no additions: N*H multiplications.
    assert step_counts(h, n, d)["product_flops"] == counter.get_total_flops() - n * h


def test_step_counts_scale_with_the_size_and_the_dtype():
    small, big = step_counts(8, 16), step_counts(16, 32)
    for key in small:
        assert big[key] > small[key] > 0
    assert step_counts(8, 16, itemsize=4)["bytes"] * 2 == small["bytes"]
    assert bm.step_flops(8, 16) == small["product_flops"] + small["elementwise_flops"]
    assert small["exps"] == 16 * 8 + 16


def test_count_numpy_calls_counts_top_level_calls():
    a = np.arange(4.0)
    assert count_numpy_calls(lambda x: (x + 1) * x, a) == 2
    assert count_numpy_calls(lambda x: x[1:], a) == 1
    assert count_numpy_calls(lambda x: np.mean(x), a) == 1  # its inner add.reduce and divide are not counted
    assert count_numpy_calls(lambda p: p["w"].sum(), {"w": a}) == 1
    assert TrainingStep("numpy-lean", 3, 4).library_calls() > TrainingStep("numpy-tanh", 3, 4).library_calls() > 20


def test_count_torch_ops_counts_forward_and_backward():
    w = torch.ones(3, requires_grad=True)
    assert count_torch_ops(lambda: (w * 2).sum()) == 2
    assert count_torch_ops(lambda: (w * 2).sum().backward()) > 2
    assert TrainingStep("torch-float32", 3, 4).library_calls() > 10
    assert TrainingStep("python-scalar", 3, 4).library_calls() is None


def test_race_interleaves_and_rotates():
    order = []
    fns = {name: (lambda name=name: order.append(name)) for name in "ABC"}
    before = len(order)
    times = race(fns, rounds=3, warmup=0, min_seconds=1e-6)
    assert list(times.columns) == ["A", "B", "C"] and times.shape == (3, 3)
    assert (times.to_numpy() > 0).all()
    timed = order[before:]
    # After calibration, each round runs one loop per callable, rotating the order.
    rounds = [c for i, c in enumerate(timed) if i == 0 or timed[i - 1] != c][-9:]
    assert rounds == ["A", "B", "C", "B", "C", "A", "C", "A", "B"]


class FakeDevice:
    """A step that 'runs on a device': sync is called once per timed loop, never per call."""

    def __init__(self):
        self.calls, self.syncs = 0, 0

    def __call__(self):
        self.calls += 1

    def sync(self):
        self.syncs += 1


def test_race_synchronises_once_per_loop():
    step = FakeDevice()
    race({"gpu": step, "cpu": lambda: None}, rounds=4, warmup=1, min_seconds=1e-3)
    assert step.syncs >= 4
    assert step.calls > 20 * step.syncs  # fast calls looped many times between syncs


def test_time_call_cpu_clock_ignores_sleeping():
    wall = summarize(time_call(lambda: time.sleep(0.002), repeats=3, warmup=0, clock="wall"))[0]
    cpu = summarize(time_call(lambda: time.sleep(0.002), repeats=3, warmup=0, clock="cpu", min_seconds=1e-3))[0]
    assert wall >= 0.0019
    assert cpu < wall / 2


def test_torch_timer_cross_check_measures_the_same_clock():
    assert bm.torch_timer_check(lambda: time.sleep(0.002), clock="wall", min_run_time=0.05) >= 0.0019


def test_clock_tick_is_short_here():
    assert 0 < bm.clock_tick("wall") < 1e-3


def test_pick_clock_prefers_a_fine_cpu_clock(monkeypatch):
    assert bm.pick_clock("wall") == "wall" and bm.pick_clock("cpu") == "cpu"
    monkeypatch.setattr(bm, "clock_tick", lambda clock="wall", samples=5: 0.0156)  # Windows' CPU clock
    assert bm.pick_clock("auto") == "wall"
    monkeypatch.setattr(bm, "clock_tick", lambda clock="wall", samples=5: 1e-6)
    assert bm.pick_clock("auto") == "cpu"


def test_summarize_median_and_quartiles():
    assert summarize([4.0, 1.0, 3.0, 2.0, 5.0]) == (3.0, 2.0, 4.0)


def test_measure_machine_reports_every_limit():
    machine = bm.measure_machine(repeats=1, peak_n=32)
    for library in ("numpy", "torch"):
        assert machine[f"call_s_{library}"] > 0
        for dtype in ("float32", "float64"):
            assert machine[f"peak_{library}_{dtype}"] > 0 and machine[f"exp_{library}_{dtype}"] > 0
    assert machine["bw_cache"] > 0 and machine["bw_dram"] > 0 and machine["cache_bytes"] > 0


MACHINE = {"call_s_numpy": 1e-6, "bw_cache": 1e11, "bw_dram": 1e10, "cache_bytes": 2**20,
           "peak_numpy_float64": 1e10, "exp_numpy_float64": 1e9}


def test_step_bounds_name_the_binding_limit():
    tiny = step_bounds(2, 1, MACHINE, "numpy", "float64", calls=50)
    assert tiny["limit"] == "overhead" and tiny["bound"] == pytest.approx(50e-6)
    big = step_bounds(4096, 4096, MACHINE, "numpy", "float64", calls=50)
    counts = step_counts(4096, 4096)
    assert big["memory"] == pytest.approx(counts["bytes"] / MACHINE["bw_dram"])  # too big for the cache
    assert big["bound"] == max(big["overhead"], big["memory"], big["compute"])
    assert big["limit"] in ("memory", "compute")


def test_spiral_steps_agree_with_torch_autograd():
    X, y = load_spiral()
    after = {}
    for kind in bm.SPIRAL_KINDS:
        steps = bm.SpiralSteps(kind, X, y, steps=3)
        steps()
        after[kind] = steps.parameters()
    for kind in ("package", "handwritten"):
        for name in NAMES:
            np.testing.assert_allclose(after[kind][name], after["torch-float64"][name], rtol=0, atol=1e-12)


def fake_results():
    rows = []
    for batch, times in ((16, {"numpy-lean": [1, 2, 3, 4], "torch-float32": [2, 3, 2.5, 3]}),
                         (512, {"numpy-lean": [1, 2, 3, 4], "torch-float32": [2, 1, 3.5, 3]})):
        for backend, values in times.items():
            for hidden, t in zip((2, 8, 32, 128), values, strict=True):
                rows.append({"backend": backend, "batch_size": batch, "n_hidden": hidden, "median_s": t})
    return pd.DataFrame(rows)


def test_crossover_needs_fast_to_stay_faster():
    # batch 16: torch faster at 32 and 128 -> 32. batch 512: faster at 8, slower at 32, faster at 128 -> 128.
    assert crossover(fake_results()) == {16: 32, 512: 128}
    never = fake_results().assign(median_s=lambda f: np.where(f.backend == "numpy-lean", 0.5, f.median_s))
    assert crossover(never) == {16: None, 512: None}


def test_speed_ratios_are_relative_to_reference():
    ratios = speed_ratios(fake_results())
    assert (ratios["numpy-lean"] == 1.0).all()
    assert ratios.loc[(16, 2), "torch-float32"] == 2.0


def test_sweep_rows_ratios_and_scalar_limit():
    results = bm.sweep(["python-scalar", "numpy-lean"], [2, 4], [3], rounds=2, max_scalar_work=6)
    assert {"backend", "batch_size", "n_hidden", "median_s", "q1_s", "q3_s", "gflops", "ratio"} <= set(results)
    assert len(results) == 3  # python-scalar skipped at H=4 (3 * 4 > 6)
    assert (results.q1_s <= results.median_s).all() and (results.median_s <= results.q3_s).all()
    assert (results.loc[results.backend == "numpy-lean", "ratio"] == 1.0).all()


def test_load_results_reads_a_commented_csv(tmp_path):
    (tmp_path / "spiral.csv").write_text("# machine: test\nkind,median_s\npackage,1e-4\n")
    assert bm.load_results("spiral", tmp_path).median_s.iloc[0] == 1e-4
    with pytest.raises(FileNotFoundError, match="benchmarks/speed.py"):
        bm.load_results("sweep", tmp_path)


def test_set_threads_is_reported():
    before = bm.thread_report()
    try:
        report = bm.set_threads(1)
        assert report["torch"] == 1
        assert report["numpy_blas"] in (1, None)
        assert bm.thread_report()["torch"] == 1
    finally:
        bm.set_threads(before["numpy_blas"] or 1)
        torch.set_num_threads(before["torch"])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: TrainingStep("fortran", 2, 2), ValueError, "backend must be one of"),
        (lambda: TrainingStep("numpy-lean", 0, 2), ValueError, "n_hidden must be a positive integer"),
        (lambda: TrainingStep("numpy-lean", 2, 2.5), ValueError, "batch_size must be a positive integer"),
        (lambda: step_counts(2, True), ValueError, "batch_size"),
        (lambda: time_call(3), TypeError, "callable"),
        (lambda: time_call(print, repeats=0), ValueError, "repeats"),
        (lambda: time_call(print, clock="sundial"), ValueError, "clock"),
        (lambda: bm.pick_clock("sundial"), ValueError, "auto"),
        (lambda: race({}), TypeError, "non-empty dict"),
        (lambda: race({"a": print}, min_seconds=0), ValueError, "min_seconds"),
        (lambda: count_numpy_calls(3), TypeError, "callable"),
        (lambda: summarize([]), ValueError, "non-empty"),
        (lambda: summarize([1.0, np.nan]), ValueError, "non-negative seconds"),
        (lambda: bm.matmul_gflops(8, "jax"), ValueError, "library"),
        (lambda: bm.matmul_gflops(8, dtype="float16"), ValueError, "dtype"),
        (lambda: bm.sweep(["numpy-lean", "excel"], [2], [2]), ValueError, "unknown backend"),
        (lambda: crossover(fake_results(), slow="python-scalar"), ValueError, "not in the results"),
        (lambda: speed_ratios([1, 2]), TypeError, "DataFrame"),
        (lambda: bm.set_threads(0), ValueError, "positive integer"),
        (lambda: bm.reset_compiler("tvm"), ValueError, "backend"),
        (lambda: bm.compile_race([16, 2]), TypeError, "pairs"),
        (lambda: bm.SpiralSteps("jax", np.zeros((2, 2)), np.zeros(2)), ValueError, "kind"),
        (lambda: bm.load_results("everything"), ValueError, "name"),
    ],
)
def test_bad_inputs(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_gpu_backends_without_a_gpu_say_so():
    status = bm.gpu_status()
    for backend, device in (("cuda-float32", "CUDA"), ("mps-float32", "Apple")):
        available, reason = status[backend]
        if available:
            continue
        assert "False" in reason
        with pytest.raises(RuntimeError, match=device):
            TrainingStep(backend, 2, 2)
