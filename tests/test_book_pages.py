"""tools/book_pages.py reads every page of _toc.yml, so the site checks follow new chapters.

The reference for the reading order is Sphinx itself: a small book built with
sphinx_external_toc (what Jupyter Book runs) and its toctrees walked from the root.
"""

from __future__ import annotations

import json
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from book_pages import source_documents, source_file, toc_documents, toc_notebooks  # noqa: E402

TOC = """format: jb-book
root: intro
parts:
  - caption: One
    chapters:
      - file: chapters/01_a
        sections:
          - file: chapters/01b_extra.md
  - caption: Two
    chapters:
      - file: chapters/02_b.ipynb
        sections:
          - file: chapters/02c_more
      - file: references
"""

GLOB_TOC = """format: jb-book
root: intro
parts:
  - caption: Chapters
    chapters:
      - file: chapters/00_start
      - glob: chapters/0*
  - caption: Appendices
    chapters:
      - glob: appendix/*
      - file: references
"""
GLOB_FILES = [
    "intro.md", "references.md", "chapters/00_start.md", "chapters/02_b.md", "chapters/01_a.md",
    "chapters/10_not_matched.md", "appendix/b.md", "appendix/a.md",
    "_build/appendix/stale.md", "notes/ignored.md",
]


def _book(root: Path, toc: str, names, config: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "_toc.yml").write_text(toc)
    (root / "_config.yml").write_text(config)
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}" if name.endswith(".ipynb") else f"# {Path(name).stem}\n")
    return root


def test_pages_in_reading_order_with_nested_sections(tmp_path):
    names = ["intro.md", "references.md", "chapters/01b_extra.md", "chapters/01_a.ipynb",
             "chapters/02_b.ipynb", "chapters/02c_more.md"]
    _book(tmp_path, TOC, names)
    assert toc_documents(tmp_path) == [
        "intro", "chapters/01_a", "chapters/01b_extra", "chapters/02_b", "chapters/02c_more", "references"
    ]
    assert [p.name for p in toc_notebooks(tmp_path)] == ["01_a.ipynb", "02_b.ipynb"]


def test_glob_entries_are_expanded_sorted_once_and_never_from_excluded_folders(tmp_path):
    _book(tmp_path, GLOB_TOC, GLOB_FILES, config="exclude_patterns: [notes]\n")
    assert toc_documents(tmp_path) == [
        "intro", "chapters/00_start", "chapters/01_a", "chapters/02_b", "appendix/a", "appendix/b", "references"
    ]


def test_source_documents_follow_the_config_exclude_patterns(tmp_path):
    _book(tmp_path, GLOB_TOC, GLOB_FILES, config="exclude_patterns: [notes, appendix/b.md]\n")
    found = source_documents(tmp_path)
    assert "appendix/a" in found and "chapters/10_not_matched" in found
    assert not {"appendix/b", "notes/ignored", "_build/appendix/stale"} & found


def test_reversed_toctree(tmp_path):
    toc = "format: jb-article\nroot: intro\noptions:\n  reversed: true\nsections:\n  - file: a\n  - file: b\n"
    _book(tmp_path, toc, ["intro.md", "a.md", "b.md"])
    assert toc_documents(tmp_path) == ["intro", "b", "a"]


@pytest.mark.parametrize("toc", ["format: jb-book\nchapters:\n  - file: a\n", "format: nope\nroot: intro\n",
                                 "- just a list\n"])
def test_a_malformed_toc_is_a_value_error_naming_the_file(tmp_path, toc):
    (tmp_path / "_toc.yml").write_text(toc)
    with pytest.raises(ValueError, match=r"_toc.yml is not a valid Jupyter Book table of contents"):
        toc_documents(tmp_path)


def test_a_page_without_a_source_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="chapters/09_missing"):
        source_file("chapters/09_missing", tmp_path)


def test_the_book_lists_its_chapters():
    pages = toc_documents()
    assert pages[0] == "intro" and "chapters/01_single_neuron" in pages
    assert all(source_file(page).exists() for page in pages)


#: Builds the book at argv[1] with Sphinx + sphinx_external_toc and prints its reading order
#: (the toctrees walked from the root) as JSON.
_SPHINX_ORDER = """
import json, sys
from sphinx.application import Sphinx

srcdir, outdir = sys.argv[1], sys.argv[2]
conf = {
    "extensions": ["myst_parser", "sphinx_external_toc"],
    "external_toc_path": "_toc.yml",
    "external_toc_exclude_missing": True,
    "exclude_patterns": ["_build", "notes"],
}
app = Sphinx(srcdir, None, outdir + "/out", outdir + "/doctrees", "dummy",
             confoverrides=conf, status=None, warning=None, freshenv=True)
app.build()
order = [app.config.root_doc]

def walk(doc):
    for child in app.env.toctree_includes.get(doc, []):
        if child not in order:
            order.append(child)
            walk(child)

walk(order[0])
print(json.dumps(order))
"""


def _sphinx_reading_order(srcdir: Path, tmp_path: Path) -> list[str]:
    """Build the book at ``srcdir`` with Sphinx + sphinx_external_toc; walk its toctrees from the root.

    In a fresh interpreter, as ``jupyter-book build`` runs it: sphinx_external_toc's
    setup walks ``gc.get_objects()`` and calls ``isinstance`` on every object in the
    process, so inside the test session it depended on what earlier tests had left
    alive (a dead ``weakref.proxy`` raises ReferenceError; torch's deprecated
    attributes warn), and it disables the toctree collectors of every earlier Sphinx
    app too. A subprocess holds only the build.
    """
    result = subprocess.run([sys.executable, "-c", _SPHINX_ORDER, str(srcdir), str(tmp_path)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_glob_reading_order_is_what_sphinx_builds(tmp_path):
    src = _book(tmp_path / "book", GLOB_TOC, GLOB_FILES, config="exclude_patterns: [notes]\n")
    assert toc_documents(src) == _sphinx_reading_order(src, tmp_path)


def test_the_sphinx_reference_does_not_depend_on_what_earlier_tests_left_alive(tmp_path):
    # A dead weakref.proxy alive in this process (as earlier tests' objects can leave)
    # made sphinx_external_toc's gc walk raise ReferenceError in an in-process build.
    class Gone:
        pass

    gone = Gone()
    held = [weakref.proxy(gone)]
    del gone
    src = _book(tmp_path / "book", GLOB_TOC, GLOB_FILES, config="exclude_patterns: [notes]\n")
    assert toc_documents(src) == _sphinx_reading_order(src, tmp_path)
    assert len(held) == 1
