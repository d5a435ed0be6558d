"""Lists as kramdown 2.4 writes them: loose or tight item by item, and `<ol>` without `start`.

CommonMark makes a whole list loose (every item's text in `<p>`) when a blank line separates any two
items; kramdown (parser/kramdown/list.rb, `parse_list`) decides for each item whether its first
paragraph is "transparent" (written without `<p>`). Blank lines after an item belong to it, so an
item's first paragraph is transparent unless a blank line follows it in the item, with two
exceptions for the last item of a list of several: its [paragraph, trailing blank lines] alone stay
transparent, and it is never transparent when every earlier item starts with a paragraph in `<p>`.
Only that first paragraph can be transparent; later paragraphs of an item always get `<p>`.
kramdown also writes no `start` attribute (`3. a` → `<ol>`); an IAL may still set one. It reads a change
of bullet (`-` to `*`) as the next item, not a new list, and `1)` or a marker with nothing after it as text.
"""
from __future__ import annotations

import re

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_LIST_OPEN = ("bullet_list_open", "ordered_list_open")
_LIST_CLOSE = ("bullet_list_close", "ordered_list_close")
_WATCHED = frozenset(("paragraph_open", "list_item_open", *_LIST_OPEN, *_LIST_CLOSE))
# Lines CommonMark starts an item with and kramdown does not (its LIST_START wants `digits.`, and a space or tab).
_NOT_AN_ITEM = re.compile(r"\d+\)|(?:[-+*]|\d+\.)$")


def lists_plugin(md: MarkdownIt) -> None:
    """Install the rules: kramdown's item markers; lists before the kramdown layer applies IALs (which
    may add a `start`)."""
    (stock,) = [rule for rule in md.block.ruler.__rules__ if rule.name == "list"]
    md.block.ruler.at("list", _kramdown_markers(stock.fn), {"alt": stock.alt})  # still ends paragraphs, quotes
    md.core.ruler.after("block", "kramdown_lists", _kramdown_lists)


def _kramdown_markers(rule: Callable[[StateBlock, int, int, bool], bool]):
    """markdown-it's list rule, but a line kramdown reads as text (`1) a`, `-` alone) starts no item."""
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if _NOT_AN_ITEM.match(state.src, state.bMarks[start] + state.tShift[start], state.eMarks[start]):
            return False
        return rule(state, start, end, silent)
    return run


class _List:
    """An open list while scanning: its opening token, and the token index of each item's first child."""

    __slots__ = ("token", "firsts")

    def __init__(self, token: Token) -> None:
        self.token, self.firsts = token, []


def _kramdown_lists(state: StateCore) -> None:
    """Set each list item's paragraphs `hidden` as kramdown's `:transparent`; drop `<ol start>`; join
    bullet lists that differ only in their marker."""
    tokens = state.tokens
    lines: list[str] | None = None
    stack: list[_List] = []
    joins: list[int] = []  # indices of the close and open tokens between two lists kramdown reads as one
    for index, token in enumerate(tokens):
        kind = token.type
        if kind not in _WATCHED:
            continue
        if kind == "paragraph_open":
            if stack and token.level == stack[-1].token.level + 2:  # an item's paragraph: <p> unless first
                token.hidden = tokens[index + 2].hidden = False
        elif kind == "list_item_open":
            stack[-1].firsts.append(index + 1)
        elif kind in _LIST_OPEN:
            if joins and joins[-1] == index:
                stack[-1].token.map = [stack[-1].token.map[0], token.map[1]]
                continue
            token.attrs.pop("start", None)
            stack.append(_List(token))
        elif kind in _LIST_CLOSE:
            if lines is None:
                lines = state.src.split("\n")
            if _next_marker_continues(tokens, index, stack[-1].token, lines):
                joins += (index, index + 1)
                continue
            _mark_transparent(tokens, stack.pop().firsts, lines)
    if joins:
        dropped = set(joins)
        tokens[:] = [token for index, token in enumerate(tokens) if index not in dropped]


def _next_marker_continues(tokens: list[Token], index: int, opening: Token, lines: list[str]) -> bool:
    """Whether the bullet list closed at `index` goes on in the next one, which only changes the marker.

    CommonMark starts a new list when `-` turns to `*` or `+`; kramdown reads any bullet as the next item,
    across blank lines too (but not across a link definition).
    """
    closing = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if closing.type != "bullet_list_close" or following is None or following.type != "bullet_list_open":
        return False
    if following.markup == closing.markup or not (opening.map and following.map):
        return False
    return all(not lines[line].strip(" \t>") for line in range(opening.map[1], following.map[0]))


def _mark_transparent(tokens: list[Token], firsts: list[int], lines: list[str]) -> None:
    """Hide the first paragraph of each item kramdown makes transparent (list.rb's rule, item by item)."""
    earlier_open = False  # an earlier item is empty, starts with no paragraph, or is transparent
    last = len(firsts) - 1
    for number, first in enumerate(firsts):
        token = tokens[first]
        if token.type != "paragraph_open":
            earlier_open = True
            continue
        end, after = token.map[1] if token.map else 0, first + 3
        while tokens[after].type == "kramdown_ial" and tokens[after].map[0] == end:  # the paragraph's own IAL
            end, after = tokens[after].map[1], after + 1
        blank_after = end < len(lines) and not lines[end].strip(" \t>")
        alone = tokens[after].type == "list_item_close"
        transparent = not blank_after or (number == last and alone)
        if number == last and last > 0 and not earlier_open:
            transparent = False
        token.hidden = tokens[first + 2].hidden = transparent
        earlier_open = earlier_open or transparent
