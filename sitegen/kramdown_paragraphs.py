"""Where kramdown's paragraphs end and start: a rule line or setext underline inside one is text;
text after a block HTML element on its line is a new block.

kramdown 2.4 (GFM input) ends a paragraph only at a blank line, a list, a header, a quote, a fence
or HTML, never at a horizontal rule: `a\\n***\\n` → `<p>a\\n***</p>`, lazily in an item or a quote
too; a rule that is also a list marker (`* * *`, `- - -`) still ends it. A setext header is one
line of text after a blank line (or a container's start) and an underline not indented:
`a\\nb\\n---\\n` → `<p>a\\nb\\n—</p>`, `# h\\nb\\n---\\n` → `b\\n—` a paragraph (Jekyll 4.3.1 + kramdown 2.4.0).
markdown-it lets a rule interrupt a paragraph and makes a setext heading of every line above it.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

BlockRule = Callable[[StateBlock, int, int, bool], bool]
_LIST_START = re.compile(r"[*+-][ \t]")  # kramdown's LIST_START_UL, which ends a paragraph
_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*")


def paragraph_ends_plugin(md: MarkdownIt) -> None:
    """Wrap markdown-it's hr and lheading rules to end paragraphs where kramdown does."""
    rules = {rule.name: rule for rule in md.block.ruler.__rules__}
    md.block.ruler.at("hr", _rule_not_ending_paragraphs(rules["hr"].fn), {"alt": rules["hr"].alt})
    md.block.ruler.at("lheading", _one_line_setext(rules["lheading"].fn), {"alt": rules["lheading"].alt})


def _line(state: StateBlock, line: int) -> str:
    """A line's text inside its container."""
    return state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]


def _rule_not_ending_paragraphs(rule: BlockRule) -> BlockRule:
    """markdown-it's hr rule; as a terminator (silent) only where the line is also a list start."""
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent and not _LIST_START.match(_line(state, start)):
            return False
        return rule(state, start, end, silent)
    return run


def _one_line_setext(rule: BlockRule) -> BlockRule:
    """markdown-it's lheading rule, only for one line of text after a block boundary, right above its underline."""
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        below = start + 1
        if below >= end or state.sCount[below] != state.blkIndent:
            return False
        if not _UNDERLINE.fullmatch(_line(state, below)) or not _after_boundary(state, start):
            return False
        return rule(state, start, end, silent)
    return run


def _after_boundary(state: StateBlock, start: int) -> bool:
    """True unless the block before `start` in this container ends on the line right above it."""
    for token in reversed(state.tokens):
        if token.nesting == 1 and token.type != "paragraph_open" and token.type != "heading_open":
            return True  # the container's first block
        if token.map and token.type != "inline":  # a setext heading's inline map lacks its underline
            return token.map[1] != start
    return True


def text_after_element(state: StateBlock, token: Token, tag: str, lines: tuple[int, int, int],
                       span_tag: re.Pattern) -> None:
    """Text after a block HTML element's end tag, on its line, starts a new block, as kramdown reads it.

    `<div>x</div> y\\nz\\n` → `<div>x</div>\\n<p>y\\nz</p>\\n`; `<s>x</s>{: .c}` gives the element the IAL.
    `token` (the element's html_block) loses that text; the line is read again from where the text starts.
    """
    start_line, close, end_line = lines
    after = _element_end(state, tag, start_line, close, span_tag)
    if after is None:
        return
    end, rest = after
    token.content = token.content[: len(token.content) - 1 - (state.eMarks[close] - end)]
    state.bMarks[close], state.tShift[close], state.sCount[close] = rest, 0, state.blkIndent
    token.map[1] = close  # an IAL right after the element is on the "line" after it
    if close > start_line:
        state.line = close
    else:  # markdown-it's loop wants the line passed: the rest is read here
        state.md.block.tokenize(state, close, end_line)


def _element_end(state: StateBlock, tag: str, start_line: int, close: int,
                 span_tag: re.Pattern) -> tuple[int, int] | None:
    """Where the element ends on its closing line and the text after it starts, when text or a span tag follows."""
    depth = sum(len(re.findall(rf"<{tag}(?=[\s/>])", _line(state, line), re.I))
                - len(re.findall(rf"</{tag}\s*>", _line(state, line), re.I)) for line in range(start_line, close))
    text, start = _line(state, close), state.bMarks[close] + state.tShift[close]
    for found in re.finditer(rf"<(/?){tag}(?=[\s/>])[^>]*>", text, re.I):
        depth += -1 if found[1] else 1
        if depth <= 0:
            rest = len(text) - len(text[found.end():].lstrip(" \t"))
            if rest < len(text) and (text[rest] != "<" or span_tag.match(text, rest)):
                return start + found.end(), start + rest
            return None
    return None
