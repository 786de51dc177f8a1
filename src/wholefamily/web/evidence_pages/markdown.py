"""The model card and the transparency record (Markdown the pipeline writes) as GOV.UK HTML. Raw HTML in
the text is escaped, not passed through (markdown-it's ``js-default``: tables on, HTML off, links checked),
and alignment becomes GOV.UK's numeric class, since the site's content security policy allows no inline
style."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup

_CLASSES = {
    "h1": "govuk-heading-l",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
}


def _govuk_classes(state: StateCore) -> None:
    tokens = [t for block in state.tokens for t in (block, *(block.children or []))]
    for token in tokens:
        if token.nesting != 1 or token.tag not in _CLASSES:
            continue
        classes = _CLASSES[token.tag]
        if token.attrs.pop("style", None) == "text-align:right":
            classes += f" {classes}--numeric"
        token.attrSet("class", classes)


@cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("js-default")
    md.core.ruler.push("govuk_classes", _govuk_classes)
    return md


def to_html(text: str) -> Markup:
    return Markup(_renderer().render(text))  # markdown-it escapes the text: html is off
