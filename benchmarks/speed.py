"""The full speed benchmark of chapter 8: one training step, every backend, many sizes.

Run from the repository root, in the course's environment:

    python benchmarks/speed.py              # everything, torch.compile included (about 2 minutes)
    python benchmarks/speed.py --quick      # fewer sizes and rounds, no torch.compile (about 20 s)
    python benchmarks/speed.py --threads 2  # another thread count (then the wall clock is used)

It writes benchmarks/results/ (or --out): speed.md, the report to read (machine,
versions, thread counts and load in its header, then every table), and the
tables as CSV files that chapter 8 plots: sweep.csv (every backend and size),
compile.csv (torch.compile: first call and steady state per shape), spiral.csv
(the package's spiral step against a hand-written loop and PyTorch) and
machine.csv (the roofline's measured limits). All ratios come from this one
run. The timing code is nnscratch.benchmark, shared with the chapter.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

FULL = {"hidden": [2**k for k in range(1, 12)], "batch": [16, 128, 1024], "rounds": 15}  # H = 2 ... 2048
QUICK = {"hidden": [2, 16, 128, 1024], "batch": [16, 1024], "rounds": 5}
#: torch.compile, in this order: cold start, a new H, a new N, two more sizes, a shape seen before.
COMPILE_SHAPES = [(16, 2), (16, 32), (1024, 512), (128, 128), (1024, 2048), (16, 2)]
EAGER = ["python-scalar", "numpy-lean", "numpy-tanh", "numpy-checked", "torch-float32", "torch-float64"]
ROOFLINE = {"numpy-lean": ("numpy", "float64"), "numpy-tanh": ("numpy", "float64"),
            "numpy-checked": ("numpy", "float64"),
            "torch-float32": ("torch", "float32"), "torch-float64": ("torch", "float64")}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="threads for NumPy's BLAS and PyTorch (default 1)")
    parser.add_argument("--quick", action="store_true", help="fewer sizes and rounds, no torch.compile")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds per size (default 15, quick 5)")
    parser.add_argument("--no-compile", action="store_true", help="skip torch.compile")
    parser.add_argument("--warm-cache", action="store_true",
                        help="let torch.compile reuse the code it cached on disk in earlier runs")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results",
                        help="folder for speed.md and the CSV files (default benchmarks/results)")
    args = parser.parse_args(argv)
    if args.threads < 1 or (args.rounds is not None and args.rounds < 1):
        parser.error("--threads and --rounds must be positive")
    return args


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_text():
    try:
        return "load average {:.1f} {:.1f} {:.1f} (1, 5, 15 min) on {} logical cores".format(
            *os.getloadavg(), os.cpu_count())
    except (AttributeError, OSError):
        return "load average not available"


def table(frame, floatfmt=".3g"):
    """A DataFrame as a Markdown table (pandas' to_markdown needs tabulate, which is not a dependency)."""
    def cell(v):
        return format(v, floatfmt) if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + " --- |" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Cap the BLAS pools before NumPy and PyTorch load them (set_threads below also
    # sets them at run time). OPENBLAS_CORETYPE, if set, is left as it is.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(args.threads))
    # torch.compile keeps generated code on disk between runs: an empty cache makes the
    # first compiled call of this run a cold start, as on a fresh machine.
    cache = None
    if not args.warm_cache and "TORCHINDUCTOR_CACHE_DIR" not in os.environ:
        cache = tempfile.mkdtemp(prefix="speed-inductor-")
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = cache

    import numpy as np
    import pandas as pd
    import torch

    from nnscratch import benchmark as bm
    from nnscratch.datasets.spiral import load_spiral

    start = time.perf_counter()
    sizes = QUICK if args.quick else FULL
    rounds = args.rounds or sizes["rounds"]
    report = bm.set_threads(args.threads)
    clock = bm.pick_clock("auto") if args.threads == 1 else "wall"  # wall if the CPU clock ticks coarsely
    gpus = bm.gpu_status()
    header = [
        f"# Chapter 8 speed benchmark{' (--quick)' if args.quick else ''}",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {cpu_name()}, {os.cpu_count()} logical cores, {platform.system()} {platform.release()}",
        f"- at the start: {load_text()}",
        f"- Python {platform.python_version()}, NumPy {np.__version__}, PyTorch {torch.__version__}, "
        f"pandas {pd.__version__}",
        f"- threads: NumPy BLAS {report['numpy_blas']}, PyTorch {report['torch']}; environment {report['env']}",
        f"- clock: {clock} ({'process CPU time, one thread' if clock == 'cpu' else 'elapsed time'}), "
        f"tick {bm.clock_tick(clock) * 1e9:.0f} ns; GPU rows always by the wall clock",
        f"- rounds: {rounds} interleaved rounds per size, loops of at least 2 ms; medians and [q1, q3]",
    ]
    for backend, (ok, why) in gpus.items():
        header.append(f"- {backend}: {'measured on ' + why if ok else 'skipped, ' + why}")
    for line in header:
        print(line, flush=True)

    machine = bm.measure_machine(clock=clock)
    print("roofline limits:", {k: f"{v:.3g}" for k, v in machine.items()}, flush=True)

    backends = EAGER + [b for b, (ok, _) in gpus.items() if ok]
    calls = {b: bm.TrainingStep(b, 8, 16).library_calls() for b in ROOFLINE}
    calls["numpy-checked"] = calls["numpy-lean"]  # a lower bound: the checks add calls of their own
    results = bm.sweep(backends, sizes["hidden"], sizes["batch"], rounds=rounds, clock=clock, log=print)
    bounds = []
    for row in results.itertuples():
        if row.backend in ROOFLINE:
            library, dtype = ROOFLINE[row.backend]
            bounds.append(bm.step_bounds(row.n_hidden, row.batch_size, machine, library, dtype,
                                         calls[row.backend]))
        else:
            bounds.append({})
    results = pd.concat([results, pd.DataFrame(bounds).add_suffix("_s").rename(
        columns={"limit_s": "limit"})], axis=1)
    results["calls"] = results.backend.map(calls)

    # Cross-check the interleaved timer against torch.utils.benchmark.Timer on the same clock.
    check_step = bm.TrainingStep("numpy-lean", 32, 16)
    ours = bm.summarize(bm.time_call(check_step, repeats=rounds, clock=clock))[0]
    theirs = bm.torch_timer_check(check_step, clock=clock)
    machine.update(crosscheck_race_s=ours, crosscheck_timer_s=theirs)

    X, y = load_spiral()
    per_step, ratios = bm.spiral_race(X, y, rounds=rounds, clock=clock)
    spiral = pd.DataFrame([{"kind": k, "median_s": m, "q1_s": a, "q3_s": b} for k, (m, a, b) in per_step.items()]
                          + [{"kind": k, "median_s": m, "q1_s": a, "q3_s": b} for k, (m, a, b) in ratios.items()])

    compiled = None
    if args.quick or args.no_compile:
        compile_note = "skipped (--quick or --no-compile)"
    elif not bm.compiler_available():
        compile_note = "skipped: no C++ compiler on the PATH (the CPU backend of inductor needs one)"
    else:
        try:
            compiled = bm.compile_race(COMPILE_SHAPES, rounds=rounds, clock=clock, log=print)
            compile_note = ("float32, one compiled loss shared by every shape, default dynamic=None, "
                            + ("disk cache of earlier runs allowed" if cache is None else "empty disk cache"))
        except Exception as error:  # report why it failed; the rest of the benchmark stands
            compile_note = f"failed: {type(error).__name__}: {str(error).splitlines()[0][:300]}"
    print("torch.compile:", compile_note)

    header.append(f"- at the end: {load_text()}; total time {time.perf_counter() - start:.0f} s")
    write_results(args.out, header, machine, results, spiral, compiled, compile_note, bm)
    if cache is not None:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"\nwrote {args.out}/speed.md and its CSV files in {time.perf_counter() - start:.0f} s")
    return 0


def write_results(out, header, machine, results, spiral, compiled, compile_note, bm):
    import pandas as pd

    out.mkdir(parents=True, exist_ok=True)
    comment = "".join(f"# {line.lstrip('#- ').strip()}\n" for line in header if line.strip())
    for name, frame in (("sweep", results), ("spiral", spiral), ("compile", compiled),
                        ("machine", pd.DataFrame({"name": list(machine), "value": list(machine.values())}))):
        if frame is not None:
            with open(out / f"{name}.csv", "w") as f:
                f.write(comment)
                frame.to_csv(f, index=False, float_format="%.6g")
    if compiled is None and (out / "compile.csv").exists():
        (out / "compile.csv").unlink()

    us = results.assign(**{c: results[c] * 1e6 for c in ("median_s", "q1_s", "q3_s")})
    text = pd.Series([f"{m:.1f} [{a:.1f}, {b:.1f}]" for m, a, b in zip(us.median_s, us.q1_s, us.q3_s, strict=True)])
    times = us.assign(t=text).pivot(index=["batch_size", "n_hidden"], columns="backend", values="t").fillna("-")
    ratio = results.assign(t=[f"{m:.2f} [{a:.2f}, {b:.2f}]" for m, a, b in zip(
        results.ratio, results.ratio_q1, results.ratio_q3, strict=True)])
    ratio = ratio.pivot(index=["batch_size", "n_hidden"], columns="backend", values="t")
    roof = results.dropna(subset=["bound_s"]).assign(
        measured_over_bound=lambda f: f.median_s / f.bound_s)[
        ["backend", "batch_size", "n_hidden", "median_s", "overhead_s", "memory_s", "compute_s", "limit",
         "measured_over_bound"]]
    lines = [*header, "", "## The roofline's limits (measured)", "",
             table(pd.DataFrame({"name": list(machine), "value": list(machine.values())})), "",
             f"Library calls per step (counted): {results.groupby('backend').calls.first().dropna().to_dict()}",
             "", "## Median time per step, microseconds [q1, q3]", "", table(times.reset_index()), "",
             "## Time relative to numpy-lean: median [q1, q3] of the per-round ratios", "",
             table(ratio.reset_index()), "", "## Crossovers (smallest H from which the second is faster for good)",
             ""]
    for slow in ("numpy-lean", "numpy-tanh"):
        for fast in ("torch-float32", "torch-float64"):
            for batch, hidden in bm.crossover(results, slow, fast).items():
                lines.append(f"- {slow} -> {fast}, N = {batch}: "
                             f"{hidden if hidden is not None else 'not within the sweep'}")
    lines += ["", "## Roofline: measured time against the three lower bounds (seconds)", "",
              f"Every measured step at or above its bound: {bool((roof.measured_over_bound >= 1).all())} "
              f"(smallest measured / bound {roof.measured_over_bound.min():.2f})", "", table(roof), "",
              "## Chapter 4's spiral step (H = 100, N = 300), per step; ratios per round", "",
              "Goals: package / handwritten <= 1.1, package / torch-float64 <= 0.8.", "", table(spiral), "",
              f"## torch.compile: {compile_note}", ""]
    if compiled is not None:
        lines.append(table(compiled))
    (out / "speed.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
