"""kramdown's tables without a header line, which GFM lacks.

On GitHub Pages, rows of `| a | b |` with no `|---|` separator line are a table whose rows
are all body rows (a common way to put figures side by side). Tables with a separator line
are left to markdown-it's GFM table rule, which renders them as kramdown does.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit

from sitegen.kramdown import block_line, starts_with

# A GFM delimiter row: |---|:--:| and the like.
_SEPARATOR = re.compile(r"\|?(?:\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?")


def table_plugin(md: MarkdownIt) -> None:
    """Add kramdown's header-less tables after the GFM table rule."""
    md.block.ruler.after("table", "kramdown_table", _headerless_table)


def _table_rows(state: StateBlock, start_line: int, end_line: int) -> list[str] | None:
    """The `|`-led lines from start_line on, or None when one is a GFM separator row."""
    rows = []
    for line in range(start_line, end_line):
        if state.isEmpty(line) or state.sCount[line] < state.blkIndent:
            break
        text = block_line(state, line).rstrip()
        if not text.startswith("|"):
            break
        if _SEPARATOR.fullmatch(text):
            return None
        rows.append(text)
    return rows


def _cells(row: str) -> list[str]:
    """The cells of one `| a | b |` row (escaped `\\|` kept inside a cell)."""
    cells = escapedSplit(row)
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def _headerless_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Rows of `| … |` lines with no separator line → `<table><tbody>…`."""
    if not starts_with(state, start_line, "|"):
        return False
    rows = _table_rows(state, start_line, end_line)
    if not rows:
        return False
    if silent:
        return True
    after = start_line + len(rows)
    state.push("table_open", "table", 1).map = [start_line, after]
    state.push("tbody_open", "tbody", 1).map = [start_line, after]
    for index, row in enumerate(rows):
        line_map = [start_line + index, start_line + index + 1]
        state.push("tr_open", "tr", 1).map = line_map
        for cell in _cells(row):
            state.push("td_open", "td", 1).map = line_map
            inline = state.push("inline", "", 0)
            inline.content, inline.map, inline.children = cell, line_map, []
            state.push("td_close", "td", -1)
        state.push("tr_close", "tr", -1)
    state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)
    state.line = after
    return True
