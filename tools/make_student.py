"""Build the student edition: the site without the exercises' solutions, and the notebooks without them.

Run by ``make student``:

    python tools/make_student.py [--repo URL]

1. Copies the book's sources into ``_build/student/src`` with every chapter notebook
   stripped of its solutions: the ``{solution}`` directives of markdown cells (the
   ``{solution-start}`` ... ``{solution-end}`` form too, even across cells) and any
   cell tagged ``solution``. Exercises stay.
2. Writes those notebooks to ``_build/student/notebooks`` (hand them to students).
3. Builds the site from the stripped sources with sphinx-exercise's ``hide_solutions``
   into ``_build/student/html`` (strict: ``-W -n``). The page sources offered for
   download are then the stripped notebooks too.
4. Checks the result (:func:`check_student_edition`): no solution element in any
   student page, no ``{solution`` left in the student notebooks or the sources the
   site offers, and no sentence of any solution in the student site, while each of
   those sentences is found in the full site (``_build/html``), which proves the
   check looks at the right text. What students need stays: every knowledge-check
   question of the full site is on the student page too, and every exercise's
   self-check call (``check.<name>(...)`` of ``nnscratch.check``) outside a solution
   is in the student notebook, with its stored output.

``--repo URL`` points the student site's repository, Binder and Colab buttons at
another repository (for example one holding only the student notebooks).
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_pages import ROOT, toc_documents, toc_notebooks  # noqa: E402

STUDENT = ROOT / "_build" / "student"
SOLUTION_TAG = "solution"
# What is not copied into the student sources (build products, environments, VCS).
IGNORE = shutil.ignore_patterns(
    "_build", ".venv", ".git", "node_modules", "student", "__pycache__", ".pytest_cache", ".hypothesis",
    "*.egg-info", ".ipynb_checkpoints",
)

#: A knowledge-check question on a built page (_ext/quiz.py) and an exercise's self-check call.
QUIZ_MARK = '<div class="nn-quiz"'
SELF_CHECK = re.compile(r"^[ \t]*check\.[a-z_]+\(", re.MULTILINE)

_MD = MarkdownIt("commonmark").use(colon_fence_plugin)
_DIRECTIVE = re.compile(r"^\{([a-zA-Z0-9_-]+)\}")


def _directive(token) -> str | None:
    match = _DIRECTIVE.match(token.info.strip()) if token.type in ("fence", "colon_fence") else None
    return match.group(1) if match else None


@dataclass
class Solution:
    """One solution found in a chapter: where it is and its source text."""

    notebook: str
    label: str
    text: str


@dataclass
class StripResult:
    notebook: nbformat.NotebookNode
    solutions: list[Solution] = field(default_factory=list)
    cells_removed: int = 0


def strip_solutions(nb: nbformat.NotebookNode, name: str = "notebook") -> StripResult:
    """A copy of ``nb`` without its solutions, and the solutions removed.

    Removes ``{solution}`` directives (backtick or colon fences) from markdown cells,
    everything from a ``{solution-start}`` to its ``{solution-end}`` (cells in between
    included), and cells tagged ``solution``. A cell left empty is dropped.
    """
    result = StripResult(copy.deepcopy(nb))
    kept = []
    gated: Solution | None = None  # an open {solution-start} ... {solution-end} region
    for cell in result.notebook.cells:
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            result.solutions.append(Solution(name, f"cell tagged {SOLUTION_TAG!r}", cell.source))
            result.cells_removed += 1
            continue
        if cell.cell_type != "markdown":
            if gated is not None:
                gated.text += "\n" + cell.source
                result.cells_removed += 1
            else:
                kept.append(cell)
            continue
        lines = cell.source.splitlines(keepends=True)
        drop = [False] * len(lines)
        region = 0 if gated is not None else None  # first line of the open region in this cell
        text_from = 0
        for token in _MD.parse(cell.source):
            if token.map is None or token.level != 0:
                continue
            start, end = token.map
            directive = _directive(token)
            if gated is not None:
                if directive == "solution-end":
                    drop[region:end] = [True] * (end - region)
                    gated.text += "".join(lines[text_from:start])
                    result.solutions.append(gated)
                    gated, region = None, None
            elif directive == "solution":
                drop[start:end] = [True] * (end - start)
                result.solutions.append(Solution(name, token.info.strip(), token.content))
            elif directive == "solution-start":
                gated, region, text_from = Solution(name, token.info.strip(), token.content), start, end
        if gated is not None:
            drop[region:] = [True] * (len(lines) - region)
            gated.text += "".join(lines[text_from:])
        source = "".join(line for line, gone in zip(lines, drop, strict=True) if not gone)
        source = re.sub(r"\n{3,}", "\n\n", source).strip("\n")
        if source.strip():
            cell.source = source if any(drop) else cell.source
            kept.append(cell)
        else:
            result.cells_removed += 1
    if gated is not None:
        raise ValueError(f"{name}: {gated.label} has no matching {{solution-end}}")
    result.notebook.cells = kept
    return result


def student_config(config_path: Path, repo: str | None = None) -> dict:
    """The book's ``_config.yml`` with solutions hidden (and, if given, another repository URL)."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["title"] = f"{config.get('title', 'Course')} (student edition)"
    sphinx = config.setdefault("sphinx", {})
    sphinx.setdefault("config", {})["hide_solutions"] = True
    if repo:
        config.setdefault("repository", {})["url"] = repo
    return config


