"""kramdown's abbreviations for markdown-it.

`*[HTML]: Hyper Text Markup Language` on a line of its own, anywhere in the document, defines
one; every whole-word `HTML` in the text then becomes `<abbr title="…">HTML</abbr>`.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.kramdown import block_line, starts_with

_DEFINITION = re.compile(r"\*\[([^\]]+)\]:[ \t]*(.*?)[ \t]*")


def abbreviation_plugin(md: MarkdownIt) -> None:
    """Add the definition line rule and the core rule that marks abbreviations up."""
    md.block.ruler.before(
        "reference", "kramdown_abbreviation", _definition, {"alt": ["paragraph", "reference"]}
    )
    md.core.ruler.after("inline", "kramdown_abbreviations", _mark_up)


def _definition(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A line `*[ABBR]: full text` records an abbreviation and renders nothing."""
    if not starts_with(state, start_line, "*["):
        return False
    found = _DEFINITION.fullmatch(block_line(state, start_line))
    if found is None:
        return False
    if not silent:
        state.env.setdefault("abbreviations", {})[found[1].strip()] = found[2]
        state.line = start_line + 1
    return True


def _split(token: Token, pattern: re.Pattern, titles: dict[str, str]) -> list[Token]:
    """One text token cut into text and `<abbr>` tokens."""
    pieces: list[Token] = []
    last = 0
    for found in pattern.finditer(token.content):
        if found.start() > last:
            pieces.append(Token("text", "", 0, content=token.content[last: found.start()]))
        title = escapeHtml(titles[found[0]])
        html = f'<abbr title="{title}">{escapeHtml(found[0])}</abbr>'
        pieces.append(Token("html_inline", "", 0, content=html))
        last = found.end()
    if last < len(token.content):
        pieces.append(Token("text", "", 0, content=token.content[last:]))
    return pieces


def _mark_up(state: StateCore) -> None:
    """Wrap each defined abbreviation in the document's text in `<abbr>` (longest names first)."""
    titles = state.env.get("abbreviations")
    if not titles:
        return
    names = sorted(titles, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        for token in block.children:
            if token.type == "text" and pattern.search(token.content):
                children.extend(_split(token, pattern, titles))
            else:
                children.append(token)
        block.children = children
