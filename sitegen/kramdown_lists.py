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
A definition's first paragraph is transparent unless a blank line stands above its `:` line.

Task lists as kramdown-parser-gfm writes them: its checkbox markup eats the whitespace after `[ ]`,
and every item after a list's first task item is a `task-list-item` too.
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
_WATCHED = frozenset(("paragraph_open", "list_item_open", "dd_open", "dl_open", "dl_close", *_LIST_OPEN,
                      *_LIST_CLOSE))
# Lines CommonMark starts an item with and kramdown does not (its LIST_START wants `digits.`, and a space or tab).
_NOT_AN_ITEM = re.compile(r"\d+\)|(?:[-+*]|\d+\.)$")
_ORDERED_ITEM = re.compile(r"\d+\.[ \t]+\S")
_TASK_MARK = re.compile(r"\[[ xX]\]")
_BOX = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />'
_CHECKED_BOX = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" checked="checked" />'
_SPACE_TOKENS = ("softbreak", "hardbreak")


def lists_plugin(md: MarkdownIt) -> None:
    """Install the rules: kramdown's item markers; lists before the kramdown layer applies IALs (which
    may add a `start`); task lists after mdit-py-plugins' tasklists rule (which finds the task items)."""
    (stock,) = [rule for rule in md.block.ruler.__rules__ if rule.name == "list"]
    md.block.ruler.at("list", _kramdown_markers(stock.fn), {"alt": stock.alt})  # still ends paragraphs, quotes
    md.core.ruler.after("block", "kramdown_lists", _kramdown_lists)
    md.core.ruler.after("github-tasklists", "kramdown_task_items", _task_items)


def _kramdown_markers(rule: Callable[[StateBlock, int, int, bool], bool]):
    """markdown-it's list rule, but a line kramdown reads as text (`1) a`, `-` alone) starts no item, and
    any ordered item ends a paragraph (CommonMark: only one numbered 1; kramdown's GFM PARAGRAPH_END: all)."""
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        text_start, text_end = state.bMarks[start] + state.tShift[start], state.eMarks[start]
        if _NOT_AN_ITEM.match(state.src, text_start, text_end):
            return False
        if rule(state, start, end, silent):
            return True
        return (silent and state.parentType == "paragraph" and state.sCount[start] - state.blkIndent < 4
                and _ORDERED_ITEM.match(state.src, text_start, text_end) is not None)
    return run


class _List:
    """An open list while scanning: its opening token, and the token index of each item's first child."""

    __slots__ = ("token", "firsts")

    def __init__(self, token: Token) -> None:
        self.token, self.firsts = token, []


def _kramdown_lists(state: StateCore) -> None:
    """Set each list item's paragraphs `hidden` as kramdown's `:transparent`, drop `<ol start>`, and read
    lists that stand side by side as kramdown does."""
    if _mark_lists(state.tokens, state.src) and _join_lists(state.tokens, state.src.split("\n")):
        _mark_lists(state.tokens, state.src)


def _mark_lists(tokens: list[Token], src: str) -> bool:
    """Give every list kramdown's transparent paragraphs and no `start`; True when a list follows a list."""
    lines: list[str] | None = None
    stack: list[_List] = []
    side_by_side = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind not in _WATCHED:
            continue
        if kind == "paragraph_open":
            if stack and token.level == stack[-1].token.level + 2:  # an item's paragraph: <p> unless first
                token.hidden = tokens[index + 2].hidden = False
        elif kind == "list_item_open" or kind == "dd_open":
            stack[-1].firsts.append(index + 1)
        elif kind == "dl_open":
            stack.append(_List(token))
        elif kind in _LIST_OPEN:
            token.attrs.pop("start", None)
            stack.append(_List(token))
            side_by_side = side_by_side or (index > 0 and tokens[index - 1].type in _LIST_CLOSE)
        else:  # a list's close
            if lines is None:
                lines = src.split("\n")
            marker = _mark_definitions if kind == "dl_close" else _mark_transparent
            marker(tokens, stack.pop().firsts, lines)
    return side_by_side


