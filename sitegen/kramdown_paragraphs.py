"""Where kramdown's paragraphs end: a rule line or setext underline inside one is text.

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
