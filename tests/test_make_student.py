"""The student edition (tools/make_student.py) removes every form of solution and keeps the exercises."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from make_student import (  # noqa: E402
    Solution,
    self_check_calls,
    solution_probes,
    strip_solutions,
    student_config,
)

ROOT = Path(__file__).resolve().parent.parent

EXERCISE = "```{exercise} Width\n:label: chXX-ex-width\n\nHow wide must the layer be?\n```"
SOLUTION = (
    "````{solution} chXX-ex-width\n:class: dropdown\n\n"
    "Three units suffice here.\n\n```python\nprint(3)\n```\n````"
)
COLON_SOLUTION = ":::{solution} chXX-ex-width\n:class: dropdown\nColons are another fence.\n:::"


def notebook(*cells):
    return new_notebook(cells=list(cells))


def test_a_solution_in_the_exercise_cell_is_removed_and_the_exercise_kept():
    nb = notebook(new_markdown_cell(f"## Exercises\n\n{EXERCISE}\n\n{SOLUTION}\n\nAfter the solution."))
    result = strip_solutions(nb)
    source = result.notebook.cells[0].source
    assert "{solution}" not in source and "Three units" not in source and "print(3)" not in source
    assert EXERCISE in source and source.endswith("After the solution.")
    assert [s.label for s in result.solutions] == ["{solution} chXX-ex-width"]
    assert "Three units suffice here." in result.solutions[0].text
    # The input notebook is left as it was.
    assert "Three units" in nb.cells[0].source


def test_a_colon_fenced_solution_is_removed():
    result = strip_solutions(notebook(new_markdown_cell(f"{EXERCISE}\n\n{COLON_SOLUTION}")))
    assert result.notebook.cells[0].source == EXERCISE
    assert len(result.solutions) == 1


def test_a_cell_holding_only_a_solution_is_dropped():
    nb = notebook(new_markdown_cell(EXERCISE), new_markdown_cell(SOLUTION), new_code_cell("x = 1"))
    result = strip_solutions(nb)
    assert [c.source for c in result.notebook.cells] == [EXERCISE, "x = 1"]
    assert result.cells_removed == 1


def test_a_gated_solution_across_cells_is_removed_with_the_cells_between():
    nb = notebook(
        new_markdown_cell(f"{EXERCISE}\n\n```{{solution-start}} chXX-ex-width\n:class: dropdown\n```\n\nGated text."),
        new_code_cell("answer = 3"),
        new_markdown_cell("More of it.\n\n```{solution-end}\n```\n\nNext section."),
        new_code_cell("kept = True"),
    )
    result = strip_solutions(nb)
    assert [c.source for c in result.notebook.cells] == [EXERCISE, "Next section.", "kept = True"]
    assert len(result.solutions) == 1
    assert all(part in result.solutions[0].text for part in ("Gated text.", "answer = 3", "More of it."))


def test_an_unclosed_gated_solution_is_an_error():
    nb = notebook(new_markdown_cell("```{solution-start} chXX-ex-width\n```\n\nNever closed."))
    with pytest.raises(ValueError, match="no matching"):
        strip_solutions(nb, "chapters/99_x.ipynb")


def test_a_cell_tagged_solution_is_removed():
    tagged = new_code_cell("answer = 3", metadata={"tags": ["solution"]})
    result = strip_solutions(notebook(new_markdown_cell(EXERCISE), tagged))
    assert [c.source for c in result.notebook.cells] == [EXERCISE]


def test_text_in_a_code_block_that_mentions_solution_is_not_touched():
    text = "```python\n# {solution} is only a word here\n```"
    result = strip_solutions(notebook(new_markdown_cell(text)))
    assert result.notebook.cells[0].source == text and result.solutions == []


def test_probes_leave_out_math_and_roles():
    solution = Solution("nb", "x", "Write $p = \\sigma(s)$ so the product is largest at the centre,\n"
                                   "as shown by {cite:t}`nielsen2015neural` in detail for this case.")
    assert solution_probes(solution) == ["so the product is largest at the centre", "in detail for this case"]


def test_the_student_config_hides_solutions_and_keeps_the_rest():
    config = student_config(ROOT / "_config.yml", repo="https://github.com/someone/student-copy")
    assert config["sphinx"]["config"]["hide_solutions"] is True
    assert config["repository"]["url"] == "https://github.com/someone/student-copy"
    assert config["title"].endswith("(student edition)")
    assert config["execute"]["execute_notebooks"] == "off"


def test_every_chapter_strips_cleanly():
    from book_pages import toc_notebooks

    for path in toc_notebooks(ROOT):
        nb = nbformat.read(path, as_version=4)
        result = strip_solutions(nb, path.name)
        stripped = nbformat.writes(result.notebook)
        assert "{solution" not in stripped, path.name
        assert stripped.count("{exercise}") == nbformat.writes(nb).count("{exercise}"), path.name


QUIZ = ("```{quiz} Which one is right?\n- [ ] this\n\n  No.\n- [x] that\n\n  Yes.\n```\n\n"
        "```{quiz} How much?\n:answer: 0.25\n\nA quarter.\n```")


def test_a_self_checked_exercise_keeps_its_stub_check_and_output_and_loses_the_reference():
    stub = new_code_cell("def f(z):\n    raise NotImplementedError\n\n\ncheck.sigmoid(f)",
                         outputs=[{"output_type": "stream", "name": "stdout",
                                   "text": "sigmoid: not implemented yet. ...\n"}])
    nb = notebook(
        new_markdown_cell(EXERCISE), stub,
        new_markdown_cell("```{solution-start} chXX-ex-width\n:class: dropdown\n```\n\nThe reference:"),
        new_code_cell("def f(z):\n    return 1 / (1 + np.exp(-z))\n\n\ncheck.sigmoid(f)"),
        new_markdown_cell("```{solution-end}\n```"),
        new_markdown_cell(QUIZ),
    )
    result = strip_solutions(nb)
    cells = result.notebook.cells
    assert [c.source for c in cells] == [EXERCISE, stub.source, QUIZ]
    assert cells[1].outputs[0]["text"].startswith("sigmoid: not implemented yet.")
    assert self_check_calls(result.notebook) == ["check.sigmoid("]
    assert self_check_calls(nb) == ["check.sigmoid(", "check.sigmoid("]
    assert "np.exp" in result.solutions[0].text


def test_every_chapter_keeps_its_self_checks_and_knowledge_checks():
    from book_pages import toc_notebooks

    for path in toc_notebooks(ROOT):
        nb = nbformat.read(path, as_version=4)
        stripped = strip_solutions(nb, path.name).notebook
        text, kept = nbformat.writes(nb), nbformat.writes(stripped)
        assert kept.count("{quiz}") == text.count("{quiz}"), path.name
        in_solutions = sum(len(self_check_calls(nbformat.v4.new_notebook(cells=[new_code_cell(s.text)])))
                           for s in strip_solutions(nb, path.name).solutions)
        assert len(self_check_calls(stripped)) == len(self_check_calls(nb)) - in_solutions, path.name
