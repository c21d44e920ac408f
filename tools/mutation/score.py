"""The mutation score of a finished `mutmut run` (issue 11, part 4), equivalent mutants excluded.

Usage: python tools/mutation/score.py RUN_DIR [--min PERCENT]

RUN_DIR is where `mutmut run` ran (the Makefile uses _build/mutation). Every
mutant that survived (or that no test reached) is compared with the list in
equivalent.toml next to this file: an entry names the function and the source
line before and after the mutation, and says why no test could tell the two
apart. Matched mutants are left out of the total; entries that match nothing
are reported (the code changed: the entry is stale). Timeouts count as killed
(a test run that never ends fails). Exit status 1 when the score is below --min.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
MUTMUT = Path(sys.executable).with_name("mutmut")
KILLED = {"killed", "timeout"}


def mutmut(run_dir, *args):
    out = subprocess.run([str(MUTMUT), *args], cwd=run_dir, capture_output=True, text=True, check=True)
    return out.stdout


def statuses(run_dir):
    result = {}
    for line in mutmut(run_dir, "results", "--all", "true").splitlines():
        m = re.match(r"\s*(\S+__mutmut_\d+): (.+)$", line)
        if m:
            result[m.group(1)] = m.group(2).strip()
    return result


def function_of(name):
    """nnscratch.models.mlp.x_sgd_step__mutmut_7 -> nnscratch.models.mlp.sgd_step"""
    module, _, func = name.rpartition(".")
    func = re.sub(r"__mutmut_\d+$", "", func)
    func = re.sub(r"^x_", "", func)          # a function
    func = re.sub(r"^x.+?ǁ", "", func)       # a method (mutmut's class separator)
    return f"{module}.{func}"


def changed_lines(run_dir, name):
    removed, added = [], []
    for line in mutmut(run_dir, "show", name).splitlines():
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:].strip())
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:].strip())
    return " ".join(removed), " ".join(added)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--min", type=float, default=90.0, help="lowest acceptable score in percent")
    args = parser.parse_args()
    entries = tomllib.loads((HERE / "equivalent.toml").read_text())["equivalent"]
    status = statuses(args.run_dir)
    if not status:
        sys.exit(f"no mutants found in {args.run_dir}: did `mutmut run` run there?")
    counts = Counter(status.values())
    used = [0] * len(entries)
    equivalent, alive = [], []
    unchecked = [name for name, st in status.items() if st == "not checked"]
    for name, st in sorted(status.items()):
        if st in KILLED or st == "not checked":
            continue
        removed, added = changed_lines(args.run_dir, name)
        hit = [i for i, e in enumerate(entries)
               if e["function"] == function_of(name) and e["removed"] == removed and e["added"] == added]
        if hit:
            used[hit[0]] += 1
            equivalent.append(name)
        else:
            alive.append((name, st, removed, added))
    total = len(status) - len(equivalent) - len(unchecked)
    killed = sum(counts[s] for s in KILLED)
    print("mutants:", len(status), dict(sorted(counts.items())))
    print(f"equivalent (excluded, see {HERE.name}/equivalent.toml): {len(equivalent)}")
    for name in equivalent:
        print("   ", name)
    print(f"not killed: {len(alive)}")
    for name, st, removed, added in alive:
        print(f"    {name} [{st}]\n        - {removed}\n        + {added}")
    for entry, n in zip(entries, used, strict=True):
        if n == 0:
            print(f"stale entry in equivalent.toml (matches no surviving mutant): {entry['function']}: "
                  f"{entry['removed']!r} -> {entry['added']!r}")
    if unchecked:
        print(f"INCOMPLETE RUN: {len(unchecked)} mutants not checked yet; the score covers the others only")
    score = 100.0 * killed / total
    print(f"score: {killed} killed (timeouts {counts['timeout']}) of {total} = {score:.1f}% (goal >= {args.min:g}%)")
    return 0 if score >= args.min and not unchecked else 1


if __name__ == "__main__":
    sys.exit(main())
