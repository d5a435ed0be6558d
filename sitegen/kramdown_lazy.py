"""kramdown's lazy lines in list items: how much of its indent a line keeps.

kramdown reads an item by taking its lines out of the list, each less the item's indent when the line
has that much; a line indented less (lazy) stays as it is, and a nested item repeats this on what is
left, with its own indent (its column less its parent's). So `1. a\\n   1. b\\n     d` keeps `  d` (5
columns lose the outer 3; the 2 left are fewer than the inner item's 3), and `1. a\\n   - b\\n  c` keeps
`c` (2 columns: too few for the outer 3, enough for the inner 2); checked against Jekyll 4.3.1 +
kramdown 2.4.0. markdown-it strips only the innermost item's column, and nothing from a lazy line.
"""
from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_INDENTS = "kramdown_list_indents"  # env key: the container indent each open list started at

BlockRule = Callable[[StateBlock, int, int, bool], bool]


def item_indents_plugin(md: MarkdownIt) -> None:
    """Track the enclosing list items' content columns while markdown-it tokenizes lists."""
    (stock,) = [rule for rule in md.block.ruler.__rules__ if rule.name == "list"]
    md.block.ruler.at("list", _tracking_indents(stock.fn), {"alt": stock.alt})


def _tracking_indents(rule: BlockRule) -> BlockRule:
    """The list rule, noting on env the indent of the container each open list sits in."""
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent:
            return rule(state, start, end, silent)
        indents = state.env.setdefault(_INDENTS, [])
        indents.append(state.blkIndent)
        try:
            return rule(state, start, end, silent)
        finally:
            indents.pop()
    return run


def in_list_item(state: StateBlock) -> bool:
    """Whether the block being read sits in a list item (markdown-it's parentType is unreliable: lheading
    leaves it at "paragraph" when it finds no heading)."""
    return bool(state.env.get(_INDENTS))


def _item_columns(state: StateBlock) -> list[int]:
    """The content columns of the list items around the current block, outermost first.

    A list opened in an item starts at that item's column, so within one container the noted indents
    rise; a fall means a blockquote began a fresh frame, whose columns alone count.
    """
    indents = state.env.get(_INDENTS, ())
    first = len(indents)
    while first > 1 and indents[first - 2] < indents[first - 1]:
        first -= 1
    return [column for column in indents[first:] if column] + [state.blkIndent]


def kramdown_line(state: StateBlock, line: int) -> str:
    """A line's text as kramdown reads it inside its list items (module docstring)."""
    count = state.sCount[line]
    if count >= state.blkIndent:
        return state.getLines(line, line + 1, state.blkIndent, False)
    kept, outer = count, 0
    for column in _item_columns(state):
        if kept >= column - outer:  # this item's own indent is there: the item takes it off
            kept -= column - outer
        outer = column
    return state.getLines(line, line + 1, count - kept, False)


def lazy_lines_keep_indent(rule: BlockRule) -> BlockRule:
    """markdown-it's paragraph rule; a lazy line keeps the indent kramdown leaves it.

    markdown-it strips it; kramdown 2.4 writes it (`* a\\n  b` in an item indented 4: `<li>a\\n  b</li>`),
    less the columns of the outer items the line reaches (`- a\\n  - b\\n  c` → `b\\nc`).
    """
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not rule(state, start, end, silent):
            return False
        indent, count = state.blkIndent, state.sCount
        if silent or not indent or not any(0 < count[line] < indent for line in range(start + 1, state.line)):
            return True
        inline = state.tokens[-2]
        inline.content = "\n".join(kramdown_line(state, line) for line in range(start, state.line)).strip()
        return True
    return run
