"""Every chapter's exercises answer back (issue 14): at least two self-checked ones.

A self-checked exercise is a code cell that defines a stub raising NotImplementedError
and hands it to a checker of ``nnscratch.check``; its stored output must be the
checker's "not implemented yet" verdict, and a later cell (the gated solution) must
show the same checker passing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from book_pages import toc_notebooks  # noqa: E402

CHAPTERS = [p for p in toc_notebooks() if p.parent.name == "chapters"]


def _text(cell) -> str:
    return "".join(out.get("text", "") for out in cell.get("outputs", []))


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_each_chapter_has_two_self_checked_exercises(path):
    cells = nbformat.read(path, as_version=4).cells
    stubs = [c for c in cells if c.cell_type == "code" and "NotImplementedError" in c.source
             and "check." in c.source and "not implemented yet" in _text(c)]
    assert len(stubs) >= 2, f"{path.name}: {len(stubs)} self-checked exercise(s)"
    passed = {line.split(":")[0] for c in cells if c.cell_type == "code"
              for line in _text(c).splitlines() if ": correct." in line}
    for stub in stubs:
        name = _text(stub).split(":")[0]
        assert name in passed, f"{path.name}: no solution shows check.{name} passing"