def write_student_sources(dest: Path, repo: str | None = None) -> list[Solution]:
    """Copy the book into ``dest`` with stripped notebooks; return the solutions removed."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT, dest, ignore=IGNORE, symlinks=True)
    solutions: list[Solution] = []
    for path in toc_notebooks(ROOT):
        nb = nbformat.read(path, as_version=4)
        result = strip_solutions(nb, path.relative_to(ROOT).as_posix())
        solutions += result.solutions
        nbformat.write(result.notebook, dest / path.relative_to(ROOT))
    config = student_config(ROOT / "_config.yml", repo)
    (dest / "_config.yml").write_text(
        "# Generated by tools/make_student.py from the book's _config.yml: do not edit.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return solutions


# --------------------------------------------------------------------------- check

def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def solution_probes(solution: Solution, min_words: int = 5) -> list[str]:
    """Runs of words of a solution's text, each as it would read on the page.

    Math (``$...$``), roles (``{cite:p}`key```) and markup are cut out, because the page
    renders them differently; what remains between them is plain text on the page too.
    """
    probes = []
    for line in solution.text.splitlines():
        if line.lstrip().startswith((":", "```", ":::")):
            continue
        for piece in re.split(r"\$\$.*?\$\$|\$[^$]*\$|\{[a-z:]+\}`[^`]*`|\$.*", line):
            words = _words(piece).strip()
            if len(words.split()) >= min_words:
                probes.append(words)
    return probes


def page_text(html_file: Path, drop_solutions: bool = False) -> str:
    """The words of a page's article, optionally without its solution boxes."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main") or soup
    if drop_solutions:
        for element in main.select(".solution"):
            element.decompose()
    return _words(main.get_text(" "))


