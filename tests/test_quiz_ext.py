"""The {quiz} directive (_ext/quiz.py): HTML for the page's script, questions and answers in the PDF.

A two-page Sphinx project with MyST is built in a temporary folder (HTML and LaTeX);
the browser test (tests/site/test_quiz.py) clicks the built questions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent

CHOICE = """```{quiz} Which is $\\sigma'(z)$?
- [ ] `z * (1 - z)`

  Output form on z.
- [x] `s * (1 - s)` with `s = sigmoid(z)`

  Right form.
```
"""
NUMBER = """```{quiz} What is $\\sigma'(0)$?
:answer: 0.25
:tolerance: 0.001

Half times half.
```
"""


def build(tmp_path, builder, page):
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['myst_parser', 'quiz']\n"
        "myst_enable_extensions = ['dollarmath']\n"
        "root_doc = 'index'\n"
        "latex_documents = [('index', 'book.tex', 'Book', 'A', 'manual')]\n",
        encoding="utf-8")
    (src / "index.md").write_text("# Book\n\n```{toctree}\npage\n```\n", encoding="utf-8")
    (src / "page.md").write_text(f"# A page\n\n{page}", encoding="utf-8")
    out = tmp_path / builder
    warnings = []

    class Sink:
        def write(self, text):
            warnings.append(text)

        def flush(self):
            pass

    app = Sphinx(str(src), str(src), str(out), str(tmp_path / f"doctrees-{builder}"), builder,
                 status=None, warning=Sink(), freshenv=True)
    app.build()
    # A second Sphinx app in one process re-registers Sphinx's own nodes: not ours to report.
    lines = "".join(warnings).splitlines()
    return out, "\n".join(line for line in lines if "is already registered" not in line)


def test_html_has_buttons_feedback_and_a_number_field(tmp_path):
    out, warnings = build(tmp_path, "html", CHOICE + "\n" + NUMBER)
    assert "WARNING" not in warnings and "ERROR" not in warnings, warnings
    html = (out / "page.html").read_text(encoding="utf-8")
    assert html.count('<div class="nn-quiz"') == 2
    assert 'data-kind="choice"' in html and 'data-kind="number"' in html
    assert html.count('class="nn-quiz-choice" aria-pressed="false"><span class="nn-quiz-letter">(a)</span>') == 1
    assert '<li class="nn-quiz-option" data-correct="true">' in html
    assert '<li class="nn-quiz-option" data-correct="false">' in html
    assert "[x]" not in html and "[ ]" not in html
    assert html.count('role="status" hidden') == 4  # two options, a right and a wrong number
    assert 'data-answer="0.25" data-tolerance="0.001"' in html
    assert "Question 1" in html and "Question 2" in html


def test_latex_lists_the_options_and_puts_the_answers_at_the_back(tmp_path):
    out, warnings = build(tmp_path, "latex", CHOICE + "\n" + NUMBER)
    assert "WARNING" not in warnings, warnings
    tex = (out / "book.tex").read_text(encoding="utf-8")
    body, _, back = tex.partition(r"\chapter{Answers to the knowledge checks}")
    assert back, "no answers chapter"
    assert "Question 1." in body and "Question 2." in body and r"\begin{enumerate}" in body
    assert "Right form" not in body and "Half times half" not in body  # no answer next to its question
    assert "A page, question 1: }(b)." in back and "Right form" in back
    assert "A page, question 2: }0.25 (within 0.001)." in back and "Half times half" in back
    assert "Output form on z" not in tex  # a wrong option's feedback is for the web page only


@pytest.mark.parametrize(("page", "words"), [
    ("```{quiz} No right answer?\n- [ ] a\n- [ ] b\n```\n", "one marked [x]"),
    ("```{quiz} Unmarked?\n- a\n- [x] b\n```\n", "must start with [x] or [ ]"),
    ("```{quiz} Prose only?\nJust text.\n```\n", "one bullet list of options"),
    ("```{quiz} A number?\n:answer: many\n\nText.\n```\n", "must be a number"),
])
def test_a_malformed_question_is_a_build_warning(tmp_path, page, words):
    _, warnings = build(tmp_path, "html", page)
    assert words in warnings, warnings
