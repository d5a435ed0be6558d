"""kramdown's typography for markdown-it: typographic symbols, and quotes smartquotes left.

kramdown turns `---` `--` `...` `<<` `>>` into — – … « » everywhere in text, and no straight
quote survives: markdown-it's smartquotes pairs quotes, and this module curls the rest as
kramdown's last rules do (`'80s` → ’80s, `</i>'s` → ’s). Code, autolinks and backslash-escaped
characters are left alone.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_SYMBOLS = {"---": "\u2014", "--": "\u2013", "...": "\u2026", "<< ": "\u00ab\u00a0",
            " >>": "\u00a0\u00bb", "<<": "\u00ab", ">>": "\u00bb"}
_SYMBOL = re.compile(r"---|--|\.\.\.|<< | >>|<<|>>")
# kramdown's SQ_RULES for leftovers: a quote closes after a non-space that is not an opening
# bracket or dash, before a space / `s` / the end, or before a decade ('80s); else it opens.
_CLOSING_QUOTE = re.compile(r"""(?<=[^\s\[{(\\-])['"]|['"](?=\s|s\b|\Z)|'(?=\d\ds)""")
_QUOTE = re.compile("['\"]")
_OPENING = {"'": "\u2018", '"': "\u201c"}
_CLOSING = {"'": "\u2019", '"': "\u201d"}


def typography_plugin(md: MarkdownIt) -> None:
    """Replace markdown-it's replacements with kramdown's symbols; curl leftover quotes."""
    md.disable("replacements", ignoreInvalid=True)
    md.core.ruler.before("smartquotes", "kramdown_symbols", _symbols)
    md.core.ruler.after("smartquotes", "kramdown_quotes", _leftover_quotes)


def _text_tokens(state: StateCore, trigger: re.Pattern):
    """Every plain text token outside autolinks in inline blocks whose source `trigger` finds.

    A text token's characters are its block's source characters side by side (escaped characters are
    text_special here, not text), so a block whose source lacks the trigger has no token that holds it.
    """
    for block in state.tokens:
        if block.type != "inline" or not block.children or not trigger.search(block.content):
            continue
        in_autolink = False
        for token in block.children:
            if token.type == "link_open" and token.info == "auto":
                in_autolink = True
            elif token.type == "link_close":
                in_autolink = False
            elif token.type == "text" and not in_autolink:
                yield token


def _symbols(state: StateCore) -> None:
    """--- → —, -- → –, ... → …, << → «, >> → »."""
    for token in _text_tokens(state, _SYMBOL):
        token.content = _SYMBOL.sub(lambda found: _SYMBOLS[found[0]], token.content)


def _curl(text: str) -> str:
    """Curl the straight quotes of one text as kramdown's fallback rules do."""
    text = _CLOSING_QUOTE.sub(lambda found: _CLOSING[found[0]], text)
    return text.replace("'", _OPENING["'"]).replace('"', _OPENING['"'])


def _leftover_quotes(state: StateCore) -> None:
    """Curl quotes that smartquotes could not pair (kramdown leaves none straight)."""
    for token in _text_tokens(state, _QUOTE):
        if "'" in token.content or '"' in token.content:
            token.content = _curl(token.content)
