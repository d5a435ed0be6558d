"""markdown-it's tokenizers and renderer, doing the same work with fewer Python calls.

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
    "newline": "\n", "math_paren": "\\", "math_dollar": "$", "escape": "\\", "backticks": "`",
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
    "kramdown_extension": "{", "kramdown_ial": "{", "kramdown_table": "|", "fence": "`~", "blockquote": ">",
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


class JoiningRenderer(RendererHTML):
    """RendererHTML whose default tag rendering skips the attribute pass for tags without attributes."""

    def renderToken(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        """RendererHTML.renderToken: `<tag attrs>` or `</tag>`, with its line break rules, in one join."""
        token = tokens[idx]
        if token.hidden:  # tight list paragraphs
            return ""
        nesting = token.nesting
        # A newline between a hidden paragraph and the next opening block tag.
        parts = ["\n" if token.block and nesting != -1 and idx and tokens[idx - 1].hidden else "",
                 "</" if nesting == -1 else "<", token.tag]
        if token.attrs:
            parts.append(self.renderAttrs(token))
        if nesting == 0 and options["xhtmlOut"]:
            parts.append(" /")
        line_break = token.block
        if line_break and nesting == 1 and idx + 1 < len(tokens):
            following = tokens[idx + 1]  # no break before inline content or the tag's own closing tag
            if following.type == "inline" or following.hidden or (
                    following.nesting == -1 and following.tag == token.tag):
                line_break = False
        parts.append(">\n" if line_break else ">")
        return "".join(parts)

    @staticmethod
    def renderAttrs(token: Token) -> str:
        """RendererHTML.renderAttrs; a URL kept as written (kramdown) is escaped as kramdown escapes it."""
        written = token.meta.get("url_as_written") if token.meta else None
        return "".join(
            f' {escapeHtml(name)}="'
            f'{escape_attribute(str(value)) if name == written else escapeHtml(str(value))}"'
            for name, value in token.attrs.items())
