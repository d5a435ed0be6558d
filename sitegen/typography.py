"""kramdown's typography for markdown-it: typographic symbols, and quotes smartquotes left.

kramdown turns `---` `--` `...` `<<` `>>` into — – … « » everywhere in text, and no straight
quote survives: markdown-it's smartquotes pairs quotes, and this module curls the rest as
kramdown's last rules do (`'80s` → ’80s, `</i>'s` → ’s). A quote where kramdown's span scan
starts (a block's first character, or right after a span such as code, math or a tag) closes
when punctuation and a non-word character follow (`"$$x$$"` → ”, then the math). Code, autolinks and
backslash-escaped characters are left alone.
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
# kramdown's SQ_RULES 1 and 2, tried only where its scan stands on the quote.
_OPENS_EMPHASIS = re.compile(r"""['"][_*]{1,2}\S""")
_CLOSES_BEFORE_PUNCT = re.compile(r"""['"][!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~](?!\.\.)\B""", re.ASCII)
_NOT_A_SPAN = frozenset(("text", "softbreak", "hardbreak"))
_OPENING = {"'": "\u2018", '"': "\u201c"}
_CLOSING = {"'": "\u2019", '"': "\u201d"}


def typography_plugin(md: MarkdownIt) -> None:
    """Replace markdown-it's replacements with kramdown's symbols; curl leftover quotes."""
    md.disable("replacements", ignoreInvalid=True)
    md.core.ruler.before("smartquotes", "kramdown_symbols", _symbols)
    md.core.ruler.before("kramdown_symbols", "kramdown_quote_after_span", _find_quotes_after_spans)
    md.core.ruler.after("smartquotes", "kramdown_quotes", _leftover_quotes)
    md.core.ruler.after("kramdown_quotes", "kramdown_close_quote_after_span", _close_quotes_after_spans)


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


def _source_after(tokens: list, start: int, size: int = 4) -> str:
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


def _find_quotes_after_spans(state: StateCore) -> None:
    """Note text tokens opening with a quote that kramdown closes (`"$$x$$"`), before smartquotes.

    Marked now, closed after smartquotes, so that smartquotes still pairs the quotes around it.
    """
    closing = []
    for block in state.tokens:
        if block.type != "inline" or not block.children or not _QUOTE.search(block.content):
            continue
        children = block.children
        for index, token in enumerate(children):
            if token.type != "text" or token.content[:1] not in _CLOSING:
                continue
            if index and children[index - 1].type in _NOT_A_SPAN:
                continue
            ahead = token.content[:4] + _source_after(children, index + 1)
            if _CLOSES_BEFORE_PUNCT.match(ahead) and not _OPENS_EMPHASIS.match(ahead):
                closing.append((token, _CLOSING[ahead[0]]))
    state.env["kramdown_closing_quotes"] = closing


def _close_quotes_after_spans(state: StateCore) -> None:
    """Write the closing quotes _find_quotes_after_spans noted."""
    for token, quote in state.env.pop("kramdown_closing_quotes", ()):
        token.content = quote + token.content[1:]
