"""The book's pages, read from ``_toc.yml`` so every tool and test follows the table of contents.

Used by the browser test, the student edition, the PDF check and the link check: a
chapter added to ``_toc.yml`` is covered by all of them without editing a list anywhere
else. The file is parsed by ``sphinx_external_toc``, the parser Jupyter Book itself
uses, and ``glob:`` entries are expanded the way its toctrees expand them.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from sphinx.util.matching import Matcher, patfilter
from sphinx_external_toc.api import FileItem, GlobItem, SiteMap
from sphinx_external_toc.parsing import MalformedError, parse_toc_yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE_SUFFIXES = (".ipynb", ".md")
#: Jupyter Book always adds these to the ``exclude_patterns`` of ``_config.yml``.
ALWAYS_EXCLUDED = ("_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints")


def _docname(name: str) -> str:
    for suffix in SOURCE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def source_documents(root: Path = ROOT) -> set[str]:
    """Docnames of every source file Sphinx would find: ``.ipynb``/``.md`` files outside ``exclude_patterns``."""
    root = Path(root)
    config = root / "_config.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8")) if config.is_file() else None
    patterns = list(ALWAYS_EXCLUDED) + list((settings or {}).get("exclude_patterns") or [])
    excluded = Matcher(patterns)
    found = set()
    for folder, subfolders, names in os.walk(root):
        rel = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel == "." else f"{rel}/"
        subfolders[:] = sorted(d for d in subfolders if not excluded(prefix + d))
        for name in names:
            if name.endswith(SOURCE_SUFFIXES) and not excluded(prefix + name):
                found.add(_docname(prefix + name))
    return found


def _walk(site_map: SiteMap, key: str, all_docs: set[str], found: list[str]) -> None:
    """Append the descendants of the site-map entry ``key`` in reading order, as Sphinx's toctrees list them."""
    candidates = set(all_docs) - {_docname(key)}  # a glob never matches the page that holds it
    for tree in site_map[key].subtrees:
        entries = []  # (docname, site-map key or None for a page matched by a glob)
        for item in tree.items:
            if isinstance(item, GlobItem):
                matched = sorted(patfilter(candidates, str(item)))
                candidates.difference_update(matched)  # a later glob does not repeat them
                entries.extend((name, None) for name in matched)
            elif isinstance(item, FileItem):
                entries.append((_docname(str(item)), str(item)))
            # a UrlItem is an external link, not a page of the book
        for docname, child in reversed(entries) if tree.reversed else entries:
            if docname not in found:
                found.append(docname)
                if child is not None and child in site_map:
                    _walk(site_map, child, all_docs, found)


def toc_documents(root: Path = ROOT) -> list[str]:
    """Every page of the book in reading order, as docnames (``"chapters/01_single_neuron"``).

    Covers the root page, parts, chapters, nested sections and ``glob:`` entries of a
    ``jb-book`` or ``jb-article`` table of contents (each page once). Raises
    ``ValueError`` naming the file for a table of contents Jupyter Book would reject.
    """
    path = Path(root) / "_toc.yml"
    try:
        site_map = parse_toc_yaml(path)
    except MalformedError as err:
        raise ValueError(f"{path} is not a valid Jupyter Book table of contents: {err}") from None
    found = [_docname(site_map.root.docname)]
    all_docs = source_documents(root) if site_map.globs() else set()
    _walk(site_map, site_map.root.docname, all_docs, found)
    return found


def source_file(docname: str, root: Path = ROOT) -> Path:
    """The source file (notebook or Markdown) of a docname; FileNotFoundError if there is none."""
    for suffix in SOURCE_SUFFIXES:
        path = Path(root) / f"{docname}{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(f"_toc.yml lists {docname!r} but neither {docname}.ipynb nor {docname}.md exists")


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks of the book (the chapters), in reading order."""
    return [p for p in (source_file(d, root) for d in toc_documents(root)) if p.suffix == ".ipynb"]