def _join_lists(tokens: list[Token], lines: list[str]) -> bool:
    """Join lists CommonMark ends where kramdown goes on; True when any changed.

    Two lists of one kind with only blank lines between are one (kramdown reads `* b` after `- a` as the
    next item, and `2. c` after a list nested as below); a link definition between them still splits
    them. A list of the other kind right under an item's text (`1. a` then `- b`, or an under-indented
    `- b`) is kramdown's lazy line: a list nested in that item.
    """
    changed, index = False, 1
    while index < len(tokens):
        closing, following = tokens[index - 1], tokens[index]
        side_by_side = closing.type in _LIST_CLOSE and following.type in _LIST_OPEN
        opening = _open_of(tokens, index - 1) if side_by_side else None
        if opening is None or not (opening.map and following.map):
            index += 1
            continue
        if closing.type[:6] == following.type[:6]:  # bullet or ordered, both
            gap = range(opening.map[1], following.map[0])
            if any(lines[line].strip(" \t>") for line in gap):
                index += 1
                continue
            del tokens[index - 1: index + 1]  # one list now
        elif not _nest_under_text(tokens, index, opening):
            index += 1
            continue
        opening.map = [opening.map[0], following.map[1]]
        changed = True
    return changed


def _nest_under_text(tokens: list[Token], index: int, opening: Token) -> bool:
    """Move the list opening at `index` into the last item of the list just closed, when that item ends
    in a paragraph or fence on the line above; False when it does not."""
    last = tokens[index - 3]  # the item's last block (its closing token), before the item's and list's closes
    block = _open_of(tokens, index - 3) if last.nesting == -1 else last
    if (block.type not in ("paragraph_open", "fence") or block.level != opening.level + 2
            or not block.map or block.map[1] != tokens[index].map[0]):
        return False
    end = index
    while not (tokens[end].type in _LIST_CLOSE and tokens[end].level == tokens[index].level):
        end += 1
    moved = tokens[index: end + 1]
    for token in moved:
        token.level += 2
    item = _open_of(tokens, index - 2)
    item.map = [item.map[0], tokens[index].map[1]]
    del tokens[index: end + 1]
    tokens[index - 2: index - 2] = moved  # before the item's close
    return True


def _open_of(tokens: list[Token], index: int) -> Token:
    """The opening token of the block closed at `index`."""
    level = tokens[index].level
    while not (tokens[index].nesting == 1 and tokens[index].level == level):
        index -= 1
    return tokens[index]


def _mark_definitions(tokens: list[Token], firsts: list[int], lines: list[str]) -> None:
    """Hide a definition's first paragraph unless a blank line is above its `:` (list.rb's first_as_para)."""
    for first in firsts:
        token = tokens[first]
        if token.type == "paragraph_open" and token.map:
            above = token.map[0] - 1
            token.hidden = tokens[first + 2].hidden = above < 0 or bool(lines[above].strip(" \t>"))


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


def _task_items(state: StateCore) -> None:
    """kramdown-parser-gfm's checkboxes, and its class on every item after a list's first task item."""
    if not _TASK_MARK.search(state.src):
        return
    tokens = state.tokens
    lines = state.src.split("\n")
    tasks_seen: list[bool] = []  # for each open list: has an item so far been a task (gfm.rb's is_tasklist)
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in _LIST_OPEN:
            tasks_seen.append(False)
        elif kind in _LIST_CLOSE:
            tasks_seen.pop()
        elif kind == "list_item_open":
            if token.attrs.get("class") == "task-list-item":  # the plugin's mark of a task item
                tasks_seen[-1] = True
                _kramdown_checkbox(tokens[index + 2], lines)
            elif tasks_seen[-1]:
                token.attrs["class"] = "task-list-item"


def _kramdown_checkbox(inline: Token, lines: list[str]) -> None:
    """The plugin's checkbox as gfm.rb writes it (`[ ]` and `\\s+` replaced, in the source's own state)."""
    mark = _TASK_MARK.search(lines[inline.map[0]]) if inline.map else None
    children = inline.children or []
    children[0].content = _BOX if mark is None or mark[0] == "[ ]" else _CHECKED_BOX
    rest = 1
    while rest < len(children) and (children[rest].type in _SPACE_TOKENS or (
            children[rest].type == "text" and not children[rest].content.strip())):
        rest += 1
    if rest < len(children) and children[rest].type == "text":
        children[rest].content = children[rest].content.lstrip()
    del children[1:rest]
