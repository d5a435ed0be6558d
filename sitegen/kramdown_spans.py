"""kramdown's span details for markdown-it: an image's alt text as written, span IALs on HTML tags.

kramdown 2.4 puts an image's bracketed text in `alt` as written, only backslash escapes removed
(`![a *e* \\`c\\`](i)` → `alt="a *e* \\`c\\`"`; markdown-it renders it as plain text: `a e c`), and a
span IAL right after an HTML tag applies to that element (`<img src="a.png">{: .c}` →
`<img src="a.png" class="c" />`; Jekyll 4.3.1 + kramdown 2.4.0).
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# kramdown's ESCAPED_CHARS: the backslash escapes its link parser drops from alt text.
_ESCAPED = re.compile(r"\\([\\.*_+`<>()\[\]{}#!:|\"'$=-])")
_SPAN_TARGETS = ("image", "code_inline", "math_inline")
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)")
_VOID_TAGS = frozenset(("area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"))


def alt_as_written_plugin(md: MarkdownIt) -> None:
    """Wrap markdown-it's image rule so that the alt text is the label as written."""
    rules = dict(zip(md.inline.ruler.get_active_rules(), md.inline.ruler.getRules("")))
    md.inline.ruler.at("image", _alt_as_written(rules["image"]))


def _alt_as_written(rule):
    """markdown-it's image rule, its token's children replaced by the label's source text."""
    def run(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if silent or not state.src.startswith("![", start):
            return rule(state, silent)
        label_end = state.md.helpers.parseLinkLabel(state, start + 1, False)  # restores state.pos
        if not rule(state, silent):
            return False
        token = state.tokens[-1] if len(state.tokens) > count else None
        if token is not None and token.type == "image" and label_end > start:
            text = Token("text", "", 0)  # the renderer escapes it as kramdown does (escape_attribute)
            text.content = _ESCAPED.sub(r"\1", state.src[start + 2: label_end])
            token.children = [text]
        return True
    return run


def span_target(tokens: list[Token]) -> Token | None:
    """The element a span IAL follows: an image, code span, math, an HTML tag, or a link's opening token."""
    last = tokens[-1]
    if last.type in _SPAN_TARGETS:
        return last
    if last.type == "link_close":
        for token in reversed(tokens):
            if token.type == "link_open" and token.level == last.level:
                return token
    if last.type == "html_inline":
        return _html_element(tokens)
    return None


def _html_element(tokens: list[Token]) -> Token | None:
    """The html_inline token opening the element that the last token (a tag) ends, if any."""
    tag = _TAG.match(tokens[-1].content)
    if tag is None:
        return None
    closing, name = tag[1], tag[2].lower()
    if not closing:
        void = name in _VOID_TAGS or tokens[-1].content.rstrip().endswith("/>")
        return tokens[-1] if void else None
    depth = 0
    for token in reversed(tokens[:-1]):
        found = _TAG.match(token.content) if token.type == "html_inline" else None
        if found is None or found[2].lower() != name:
            continue
        if found[1]:
            depth += 1
        elif depth:
            depth -= 1
        else:
            return token
    return None
