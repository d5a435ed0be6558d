"""Markdown → HTML with markdown-it-py, shaped like GitHub Pages' kramdown output.

CommonMark plus tables (kramdown's header-less ones too, sitegen.tables), footnotes
(kramdown's markup), definition lists, abbreviations (sitegen.abbreviations),
strikethrough (`<del>`), task lists, Pygments code blocks in Rouge's markup, kramdown
typography (sitegen.typography), raw HTML read as kramdown reads it, IALs / TOC / heading
ids (sitegen.kramdown, sitegen.headings) and math (sitegen.math). One MarkdownIt instance
per process.
"""
from __future__ import annotations

import gc
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.parser_block import ParserBlock
from markdown_it.parser_inline import ParserInline
from markdown_it.renderer import RendererHTML
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from sitegen.abbreviations import abbreviation_plugin
from sitegen.headings import HeadingOptions
from sitegen.highlight import highlight_code
from sitegen.kramdown import kramdown_plugin
from sitegen.math import math_plugin
from sitegen.tables import table_plugin
from sitegen.typography import typography_plugin

_TASK_MARK = re.compile(r"\[[ xX]\]")  # a task list item starts with one


def render_markdown(
    text: str, *, path: str, line_offset: int = 0, headings: HeadingOptions | None = None
) -> str:
    """Render Markdown to HTML; `path` and `line_offset` place warnings as `path:line: …`.

    `headings`: the site's kramdown id/TOC options, from sitegen.headings.heading_options.
    """
    md = _markdown()
    env = {"path": str(path), "line_offset": line_offset, "headings": headings}
    if not gc.isenabled():
        return md.renderer.render(md.parse(text, env), md.options, env)
    # markdown-it makes hundreds of thousands of short-lived tokens and no reference cycles: the cyclic
    # collector's passes over them are about 5% of a build's Markdown time, for nothing to collect.
    gc.disable()
    try:
        return md.renderer.render(md.parse(text, env), md.options, env)
    finally:
        gc.enable()


# The one character each inline rule starts with (its first test); a rule not named here is tried everywhere.
_INLINE_TRIGGERS = {
    "newline": "\n", "math_paren": "\\", "math_dollar": "$", "escape": "\\", "backticks": "`",
    "strikethrough": "~", "emphasis": "_*", "link": "[", "image": "!", "kramdown_span_ial": "{",
    "footnote_ref": "[", "autolink": "<", "html_inline": "<", "entity": "&",
}

_PAIR_MARKER = re.compile(r"[*_~]")
_PAIR_RULES = {"balance_pairs", "strikethrough", "emphasis", "fragments_join"}


class _FirstCharInline(ParserInline):
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


class _FirstCharBlock(ParserBlock):
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


class _Renderer(RendererHTML):
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


class _KramdownMarkdownIt(MarkdownIt):
    """MarkdownIt with the faster tokenizers and renderer, and link and image URLs kept as kramdown keeps them.

    URLs are written as they are, only HTML-escaped in the attribute: markdown-it percent-encodes them (`Über` → `%C3%9Cber`, `a b` → `a%20b`), turns host names into
    punycode and drops `javascript:`-like URLs; kramdown 2.4 does none of this (checked against Jekyll
    4.3.1 with kramdown 2.4.0: `[a](https://de.wikipedia.org/wiki/Über)` → `href="…/wiki/Über"`).
    Jekyll percent-encodes only URLs it makes itself (page URLs, `relative_url`), in sitegen's Liquid filters.
    """

    def __init__(self, config: str, options: dict) -> None:
        super().__init__(config, options, renderer_cls=_Renderer)
        self.inline, self.block = _FirstCharInline(), _FirstCharBlock()
        self.configure(config, options)  # the preset's rules again, on the new tokenizers

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link

    def validateLink(self, url: str) -> bool:
        return True


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """The configured MarkdownIt instance, built once per process."""
    md = _KramdownMarkdownIt("commonmark", {"typographer": True, "xhtmlOut": True, "html": True})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.use(footnote_plugin, inline=False)  # kramdown has no ^[inline] notes
    md.use(deflist_plugin)
    md.use(tasklists_plugin)
    md.core.ruler.at("github-tasklists", _with_task_marks(_rule(md.core.ruler, "github-tasklists")))
    md.core.ruler.after("github-tasklists", "kramdown_task_list", _name_task_lists)
    md.core.ruler.push("kramdown_table_alignment", _space_table_alignment)
    md.use(math_plugin)
    md.use(kramdown_plugin)
    md.use(typography_plugin)
    md.use(table_plugin)
    md.use(abbreviation_plugin)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("code_block", _render_fence)
    md.add_render_rule("s_open", lambda *args: "<del>")
    md.add_render_rule("s_close", lambda *args: "</del>")
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("footnote_block_open", _render_footnote_block_open)
    md.add_render_rule("footnote_block_close", lambda *args: "</ol>\n</div>\n")
    md.add_render_rule("footnote_open", _render_footnote_open)
    md.add_render_rule("footnote_close", lambda *args: "</li>\n")
    md.add_render_rule("footnote_anchor", _render_footnote_anchor)
    return md


