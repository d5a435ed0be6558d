r"""kramdown's `$$` math for markdown-it, written as GitHub Pages writes it (kramdown 2.4, math_engine mathjax).

`$$…$$` inside a paragraph, heading or cell is inline math, `\(tex\)`; `$$…$$` that is a block
of its own (after a blank line, an IAL or the start of its container; before a blank line, an
IAL, a `^` line or the end of its container) is display math, `\[tex\]` on a line of its own.
No wrapper element: kramdown writes one only for an IAL (`<div …>`, or `<span …>$tex$</span>`).
A single `$` is plain text, and `\\(`/`\\[` are only backslash escapes, as in kramdown.
MathJax or templates/static/js/math.js finds the delimiters in the page's text.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from sitegen.kramdown import block_line, starts_with

_RUBY_SPACE = " \t\n\v\f\r\x00"  # what Ruby's String#strip removes
_EOB_LINE = re.compile(r"\^\s*")  # kramdown's end-of-block marker line


def math_plugin(md: MarkdownIt) -> None:
    """Add kramdown's `$$` math (inline and display) to a MarkdownIt instance."""
    md.block.ruler.before("lheading", "math_block", _math_block)
    md.block.ruler.before("lheading", "math_block_escaped", _escaped_math_block)
    md.inline.ruler.before("escape", "math_dollar", _math_dollar)
    md.add_render_rule("math_inline", _render_math_inline)
    md.add_render_rule("math_block", _render_math_block)
    md.add_render_rule("math_block_ial", _render_math_block)


def _after_block_boundary(state: StateBlock, line: int) -> bool:
    """kramdown starts block math only after a blank line, an IAL, or at the start of its container."""
    if line == 0 or state.isEmpty(line - 1) or not state.tokens:
        return True
    last = state.tokens[-1]
    return last.nesting == 1 or last.type == "kramdown_ial"


def _before_block_boundary(state: StateBlock, line: int, end_line: int) -> bool:
    """True when `line` is past the end, blank, an IAL, a `^` line, or ends the container (BLOCK_BOUNDARY)."""
    if line >= end_line or state.isEmpty(line) or starts_with(state, line, "{:"):
        return True
    if _EOB_LINE.fullmatch(block_line(state, line)):
        return True
    return state.sCount[line] < state.blkIndent and _ends_paragraph(state, line, end_line)


def _ends_paragraph(state: StateBlock, line: int, end_line: int) -> bool:
    """Whether a line outdented from its container starts a block (else it is a lazy line of a paragraph)."""
    parent, state.parentType = state.parentType, "paragraph"
    try:
        return any(rule(state, line, end_line, True) for rule in state.md.block.ruler.getRules("paragraph"))
    finally:
        state.parentType = parent


def _closing(state: StateBlock, start_line: int, end_line: int, text: str) -> tuple[int, list[str]] | None:
    """The line holding the `$$` that closes math opened at start_line, and the lines' text up to it."""
    pieces, line = [], start_line
    while True:
        close = text.find("$$")
        if close >= 0:
            if text[close + 2:].strip(_RUBY_SPACE):
                return None
            pieces.append(text[:close])
            return line, pieces
        pieces.append(text)
        line += 1
        if line >= end_line or (state.sCount[line] < state.blkIndent and not state.isEmpty(line)):
            return None
        text = state.getLines(line, line + 1, state.blkIndent, False).rstrip("\n")


def _math_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`$$ … $$` standing as a block of its own → a math_block token (display math)."""
    if not starts_with(state, start_line, "$$") or not _after_block_boundary(state, start_line):
        return False
    found = _closing(state, start_line, end_line, block_line(state, start_line)[2:])
    if found is None or not _before_block_boundary(state, found[0] + 1, end_line):
        return False
    if silent:
        return True
    last, pieces = found
    ial_before = bool(state.tokens) and state.tokens[-1].type == "kramdown_ial"
    ial_after = last + 1 < end_line and starts_with(state, last + 1, "{:")
    # kramdown indents display math only when an IAL wraps it in a <div>
    token = state.push("math_block_ial" if ial_before or ial_after else "math_block", "div", 0)
    token.block = True
    token.content = "\n".join(pieces).strip(_RUBY_SPACE)
    token.markup = "$$"
    token.map = [start_line, last + 1]
    state.line = last + 1
    return True


def _escaped_math_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    r"""`\$$tex$$` where block math could start: a paragraph opening with inline math (kramdown drops the `\`)."""
    if not starts_with(state, start_line, "\\$$") or not _after_block_boundary(state, start_line):
        return False
    if _closing(state, start_line, end_line, block_line(state, start_line)[3:]) is None:
        return False
    rules = state.md.block.ruler
    paragraph = rules.getRules("")[rules.get_active_rules().index("paragraph")]
    if silent or not paragraph(state, start_line, end_line, False):
        return True
    inline = state.tokens[-2]
    inline.content = inline.content.replace("\\", "", 1)
    return True


def _math_dollar(state: StateInline, silent: bool) -> bool:
    """`$$…$$` inside a paragraph → a math_inline token (kramdown's inline math)."""
    pos = state.pos
    if not state.src.startswith("$$", pos):
        return False
    close = state.src.find("$$", pos + 2)
    if close < 0:
        return False
    if not silent:
        token = state.push("math_inline", "span", 0)
        token.content = state.src[pos + 2: close].strip(_RUBY_SPACE)
        token.markup = "$$"
    state.pos = close + 2
    return True


def _render_math_inline(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """`\\(tex\\)`; with an IAL, kramdown's `<span …>$tex$</span>` (the TeX unescaped, as kramdown writes it)."""
    token = tokens[idx]
    if token.attrs:
        return f"<span{self.renderAttrs(token)}>${token.content}$</span>"
    return f"\\({html.escape(token.content, quote=False)}\\)"


def _render_math_block(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """`\\[tex\\]` on a line of its own; with an IAL, inside `<div …>` (kramdown's format_as_block_html)."""
    token = tokens[idx]
    math = f"\\[{html.escape(token.content, quote=False)}\\]\n"
    return f"<div{self.renderAttrs(token)}>{math}</div>\n" if token.attrs else math
