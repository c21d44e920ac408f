#!/usr/bin/env bash
# Wheel smoke test: build the nnscratch wheel, install it with the torch extra into a
# fresh virtualenv in a temporary folder outside the checkout, and run
# tests/smoke/test_installed.py there from an empty working directory (it checks that
# the installed copy, not the checkout, is what got imported).
#
#   bash tools/smoke_wheel.sh           the course's pinned versions (requirements.txt)
#   bash tools/smoke_wheel.sh --floor   the lowest versions pyproject.toml allows for
#                                       numpy, pandas and matplotlib (downloads them once),
#                                       then also the package's unit tests against them
#
# PYTHON names the interpreter that builds the wheel and seeds the fresh virtualenv
# (default: the course's .venv; the new virtualenv sees none of its packages).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
mode="${1:-pinned}"
case "$mode" in pinned | --floor) ;; *) echo "usage: $0 [--floor]" >&2; exit 2 ;; esac

tmp="$(mktemp -d "${TMPDIR:-/tmp}/nnscratch-smoke.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
case "$tmp/" in "$root"/*) echo "temporary folder $tmp is inside the checkout" >&2; exit 1 ;; esac

# 1. Build from a copy holding only what the wheel is built from, so the checkout
#    gets no build/ or *.egg-info and a file missing from the package data shows.
mkdir -p "$tmp/src" "$tmp/dist" "$tmp/work"
cp -R "$root/pyproject.toml" "$root/README.md" "$root/nnscratch" "$tmp/src/"
find "$tmp/src" -name __pycache__ -prune -exec rm -rf {} +
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$tmp/dist" "$tmp/src"
wheel="$(ls "$tmp/dist"/nnscratch-*.whl)"

# 2. A fresh virtualenv; the exact pins of the course environment as constraints
#    (torch==2.13.0 is the local CPU build), or the floor versions.
"$python" -m venv "$tmp/venv"
grep -v -e '^-e' -e '^#' -e '^$' "$root/requirements.txt" > "$tmp/constraints.txt"
if [ "$mode" = --floor ]; then
    # The lower bounds of pyproject.toml's dependencies, installed exactly.
    floor="$("$tmp/venv/bin/python" - "$root/pyproject.toml" <<'PY'
import re, sys, tomllib
deps = tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]
print(" ".join(re.sub(r"\s*>=\s*", "==", d) for d in deps))
PY
)"
    echo "smoke_wheel: floor versions $floor"
    grep -v -i -E '^(numpy|pandas|matplotlib)==' "$tmp/constraints.txt" > "$tmp/constraints.floor"
    mv "$tmp/constraints.floor" "$tmp/constraints.txt"
    read -r -a extra <<< "$floor"
    extra+=(hypothesis)
else
    extra=()
fi
# --no-compile: no byte-compiling of torch's thousands of modules (they run once here).
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-compile \
    -c "$tmp/constraints.txt" "$wheel[torch]" pytest "${extra[@]}"
echo "smoke_wheel: wheel built and installed in ${SECONDS}s"

# 3. Run the smoke test from an empty folder: -P keeps the working directory off
#    sys.path, and nothing points back at the checkout except NNSCRATCH_SOURCE,
#    which the test uses to compare the shipped data and to prove where it imported from.
cp "$root/tests/smoke/test_installed.py" "$tmp/work/"
cd "$tmp/work"
"$tmp/venv/bin/python" -m pip list --format=freeze 2>/dev/null \
    | grep -i -E '^(nnscratch|numpy|pandas|matplotlib|torch)==' | tr '\n' ' '
echo
env -u NNSCRATCH_DATA -u PYTHONPATH NNSCRATCH_SOURCE="$root" \
    "$tmp/venv/bin/python" -P -m pytest -q -p no:cacheprovider -W error::RuntimeWarning test_installed.py

if [ "$mode" = --floor ]; then
    # The package's own unit tests, run against the installed wheel (tests/conftest.py
    # puts only tests/ on sys.path). Left out: tests of the course's tools and notebooks,
    # which need the course environment (nbformat, yaml, bs4, sphinx), not the package.
    cd "$root"
    nontools=()
    for t in tests/test_*.py; do
        grep -q -E '^(import|from) (nbformat|yaml|bs4|notebook_defs|book_pages|check_links|make_student|set_repo)\b|sys\.path\.insert' "$t" \
            || nontools+=("$t")
    done
    env -u NNSCRATCH_DATA -u PYTHONPATH "$tmp/venv/bin/python" -P -m pytest -q "${nontools[@]}"
fi