def check_student_edition(student_html: Path, student_notebooks: Path, full_html: Path,
                          solutions: list[Solution]) -> tuple[list[str], int]:
    """Every way solution text could reach students: (problems, solution sentences checked).

    No problem means: no solution box on any student page, no ``{solution`` directive or
    ``solution``-tagged cell in the student notebooks or the site's downloadable sources,
    and none of the checked sentences (each shown by the full site inside a solution and
    nowhere else on its page) on the student page.
    """
    problems = []
    checked = 0
    pages = sorted(student_html.rglob("*.html"))
    if not pages:
        return [f"{student_html} holds no page"], 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.select(".solution"):
            problems.append(f"{page.relative_to(student_html)}: a solution element is on the page")
    for folder in (student_notebooks, student_html / "_sources"):
        for source in sorted(folder.rglob("*.ipynb")):
            text = source.read_text(encoding="utf-8")
            if "{solution" in text:
                problems.append(f"{source}: contains a {{solution}} directive")
            nb = nbformat.reads(text, as_version=4)
            if any(SOLUTION_TAG in c.get("metadata", {}).get("tags", []) for c in nb.cells):
                problems.append(f"{source}: contains a cell tagged {SOLUTION_TAG!r}")
    for full_page in sorted(full_html.rglob("*.html")) if full_html.is_dir() else []:
        relative = full_page.relative_to(full_html)
        student_page = student_html / relative
        wanted = full_page.read_text(encoding="utf-8").count(QUIZ_MARK)
        if wanted and (not student_page.is_file()
                       or student_page.read_text(encoding="utf-8").count(QUIZ_MARK) != wanted):
            problems.append(f"{relative}: the student page does not show the {wanted} knowledge-check questions")
    problems += missing_self_checks(student_notebooks)
    for solution in solutions:
        html_name = Path(solution.notebook).with_suffix(".html")
        full_page, student_page = full_html / html_name, student_html / html_name
        if not full_page.is_file():
            problems.append(f"{full_page} is missing: build the full site first (make html)")
            continue
        full_text, full_without = page_text(full_page), page_text(full_page, drop_solutions=True)
        # A probe counts only if the full page shows it inside the solution and nowhere else.
        probes = [p for p in solution_probes(solution) if f" {p} " in full_text and f" {p} " not in full_without]
        if not probes:
            problems.append(f"{solution.notebook} {solution.label}: no sentence of this solution found in the "
                            "full site, so its absence from the student site proves nothing")
            continue
        checked += len(probes)
        student_text = page_text(student_page)
        leaked = [p for p in probes if f" {p} " in student_text]
        if leaked:
            problems.append(f"{student_page.relative_to(student_html)}: shows solution text {leaked[0]!r}")
    return problems, checked


def self_check_calls(nb: nbformat.NotebookNode) -> list[str]:
    """The exercises' self-check calls (``check.name(`` at the start of a line) in ``nb``'s code cells."""
    return [m.group(0).strip() for cell in nb.cells if cell.cell_type == "code"
            for m in SELF_CHECK.finditer(cell.source)]


def missing_self_checks(student_notebooks: Path) -> list[str]:
    """Self-check calls of the chapters (outside solutions) that a student notebook lacks."""
    problems = []
    for path in toc_notebooks(ROOT):
        stripped = strip_solutions(nbformat.read(path, as_version=4), path.name).notebook
        wanted = self_check_calls(stripped)
        student = student_notebooks / path.name
        if wanted and (not student.is_file()
                       or self_check_calls(nbformat.read(student, as_version=4)) != wanted):
            problems.append(f"{student}: the exercises' self-checks {wanted} are not all there")
    return problems


def build_student_site(src: Path, html: Path) -> None:
    """Build the student sources strictly into ``html``."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    run = subprocess.run([str(jupyter_book), "build", str(src), "-W", "-n", "--keep-going"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.stdout.write(run.stdout + run.stderr)
        raise SystemExit(f"the student site did not build (exit {run.returncode}); see above")
    if html.exists():
        shutil.rmtree(html)
    shutil.move(src / "_build" / "html", html)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=None, help="repository URL for the student site's buttons")
    args = parser.parse_args(argv)

    src, notebooks, html = STUDENT / "src", STUDENT / "notebooks", STUDENT / "html"
    solutions = write_student_sources(src, args.repo or None)
    if notebooks.exists():
        shutil.rmtree(notebooks)
    notebooks.mkdir(parents=True)
    chapters = toc_notebooks(ROOT)
    for path in chapters:
        shutil.copy2(src / path.relative_to(ROOT), notebooks / path.name)
    build_student_site(src, html)

    problems, checked = check_student_edition(html, notebooks, ROOT / "_build" / "html", solutions)
    for problem in problems:
        print(f"PROBLEM {problem}")
    print(f"student edition: {len(toc_documents(ROOT))} pages, {len(chapters)} notebooks, "
          f"{len(solutions)} solutions removed; {checked} solution sentences looked for in the student site; "
          f"{len(problems)} problems")
    print(f"  site:      {html.relative_to(ROOT)}/index.html")
    print(f"  notebooks: {notebooks.relative_to(ROOT)}/")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
