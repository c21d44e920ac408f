"""Run every fuzz case of tests/fuzz_cases.py and count the outcomes (issue 11, part 2).

    python tools/fuzz_report.py [--show bad,weak] [--package-root DIR]

``--package-root`` runs the cases against another copy of the package (for a
before/after comparison); recipes of functions that copy lacks are skipped.
Prints the counts per outcome, per module, and the cases of the kinds shown.
"""

from __future__ import annotations

import argparse
import collections
import signal
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")


class Slow(BaseException):
    """Raised by the alarm when one case runs longer than its budget."""


def _alarm(signum, frame):
    raise Slow


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", default="bad,weak")
    parser.add_argument("--package-root")
    args = parser.parse_args()
    if args.package_root:
        sys.path.insert(0, args.package_root)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import fuzz_cases

    counts = collections.Counter()
    per_module = collections.defaultdict(collections.Counter)
    shown = []
    start = time.perf_counter()
    functions = set()
    for qualname, arg, index in fuzz_cases.cases_available():
        module, name = qualname.rsplit(".", 1)
        try:
            func, kwargs, owned = fuzz_cases.build((qualname, arg, index))
        except Exception:  # a recipe the other copy of the package cannot build
            counts["skipped"] += 1
            continue
        functions.add(qualname)
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(10)
        try:
            kind, detail = fuzz_cases.run(func, kwargs, owned)
        except Slow:
            kind, detail = "weak", "slower than 10 s (a huge size accepted?)"
        except MemoryError:
            kind, detail = "weak", "MemoryError"
        finally:
            signal.alarm(0)
        counts[kind] += 1
        per_module[module][kind] += 1
        if kind in args.show.split(","):
            shown.append(f"{kind:8s} {qualname}({arg}=<variant {index}>): {detail}")
    print(f"{len(functions)} functions, {sum(counts.values()) - counts['skipped']} cases "
          f"in {time.perf_counter() - start:.0f} s: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    for module, c in sorted(per_module.items()):
        print(f"  {module:28s} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    print("\n".join(shown))


if __name__ == "__main__":
    main()
