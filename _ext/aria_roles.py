"""Sphinx extension: give the bibliography's entries a current ARIA role.

docutils 0.21 writes every citation as ``<div class="citation" role="doc-biblioentry">``
inside ``<div role="list" class="citation-list">``. ARIA 1.2 deprecates ``doc-biblioentry``
(axe-core's ``aria-deprecated-role``) and, since it is not a list item, the list then has
children it may not have (``aria-required-children``): two WCAG 2.1 A failures per
reference on the references page. ``role="listitem"`` is what the list expects and
what assistive technology announced the entries as anyway. The browser test runs axe.
Loaded through ``sphinx: local_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

DEPRECATED = ' role="doc-biblioentry"'
CURRENT = ' role="listitem"'


def fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if isinstance(body, str) and DEPRECATED in body:
        context["body"] = body.replace(DEPRECATED, CURRENT)


def setup(app):
    app.connect("html-page-context", fix_citation_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