def _space_table_alignment(state: StateCore) -> None:
    """Table cells' alignment as kramdown writes it: `text-align: right` (markdown-it: `text-align:right`)."""
    if ":-" not in state.src and "-:" not in state.src:  # no delimiter row sets an alignment
        return
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            style = token.attrs.get("style")
            if isinstance(style, str) and style.startswith("text-align:"):
                token.attrs["style"] = "text-align: " + style[len("text-align:"):].strip()


def _rule(ruler: Ruler, name: str) -> Callable:
    """The function of an active rule."""
    return ruler.getRules("")[ruler.get_active_rules().index(name)]


def _with_task_marks(rule: Callable[[StateCore], None]) -> Callable[[StateCore], None]:
    """The task list rule, run only on documents with a `[ ]` or `[x]` (it looks at every token)."""
    def run(state: StateCore) -> None:
        if _TASK_MARK.search(state.src):
            rule(state)
    return run


def _name_task_lists(state: StateCore) -> None:
    """Task lists get kramdown's class `task-list` (the plugin writes `contains-task-list`)."""
    if not _TASK_MARK.search(state.src):
        return
    for token in state.tokens:
        if token.nesting == 1 and token.attrs.get("class") == "contains-task-list":
            token.attrs["class"] = "task-list"


def _render_fence(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """Fenced and indented code through Pygments, in Rouge's `highlighter-rouge` wrapper."""
    token = tokens[idx]
    info = token.info.strip().split(maxsplit=1)
    lang = info[0] if info else None
    return highlight_code(token.content, lang, attrs=token.attrs)


def _footnote_name(token: Token) -> str:
    """kramdown names a footnote's anchors after its label: fn:label, fnref:label."""
    return escapeHtml(str(token.meta["label"]))


def _render_footnote_ref(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """kramdown's reference: `<sup id="fnref:x" role="doc-noteref"><a href="#fn:x" …>1</a>`."""
    token = tokens[idx]
    name = _footnote_name(token)
    ref_id = f"fnref:{name}" + (f":{token.meta['subId']}" if token.meta["subId"] else "")
    return (
        f'<sup id="{ref_id}" role="doc-noteref"><a href="#fn:{name}" class="footnote" '
        f'rel="footnote">{token.meta["id"] + 1}</a></sup>'
    )


def _render_footnote_block_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """kramdown's footnote section opening."""
    return '<div class="footnotes" role="doc-endnotes">\n<ol>\n'


def _render_footnote_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """One footnote: `<li id="fn:x" role="doc-endnote">`."""
    return f'<li id="fn:{_footnote_name(tokens[idx])}" role="doc-endnote">'


def _render_footnote_anchor(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    """The back link ↩ after a footnote (numbered from the second reference on, as in kramdown)."""
    token = tokens[idx]
    name = _footnote_name(token)
    sub = token.meta["subId"]
    target = f"fnref:{name}" + (f":{sub}" if sub else "")
    mark = f"&#8617;<sup>{sub + 1}</sup>" if sub else "&#8617;"
    return f'&nbsp;<a href="#{target}" class="reversefootnote" role="doc-backlink">{mark}</a>'
