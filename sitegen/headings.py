"""Heading ids as kramdown's GFM parser makes them, and the `{:toc}` list built from them."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_HEADER_ID = re.compile(r"[\t ]\{#([A-Za-z][\w:-]*)\}[\t ]*\Z")
_NON_WORD = re.compile(r"[^\w\- \t]")
_NOT_IN_TOC = ("link_open", "link_close", "footnote_ref")  # kramdown's fix_for_toc_entry
_LEVEL_RANGE = re.compile(r"\s*([1-6])\s*\.\.\s*([1-6])\s*")


@dataclass(frozen=True)
class HeadingOptions:
    """The `_config.yml` kramdown options that shape heading ids and the TOC."""

    auto_ids: bool = True
    auto_id_prefix: str = ""
    toc_levels: tuple[int, ...] = (1, 2, 3, 4, 5, 6)  # Jekyll's default: 1..6


def heading_options(kramdown: Mapping | None) -> HeadingOptions:
    """Read auto_ids, auto_id_prefix and toc_levels ("2..3", "2,3" or [2, 3]); ignore other keys."""
    kramdown = kramdown or {}
    if not isinstance(kramdown, Mapping):
        raise ValueError(f"kramdown: expected a mapping of options, got {kramdown!r}")
    auto_ids = kramdown.get("auto_ids", True)
    if not isinstance(auto_ids, bool):
        raise ValueError(f"kramdown.auto_ids: expected true or false, got {auto_ids!r}")
    return HeadingOptions(auto_ids, str(kramdown.get("auto_id_prefix") or ""),
                          _toc_levels(kramdown.get("toc_levels", "1..6")))


def _toc_levels(value: object) -> tuple[int, ...]:
    """kramdown's toc_levels: a range "a..b", a list "a,b,…" or a YAML list, of levels 1-6."""
    found = _LEVEL_RANGE.fullmatch(value) if isinstance(value, str) else None
    if found:
        return tuple(range(int(found[1]), int(found[2]) + 1))
    items = value.split(",") if isinstance(value, str) else value
    try:
        levels = tuple(int(str(item).strip()) for item in items)
    except (TypeError, ValueError):
        levels = ()
    if not levels or not all(1 <= level <= 6 for level in levels):
        raise ValueError(
            f"kramdown.toc_levels: expected a range like '1..3' or levels 1-6, got {value!r}"
        )
    return levels


def heading_ids(tokens: list[Token], options: HeadingOptions) -> list[tuple[int, Token, Token]]:
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
        if options.auto_ids and "id" not in token.attrs:
            generated = _gfm_id(_plain_text(children), counts)
            if generated:
                token.attrs["id"] = options.auto_id_prefix + generated
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


def _toc_entries(
    headings, prefix: str, levels: tuple[int, ...], state: StateCore
) -> list[tuple[int, str, list]]:
    """TOC items (level, link html, children), nested as kramdown's generate_toc_tree does."""
    renderer = state.md.renderer
    roots: list[tuple[int, str, list]] = []
    stack: list[tuple[int, str, list]] = []
    for level, heading, inline in headings:
        classes = heading.attrs.get("class", "").split()
        if "id" not in heading.attrs or "no_toc" in classes or level not in levels:
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


def toc_html(marker: Token, headings, options: HeadingOptions, state: StateCore) -> str:
    """The `<ul id="markdown-toc">` (or `<ol>`) that replaces a `{:toc}` list."""
    tag = "ol" if marker.type == "ordered_list_open" else "ul"
    marker.attrs.setdefault("id", "markdown-toc")
    attrs = state.md.renderer.renderAttrs(marker)

    def render(items: list, attributes: str, indent: str) -> str:
        # kramdown's layout: items 2 spaces in, a sublist right after the link, on the item's line
        inner = indent + "  "
        rows = "".join(
            f"{inner}<li>{link}{render(children, '', inner + '  ') + inner if children else ''}</li>\n"
            for _, link, children in items
        )
        return f"{indent}<{tag}{attributes}>\n{rows}{indent}</{tag}>\n"

    prefix = escapeHtml(str(marker.attrs["id"]))
    return render(_toc_entries(headings, prefix, options.toc_levels, state), attrs, "")[:-1]
