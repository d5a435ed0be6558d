"""kramdown's typography for markdown-it: typographic symbols, and quotes as kramdown curls them.

kramdown turns `---` `--` `...` `<<` `>>` into — – … « » everywhere in text, and curls every straight
quote by its own rules (sitegen.smart_quotes), which replace markdown-it's smartquotes. Code, autolinks
and backslash-escaped characters are left alone.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from sitegen.smart_quotes import kramdown_quotes

_SYMBOLS = {"---": "\u2014", "--": "\u2013", "...": "\u2026", "<< ": "\u00ab\u00a0",
            " >>": "\u00a0\u00bb", "<<": "\u00ab", ">>": "\u00bb"}
_SYMBOL = re.compile(r"---|--|\.\.\.|<< | >>|<<|>>")


def typography_plugin(md: MarkdownIt) -> None:
    """Replace markdown-it's replacements with kramdown's symbols, its smartquotes with kramdown's quotes."""
    md.disable(["replacements", "smartquotes"], ignoreInvalid=True)
    md.core.ruler.before("smartquotes", "kramdown_symbols", _symbols)
    md.core.ruler.before("kramdown_symbols", "kramdown_quotes", kramdown_quotes)


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
