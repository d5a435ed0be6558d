"""kramdown's smart quotes for markdown-it: each quote curled by kramdown's SQ_RULES, not paired.

kramdown 2.4 decides every quote alone, from the characters around it, and from whether its span scan
stands on the quote (a block's first character, right after a span such as code, math, a link, a tag,
an entity, `--`, or another quote) or on the character before it: `"$$x$$"` at a paragraph's start
gives ”\\(x\\)” (a closing quote before punctuation), `a "$$x$$"` gives “. markdown-it pairs quotes
instead, which differs wherever one is left unpaired or stands next to a span. An escaped `\\"` is
written `"`, not `&quot;` (Jekyll 4.3.1 + kramdown 2.4.0, tests/sitegen/test_kramdown_misc.py).
"""
from __future__ import annotations

import re

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_QUOTE = re.compile("['\"]")
_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
# SQ_RULES where the scan stands on the quote (match starts at it), in kramdown's order.
_AT_QUOTE = [
    (re.compile(r"""['"](?=[_*]{1,2}\S)""", re.A), "open"),
    (re.compile(rf"""['"](?={_PUNCT}(?!\.\.)\B)""", re.A), "close"),
    (re.compile(r"""(?:"'|'")(?=\w)""", re.A), "pair"),
    (re.compile(r"""'(?=\d\ds)""", re.A), "close"),
    (re.compile(r"""['"](?=['"])""", re.A), "straight"),
    (re.compile(r"""['"](?=\s|s\b|$)""", re.A | re.M), "close"),
]
_SPACE = frozenset(" \t\r\n\f\v")
_NOT_CLOSING_AFTER = frozenset(" \\\t\r\n[{(-")  # kramdown's SQ_CLOSE, negated
_FAILED_SPAN_START = frozenset("[*_`")  # a span parser that fails there still consumes the character
_SYMBOL_ENDS = ("--", "...", "<<", ">>")
_NOT_A_SPAN = frozenset(("text", "softbreak", "hardbreak"))
_OPENING = {"'": "\u2018", '"': "\u201c"}
_CLOSING = {"'": "\u2019", '"': "\u201d"}


def kramdown_quotes(state: StateCore) -> None:
    """Curl every straight quote in text as kramdown's smart quote parser does."""
    for block in state.tokens:
        if block.type != "inline" or not block.children or not _QUOTE.search(block.content):
            continue
        children, in_autolink = block.children, False
        for index, token in enumerate(children):
            if token.type == "link_open" and token.info == "auto":
                in_autolink = True
            elif token.type == "link_close":
                in_autolink = False
            elif token.type == "text" and not in_autolink and _QUOTE.search(token.content):
                token.content = _curl(token.content, children, index)
            elif token.type == "text_special" and token.info == "escape" and token.content == '"':
                token.type = "html_inline"  # kramdown writes an escaped `"` as it is, not `&quot;`


def _curl(text: str, children: list[Token], index: int) -> str:
    """One text token's quotes curled; its neighbours give the characters around it."""
    before = _before(children, index)
    after = None
    out, done = [], 0  # done: the end of the last quote match (the scan stands there)
    for found in _QUOTE.finditer(text):
        position = found.start()
        if position < done:
            continue
        if after is None:
            after = _source_after(children, index + 1)
        ahead = text[position:] + after
        previous = text[position - 1] if position else before
        at_quote = (previous is None or position == done and position > 0
                    or previous in _FAILED_SPAN_START or text.endswith(_SYMBOL_ENDS, 0, position))
        curled, size = _at_quote(ahead) if at_quote else _after_char(previous, ahead)
        out.append(text[done:position] + curled)
        done = position + size
    out.append(text[done:])
    return "".join(out)


def _at_quote(ahead: str) -> tuple[str, int]:
    """The curled quote(s) and how many characters they replace, when the scan stands on the quote."""
    quote = ahead[0]
    for pattern, kind in _AT_QUOTE:
        if pattern.match(ahead):
            if kind == "pair":
                return _OPENING[quote] + _OPENING[ahead[1]], 2
            if kind == "straight":  # SQ_CLOSE takes the first quote as a plain character
                return quote + _CLOSING[ahead[1]], 2
            return (_OPENING if kind == "open" else _CLOSING)[quote], 1
    return _OPENING[quote], 1


def _after_char(previous: str, ahead: str) -> tuple[str, int]:
    """The curled quote(s) when kramdown's match starts at the character before the quote."""
    quote, word = ahead[0], re.match(r"\w", ahead[1:2], re.A)
    if previous in _SPACE:
        if ahead[:2] in ("\"'", "'\"") and re.match(r"\w", ahead[2:3], re.A):
            return _OPENING[quote] + _OPENING[ahead[1]], 2
        if quote == "'" and re.match(r"\d\ds", ahead[1:4]):
            return _CLOSING[quote], 1
        if word:
            return _OPENING[quote], 1
    if previous not in _NOT_CLOSING_AFTER:
        return _CLOSING[quote], 1
    return _OPENING[quote], 1


def _before(children: list[Token], index: int) -> str | None:
    """The source character before a text token, or None where the scan stands at its start."""
    if not index:
        return None
    previous = children[index - 1]
    if previous.type in ("softbreak", "hardbreak"):
        return "\n"
    if previous.type == "text" and previous.content:
        return previous.content[-1]
    return None


def _source_after(tokens: list[Token], start: int, size: int = 4) -> str:
    """About `size` source characters the tokens from `start` on begin with (markup, then content)."""
    text = ""
    for token in tokens[start:]:
        if token.type in ("text", "html_inline"):
            text += token.content
        elif token.type in ("softbreak", "hardbreak"):
            text += "\n"
        elif token.type == "image":
            text += "!["
        elif token.type == "link_open":
            text += "<" if token.info == "auto" else "["
        else:
            text += token.markup + (token.content if token.type != "text_special" else "")
        if len(text) >= size:
            break
    return text
