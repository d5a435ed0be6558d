"""Code blocks and code spans as kramdown-parser-gfm 1.1.0 reads them and Jekyll's Rouge writes them.

A fence is GFM's FENCED_CODEBLOCK_MATCH, read inside its container (list item, quote):
`^[ ]{0,3}(([~`]){3,})\\s*?((\\S+?)(?:\\?\\S*)?)?\\s*?\\n(.*?)^[ ]{0,3}\\1\\2*\\s*?\\n`. So, unlike
CommonMark: the info string is one word (```` ```python title ```` is no fence but paragraph text, its
backticks a code span), a fence with no closing line is no fence, and the code lines keep the indent
the opening fence has (`  ```\\n  x\\n  ```` → `  x`). In a list item, lines indented less than its
text (kramdown's lazy lines, sitegen.kramdown_lazy) may open, fill and close a fence, and the lines right
after it stay in the item. A code span's text is escaped as Rouge's plaintext formatter escapes it:
`&`, `<`, `>` only.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from sitegen.highlight import highlight_spans, render_code_block, rouge_knows
from sitegen.kramdown_lazy import in_list_item, kramdown_line
from sitegen.kramdown_links import escape_attribute

_OPENING = re.compile(r"([~`]{3,})(.*)")
_SPACE = re.compile(r"[ \t\n\v\f\r]")  # Ruby's \s
_RUBY_SPACES = " \t\n\v\f\r"
_SPACE_CHARS = tuple(_RUBY_SPACES)
_ITEM_START = re.compile(r"(?:[*+-]|\d+\.)[ \t]")  # a list item, which a lazy line cannot be
_LANGUAGE = re.compile(r"\blanguage-(\S+)")  # kramdown's extract_code_language


def code_plugin(md: MarkdownIt) -> None:
    """Replace markdown-it's fence rule with kramdown's, and render code blocks and spans as Jekyll does."""
    md.block.ruler.at("fence", _fence, {"alt": ["paragraph", "reference", "blockquote", "list"]})  # as markdown-it's
    md.inline.ruler.at("backticks", _code_span)
    md.add_render_rule("fence", _render_block)
    md.add_render_rule("code_block", _render_block)
    md.add_render_rule("code_inline", _render_span)


def _fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A fenced code block, kramdown-parser-gfm's way (module docstring): one-word info, closed, indent kept."""
    first = state.bMarks[start] + state.tShift[start]
    if state.src[first: first + 1] not in ("`", "~") or state.is_code_block(start):
        return False
    found = _OPENING.match(state.src, first, state.eMarks[start])
    if found is None:
        return False
    run, rest = found.groups()
    # The regex tries the longest run first and gives back run characters to the info word until a closing line fits.
    for length in range(len(run), 2, -1):
        info = (run[length:] + rest).strip(_RUBY_SPACES)
        if _SPACE.search(info):
            return False  # a longer info word only adds characters that are no spaces
        closing = _closing_line(state, start, end, run[:length])
        if closing is not None:
            break
    else:
        return False
    if state.sCount[start] < state.blkIndent and state.parentType == "paragraph" and in_list_item(state):
        # Right under an item's text, kramdown keeps the fence in the item (a lazy line); markdown-it would end
        # the item at a line indented less than its text, so the line gets the item's indent.
        state.sCount[start] = state.blkIndent
    if silent:
        return True
    token = state.push("fence", "code", 0)
    token.info = info
    token.markup = run[:length]
    if state.blkIndent:
        token.content = "".join(_code_line(state, line) + "\n" for line in range(start + 1, closing))
    else:  # no item around: the lines as they are
        token.content = state.getLines(start + 1, closing, 0, True)
    token.map = [start, closing + 1]
    state.line = closing + 1
    if state.blkIndent and in_list_item(state):
        _keep_lazy_lines(state, closing + 1, end)
    return True


def _keep_lazy_lines(state: StateBlock, start: int, end: int) -> None:
    """Keep in the list item the lines right after its fence that are indented less than its text.

    kramdown takes such a line into the item (lazy) while no blank line comes first and it starts no item
    (`1. a\\n   ```\\n   x\\n   ```\\nThen run it.`: the sentence is the item's); markdown-it ends the item
    at it, so the lines are given the item's indent.
    """
    for line in range(start, end):
        first, last = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        if first == last or state.sCount[line] >= state.blkIndent or _ITEM_START.match(state.src, first, last):
            return
        state.sCount[line] = state.blkIndent


