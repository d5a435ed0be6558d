"""Tables as kramdown 2.4 reads them (lib/kramdown/parser/kramdown/table.rb), which GitHub Pages uses.

kramdown differs from GFM tables: any line holding an unescaped `|` outside code spans is a table
row (`p(x|y) is ...` too), rows need no separator line (a body-only table), a table must stand
after a blank line (or open its container) and end before one, a paragraph line is never followed
by a table, cells are split before Markdown is read (a `|` in `$$..$$` or `[..](..)` splits too),
rows may have more cells than the header, `|---|` lines split the body and `|===|` opens a footer.
"""
from __future__ import annotations

import re
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from sitegen.kramdown import block_line

# kramdown's TABLE_PIPE_CHECK, matched at a line's start: a `|` not right after a backslash.
_PIPE = re.compile(r"\||.*?[^\\\n]\|")
_SEPARATOR = re.compile(r"([+|: \t-]*?-[+|: \t-]*?)[ \t]*")  # TABLE_SEP_LINE
_FOOTER = re.compile(r"[+|: \t=]*?=[+|: \t=]*?[ \t]*")  # TABLE_FSEP_LINE
_ALIGN = re.compile(r"[ \t]?(:?)-+(:?)[ \t]?")  # TABLE_HSEP_ALIGN
_IAL_LINE = re.compile(r"\{:(?![:/])(?:\\\}|[^}])+\}\s*")
_HTML_CODE = re.compile(r"<code.*?>.*?</code>")
_HTML_SPAN = re.compile(  # an element, or a lone tag, with kramdown's attribute syntax (`a<b | c` is text)
    r"<([A-Za-z][\w-]*)(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>(?:.*?</\1\s*>)?")
_BACKTICKS = re.compile(r"`+")
_ITEM_START = re.compile(r"(?:[*+-]|\d+[.)])(?:[ \t]|$)")
_CONTAINER_OPENS = ("list_item_open", "blockquote_open", "dd_open", "footnote_open")
# Rules markdown-it tries before ours that kramdown tries after its tables (span HTML: `<b>a</b> | b`).
_AFTER_TABLES = ("footnote_def", "reference", "kramdown_span_html")
_WHITESPACE = " \t\n\r\f\v\0"  # Ruby's String#strip, which keeps U+00A0


def table_plugin(md: MarkdownIt) -> None:
    """Read tables as kramdown does instead of markdown-it's GFM tables."""
    ruler = md.block.ruler
    ruler.disable("table")
    ruler.before("lheading", "kramdown_table", _table)
    for name in _AFTER_TABLES:
        ruler.at(name, _table_first(ruler.getRules("")[ruler.get_active_rules().index(name)]),
                 {"alt": list(ruler.__rules__[ruler.__find__(name)].alt)})


def _table_first(rule: Callable[..., bool]) -> Callable[..., bool]:
    """A rule that kramdown tries after its table parser (`[^1]: a | b` is a table there).

    Asked whether it ends a paragraph (silent), only the rule answers: tables never do.
    """
    return lambda state, start, end, silent: (not silent and _table(state, start, end, False)) or rule(
        state, start, end, silent)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where `<code>..</code>` and code spans lie (kramdown's codespan parser: a lone backtick
    between spaces is text, the closing run is the next run of the same backticks)."""
    spans = [match.span() for match in _HTML_CODE.finditer(text)]
    pos = 0
    while (run := _BACKTICKS.search(text, pos)) is not None:
        start, pos, delimiter = run.start(), run.end(), run.group()
        if any(s[0] <= start < s[1] for s in spans):
            pos = next(s[1] for s in spans if s[0] <= start < s[1])
            continue
        if delimiter == "`" and (not start or text[start - 1].isspace()) and text[pos:pos + 1].isspace():
            continue
        closing = text.find(delimiter, pos)
        if closing >= 0:
            pos = closing + len(delimiter)
            spans.append((start, pos))
    return sorted(spans)


def _split(text: str) -> list[str]:
    """A row's cells, split at each unescaped `|` outside code (escaped `\\|` kept as `|`)."""
    cells, pos = [""], 0
    for start, end in _code_spans(text) + [(len(text), len(text))]:
        first, *rest = (part.replace("\\|", "|") for part in re.split(r"(?<!\\)\|", text[pos:start]))
        cells[-1] += first
        cells.extend(rest)
        cells[-1] += text[start:end]
        pos = end
    return cells


def _pipe_on_line(text: str) -> bool:
    """kramdown's check that the table's lines keep pipes outside code spans and HTML elements.

    Its loop runs over the text's pieces: a code span crossing two lines resets it, raw text
    crossing lines must leave a pipe behind (Ruby's split drops trailing empty lines, as here).
    """
    on_line = False
    for kind, value in _pieces(text):
        lines = value.split("\n")
        while lines and not lines[-1]:
            lines.pop()
        if kind == "code":
            if len(lines) > 2 or (len(lines) == 2 and not on_line):
                break
            on_line = on_line and len(lines) != 2
        elif kind == "text":
            if len(lines) > 1 and not on_line and _PIPE.match(lines[0]) is None:
                break
            on_line = (on_line and len(lines) <= 1) or bool(lines and _PIPE.match(lines[-1]))
    return on_line


def _pieces(text: str) -> list[tuple[str, str]]:
    """The table's text as ("text" | "code" | "html", value) pieces; an HTML element's value is hidden."""
    pieces, pos = [], 0
    for start, end in _code_spans(text) + [(len(text), len(text))]:
        for element in _HTML_SPAN.finditer(text, pos, start):
            pieces += [("text", text[pos:element.start()]), ("html", element.group(1))]
            pos = element.end()
        pieces += [("text", text[pos:start]), ("code", text[start:end].strip("`"))]
        pos = end
    return pieces


