"""kramdown's lazy lines in list items: how much of its indent a line keeps.

kramdown reads an item by taking its lines out of the list, each less the item's indent when the line
has that much; a line indented less (lazy) stays as it is, and a nested item repeats this on what is
left, with its own indent (its column less its parent's). So `1. a\\n   1. b\\n     d` keeps `  d` (5
columns lose the outer 3; the 2 left are fewer than the inner item's 3), and `1. a\\n   - b\\n  c` keeps
`c` (2 columns: too few for the outer 3, enough for the inner 2); a quote's lazy line (no `>`) loses
the indents of the items around the quote (`- a\\n  > b\\n  c` → `b\\nc`). Checked against Jekyll 4.3.1
+ kramdown 2.4.0. markdown-it strips only the innermost item's column, and nothing from a lazy line.
"""
from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_OPEN = "kramdown_open_containers"  # env key: (rule name, blkIndent at its start) per list and quote being read

BlockRule = Callable[[StateBlock, int, int, bool], bool]


def item_indents_plugin(md: MarkdownIt) -> None:
    """Note the lists and blockquotes markdown-it is reading, whose items' columns a lazy line is measured by."""
    for name in ("list", "blockquote"):
        (stock,) = [rule for rule in md.block.ruler.__rules__ if rule.name == name]
        md.block.ruler.at(name, _noting(name, stock.fn), {"alt": stock.alt})


def _noting(name: str, rule: BlockRule) -> BlockRule:
    """The rule, noting on env while it reads its blocks that it is open, and the indent it started at."""
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent:
            return rule(state, start, end, silent)
        open_containers = state.env.setdefault(_OPEN, [])
        open_containers.append((name, state.blkIndent))
        try:
            return rule(state, start, end, silent)
        finally:
            open_containers.pop()
    return run


def in_list_item(state: StateBlock) -> bool:
    """Whether the block being read sits right in a list item (markdown-it's parentType is unreliable:
    lheading leaves it at "paragraph" when it finds no heading)."""
    open_containers = state.env.get(_OPEN)
    return bool(open_containers) and open_containers[-1][0] == "list"


def _item_columns(open_containers: list, innermost: int) -> list[int]:
    """The content columns of the list items inside the innermost quote of `open_containers`, outermost
    first, ending with `innermost` (the indent of the block being read). A list starts at the column of
    the item it is in; a quote starts a fresh count at 0."""
    columns = [innermost]
    for name, indent in reversed(open_containers):
        if name == "blockquote":
            break
        columns.append(indent)
    return [column for column in reversed(columns) if column]


def _kept(count: int, columns: list[int]) -> int:
    """How much of `count` columns of indent a lazy line keeps: each item takes its own indent off while
    the line still has it (module docstring)."""
    kept, outer = count, 0
    for column in columns:
        if kept >= column - outer:
            kept -= column - outer
        outer = column
    return kept


def kramdown_line(state: StateBlock, line: int) -> str:
    """A line's text as kramdown reads it inside its list items (module docstring)."""
    count = state.sCount[line]
    if count >= state.blkIndent:
        return state.getLines(line, line + 1, state.blkIndent, False)
    open_containers = state.env.get(_OPEN, [])
    if count < 0 and open_containers and open_containers[-1][0] == "blockquote":
        # a quote's lazy line (markdown-it's sCount -1) has no `>`: the items around the quote measure it
        count = state.tShift[line]
        columns = _item_columns(open_containers[:-1], open_containers[-1][1])
    else:
        columns = _item_columns(open_containers, state.blkIndent)
    return state.getLines(line, line + 1, count - _kept(count, columns), False)


def lazy_lines_keep_indent(rule: BlockRule) -> BlockRule:
    """markdown-it's paragraph rule; a lazy line keeps the indent kramdown leaves it.

    markdown-it strips it; kramdown 2.4 writes it (`* a\\n  b` in an item indented 4: `<li>a\\n  b</li>`),
    less the indents of the items around it that the line has (`- a\\n  - b\\n  c` → `b\\nc`).
    """
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not rule(state, start, end, silent):
            return False
        indent, count = state.blkIndent, state.sCount
        if silent or not any(count[line] < indent for line in range(start + 1, state.line)):
            return True
        inline = state.tokens[-2]
        inline.content = "\n".join(kramdown_line(state, line) for line in range(start, state.line)).strip()
        return True
    return run
