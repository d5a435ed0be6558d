"""markdown-it's tokenizers and renderer, doing the same work with fewer Python calls; the renderer
lays blocks out as kramdown 2.4 does (2-space indents, a "\\n" for each run of blank source lines).

markdown-it tries every rule (15 inline, 21 block here) at each position until one matches, and most
return False after looking at one character. Here the rules are picked by that character first: a
rule named in the trigger tables can only match where the text (or the line) begins with one of its
characters, so leaving it out elsewhere changes no token. The rule names are sitegen.markdown's set
(markdown-it's own, mdit-py-plugins' and sitegen's kramdown rules); a rule not named is tried everywhere.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.parser_block import ParserBlock
from markdown_it.parser_inline import ParserInline
from markdown_it.renderer import RendererHTML
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from sitegen.kramdown_links import escape_attribute

# The one character each inline rule starts with (its first test); a rule not named here is tried everywhere.
_INLINE_TRIGGERS = {
    "newline": "\n", "math_dollar": "$", "escape": "\\", "backticks": "`",
    "strikethrough": "~", "emphasis": "_*", "link": "[", "image": "!", "kramdown_span_ial": "{",
    "footnote_ref": "[", "autolink": "<", "html_inline": "<", "entity": "&",
}

_PAIR_MARKER = re.compile(r"[*_~]")
_PAIR_RULES = {"balance_pairs", "strikethrough", "emphasis", "fragments_join"}


class FirstCharInline(ParserInline):
    """markdown-it's inline tokenizer, trying at each position only the rules that can start there.

    The stock loop calls every rule (15 here) until one matches; each returns False at once unless
    the text goes on with its trigger character, so skipping the others changes nothing. `text`
    matches exactly where no terminator character stands.
    """

    def parse(self, src: str, md: MarkdownIt, env: dict, tokens: list[Token]) -> list[Token]:
        """ParserInline.parse; the pair rules are skipped for text without `*`, `_` or `~`.

        Only emphasis and strikethrough make delimiters (and the separate text tokens fragments_join
        merges back), so without their markers those rules have nothing to do.
        """
        state = StateInline(src, md, env, tokens)
        self.tokenize(state)
        rules2 = self.ruler2.getRules("")
        if getattr(self, "_pairs_only", (None,))[0] is not rules2:
            self._pairs_only = (rules2, set(self.ruler2.get_active_rules()) <= _PAIR_RULES)
        if _PAIR_MARKER.search(src) or not self._pairs_only[1]:
            for rule in rules2:
                rule(state)
        return state.tokens

    def tokenize(self, state: StateInline) -> None:
        """Generate tokens for the input range (ParserInline.tokenize with rules picked by character)."""
        rules = self.ruler.getRules("")
        if getattr(self, "_dispatched", (None,))[0] is not rules:
            self._dispatched = (rules, {})
        by_char = self._dispatched[1]
        src, end = state.src, state.posMax
        max_nesting = state.md.options["maxNesting"]
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                char = src[pos]
                candidates = by_char.get(char)
                if candidates is None:
                    terminator = self.terminator_re.match(char) is not None
                    candidates = by_char[char] = _rules_starting(
                        self.ruler, _INLINE_TRIGGERS, char, text=not terminator)
                for rule in candidates:
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            state.append_pending(src[pos])
            state.pos += 1
        if state.pending:
            state.pushPending()


# The characters each block rule can start a line with (after its indentation); others can start anywhere.
_BLOCK_TRIGGERS = {
    "kramdown_extension": "{", "kramdown_ial": "{", "fence": "`~", "blockquote": ">",
    "hr": "*-_", "list": "*-+0123456789", "footnote_def": "[", "kramdown_abbreviation": "*", "reference": "[",
    "kramdown_html_markdown": "<", "kramdown_span_html": "<", "kramdown_html_element": "<", "html_block": "<",
    "heading": "#", "math_block": "$",
}


class FirstCharBlock(ParserBlock):
    """markdown-it's block tokenizer, trying on each line only the rules that can start with its first character.

    Each rule named in _BLOCK_TRIGGERS returns False at once on a line that does not begin with one of its
    characters (code blocks, tables, setext headings, definition lists and paragraphs may begin with any).
    """

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        """Generate tokens for the input range (ParserBlock.tokenize with rules picked by first character)."""
        rules = self.ruler.getRules("")
        if getattr(self, "_dispatched", (None,))[0] is not rules:
            self._dispatched = (rules, {})
        by_char = self._dispatched[1]
        line = startLine
        max_nesting = state.md.options.maxNesting
        has_empty_lines = False
        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine or state.sCount[line] < state.blkIndent:
                break  # the end, or the end of a nested block (blockquote, list)
            if state.level >= max_nesting:
                state.line = endLine
                break
            char = state.src[state.bMarks[line] + state.tShift[line]]
            candidates = by_char.get(char)
            if candidates is None:
                candidates = by_char[char] = _rules_starting(self.ruler, _BLOCK_TRIGGERS, char)
            for rule in candidates:
                if rule(state, line, endLine, False):
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            else:
                raise RuntimeError("none of the block rules matched")
            state.tight = not has_empty_lines  # an empty line before this block makes the list loose
            line = state.line
            if (line - 1) < endLine and state.isEmpty(line - 1):  # a paragraph may eat one newline
                has_empty_lines = True
            if line < endLine and state.isEmpty(line):
                has_empty_lines = True
                line += 1
                state.line = line


def _rules_starting(ruler: Ruler, triggers: dict[str, str], char: str, **always: bool) -> list:
    """The active rules of `ruler` that can start at `char`, in their order (`always`: rule name → verdict)."""
    picked = []
    for name, rule in zip(ruler.get_active_rules(), ruler.getRules("")):
        wanted = always[name] if name in always else name not in triggers or char in triggers[name]
        if wanted:
            picked.append(rule)
    return picked


# kramdown's HTML converter (2.4, converter/html.rb) writes each block on its own line, indented 2 spaces
# for each enclosing block; these tags hold blocks and put their closing tag on a line of its own.
_CONTAINERS = {"ul", "ol", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "dl"}
_ITEMS = {"li", "dd", ""}  # convert_li (dd is an alias); "" is a footnote's li (footnote_open)


class _Frame:
    """An open block while rendering: its token, how far it indents its children, where its last child ended."""

    __slots__ = ("token", "width", "end", "blanks", "transparent")

    def __init__(self, token: Token | None, width: int, blanks: bool, end: int | None = None) -> None:
        self.token, self.width, self.blanks, self.end = token, width, blanks, end
        self.transparent = False  # an item whose first paragraph is written without <p> (tight list)


class _BlankRuns:
    """kramdown's :blank elements: a "\\n" where blank source lines stand between two blocks.

    Blank lines split only by lines that write nothing (link, footnote and abbreviation definitions,
    IALs) make one :blank (checked against kramdown 2.4: `a`, blank, `[x]: /u`, blank, `b` → one "\\n").
    Blank lines inside footnote definitions (moved to the end) belong to the notes.
    """

    def __init__(self, env: dict) -> None:
        source = env.get("kramdown_source", "")
        self.lines = source.split("\n")
        if source.endswith("\n"):
            self.lines.pop()
        self.opaque = env.get("kramdown_opaque_lines")

    def blank(self, line: int) -> bool:
        """Whether a source line is blank (quote markers aside) outside footnote definitions."""
        return not self.lines[line].strip(" \t>") and not (self.opaque and line in self.opaque)

    def end(self, token: Token) -> int:
        """The line after a block's last non-blank line (markdown-it's map may take in blank lines after it)."""
        start, end = token.map[0], min(token.map[1], len(self.lines))
        while end > start + 1 and self.blank(end - 1):
            end -= 1
        return end

    def between(self, start: int, end: int) -> str:
        """A "\\n" when lines start..end-1 hold a blank line."""
        for line in range(start, min(end, len(self.lines))):
            if self.blank(line):
                return "\n"
        return ""


class JoiningRenderer(RendererHTML):
    """RendererHTML with kramdown's block layout, and whose tag rendering skips the attribute pass where it can."""

    def render(self, tokens: Sequence[Token], options, env: dict) -> str:
        """The HTML of a token stream, each block placed as kramdown places it (indents, blank-line runs)."""
        runs = _BlankRuns(env)
        root = _Frame(None, 0, True, 0)
        stack, out, indent, rules = [root], [], 0, self.rules
        for idx, token in enumerate(tokens):
            kind = token.type
            if kind == "inline":
                empty_cell = not token.content and stack[-1].token is not None and stack[-1].token.tag in ("td", "th")
                out.append("\xa0" if empty_cell else self.renderInline(token.children, options, env))  # kramdown
                continue
            parent = stack[-1]
            nesting = token.meta.get("kramdown_html", token.nesting) if kind == "html_block" else token.nesting
            if nesting == -1:
                frame = stack.pop()
                indent -= frame.width
                if frame.end is not None and (frame.token.tag == "blockquote" or kind == "html_block"):
                    last_line = frame.token.map[1] if token.map is None else token.map[0]
                    out.append(runs.between(frame.end, last_line))  # its last blank lines (kramdown keeps them)
                out.append(" " * indent + token.content if kind == "html_block" else self._close(
                    frame, token, indent, out))
                if frame.token.hidden and tokens[idx + 1].nesting != -1:
                    out.append("\n")  # a tight item's text, then a block: kramdown ends the text with "\n"
                mapped = token if token.map else frame.token  # a closing html_block knows its own line
                stack[-1].end = runs.end(mapped) if mapped.map else stack[-1].end
                continue
            if parent.width == 0 and parent is not root:  # inside a paragraph or cell: as markdown-it writes it
                out.append(rules[kind](tokens, idx, options, env) if kind in rules else self.renderToken(
                    tokens, idx, options, env))
                continue
            if kind == "footnote_block_open":  # after the document's last blank lines, as kramdown's convert_root
                out.append(runs.between(root.end, len(runs.lines)) if root.end is not None else "")
                root.end = runs.opaque = None  # the notes' own blank lines count from here on
            elif parent.blanks and parent.end is not None and token.map:
                out.append(runs.between(parent.end, token.map[0]))
            if nesting == 1 and kind == "html_block":  # <div markdown="1">: its Markdown is laid out as children
                out.append(" " * indent + token.content)
                indent += 2
                stack.append(_Frame(token, 2, True, token.map[1]))  # blank lines after the tag count too
                continue
            if nesting == 1:
                frame = self._open(tokens, idx, options, env, indent, out)
                indent += frame.width
                stack.append(frame)
                continue
            piece = rules[kind](tokens, idx, options, env) if kind in rules else self.renderToken(
                tokens, idx, options, env)
            out.append(_leaf(kind, piece, " " * indent))
            if token.map:
                parent.end = runs.end(token)
        if root.end is not None:
            out.append(runs.between(root.end, len(runs.lines)))
        return "".join(out)

    def _open(self, tokens: Sequence[Token], idx: int, options, env, indent: int, out: list[str]) -> _Frame:
        """Write a block's opening tag; the frame for its children."""
        token = tokens[idx]
        tag, pad = token.tag, " " * indent
        if token.type == "footnote_block_open":
            out.append(f'{pad}<div class="footnotes" role="doc-endnotes">\n{pad}  <ol>\n')
            return _Frame(token, 4, False)
        opening = (self.rules[token.type](tokens, idx, options, env) if token.type == "footnote_open"
                   else f"<{tag}{self.renderAttrs(token) if token.attrs else ''}>")
        if tag in _CONTAINERS:
            out.append(f"{pad}{opening}\n")
            quote = tag == "blockquote"  # its blank lines, first to last, are kramdown :blank children
            return _Frame(token, 2, quote, token.map[0] if quote and token.map else None)
        if tag in _ITEMS:
            following = tokens[idx + 1]
            frame = _Frame(token, 2, True)
            frame.transparent = following.nesting == -1 or following.hidden
            out.append(pad + opening if frame.transparent else f"{pad}{opening}\n")
            return frame
        out.append("" if token.hidden else pad + opening)  # a paragraph, heading, cell, term
        return _Frame(token, 0, False)

    @staticmethod
    def _close(frame: _Frame, token: Token, indent: int, out: list[str]) -> str:
        """A block's closing tag, placed as kramdown places it."""
        pad = " " * indent
        if token.type == "footnote_block_close":
            return f"{pad}  </ol>\n{pad}</div>\n"
        tag = frame.token.tag or "li"
        if tag in _CONTAINERS:
            return f"{pad}</{tag}>\n"
        if tag in _ITEMS:
            last = next((piece for piece in reversed(out) if piece), "")
            return f"{pad}</{tag}>\n" if last.endswith("\n") else f"</{tag}>\n"
        return "" if frame.token.hidden else f"</{tag}>\n"

    def renderToken(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        """RendererHTML.renderToken for inline tags and blocks without children (`<hr />`), in one join.

        Blocks with children are placed by render.
        """
        token = tokens[idx]
        parts = ["</" if token.nesting == -1 else "<", token.tag]
        if token.attrs:
            parts.append(self.renderAttrs(token))
        if token.nesting == 0 and options["xhtmlOut"]:
            parts.append(" /")
        parts.append(">\n" if token.block else ">")
        return "".join(parts)

    @staticmethod
    def renderAttrs(token: Token) -> str:
        """RendererHTML.renderAttrs; a URL kept as written (kramdown) is escaped as kramdown escapes it."""
        written = token.meta.get("url_as_written") if token.meta else None
        alt = "alt" if token.type == "image" else None  # kramdown_spans: the alt text as written, entities kept
        return "".join(
            f' {escapeHtml(name)}="'
            f'{escape_attribute(str(value)) if name in (written, alt) else escapeHtml(str(value))}"'
            for name, value in token.attrs.items())


def _leaf(kind: str, piece: str, pad: str) -> str:
    """A block without children, `pad` in: raw HTML as written but for its first line's indent, a highlighted
    block's closing `</div>` padded too (kramdown's convert_codeblock)."""
    if kind == "html_block":  # as written, on lines of its own, the first line's indent and the spaces
        if not piece:  # the blank line kramdown writes after an element without end tag: never indented
            return "\n"
        return f"{pad}{piece.lstrip(' ').rstrip(chr(10)).rstrip(' ' + chr(9))}\n"  # after its last tag dropped
    if kind == "footnote_anchor":  # a note ending in a list or code: kramdown gives its back link a paragraph
        return f"{pad}<p>{piece.removeprefix(chr(0xA0))}</p>\n"
    if not pad or kind == "math_block":  # kramdown writes display math at the line start
        return piece
    if kind in ("fence", "code_block") and piece.endswith("</div></div>\n"):
        return f"{pad}{piece[:-7]}{pad}</div>\n"
    return pad + piece