def _after_boundary(state: StateBlock, line: int) -> bool:
    """kramdown's after_block_boundary?: a table opens its container, follows a blank line or an IAL
    that applies forward (one right under a block belongs to that block)."""
    if _opens_container(state.tokens):
        return True
    if state.isEmpty(line - 1):
        return True
    return _forward_ial(state, line - 1)


def _opens_container(tokens: list, end: int | None = None) -> bool:
    """True when no block comes before tokens[:end] in their container."""
    tokens = tokens[:end]
    return not tokens or tokens[-1].type in _CONTAINER_OPENS


def _forward_ial(state: StateBlock, line: int) -> bool:
    """True when `line` is a block IAL kramdown keeps for the next block (a blank line or nothing above it)."""
    tokens = state.tokens
    if not tokens or tokens[-1].type != "kramdown_ial" or tokens[-1].map[0] != line:
        return False
    return state.isEmpty(line - 1) or _opens_container(tokens, -1)


def _before_boundary(state: StateBlock, line: int, end_line: int) -> bool:
    """kramdown's before_block_boundary?: the end, a blank line, an IAL or `^` line after the table."""
    if line >= end_line or state.isEmpty(line) or not _in_container(state, line):
        return True
    text = block_line(state, line).rstrip()
    return text == "^" or _IAL_LINE.fullmatch(text) is not None


def _in_container(state: StateBlock, line: int) -> bool:
    """True when a line belongs to the table's container: indented enough, or a lazy line kramdown keeps
    in its quote (markdown-it marks those -1) or list item (any line but a new item's)."""
    if state.sCount[line] >= state.blkIndent or state.sCount[line] < 0:
        return True
    return state.parentType == "list" and _ITEM_START.match(block_line(state, line)) is None


def _lines(state: StateBlock, start_line: int, end_line: int) -> list[str]:
    """The table's lines: each one holding a `|`, from start_line on."""
    lines = []
    for line in range(start_line, end_line):
        if not _in_container(state, line):
            break
        text = block_line(state, line).rstrip(" \t")
        if _PIPE.match(text) is None:
            break
        lines.append(text)
    return lines


def _sections(lines: list[str]) -> tuple[list[tuple[str, list[list[str]]]], list[str]] | None:
    """The table's (thead/tbody/tfoot, rows of cells) and column alignments, or None if it has no body."""
    sections, rows, align, footer = [], [], None, False
    leading_pipe = lines[0].startswith("|")
    for text in lines:
        separator = _SEPARATOR.fullmatch(text)
        if separator is not None:
            if rows and align is None and not footer:
                sections.append(("thead", rows))
                rows, align = [], [_alignment(*m) for m in _ALIGN.findall(separator.group(1))]
            elif rows and not footer:
                sections.append(("tbody", rows))
                rows = []
        elif _FOOTER.fullmatch(text):
            if rows:
                sections.append(("tbody", rows))
                rows = []
            footer = True
        else:
            cells = _split(text)
            if leading_pipe and not cells[0].strip(_WHITESPACE):
                cells.pop(0)
            if cells and not cells[-1].strip(_WHITESPACE):
                cells.pop()
            rows.append([cell.strip(_WHITESPACE) for cell in cells])
    if rows:
        sections.append(("tfoot" if footer else "tbody", rows))
    if not any(kind == "tbody" for kind, _ in sections):
        return None
    return sections, align or []


def _alignment(left: str, right: str) -> str:
    """A separator cell's alignment: '', 'left', 'right' or 'center'."""
    if not left and not right:
        return ""
    return "left" if not right else "right" if not left else "center"


def _table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A kramdown table from start_line: rows of `|` lines between block boundaries."""
    if state.is_code_block(start_line) or "|" not in block_line(state, start_line):
        return False
    lines = _lines(state, start_line, end_line)
    if not lines or not _after_boundary(state, start_line):
        return False
    after = start_line + len(lines)
    found = None
    if _before_boundary(state, after, end_line) and _pipe_on_line("\n".join(lines)):
        found = _sections(lines)
    if found is None:
        if not silent and _forward_ial(state, start_line - 1):
            state.tokens.pop()  # kramdown's failed table has taken the IAL (new_block_el) and drops it
        return False
    if silent:
        return True
    _push_table(state, *found, [start_line, after])
    state.line = after
    return True


def _push_table(state: StateBlock, sections: list, align: list[str], line_map: list[int]) -> None:
    """The tokens of a table, every row padded to the widest one."""
    columns = max(len(row) for _, rows in sections for row in rows)
    align = (align + [""] * columns)[:columns]
    state.push("table_open", "table", 1).map = line_map
    for kind, rows in sections:
        state.push(kind + "_open", kind, 1).map = line_map
        tag = "th" if kind == "thead" else "td"
        for row in rows:
            state.push("tr_open", "tr", 1).map = line_map
            for cell, side in zip(row + [""] * (columns - len(row)), align):
                token = state.push(tag + "_open", tag, 1)
                token.map = line_map
                if side:
                    token.attrs["style"] = "text-align: " + side
                inline = state.push("inline", "", 0)
                inline.content, inline.map, inline.children = cell, line_map, []
                state.push(tag + "_close", tag, -1)
            state.push("tr_close", "tr", -1)
        state.push(kind + "_close", kind, -1)
    state.push("table_close", "table", -1)
