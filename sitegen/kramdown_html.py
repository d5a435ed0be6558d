"""Raw HTML in Markdown as kramdown 2.4 reads and writes it again (GitHub Pages: parse_block_html off).

kramdown parses tags (parser/html.rb) and writes them back (converter/html.rb): known names and their
attributes in lower case, values in double quotes (`controls` → `controls=""`), void elements as
`<br />`, text in elements escaped but entities kept, open elements closed at the end. A block element
holds raw text, not Markdown; one without end tag (`<hr>`, `<script>`) leaves a blank line. In a
paragraph a block tag is text (`&lt;div&gt;`) and `<code>`, `<kbd>`, `<u>`… keep their content raw.
The rules wrap markdown-it's HTML rules, so only `<` at a tag or line start pays for this.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

_NAME = r"(?:[^\W\d][\w.-]*:)?[^\W\d][\w.-]*"  # REXML's UNAME_STR
_TAG = re.compile(  # kramdown's HTML_TAG_RE: unquoted values are word characters only
    rf"""<((?>{_NAME}))\s*((?>\s+{_NAME}(?:\s*=\s*(?:\w+|("|').*?\3))?)*)\s*(/)?>""", re.DOTALL)
_ATTRIBUTE = re.compile(rf"""\s*({_NAME})(?:\s*=\s*(?:(\w+)|("|')(.*?)\3))?""", re.DOTALL)
_CLOSE = re.compile(rf"</({_NAME})\s*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INSTRUCTION = re.compile(r"<\?.*?\?>", re.DOTALL)
_RAW_START = re.compile(rf"<(?:{_NAME}|/|!--|\?)")
_SPAN_START = re.compile(rf"<(?:{_NAME}|/|!--)")
_TEXT_ESCAPE = re.compile(r"&(?:[\w:][\w.:-]*;|#\d+;|#x[0-9a-fA-F]+;)|[<>&]")
_ATTRIBUTE_ESCAPE = re.compile(r"""&(?:[\w:][\w.:-]*;|#\d+;|#x[0-9a-fA-F]+;)|[<>&"]""")
_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}
_TRAILING_SPACE = re.compile(r"[ \t]*\n")
_WRITES_NOTHING = re.compile(r"\{:|\[[^\]]+\]:")  # an IAL or a link definition line
_OPT_SPACE = re.compile(r" {0,3}")
# Characters Markdown, kramdown's typography or a tag could turn into something else; raw text without them
# is left to markdown-it (so heading ids still see it).
_MARKDOWN_SIGN = re.compile(r"""[*_`\[\]!\\&<>"'~$.{}-]""")
_MARKDOWN_INSIDE = re.compile(r"""\smarkdown\s*=\s*["']?(?:1|block|span)""")

_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb rbc"
    " rp rt rtc ruby samp select small span strong sub sup tt u var".split())
_BLOCK_ELEMENTS = frozenset(
    "address article aside applet body blockquote caption col colgroup dd div dl dt fieldset figcaption"
    " footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu li main map nav ol"
    " optgroup p pre section summary table tbody td th thead tfoot tr ul".split())
_VOID_ELEMENTS = frozenset(
    "area base br col command embed hr img input keygen link meta param source track wbr".split())
_BLOCK_MODEL = frozenset(
    "address applet article aside blockquote body dd details div dl fieldset figure figcaption footer form"
    " header hgroup iframe li main map menu nav noscript object section summary td".split())
_SPAN_MODEL = frozenset(
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label legend"
    " optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt".split())
_KNOWN = _SPAN_ELEMENTS | _BLOCK_ELEMENTS | _VOID_ELEMENTS | _BLOCK_MODEL | _SPAN_MODEL | {
    "script", "style", "math", "textarea"}  # and the rest of kramdown's raw model, known already


def html_plugin(md: MarkdownIt) -> None:
    """Write the raw HTML of block and span rules as kramdown does; comments and `<script>` end no paragraph."""
    block = md.block.ruler
    _wrap(block, "html_block", lambda rule: _block_html(rule, lazy=True))
    _wrap(block, "kramdown_html_element", lambda rule: _block_html(rule, lazy=False))
    _wrap(block, "kramdown_html_markdown", _markdown_html)
    _wrap(md.inline.ruler, "html_inline", lambda rule: _span_html)
    md.core.ruler.after("inline", "kramdown_html_spans", _close_spans)  # before rules that rebuild children


def _wrap(ruler, name: str, wrap: Callable) -> None:
    """Replace an active rule by `wrap(rule)`, keeping the rules it may interrupt."""
    rule = ruler.getRules("")[ruler.get_active_rules().index(name)]
    ruler.at(name, wrap(rule), {"alt": list(ruler.__rules__[ruler.__find__(name)].alt)})


def _escape(text: str, pattern: re.Pattern = _TEXT_ESCAPE) -> str:
    """kramdown's escape_html: `<`, `>`, `&` (and `"` in attributes) escaped, entity references kept."""
    if "<" not in text and ">" not in text and "&" not in text and '"' not in text:
        return text
    return pattern.sub(lambda found: _ESCAPES.get(found[0], found[0]), text)


def _element_name(written: str) -> str:
    """A tag's name as kramdown keeps it: known HTML elements in lower case, others as written."""
    lower = written.lower()
    return lower if lower in _KNOWN else written


def _end_pattern(name: str) -> re.Pattern:
    """An element's end tag, case-insensitive for known names (kramdown's stop_re)."""
    return re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE if name in _KNOWN else 0)


def _attributes(text: str, name: str, span: bool) -> dict[str, str]:
    """A start tag's attributes as kramdown reads them (names of known elements' attributes in lower case)."""
    attrs: dict[str, str] = {}
    for key, bare, _quote, quoted in _ATTRIBUTE.findall(text):
        value = bare or quoted
        if span and "\n" in value:
            value = re.sub(r"\n+", " ", value)
        attrs[key.lower() if name in _KNOWN else key] = value
    return attrs


def _start_tag(name: str, attrs: dict[str, str]) -> str:
    """`<name attrs` as kramdown writes it: values in double quotes, `markdown` dropped, an empty id left out."""
    return f"<{name}" + "".join(
        f' {key}="{_escape(value, _ATTRIBUTE_ESCAPE)}"' for key, value in attrs.items()
        if key != "markdown" and (key != "id" or value.strip()))


def _closes(name: str, written: str) -> bool:
    """Whether an end tag named `written` ends element `name` (case matters for unknown names)."""
    return name == (written.lower() if name in _KNOWN else written)


class _Element:
    """An element being read: its name, its start tag as written back, its content so far."""

    __slots__ = ("name", "head", "parts", "ended")

    def __init__(self, name: str, head: str) -> None:
        self.name, self.head, self.parts = name, head, []
        self.ended = False  # its end tag was found

    def html(self) -> str:
        """The element with its content and end tag."""
        return f"{self.head}>{''.join(self.parts)}</{self.name}>"


def _raw_content(src: str, pos: int, end: int, element: _Element, span: bool) -> int:
    """Read an element's raw content (tags parsed, text escaped) up to its end tag; the position after it.

    kramdown's parse_raw_html (`span`: its span parser in raw mode). Elements left open close at `end`.
    """
    stack = [element]
    start_pattern = _SPAN_START if span else _RAW_START
    while stack:
        top = stack[-1]
        found = start_pattern.search(src, pos, end)
        if found is None:
            top.parts.append(_escape(src[pos:end]))
            pos = end
            break
        top.parts.append(_escape(src[pos: found.start()]))
        pos = found.start()
        special = _COMMENT.match(src, pos, end) or (None if span else _INSTRUCTION.match(src, pos, end))
        if special:
            top.parts.append(special[0])
            pos = special.end()
            continue
        tag = _TAG.match(src, pos, end)
        if tag:
            pos = _nested_tag(src, tag, end, stack, span)
            continue
        close = _CLOSE.match(src, pos, end)
        if close and _closes(top.name, close[1]):
            stack.pop().ended = True
            if stack:
                stack[-1].parts.append(top.html())
        else:
            top.parts.append(_escape(close[0]) if close else "&lt;")
        pos = close.end() if close else pos + 1
    while len(stack) > 1:
        inner = stack.pop()
        stack[-1].parts.append(inner.html())
    return pos


def _nested_tag(src: str, tag: re.Match, end: int, stack: list[_Element], span: bool) -> int:
    """A start tag inside raw content: a void element written whole, else a new open element."""
    name = _element_name(tag[1])
    if span and name in _BLOCK_ELEMENTS:  # a block tag in span text is text
        stack[-1].parts.append(_escape(tag[0]))
        return tag.end()
    head = _start_tag(name, _attributes(tag[2], name, span))
    if name in ("script", "style") and not span:
        close = _end_pattern(name).search(src, tag.end(), end)
        body_end = close.start() if close else end
        stack[-1].parts.append(f"{head}>{src[tag.end(): body_end]}</{name}>")
        return close.end() if close else end
    if tag[4] or name in _VOID_ELEMENTS:
        stack[-1].parts.append(f"{head} />" if not span or name in _VOID_ELEMENTS else f"{head}></{name}>")
        return tag.end()
    stack.append(_Element(name, head))
    return tag.end()


def write_block_html(content: str, last: bool = True) -> tuple[str, bool]:
    """Raw HTML lines (a markdown-it html_block) as kramdown writes them; True when a blank line follows.

    Each top-level element or comment goes on a line of its own. An element without end tag (`<hr>`,
    `<div/>`) or a script keeps its line end, which kramdown writes as a blank line. Text that starts
    no element (kramdown would read it as Markdown) is kept as written, and so is an element whose end
    tag is missing unless the lines run to the end of the document (`last`): kramdown would read on
    to the end, markdown-it stops at a blank line.
    """
    out: list[str] = []
    pos, size, blank = 0, len(content), False
    while pos < size:
        if blank:
            out.append("\n")
        start = _OPT_SPACE.match(content, pos).end()
        comment = _COMMENT.match(content, pos)
        tag = None if comment else _TAG.match(content, start)
        if comment:
            out.append(comment[0] + "\n")
            pos, blank = comment.end(), False
        elif tag and _element_name(tag[1]) not in _SPAN_ELEMENTS:
            html, after, blank, ended = _block_element(content, tag)
            if not ended and not last:
                out.append(content[pos:])
                return "".join(out), False
            out.append(html + "\n")
            pos = after
        else:
            out.append(content[pos:])
            return "".join(out), False
        trailing = _TRAILING_SPACE.match(content, pos)
        if trailing:
            pos = trailing.end()
        elif pos < size:  # more on the same line: kramdown reads it as a new block
            blank = False
    return "".join(out), blank


def _block_element(content: str, tag: re.Match) -> tuple[str, int, bool, bool]:
    """A top-level element from its start tag: its HTML, the position after it, whether it is written
    without end tag (a blank line follows), whether its content ended with its end tag."""
    name = _element_name(tag[1])
    element = _Element(name, _start_tag(name, _attributes(tag[2], name, False)))
    if name in ("script", "style"):
        holder = _Element("", "")
        pos = _nested_tag(content, tag, len(content), [holder], False)
        return "".join(holder.parts), pos, True, True
    if tag[4] or name in _VOID_ELEMENTS:
        return element.head + " />", tag.end(), True, True
    pos = _raw_content(content, tag.end(), len(content), element, False)
    return element.html(), pos, False, element.ended


def _block_html(rule: Callable, *, lazy: bool) -> Callable:
    """A block rule making html_block tokens, their HTML written as kramdown writes it.

    A line kramdown reads as paragraph text is left to the paragraph rule (_paragraph_line); `lazy`:
    markdown-it's own rule, which also decides what ends a paragraph.
    """
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        first = state.bMarks[start] + state.tShift[start]
        if not silent and _paragraph_line(state, start, first):
            return False
        if lazy and silent:
            src = state.src
            if src.startswith(("<!--", "<script"), first):  # kramdown's LAZY_END_HTML_START wants another element
                return False
            close = _CLOSE.match(src, first)
            if close and _element_name(close[1]) not in _SPAN_ELEMENTS:  # LAZY_END_HTML_STOP
                return True
        count = len(state.tokens)
        if not rule(state, start, end, silent):
            return False
        if silent:
            return True
        token = state.tokens[count]
        if _MARKDOWN_INSIDE.search(token.content, 0, token.content.find(">")):
            return True  # an unclosed `<div markdown="1">`: kramdown reads Markdown to the end, not handled here
        token.content, blank = write_block_html(token.content, state.line >= end)
        where = _blank_after(state, end) if blank else None
        if where is not None:
            state.push("html_block", "", 0).map = where or None  # kramdown's :blank for the line end it left
        return True
    return run


def _paragraph_line(state: StateBlock, line: int, first: int) -> bool:
    """Whether kramdown reads a `<` line as paragraph text: an end tag, a comment indented 1-3 spaces, or a
    tag its HTML_TAG_RE does not match (`<div x=a.b>`: unquoted values are word characters only)."""
    src = state.src
    if src.startswith("<!--", first):
        return state.sCount[line] > state.blkIndent
    return src.startswith("</", first) or _TAG.match(src, first) is None


def _blank_after(state: StateBlock, end: int) -> list[int] | None:
    """Where kramdown's blank line after an element without end tag goes, or None where a blank source line
    (or a list item's end, which drops its last blank) stands for it.

    The blank keeps an IAL below the element from applying to it; a blank source line after an IAL or a
    link definition is the same :blank, so the token takes that line's place (its map): one is written.
    """
    line = state.line
    while line < end and _WRITES_NOTHING.match(state.src, state.bMarks[line] + state.tShift[line]):
        line += 1
    if line < end and state.isEmpty(line):
        return [line, line + 1] if line > state.line else None
    if line < end and state.sCount[line] >= state.blkIndent:
        return []
    level = state.level - 1  # the item around the block (markdown-it's parentType is not reliable)
    parent = next((token for token in reversed(state.tokens) if token.level == level and token.nesting == 1), None)
    return None if parent is not None and parent.type == "list_item_open" else []


def _markdown_html(rule: Callable) -> Callable:
    """sitegen.kramdown's `<tag markdown="1">` rule, its start and end tags written as kramdown writes them."""
    def run(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        count = len(state.tokens)
        if not rule(state, start, end, silent):
            return False
        if silent:
            return True
        opening, closing = state.tokens[count], state.tokens[-1]
        tag = _TAG.match(opening.content)
        if tag:
            name = _element_name(tag[1])
            opening.content = _start_tag(name, _attributes(tag[2], name, False)) + ">\n"
            closing.content = f"</{name}>\n"
        return True
    return run


def _span_html(state: StateInline, silent: bool) -> bool:
    """Span-level HTML at `<` as kramdown's span parser reads it; False leaves the `<` as text."""
    src, pos, end = state.src, state.pos, state.posMax
    meta: dict = {}
    found = _COMMENT.match(src, pos, end) if src.startswith("<!--", pos) else None
    if found:
        content, after = found[0], found.end()
    elif src.startswith("</", pos):
        found = _CLOSE.match(src, pos, end)
        if found is None:
            return False
        name = _element_name(found[1])
        content, after, meta = f"</{name}>", found.end(), {"kramdown_close": found[1], "written": found[0]}
    else:
        found = _TAG.match(src, pos, end)
        if found is None:
            return False
        if _element_name(found[1]) in _BLOCK_ELEMENTS:  # text to kramdown, but no Markdown (no smart quotes)
            content, after = _escape(found[0]), found.end()
        else:
            content, after, meta = _span_element(src, found, end)
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content, token.meta = content, meta
        if meta:
            state.env.setdefault("kramdown_html_spans", {})[id(state.tokens)] = state.tokens
    state.pos = after
    return True


def _span_element(src: str, tag: re.Match, end: int) -> tuple[str, int, dict]:
    """A span element's start tag (its content parsed as Markdown), or the whole element where kramdown
    keeps its content raw: (HTML, position after it, meta naming an element left open)."""
    name = _element_name(tag[1])
    attrs = _attributes(tag[2], name, True)
    head = _start_tag(name, attrs)
    if name in _VOID_ELEMENTS:
        return head + " />", tag.end(), {}
    if tag[4]:
        return f"{head}></{name}>", tag.end(), {}
    mode = attrs.get("markdown")
    raw = mode == "0" or (mode != "span" and name not in _BLOCK_MODEL and name not in _SPAN_MODEL)
    close = _end_pattern(name).search(src, tag.end(), end)
    if not raw or not _MARKDOWN_SIGN.search(src, tag.end(), close.start() if close else end):
        return head + ">", tag.end(), {"kramdown_open": name}  # plain text reads the same either way
    element = _Element(name, head)
    after = _raw_content(src, tag.end(), end, element, True)
    return element.html(), after, {}


def _close_spans(state: StateCore) -> None:
    """Pair span elements' start and end tags as kramdown does: an end tag that closes nothing is text, an
    element left open closes at the end of its paragraph (or link)."""
    lists = state.env.pop("kramdown_html_spans", None)
    for tokens in (lists or {}).values():
        opened: list[Token] = []
        result: list[Token] = []
        for token in tokens:
            meta = token.meta
            if token.type == "html_inline" and "kramdown_open" in meta:
                opened.append(token)
            elif token.type == "html_inline" and "kramdown_close" in meta:
                top = opened[-1] if opened else None
                if top and top.level == token.level and _closes(top.meta["kramdown_open"], meta["kramdown_close"]):
                    opened.pop()
                else:
                    token.type, token.content = "text", meta["written"]
            elif token.nesting == -1:
                while opened and opened[-1].level > token.level:
                    result.append(_end_tag(opened.pop()))
            result.append(token)
        result.extend(_end_tag(token) for token in reversed(opened))
        tokens[:] = result


def _end_tag(opening: Token) -> Token:
    """The end tag kramdown adds to an element left open."""
    token = Token("html_inline", "", 0)
    token.content, token.level = f"</{opening.meta['kramdown_open']}>", opening.level
    return token
