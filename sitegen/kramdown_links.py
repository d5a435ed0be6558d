"""kramdown's link and image URLs for markdown-it: kept as written, only HTML-escaped.

markdown-it percent-encodes a URL and decodes its backslash escapes and entities (`Über` → `%C3%9Cber`,
`a\\_b` → `a_b`, `&copy;` → ©); kramdown 2.4 writes it as it stands in the source (checked against
Jekyll 4.3.1 with kramdown 2.4.0: `[i](a\\_b)` → `href="a\\_b"`). sitegen.markdown turns the encoding
off; this plugin puts inline and reference-definition URLs back as written where the decoding changed
them, and escape_attribute writes them as kramdown's escape_html(…, :attribute) does.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

# A link reference definition's label and URL (<angled> or bare), as kramdown takes the URL: verbatim.
_DEFINITION_URL = re.compile(
    r"[ \t]{0,3}\[(?P<label>(?:\\.|[^\\\[\]])+)\]:[ \t]*\n?[ \t]*(?:<(?P<angled>[^<>\n]*)>|(?P<bare>\S+))")


def links_plugin(md: MarkdownIt) -> None:
    """Wrap markdown-it's link, image and reference rules so URLs stay as written."""
    block_rules = dict(zip(md.block.ruler.get_active_rules(), md.block.ruler.getRules("")))
    md.block.ruler.at("reference", _definition_as_written(block_rules["reference"]))  # alt stays []
    for name, label_offset in (("link", 0), ("image", 1)):
        rules = dict(zip(md.inline.ruler.get_active_rules(), md.inline.ruler.getRules("")))
        md.inline.ruler.at(name, _url_as_written(rules[name], label_offset))


# REXML's REFERENCE_RE: kramdown's attribute escaping leaves entity references as they are.
_ESCAPE_ATTRIBUTE = re.compile(r"&(?![A-Za-z_:][\w:.-]*;|#\d+;|#x[0-9A-Fa-f]+;)|[<>\"]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_attribute(value: str) -> str:
    """kramdown's escape_html(value, :attribute): & < > " escaped, entity references (`&copy;`) kept."""
    return _ESCAPE_ATTRIBUTE.sub(lambda found: _ESCAPES[found[0][0]], value)


def _url_as_written(rule, label_offset: int):
    """markdown-it's link or image rule, keeping an inline URL as written, as kramdown does.

    markdown-it decodes backslash escapes and entities in a URL (`a\\_b` → `a_b`, `&copy;` → ©);
    kramdown keeps them (Jekyll 4.3.1 + kramdown 2.4.0: `[i](a\\_b)` → `href="a\\_b"`). The written URL
    goes in the attribute and `meta["url_as_written"]` names it, for escape_attribute at render time.
    """
    def run(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if silent or len(state.tokens) == count:
            return True
        written = _written_destination(state, start + label_offset, state.pos)
        if written is not None:  # the rule's token follows any pending text it flushed
            token = next(t for t in state.tokens[count:] if t.type in ("link_open", "image"))
            name = "href" if token.type == "link_open" else "src"
            token.attrs[name] = written
            token.meta["url_as_written"] = name
        return True
    return run


def _written_destination(state: StateInline, label: int, end: int) -> str | None:
    """The URL of the link whose label opens at `label`, as written; None when markdown-it's is the same."""
    written_refs = state.env.get("kramdown_written_urls")
    if not written_refs and "\\" not in state.src[label:end] and "&" not in state.src[label:end]:
        return None  # nothing markdown-it would have decoded
    saved, state.pos = state.pos, label
    try:  # as the rules call it: a link's label may not hold another link, an image's may
        label_end = state.md.helpers.parseLinkLabel(state, label, state.src[label - 1: label] != "!")
    finally:
        state.pos = saved
    pos = label_end + 1
    if state.src[pos: pos + 1] != "(":
        return (written_refs or {}).get(normalizeReference(_reference_label(state, label, label_end)))
    pos += 1
    while pos < end and state.src[pos] in " \t\n":
        pos += 1
    found = state.md.helpers.parseLinkDestination(state.src, pos, end)
    written = state.src[pos: found.pos] if found.ok else ""
    if written.startswith("<") and written.endswith(">"):
        written = written[1:-1]
    return written.strip()


def _reference_label(state: StateInline, label: int, label_end: int) -> str:
    """The reference a `[text][id]`, `[text][]` or `[text]` link names, as markdown-it's link rule reads it."""
    pos = label_end + 1
    if state.src[pos: pos + 1] == "[":
        saved, state.pos = state.pos, pos
        try:
            close = state.md.helpers.parseLinkLabel(state, pos)
        finally:
            state.pos = saved
        if close > pos + 1:
            return state.src[pos + 1: close]
    return state.src[label + 1: label_end]


def _definition_as_written(rule):
    """markdown-it's reference rule, also noting a definition's URL as written when it holds `\\` or `&`, and letting
    a later definition of a label replace an earlier one, as in kramdown (markdown-it keeps the first)."""
    def run(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if not rule(state, start_line, end_line, silent):
            return False
        if silent:
            return True
        duplicates = state.env.get("duplicate_refs")
        if duplicates and duplicates[-1]["map"][0] == start_line:
            later = duplicates.pop()
            state.env["references"][later["label"]] = {key: later[key] for key in ("title", "href", "map")}
            state.env.get("kramdown_written_urls", {}).pop(later["label"], None)
        found = _DEFINITION_URL.match(state.src, state.bMarks[start_line])
        url = found and (found["angled"] if found["angled"] is not None else found["bare"])
        if url and ("\\" in url or "&" in url):
            label = normalizeReference(found["label"])
            definition = state.env.get("references", {}).get(label)
            if definition and definition["map"][0] == start_line:  # this one, not an earlier duplicate
                state.env.setdefault("kramdown_written_urls", {})[label] = url
        return True
    return run
