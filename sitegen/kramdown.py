"""kramdown habits for markdown-it, as GitHub Pages runs kramdown (GFM input, auto_ids on).

Block IALs (`{: .class #id key="v"}` on the line after a block, or before one), ALDs
(`{:name: .class}`) and span IALs right after an image, link, code span, math or HTML tag;
`* TOC` + `{:toc}` and heading ids (through sitegen.headings); `{::options … /}` and
`{::comment}…{:/}` left out, `{::nomarkdown}…{:/}` passed through; a block-level HTML
element runs to its closing tag, blank lines included, and holds Markdown only with
`markdown="1"`; a line opening with span-level HTML is a paragraph.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock, paragraph
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from sitegen.errors import warn
from sitegen.headings import HeadingOptions, heading_ids, toc_html
from sitegen.kramdown_paragraphs import paragraph_ends_plugin, text_after_element
from sitegen.kramdown_spans import alt_as_written_plugin, span_target

# kramdown's ALD_TYPE_ANY: key="value" pairs, references, and runs of #id / .class.
_ATTRIBUTE = re.compile(
    r"""(?:\A|\s)(?:(?P<key>\w[\w-]*)=(?P<quote>["'])(?P<value>(?:\\\}|\\["']|[^}])*?)(?P=quote)"""
    r"""|(?P<ref>\w[\w-]*)|(?P<idclass>(?:\#[A-Za-z][\w:-]*|\.[^\s.\#]+)+))(?=\s|\Z)"""
)
_ID_OR_CLASS = re.compile(r"#([A-Za-z][\w:-]*)|\.([^\s.#]+)")
_BLOCK_IAL = re.compile(r"\{:(?![:/])((?:\\\}|[^}])+)\}\s*")
_SPAN_IAL = re.compile(r"\{:(?![:/])((?:\\\}|[^}])*)\}")
_ALD = re.compile(r"(\w[\w-]*):(.*)", re.S)
_EXTENSION = re.compile(r"\{::(\w+)((?:\\\}|[^}])*?)(/)?\}")
_HTML_TAG = re.compile(r"<([A-Za-z][\w-]*)(?=[\s/>]|\Z)")
_RAW_TAGS = ("script", "pre", "style", "textarea")  # CommonMark's own rule reads these to their end
_VOID_TAGS = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
              "source", "track", "wbr")
# kramdown's HTML_SPAN_ELEMENTS (less textarea, which CommonMark keeps raw).
_SPAN_TAG = re.compile(
    r"</?(?:a|abbr|acronym|b|big|bdo|br|button|cite|code|del|dfn|em|i|img|input|ins|kbd|label"
    r"|mark|option|q|rb|rbc|rp|rt|rtc|ruby|samp|select|small|span|strong|sub|sup|tt|u"
    r"|var)(?=[\s/>]|\Z)", re.I,
)
_HTML_OPEN = re.compile(r"<([A-Za-z][\w-]*)(\s[^>]*)?>\s*")
_MARKDOWN_ATTR = re.compile(r"""\s+markdown=(["']?)(?:1|block)\1(?=[\s/]|\Z)""")
# An opening tag's name, then its attributes (group 1).
_FIRST_TAG = re.compile(
    r"""<[A-Za-z][\w-]*((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)"""
)


def kramdown_plugin(md: MarkdownIt) -> None:
    """Install the kramdown block and span rules on a MarkdownIt instance."""
    md.block.ruler.before("table", "kramdown_extension", _block_extension)
    md.block.ruler.before(
        "table", "kramdown_ial", _block_attributes,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.block.ruler.before("html_block", "kramdown_html_markdown", _html_markdown)
    md.block.ruler.before("html_block", "kramdown_span_html", _span_html_paragraph)
    md.block.ruler.before(
        "html_block", "kramdown_html_element", _html_element,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    md.inline.ruler.after("image", "kramdown_span_ial", _span_attributes)
    alt_as_written_plugin(md)
    paragraph_ends_plugin(md)
    md.core.ruler.push("kramdown_attributes", _attributes)


def parse_attribute_list(text: str) -> dict:
    """Parse an IAL body (` .a #b k="v" ref`) into {"attrs": {name: value}, "refs": [names]}."""
    attrs: dict[str, str] = {}
    refs: list[str] = []
    for found in _ATTRIBUTE.finditer(text):
        if found["key"]:
            value = re.sub(r"\\(\}|" + found["quote"] + ")", r"\1", found["value"])
            _set_attribute(attrs, found["key"], value)
        elif found["ref"]:
            refs.append(found["ref"])
        else:
            for id_name, class_name in _ID_OR_CLASS.findall(found["idclass"]):
                if id_name:
                    attrs["id"] = id_name
                else:
                    _set_attribute(attrs, "class", class_name)
    return {"attrs": attrs, "refs": refs}


def _set_attribute(attrs: dict, name: str, value: str) -> None:
    """Set one attribute; classes add up as kramdown's update_attr_with_ial does."""
    if name == "class" and attrs.get("class"):
        attrs["class"] = f"{attrs['class']} {value}"
    else:
        attrs[name] = value


def _apply(token: Token, ial: dict, env: dict) -> None:
    """Give a token the attributes of an IAL, ALD references first."""
    for ref in ial["refs"]:
        if ref in env.get("kramdown_alds", {}):
            _apply(token, env["kramdown_alds"][ref], env)
    for name, value in ial["attrs"].items():
        _set_attribute(token.attrs, name, value)


def _attributes_into_html(token: Token) -> None:
    """Write an HTML block's IAL attributes into its first tag (a class adds to the tag's own)."""
    found = _FIRST_TAG.match(token.content)
    if found is None:
        return
    own, attrs = found[1], dict(token.attrs)
    for name in list(attrs):
        pattern = rf"""\s{re.escape(name)}(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
        present = re.search(pattern, own, re.I)
        if present is None:
            continue
        if name == "class":
            before = "".join(present.groups(""))
            attrs["class"] = f"{before} {attrs['class']}".strip()
        own = own[: present.start()] + own[present.end():]
    rendered = "".join(f' {name}="{escapeHtml(str(value))}"' for name, value in attrs.items())
    token.content = token.content[: found.start(1)] + own + rendered + token.content[found.end(1):]


def starts_with(state: StateBlock, line: int, char: str) -> bool:
    """True when a line's text (inside its container) starts with `char` and is no code block."""
    start = state.bMarks[line] + state.tShift[line]
    return state.src.startswith(char, start) and not state.is_code_block(line)


def block_line(state: StateBlock, line: int) -> str:
    """A source line's text inside its container (quote markers, indentation removed)."""
    return state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]


def _block_attributes(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A line `{: …}` (block IAL) or `{:name: …}` (ALD definition)."""
    if not starts_with(state, start_line, "{:"):
        return False
    found = _BLOCK_IAL.fullmatch(block_line(state, start_line))
    if found is None:
        return False
    if silent:
        return True
    body = found.group(1)
    definition = _ALD.fullmatch(body)
    if definition:
        alds = state.env.setdefault("kramdown_alds", {})
        alds[definition[1]] = parse_attribute_list(definition[2])
    else:
        token = state.push("kramdown_ial", "", 0)
        token.meta = parse_attribute_list(body)
        state.env["kramdown_ials"] = True  # the core rule has IALs to apply
        token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


def _extension_end(state: StateBlock, name: str, start_line: int, end_line: int, offset: int):
    """Find `{:/name}` or `{:/}` from `offset` of start_line on: (content, next line) or None."""
    closing = re.compile(r"\{:/(?:" + re.escape(name) + r")?\}")
    pieces, text, line = [], block_line(state, start_line)[offset:], start_line
    while True:
        found = closing.search(text)
        if found:
            pieces.append(text[: found.start()])
            return "\n".join(pieces), line + 1
        pieces.append(text)
        line += 1
        if line >= end_line:
            return None
        text = state.src[state.bMarks[line]: state.eMarks[line]]


def _block_extension(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`{::options … /}` and `{::comment}…{:/}` vanish; `{::nomarkdown}…{:/}` is raw HTML."""
    if not starts_with(state, start_line, "{::"):
        return False
    found = _EXTENSION.match(block_line(state, start_line))
    if found is None:
        return False
    name = found[1]
    content, next_line = "", start_line + 1
    if not found[3]:
        ended = _extension_end(state, name, start_line, end_line, found.end())
        if ended is None:
            return False
        content, next_line = ended
    if silent:
        return True
    if name == "nomarkdown":
        token = state.push("html_block", "", 0)
        token.content = content.strip("\n") + "\n"
        token.map = [start_line, next_line]
    elif name not in ("comment", "options"):
        where = state.env.get("line_offset", 0) + start_line + 1
        warn(state.env.get("path", "<markdown>"), where,
             f"kramdown extension '{{::{name}}}' is not supported; left out")
    state.line = next_line
    return True


def _html_end_line(state: StateBlock, tag: str, start_line: int, end_line: int) -> int | None:
    """The line closing the `<tag>` that start_line opens (nesting counted), or None."""
    opening = re.compile(rf"<{re.escape(tag)}(?=[\s/>]|\Z)", re.I)
    closing = re.compile(rf"</{re.escape(tag)}\s*>", re.I)
    depth = 0
    for line in range(start_line, end_line):
        text = block_line(state, line)
        depth += len(opening.findall(text)) - len(closing.findall(text))
        if depth <= 0:
            return line
    return None


def _html_element(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A block-level element (`<div>`, `<figure>`, `<video>`, …) is raw HTML up to its closing tag.

    CommonMark would end it at the first blank line (breaking, e.g., `{% highlight %}` output,
    or swallowing an IAL line below it); kramdown reads to the matching close tag. Unclosed
    elements are left to CommonMark's rule; a void element (`<hr>`) is its own line.
    """
    if not starts_with(state, start_line, "<"):
        return False
    text = block_line(state, start_line)
    found = _HTML_TAG.match(text)
    if found is None or found[1].lower() in _RAW_TAGS or _SPAN_TAG.match(text):
        return False
    void = found[1].lower() in _VOID_TAGS
    close = start_line if void else _html_end_line(state, found[1], start_line, end_line)
    if close is None:
        return False
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.map = [start_line, close + 1]
    token.content = state.getLines(start_line, close + 1, state.blkIndent, True)
    state.line = close + 1
    if not void:  # kramdown reads text after the element as a new block
        text_after_element(state, token, found[1], (start_line, close, end_line), _SPAN_TAG)
    return True


def _html_markdown(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`<tag … markdown="1">` alone on a line: the lines up to `</tag>` are Markdown (kramdown)."""
    if not starts_with(state, start_line, "<"):
        return False
    found = _HTML_OPEN.fullmatch(block_line(state, start_line))
    if found is None or not found[2] or not _MARKDOWN_ATTR.search(found[2]):
        return False
    close = _html_end_line(state, found[1], start_line, end_line)
    closing_alone = close is not None and close > start_line and (
        block_line(state, close).strip().lower() == f"</{found[1].lower()}>"
    )
    if not closing_alone:
        return False
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.content = f"<{found[1]}{_MARKDOWN_ATTR.sub('', found[2])}>\n"
    token.map = [start_line, start_line + 1]
    token.meta["kramdown_html"] = 1  # the renderer lays out the Markdown inside as a block's children
    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType, state.lineMax = "html_markdown", close
    state.md.block.tokenize(state, start_line + 1, close)
    state.parentType, state.lineMax = old_parent, old_line_max
    token = state.push("html_block", "", 0)
    token.content = f"</{found[1]}>\n"
    token.map = [close, close + 1]
    token.meta["kramdown_html"] = -1
    state.line = close + 1
    return True


def _span_html_paragraph(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A line opening with span-level HTML (`<img>`, `<a>`, `<span>`…) starts a paragraph.

    CommonMark would make `<img …>` alone on a line a raw HTML block that swallows the
    `{: .center}` IAL below it; kramdown wraps it in `<p>` and applies the IAL.
    """
    if silent or not starts_with(state, start_line, "<"):
        return False
    if not _SPAN_TAG.match(block_line(state, start_line)):
        return False
    return paragraph(state, start_line, end_line, silent)


def _span_attributes(state: StateInline, silent: bool) -> bool:
    """`{: …}` right after an image, link, code span, math or HTML tag sets that element's attributes."""
    if not state.src.startswith("{:", state.pos):
        return False
    found = _SPAN_IAL.match(state.src, state.pos)
    if found is None or state.pending or not state.tokens:
        return False
    target = span_target(state.tokens)
    if target is None:
        return False
    if not silent:
        _apply(target, parse_attribute_list(found[1]), state.env)
        if target.type == "html_inline":  # written into the tag, as for an HTML block
            _attributes_into_html(target)
            target.attrs = {}
    state.pos = found.end()
    return True


def _attributes(state: StateCore) -> None:
    """Apply block IALs, give headings their ids, then replace `{:toc}` lists with the TOC."""
    tocs = _apply_block_ials(state) if state.env.get("kramdown_ials") else False
    options = state.env.get("headings") or HeadingOptions()
    headings = heading_ids(state.tokens, options)
    if tocs:
        _insert_tocs(state, headings, options)


def _apply_block_ials(state: StateCore) -> bool:
    """Give each block IAL's attributes to its block, drop the IAL tokens; True when a list is a `{:toc}`."""
    tokens = state.tokens
    tocs = False
    for index, token in enumerate(tokens):
        if token.type == "kramdown_ial":
            target = _block_target(tokens, index)
            if target is not None:
                _apply(target, token.meta, state.env)
                if "toc" in token.meta["refs"] and target.type.endswith("_list_open"):
                    target.meta = dict(target.meta or {}, toc=True)
                    tocs = True
    tokens[:] = [token for token in tokens if token.type != "kramdown_ial"]
    for token in tokens:
        if token.type == "html_block" and token.attrs:
            _attributes_into_html(token)
    return tocs


def _insert_tocs(state: StateCore, headings: list, options: HeadingOptions) -> None:
    """Replace each list marked `{:toc}` by the table of contents."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type.endswith("_list_open") and token.meta and token.meta.get("toc"):
            close = _matching_close(tokens, index)
            toc = Token("html_block", "", 0)
            toc.content = toc_html(token, headings, options, state) + "\n"
            toc.map = token.map
            tokens[index: close + 1] = [toc]


def _matching_close(tokens: list[Token], index: int) -> int:
    """Index of the closing token that matches the opening token at `index`."""
    level = tokens[index].level
    for position in range(index + 1, len(tokens)):
        if tokens[position].nesting == -1 and tokens[position].level == level:
            return position
    raise AssertionError(f"unbalanced token stream at {tokens[index].type}")


def _matching_open(tokens: list[Token], index: int) -> Token:
    """The opening token of the block closed at `index`."""
    level = tokens[index].level
    for position in range(index - 1, -1, -1):
        if tokens[position].nesting == 1 and tokens[position].level == level:
            return tokens[position]
    raise AssertionError(f"unbalanced token stream at {tokens[index].type}")


def _block_target(tokens: list[Token], index: int) -> Token | None:
    """The block an IAL belongs to: the one just above it (no blank line), else the next one."""
    first = index
    while (first > 0 and tokens[first - 1].type == "kramdown_ial"
           and tokens[first - 1].map[1] == tokens[first].map[0]):
        first -= 1
    level = tokens[index].level
    if first > 0 and tokens[first - 1].level == level and tokens[first - 1].nesting != 1:
        previous = tokens[first - 1]
        if previous.nesting == -1:
            previous = _matching_open(tokens, first - 1)
        if previous.map and previous.map[1] == tokens[first].map[0]:
            return previous
    for token in tokens[index + 1:]:
        if token.type == "kramdown_ial":
            continue
        if token.level == level and token.nesting != -1 and token.type != "inline":
            return token
        return None
    return None
