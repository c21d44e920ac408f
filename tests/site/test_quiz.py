"""The knowledge checks (_ext/quiz.py, _static/quiz.js) answer a reader in the page, offline.

For every page of the built site that has questions: picking a wrong option shows
its "Not quite." feedback, picking a right one shows "Right." and hides the other;
a numeric question rejects a wrong number and accepts the right one (typed as a
fraction, too). Every request must stay on the local server and the console must
stay free of errors, as in test_browser.py, whose browser and page helpers are reused.
"""

from __future__ import annotations

import pytest
from book_pages import toc_documents
from test_browser import context, open_page  # noqa: F401 - context is a fixture

#: Every chapter of the book must end with a knowledge check of 3 to 5 questions (issue 14).
REQUIRED = [d for d in toc_documents() if d.startswith("chapters/")]


def _quiz_pages(site):
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)
    return [p.relative_to(site).with_suffix("").as_posix() for p in pages
            if 'class="nn-quiz"' in p.read_text(encoding="utf-8")]


def test_the_required_chapters_have_three_to_five_questions(site):
    for docname in REQUIRED:
        count = (site / f"{docname}.html").read_text(encoding="utf-8").count('<div class="nn-quiz"')
        assert 3 <= count <= 5, f"{docname}: {count} questions"


def test_no_question_is_left_unparsed(site):
    # A fence whose title holds inline code is not read as a {quiz}: its text shows raw.
    for docname in REQUIRED:
        html = (site / f"{docname}.html").read_text(encoding="utf-8")
        assert "{quiz}" not in html, f"{docname}: a knowledge-check question was not parsed"


def _visible(page, selector):
    return page.locator(selector).evaluate_all("els => els.filter(e => !e.hidden).map(e => e.textContent)")


def test_questions_answer_in_the_page(context, server, site):  # noqa: F811 - the fixture
    pages = _quiz_pages(site)
    assert pages, "no page of the site has a knowledge check"
    for docname in pages:
        page, visit = open_page(context, server + f"{docname}.html")
        try:
            quizzes = page.locator("div.nn-quiz")
            assert quizzes.count() > 0
            for i in range(quizzes.count()):
                quiz = quizzes.nth(i)
                quiz.scroll_into_view_if_needed()
                assert _visible(quiz, ".nn-quiz-feedback") == [], f"{docname} #{i + 1}: feedback shown unasked"
                if quiz.get_attribute("data-kind") == "choice":
                    wrong = quiz.locator(".nn-quiz-option[data-correct='false'] .nn-quiz-choice")
                    right = quiz.locator(".nn-quiz-option[data-correct='true'] .nn-quiz-choice")
                    wrong.first.click()
                    shown = _visible(quiz, ".nn-quiz-feedback")
                    assert len(shown) == 1 and shown[0].startswith("Not quite."), (docname, i, shown)
                    assert wrong.first.get_attribute("aria-pressed") == "true"
                    right.first.click()
                    shown = _visible(quiz, ".nn-quiz-feedback")
                    assert len(shown) == 1 and shown[0].startswith("Right."), (docname, i, shown)
                    assert wrong.first.get_attribute("aria-pressed") == "false"
                else:
                    form = quiz.locator("form.nn-quiz-number")
                    answer = float(form.get_attribute("data-answer"))
                    field = form.locator("input")
                    field.fill(str(answer + 1.0 + abs(answer)))
                    form.locator("button").click()
                    assert _visible(quiz, ".nn-quiz-feedback")[0].startswith("Not quite."), (docname, i)
                    field.fill("not a number")
                    form.locator("button").click()
                    assert _visible(quiz, ".nn-quiz-feedback")[0].startswith("Not quite."), (docname, i)
                    field.fill(repr(answer))
                    field.press("Enter")
                    shown = _visible(quiz, ".nn-quiz-feedback")
                    assert len(shown) == 1 and shown[0].startswith("Right."), (docname, i, shown)
        finally:
            page.close()
        assert not visit.problems(), f"{docname}: {visit.problems()}"


@pytest.mark.parametrize("typed", ["1/4", "0,25", ".25"])
def test_a_number_may_be_typed_as_a_fraction_or_with_a_comma(context, server, site, typed):  # noqa: F811
    pages = [d for d in _quiz_pages(site) if "data-answer=\"0.25\"" in (site / f"{d}.html").read_text(encoding="utf-8")]
    if not pages:
        pytest.skip("no question with the answer 0.25 in this site")
    page, visit = open_page(context, server + f"{pages[0]}.html")
    try:
        quiz = page.locator("div.nn-quiz:has(form[data-answer='0.25'])").first
        quiz.scroll_into_view_if_needed()
        quiz.locator("input").fill(typed)
        quiz.locator("button").click()
        assert _visible(quiz, ".nn-quiz-feedback")[0].startswith("Right.")
    finally:
        page.close()
    assert not visit.problems()