def _closing_line(state: StateBlock, start: int, end: int, run: str) -> int | None:
    """The line closing a fence opened with `run` (0-3 spaces, `run`, more of its last character, spaces),
    or None when its container ends first.

    In a list item a line indented less is the item's (lazy) unless a blank line stands above it.
    """
    in_item = in_list_item(state)
    blank_above = False
    for line in range(start + 1, end):
        first, last = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        if first == last:
            blank_above = True
            continue
        lazy = state.sCount[line] < state.blkIndent
        if lazy and (not in_item or blank_above or _ITEM_START.match(state.src, first, last)):
            return None
        blank_above = False
        if state.src[first] != run[0]:
            continue
        text = kramdown_line(state, line)
        tail = text.lstrip(" ")
        if len(text) - len(tail) > 3 or not tail.startswith(run):
            continue
        if not tail[len(run):].lstrip(run[-1]).strip(_RUBY_SPACES):
            return line
    return None


def _code_line(state: StateBlock, line: int) -> str:
    """A code line as kramdown reads it: less its list items' indent (sitegen.kramdown_lazy); a line of
    spaces as it is (kramdown's blank lines keep theirs)."""
    if state.bMarks[line] + state.tShift[line] == state.eMarks[line]:
        return state.src[state.bMarks[line]: state.eMarks[line]]
    return kramdown_line(state, line)


def _code_span(state: StateInline, silent: bool) -> bool:
    """A code span, kramdown's way (parse_codespan): a lone backtick with spaces on both sides is text;
    the span ends at the first run of as many backticks (even inside a longer one); its text keeps its
    line breaks, and only a span of two or more backticks drops one space from each end that has one."""
    start = state.pos
    if state.src[start] != "`":
        return False
    src, end = state.src, start + 1
    while end < state.posMax and src[end] == "`":
        end += 1
    ticks = src[start:end]
    spaced = (start == 0 or src[start - 1] in _RUBY_SPACES) and src[end: end + 1] in _SPACE_CHARS
    close = -1 if len(ticks) == 1 and spaced else src.find(ticks, end, state.posMax)
    if close < 0:
        if not silent:
            state.pending += ticks
        state.pos = end
        return True
    if not silent:
        text = src[end:close]
        if len(ticks) > 1:
            text = text[1:] if text[:1] == " " else text
            text = text[:-1] if text[-1:] == " " else text
        token = state.push("code_inline", "code", 0)
        token.markup, token.content = ticks, text
    state.pos = close + len(ticks)
    return True


def _render_block(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """Fenced and indented code through Pygments, in Rouge's `highlighter-rouge` wrapper."""
    token = tokens[idx]
    return render_code_block(token.content, token.info or None, attrs=token.attrs)


def _render_span(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """`code` as Jekyll's kramdown writes it with Rouge: `<code class="language-plaintext highlighter-rouge">`.

    An IAL's attributes keep their order; Rouge's classes join its class (kramdown's
    add_syntax_highlighter_to_class_attr), and a `.language-x` Rouge knows colours the text. Only `&<>`
    are escaped in the text, as Rouge's formatter does.
    """
    token = tokens[idx]
    if not token.attrs:
        return f'<code class="language-plaintext highlighter-rouge">{html.escape(token.content, quote=False)}</code>'
    attrs = dict(token.attrs)
    given = str(attrs.get("class") or "")
    found = _LANGUAGE.search(given)
    lang = found[1].split("?", 1)[0] if found else None
    if lang and not rouge_knows(lang):  # kramdown writes it escaped, without Rouge's class
        text = html.escape(token.content, quote=False)
    else:
        text = _rouge_spans(token.content, lang) if lang else html.escape(token.content, quote=False)
        # kramdown puts language-x first: it replaces the class's first language-… or, found sooner, its start
        first = "" if given.startswith("language-") else f"language-{found[1] if found else 'plaintext'}"
        attrs["class"] = " ".join(filter(None, (first, given, "highlighter-rouge")))
    written = "".join(f' {name}="{escape_attribute(str(value))}"' for name, value in attrs.items())
    return f"<code{written}>{text}</code>"


def _rouge_spans(code: str, lang: str) -> str:
    """Rouge's spans for a code span in `lang` (kramdown's span highlighting: no wrapper, no line end added)."""
    spans = highlight_spans(code, lang)
    return spans if code.endswith("\n") else spans.removesuffix("\n")
