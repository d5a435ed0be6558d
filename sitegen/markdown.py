"""Markdown → HTML with markdown-it-py, shaped like GitHub Pages' kramdown output.

CommonMark plus tables (kramdown's header-less ones too, sitegen.tables), footnotes
(kramdown's markup), definition lists, abbreviations (sitegen.abbreviations),
strikethrough (`<del>`), task lists, fences and code spans as kramdown-parser-gfm reads them
with Pygments code in Rouge's markup (sitegen.kramdown_code), lazy list lines (sitegen.kramdown_lazy),
kramdown typography (sitegen.typography), raw HTML read as kramdown reads it, IALs / TOC / heading
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
from markdown_it.ruler import Ruler
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from sitegen.abbreviations import abbreviation_plugin
from sitegen.headings import HeadingOptions
from sitegen.kramdown import kramdown_plugin
from sitegen.kramdown_code import code_plugin
from sitegen.kramdown_html import html_plugin
from sitegen.kramdown_lazy import item_indents_plugin, lazy_lines_keep_indent
from sitegen.kramdown_links import links_plugin
from sitegen.kramdown_lists import lists_plugin
from sitegen.markdown_dispatch import FirstCharBlock, FirstCharInline, JoiningRenderer
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


class _KramdownMarkdownIt(MarkdownIt):
    """MarkdownIt with the faster tokenizers and renderer, and link and image URLs kept as kramdown keeps them.

    URLs are written as they are, only HTML-escaped in the attribute: markdown-it percent-encodes them (`Über` → `%C3%9Cber`, `a b` → `a%20b`), turns host names into
    punycode and drops `javascript:`-like URLs; kramdown 2.4 does none of this (checked against Jekyll
    4.3.1 with kramdown 2.4.0: `[a](https://de.wikipedia.org/wiki/Über)` → `href="…/wiki/Über"`).
    Jekyll percent-encodes only URLs it makes itself (page URLs, `relative_url`), in sitegen's Liquid filters.
    """

    def __init__(self, config: str, options: dict) -> None:
        super().__init__(config, options, renderer_cls=JoiningRenderer)
        self.inline, self.block = FirstCharInline(), FirstCharBlock()
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
    md.block.ruler.at("paragraph", lazy_lines_keep_indent(_rule(md.block.ruler, "paragraph")))
    md.inline.ruler.at("newline", _line_break)
    md.inline.ruler.at("escape", _escaped_break_keeps_indent(_rule(md.inline.ruler, "escape")))
    md.use(math_plugin)
    md.use(kramdown_plugin)
    md.use(html_plugin)
    md.use(lists_plugin)
    md.use(item_indents_plugin)
    md.use(links_plugin)
    md.use(typography_plugin)
    md.use(table_plugin)
    md.use(abbreviation_plugin)
    md.use(code_plugin)
    md.add_render_rule("s_open", lambda *args: "<del>")
    md.add_render_rule("s_close", lambda *args: "</del>")
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.core.ruler.before("footnote_tail", "kramdown_footnote_lines", _note_footnote_lines)
    md.core.ruler.after("normalize", "kramdown_source", _keep_source)
    md.add_render_rule("footnote_open", _render_footnote_open)
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


def _line_break(state: StateInline, silent: bool) -> bool:
    """markdown-it's newline rule, but keeping the spaces around a line break, as kramdown 2.4 does.

    markdown-it drops one space before a line break and the next line's indentation; kramdown writes
    both (`a \\n   b` → `<p>a \\n   b</p>`, `a  \\n  b` → `<p>a<br />\\n  b</p>`; checked against Jekyll 4.3.1).
    """
    if state.src[state.pos] != "\n":
        return False
    if not silent:
        if state.pending.endswith("  "):  # two spaces make the break; more stay text (`a   ` → `a <br />`)
            state.pending = state.pending[:-2]
            state.push("hardbreak", "br", 0)
        else:
            state.push("softbreak", "br", 0)
    state.pos += 1
    return True


def _escaped_break_keeps_indent(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """markdown-it's escape rule; after a `\\` line break the next line keeps its indentation (kramdown)."""
    def run(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        if state.src.startswith("\\\n", start):
            state.pos = start + 2
        return True
    return run


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


def _keep_source(state: StateCore) -> None:
    """The normalized source (line ends made "\\n"), whose blank lines the renderer places as kramdown does."""
    state.env["kramdown_source"] = state.src


def _note_footnote_lines(state: StateCore) -> None:
    """The source lines of footnote definitions, which the renderer counts as text, not blank lines.

    footnote_tail moves the definitions to the end; kramdown writes a blank-line run before and after
    a definition, none for the blank lines inside it.
    """
    if "footnotes" not in state.env:
        return
    opaque: set[int] = set()
    start = end = None
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            start = end = None
        elif token.type == "footnote_reference_close" and start is not None:
            opaque.update(range(start, end))
        elif token.map:
            start = token.map[0] if start is None else start
            end = token.map[1] if end is None else max(end, token.map[1])
    state.env["kramdown_opaque_lines"] = opaque


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
    return f'\xa0<a href="#{target}" class="reversefootnote" role="doc-backlink">{mark}</a>'  # U+00A0, as kramdown
