"""Sphinx extension: knowledge-check questions answered in the page, offline (issue 14).

In a chapter's markdown cell, a multiple-choice question (``[x]`` marks a right answer;
the indented paragraph under an option is the feedback shown when it is picked)::

    ```{quiz} Which expression is the sigmoid's derivative at the pre-activation z?
    - [ ] `z * (1 - z)`

      Not quite: that is the output form applied to z itself.
    - [x] `sigmoid(z) * (1 - sigmoid(z))`

      Right: the output form a (1 - a) with a = sigmoid(z).
    ```

or a question with a number for an answer (the content is the explanation shown once
the reader's number is within ``tolerance`` of ``answer``)::

    ```{quiz} What is sigma'(0)?
    :answer: 0.25
    :tolerance: 0.001

    sigma(0) = 1/2, so sigma'(0) = 1/2 * 1/2.
    ```

HTML: buttons (or a number field) and feedback, handled by ``_static/quiz.js``
(Jupyter Book adds every ``.js`` file under ``_static`` to every page, so it is one
file) and styled by ``_static/quiz.css``; nothing is loaded from elsewhere. Without
JavaScript the questions still read as a list. Every other builder (the PDF's LaTeX)
gets the questions with lettered options, and the answers with their explanations
collected at the back: of the book for LaTeX (one document), of each page otherwise.
Loaded through ``sphinx: local_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

MARK = re.compile(r"^\[( |x|X)\]\s*")
ANSWERS_TITLE = "Answers to the knowledge checks"


class quiz(nodes.General, nodes.Element):
    """One question: attributes ``kind`` ("choice" or "number"), ``number``, ``docname``."""


class quiz_option(nodes.General, nodes.Element):
    """One option of a multiple-choice question: attribute ``correct``; children: text, feedback."""


class quiz_feedback(nodes.General, nodes.Element):
    """What a reader sees after picking an option (or entering a number): attribute ``correct``."""


class quiz_number(nodes.General, nodes.Element):
    """The number field of a numeric question: attributes ``answer`` and ``tolerance``."""


def _float(text):
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"must be a number, got {text!r}") from None


class QuizDirective(SphinxDirective):
    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"answer": _float, "tolerance": _float, "class": directives.class_option}

    def run(self):
        node = quiz(kind="number" if "answer" in self.options else "choice",
                    number=self.env.new_serialno("nn-quiz") + 1, docname=self.env.docname)
        self.set_source_info(node)
        text, messages = self.state.inline_text(self.arguments[0], self.lineno)
        node += nodes.paragraph("", "", *text, classes=["nn-quiz-question"])
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        if node["kind"] == "number":
            tolerance = self.options.get("tolerance", 0.0)
            if tolerance < 0:
                raise self.error(f"quiz: tolerance must be >= 0, got {tolerance}")
            node += quiz_number(answer=self.options["answer"], tolerance=tolerance)
            node += quiz_feedback("", *body.children, correct=True)
            node += quiz_feedback("", nodes.paragraph(text="Try again."), correct=False)
            return [node, *messages]
        lists = [child for child in body.children if isinstance(child, nodes.bullet_list)]
        if len(lists) != 1 or len(body.children) != 1:
            raise self.error("quiz: the content of a multiple-choice question must be one bullet list of "
                             "options '- [x] right' / '- [ ] wrong'")
        options = nodes.bullet_list(classes=["nn-quiz-options"])
        for item in lists[0].children:
            first = item.children[0] if item.children else None
            marker = MARK.match(first.astext()) if isinstance(first, nodes.paragraph) else None
            if marker is None:
                raise self.error(f"quiz: every option must start with [x] or [ ], got {item.astext()[:40]!r}")
            _strip_marker(first, marker.end())
            correct = marker.group(1) != " "
            option = quiz_option(correct=correct)
            option += nodes.inline("", "", *first.children)
            option += quiz_feedback("", *item.children[1:], correct=correct)
            options += option
        if len(options) < 2 or not any(o["correct"] for o in options):
            raise self.error("quiz: a multiple-choice question needs at least two options, one marked [x]")
        node += options
        return [node, *messages]


def _strip_marker(paragraph, length):
    """Remove the leading ``[x] `` (``length`` characters of text) from ``paragraph``."""
    for text in list(paragraph.findall(nodes.Text)):
        if length <= 0:
            break
        value = str(text)
        cut = min(length, len(value))
        text.parent.replace(text, nodes.Text(value[cut:]))
        length -= cut


# ---------------------------------------------------------------------------- HTML

def visit_quiz_html(self, node):
    self.body.append(f'<div class="nn-quiz" data-kind="{node["kind"]}" role="group" '
                     f'aria-label="Question {node["number"]}">'
                     f'<p class="nn-quiz-label">Question {node["number"]}</p>')


def depart_div(self, node):
    self.body.append("</div>")


def visit_option_html(self, node):
    correct = "true" if node["correct"] else "false"
    # The letter, as in the PDF, also names a button whose option is only a formula.
    letter = _letter(node.parent.index(node))
    self.body.append(f'<li class="nn-quiz-option" data-correct="{correct}">'
                     '<button type="button" class="nn-quiz-choice" aria-pressed="false">'
                     f'<span class="nn-quiz-letter">({letter})</span> ')
    # The option's text is the first child; the feedback follows outside the button.
    node.children[0].walkabout(self)
    self.body.append("</button>")
    for child in node.children[1:]:
        child.walkabout(self)
    self.body.append("</li>")
    raise nodes.SkipNode


def visit_feedback_html(self, node):
    verdict = "Right." if node["correct"] else "Not quite."
    state = "right" if node["correct"] else "wrong"
    self.body.append(f'<div class="nn-quiz-feedback nn-quiz-{state}" role="status" hidden>'
                     f'<p class="nn-quiz-verdict">{verdict}</p>')


def visit_number_html(self, node):
    answer, tolerance = html.escape(repr(node["answer"])), html.escape(repr(node["tolerance"]))
    self.body.append(f'<form class="nn-quiz-number" data-answer="{answer}" data-tolerance="{tolerance}">'
                     '<label>Your answer <input type="text" inputmode="decimal" autocomplete="off"></label> '
                     '<button type="submit" class="nn-quiz-submit">Check</button></form>')
    raise nodes.SkipNode


# ---------------------------------------------------------------------------- other builders (PDF)

def _letter(i):
    return "abcdefghijklmnopqrstuvwxyz"[i]


def plain_quizzes(app, doctree, docname):
    """For every builder but HTML: questions as plain text, the answers collected at the back."""
    if app.builder.format == "html":
        return
    answers = []
    env = app.env
    for node in list(doctree.findall(quiz)):
        number, owner = node["number"], node["docname"]
        title = env.titles[owner].astext() if owner in env.titles else owner
        question = node.children[0]
        label = f"{title}, question {number}" if app.builder.format == "latex" else f"Question {number}"
        head = nodes.paragraph("", "", nodes.strong(text=f"Question {number}. "), *question.children)
        replacement = [head]
        if node["kind"] == "number":
            replacement.append(nodes.paragraph(text="Answer with a number."))
            feedback = next(n for n in node.findall(quiz_feedback) if n["correct"])
            field = next(iter(node.findall(quiz_number)))
            tolerance = f" (within {field['tolerance']:g})" if field["tolerance"] else ""
            answer = nodes.paragraph("", "", nodes.strong(text=f"{label}: "),
                                     nodes.Text(f"{field['answer']:g}{tolerance}. "))
            answers += [answer, *[c.deepcopy() for c in feedback.children]]
        else:
            options = nodes.enumerated_list(enumtype="loweralpha", prefix="(", suffix=")")
            right = []
            for i, option in enumerate(node.findall(quiz_option)):
                options += nodes.list_item("", nodes.paragraph("", "", *[c.deepcopy() for c in option[0].children]))
                if option["correct"]:
                    right.append((i, option))
            replacement.append(options)
            letters = ", ".join(f"({_letter(i)})" for i, _ in right)
            answers.append(nodes.paragraph("", "", nodes.strong(text=f"{label}: "), nodes.Text(f"{letters}. ")))
            for _, option in right:
                answers += [c.deepcopy() for c in option[1].children]
        node.replace_self(nodes.container("", *replacement, classes=["nn-quiz"]))
    if answers:
        section = nodes.section(ids=[f"nn-quiz-answers-{len(docname)}"], names=[ANSWERS_TITLE.lower()])
        section += nodes.title(text=ANSWERS_TITLE)
        section.extend(answers)
        # At the end of the document: in Jupyter Book's PDF, whose _toc.yml has parts, a last part
        # of its own after the back matter (the parts are assembled after this event).
        doctree += section


def setup(app):
    app.add_node(quiz, html=(visit_quiz_html, depart_div))
    app.add_node(quiz_option, html=(visit_option_html, None))
    app.add_node(quiz_feedback, html=(visit_feedback_html, depart_div))
    app.add_node(quiz_number, html=(visit_number_html, None))
    app.add_directive("quiz", QuizDirective)
    app.connect("doctree-resolved", plain_quizzes)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 1}
