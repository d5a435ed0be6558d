"""Heading ids as kramdown's GFM parser makes them, and the `{:toc}` list built from them."""
from __future__ import annotations

import re

from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_HEADER_ID = re.compile(r"[\t ]\{#([A-Za-z][\w:-]*)\}[\t ]*\Z")
_NON_WORD = re.compile(r"[^\w\- \t]")
_NOT_IN_TOC = ("link_open", "link_close", "footnote_ref")  # kramdown's fix_for_toc_entry
_TOC_LEVELS = range(1, 7)  # Jekyll's default toc_levels: 1..6


def heading_ids(tokens: list[Token]) -> list[tuple[int, Token, Token]]:
    """Give each heading an id as kramdown's GFM parser does; return (level, heading, inline)."""
    counts: dict[str, int] = {}
    headings = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        children = inline.children or []
        last = children[-1] if children else None
        explicit = _HEADER_ID.search(last.content) if last and last.type == "text" else None
        if explicit:
            last.content = last.content[: explicit.start()]
            token.attrs.setdefault("id", explicit[1])
        if "id" not in token.attrs:
            generated = _gfm_id(_plain_text(children), counts)
            if generated:
                token.attrs["id"] = generated
        headings.append((int(token.tag[1]), token, inline))
    return headings


def _plain_text(children: list[Token]) -> str:
    """A heading's text with its markup stripped (kramdown's auto_id_stripping)."""
    return "".join(
        child.content for child in children if child.type in ("text", "code_inline", "math_inline")
    )


def _gfm_id(text: str, counts: dict[str, int]) -> str:
    """kramdown-parser-gfm's generate_gfm_header_id ('' when no word character is left)."""
    base = _NON_WORD.sub("", text.lower()).replace(" ", "-").replace("\t", "-")
    if not base:
        return ""
    seen = counts.get(base, -1) + 1
    counts[base] = seen
    return f"{base}-{seen}" if seen else base


def _toc_entries(headings, prefix: str, state: StateCore) -> list[tuple[int, str, list]]:
    """TOC items (level, link html, children), nested as kramdown's generate_toc_tree does."""
    renderer = state.md.renderer
    roots: list[tuple[int, str, list]] = []
    stack: list[tuple[int, str, list]] = []
    for level, heading, inline in headings:
        classes = heading.attrs.get("class", "").split()
        if "id" not in heading.attrs or "no_toc" in classes or level not in _TOC_LEVELS:
            continue
        kept = [child for child in inline.children or [] if child.type not in _NOT_IN_TOC]
        text = renderer.renderInline(kept, state.md.options, state.env)
        anchor = escapeHtml(str(heading.attrs["id"]))
        item = (level, f'<a href="#{anchor}" id="{prefix}-{anchor}">{text}</a>', [])
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][2] if stack else roots).append(item)
        stack.append(item)
    return roots


def toc_html(marker: Token, headings, state: StateCore) -> str:
    """The `<ul id="markdown-toc">` (or `<ol>`) that replaces a `{:toc}` list."""
    tag = "ol" if marker.type == "ordered_list_open" else "ul"
    marker.attrs.setdefault("id", "markdown-toc")
    attrs = state.md.renderer.renderAttrs(marker)

    def render(items: list, attributes: str) -> str:
        rows = "".join(
            f"<li>{link}{render(children, '') if children else ''}</li>\n"
            for _, link, children in items
        )
        return f"<{tag}{attributes}>\n{rows}</{tag}>"

    return render(_toc_entries(headings, escapeHtml(str(marker.attrs["id"])), state), attrs)
