r"""kramdown's math syntax for markdown-it, as markup that templates/static/js/math.js typesets.

`$$…$$` inside a paragraph is inline math; `$$…$$` that is a block of its own (a blank line or
the start of its container before it, a blank line, an IAL or the end after it) is display
math; a single `$` is plain text. `\\(…\\)` and `\\[…\\]` (the escapes written for MathJax on
GitHub Pages) are math too, so Markdown never touches their insides.
Output: `<span class="math inline">\(…\)</span>` and `<div class="math display">\[…\]</div>`.
"""
from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from sitegen.kramdown import block_line, starts_with

_PAREN_CLOSE = {"(": "\\\\)", "[": "\\\\]"}


def math_plugin(md: MarkdownIt) -> None:
    """Add kramdown's `$$` math and the `\\\\(`/`\\\\[` escapes to a MarkdownIt instance."""
    md.block.ruler.before("lheading", "math_block", _math_block)
    md.inline.ruler.before("escape", "math_paren", _math_paren)
    md.inline.ruler.before("escape", "math_dollar", _math_dollar)
    md.add_render_rule("math_inline", _render_math_inline)
    md.add_render_rule("math_block", _render_math_block)


def _after_block_boundary(state: StateBlock, line: int) -> bool:
    """kramdown starts block math only after a blank line or at the start of its container."""
    if line == 0 or state.isEmpty(line - 1):
        return True
    return not state.tokens or state.tokens[-1].nesting == 1


def _before_block_boundary(state: StateBlock, line: int, end_line: int) -> bool:
    """True when `line` is past the end, blank, or an IAL (kramdown's BLOCK_BOUNDARY)."""
    return line >= end_line or state.isEmpty(line) or starts_with(state, line, "{:")


def _math_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`$$ … $$` standing as a block of its own → a math_block token (display math)."""
    if not starts_with(state, start_line, "$$") or not _after_block_boundary(state, start_line):
        return False
    first = block_line(state, start_line)
    pieces, text, line = [], first[2:], start_line
    while True:
        close = text.find("$$")
        if close >= 0:
            if text[close + 2:].strip() or not _before_block_boundary(state, line + 1, end_line):
                return False
            pieces.append(text[:close])
            break
        pieces.append(text)
        line += 1
        if line >= end_line or (state.sCount[line] < state.blkIndent and not state.isEmpty(line)):
            return False
        text = block_line(state, line)
    if silent:
        return True
    token = state.push("math_block", "div", 0)
    token.block = True
    token.content = "\n".join(pieces).strip()
    token.markup = "$$"
    token.map = [start_line, line + 1]
    token.attrs = {"class": "math display"}
    state.line = line + 1
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
        token.content = state.src[pos + 2: close].strip()
        token.markup = "$$"
        token.attrs = {"class": "math inline"}
        token.meta = {"display": False}
    state.pos = close + 2
    return True


def _math_paren(state: StateInline, silent: bool) -> bool:
    """`\\\\( … \\\\)` → inline math and `\\\\[ … \\\\]` → display math, content left untouched."""
    pos = state.pos
    src = state.src
    if not src.startswith("\\\\", pos) or pos + 2 >= state.posMax or src[pos + 2] not in "([":
        return False
    bracket = src[pos + 2]
    close = src.find(_PAREN_CLOSE[bracket], pos + 3)
    if close < 0:
        return False
    if not silent:
        token = state.push("math_inline", "span", 0)
        token.content = src[pos + 3: close].strip()
        token.markup = "\\\\" + bracket
        token.meta = {"display": bracket == "["}
        token.attrs = {"class": "math display" if bracket == "[" else "math inline"}
    state.pos = close + 3
    return True


def _render_math_inline(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """`<span class="math inline">\\(tex\\)</span>` (or `math display` for `\\\\[`)."""
    token = tokens[idx]
    opening, closing = ("\\[", "\\]") if token.meta["display"] else ("\\(", "\\)")
    return f"<span{self.renderAttrs(token)}>{opening}{escapeHtml(token.content)}{closing}</span>"


def _render_math_block(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """`<div class="math display">\\[tex\\]</div>` plus any IAL attributes."""
    token = tokens[idx]
    return f"<div{self.renderAttrs(token)}>\\[{escapeHtml(token.content)}\\]</div>\n"
