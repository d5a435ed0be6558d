"""Code highlighting with Pygments, in the markup Jekyll's Rouge writes (same wrappers, class names and spans)."""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.styles import get_all_styles
from pygments.token import Generic, _TokenType
from pygments.util import ClassNotFound

from sitegen.regex_lexing import speed_up
from sitegen.rouge_tokens import rouge_classes

# Made from the installed Rouge by the command in its header (no Ruby at run time).
_ROUGE_LEXERS = Path(__file__).parent / "rouge_lexers.txt"


@cache
def _rouge_tags() -> dict[str, tuple[str, ...]]:
    """Every name Rouge's Lexer.find knows (case-sensitive) → its lexer's tag and aliases, tag first."""
    names: dict[str, tuple[str, ...]] = {}
    for line in _ROUGE_LEXERS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            entry = tuple(line.split())
            names.update(dict.fromkeys(entry, entry))
    return names


def rouge_knows(lang: str) -> bool:
    """Whether Rouge (the version GitHub Pages pins) has a lexer for `lang`, spelled exactly so."""
    return lang in _rouge_tags()


@lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    """The Pygments lexer for the language Rouge lexes `lang` as, or None when Rouge or Pygments knows none.

    Rouge's tag is tried first, then its aliases (`ex` is Vim script in Rouge, Elixir in Pygments).
    """
    for name in _rouge_tags().get(lang, ()):
        try:
            # stripnl=False: Rouge keeps a block's leading blank lines.
            return speed_up(get_lexer_by_name(name, stripnl=False, ensurenl=True))
        except ClassNotFound:
            continue
    return None


def _rouge_spans(pieces: Iterable[tuple[str, str]]) -> str:
    """(class, text) pieces as Rouge's HTML formatter writes them: one span per run of a class (lines and all),
    text bare, only `&`, `<` and `>` escaped."""
    parts: list[str] = []
    add = parts.append
    current = ""
    for css, value in pieces:
        if not value:  # `""` in javascript: two delimiters, one span
            continue
        if css != current:
            if current:
                add("</span>")
            if css:
                add(f'<span class="{css}">')
            current = css
        add(html.escape(value, quote=False) if "&" in value or "<" in value or ">" in value else value)
    if current:
        add("</span>")
    return "".join(parts)


def highlight_spans(code: str, lang: str | None) -> str:
    """Highlighted (or, for a language without a lexer, escaped) code as HTML spans ending in a newline."""
    lexer = _lexer(lang) if lang else None
    if lexer is None:
        escaped = html.escape(code, quote=False)
        return escaped if code.endswith("\n") else escaped + "\n"
    tag = _rouge_tags()[lang][0]
    tokens = lexer.get_tokens(code)
    pieces = rouge_classes(_console_prompts(tokens) if tag == "console" else tokens, tag)
    return _rouge_spans(pieces if code.endswith("\n") else _added_line_end_bare(pieces))


# Rouge's console prompt: a line's text up to its first `$`, `#`, `>` or `;`, and the spaces after.
_CONSOLE_PROMPT = re.compile(r".*?[$#>;]\s*")


def _console_prompts(tokens: Iterable[tuple[_TokenType, str]]) -> Iterator[tuple[_TokenType, str]]:
    """The tokens with the output lines Rouge's console reads as prompt lines (`numpy>=1.2`, `a -> b`) as a prompt
    and the rest lexed as shell: Rouge tries its prompt on every line, Pygments only on prompt-like ones."""
    for token_type, value in tokens:
        prompt = _CONSOLE_PROMPT.match(value) if token_type is Generic.Output else None
        if prompt is None:
            yield token_type, value
            continue
        yield Generic.Prompt, prompt.group()
        if rest := value[prompt.end():]:
            yield from _lexer("shell").get_tokens(rest)


def _added_line_end_bare(pieces: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The pieces with the line end Pygments added to the code (ensurenl) as bare text: Rouge's `{% highlight %}`
    lexes the code without one, so no token of Rouge's has it (a last comment's span ends before it)."""
    last = None
    for piece in pieces:
        if last is not None:
            yield last
        last = piece
    if last is not None:
        css, value = last
        if value.removesuffix("\n"):
            yield css, value.removesuffix("\n")
        yield "", "\n"


def _with_line_numbers(spans: str) -> str:
    """Rouge's `linenos` table: a gutter of numbers beside the code."""
    count = spans.count("\n") or 1
    numbers = "\n".join(str(n) for n in range(1, count + 1))
    return (
        '<table class="rouge-table"><tbody><tr><td class="gutter gl">'
        f'<pre class="lineno">{numbers}\n</pre></td><td class="code"><pre>{spans}</pre></td>'
        "</tr></tbody></table>"
    )


def _attributes(attrs: dict) -> str:
    """HTML attributes, values escaped."""
    return "".join(f' {name}="{html.escape(str(value))}"' for name, value in attrs.items())


def highlight_code(
    code: str, lang: str | None, *, linenos: bool = False, attrs: dict | None = None
) -> str:
    """Code in Rouge's wrapper: `<div class="language-x highlighter-rouge">…<code>…`.

    The full shape is `<div class="language-x highlighter-rouge"><div class="highlight">
    <pre class="highlight"><code>spans</code></pre></div></div>`; `attrs` (e.g. from a
    kramdown IAL) go on the outer div, a `class` there adding to Rouge's. A language Rouge
    does not know is plain text, as with Jekyll's `{% highlight %}` (Rouge's PlainText lexer).
    """
    spans = highlight_spans(code, lang)
    if linenos:
        spans = _with_line_numbers(spans)
    extra = dict(attrs or {})
    classes = [f"language-{lang or 'plaintext'}", "highlighter-rouge"]  # Jekyll's kramdown: default_lang plaintext
    if extra.get("class"):
        classes.insert(1, str(extra.pop("class")))
    return (
        f'<div class="{html.escape(" ".join(classes))}"{_attributes(extra)}><div class="highlight">'
        f'<pre class="highlight"><code>{spans}</code></pre></div></div>\n'
    )


def render_code_block(code: str, lang: str | None, *, attrs: dict | None = None) -> str:
    """A fenced or indented block as kramdown writes it with Rouge (convert_codeblock).

    Highlighted in Rouge's wrapper, unless the fence names a language Rouge does not know
    (`foobar`, `Python`: the lookup is case-sensitive): then `<pre><code class="language-x">`,
    escaped, `attrs` on the `<pre>`. A `?options` suffix (`php?start_inline=1`) is Rouge's, not the name's.
    """
    name = lang.split("?", 1)[0] if lang else None
    if name is None or rouge_knows(name):
        return highlight_code(code, name, attrs=attrs)
    escaped = html.escape(code, quote=False).removesuffix("\n")
    return f'<pre{_attributes(attrs or {})}><code class="language-{html.escape(name)}">{escaped}\n</code></pre>\n'


def pygments_css(style: str = "default", *, selector: str = ".highlight") -> str:
    """The CSS rules of a Pygments style under `selector` (Rouge uses the same class names)."""
    if style not in set(get_all_styles()):
        known = ", ".join(sorted(get_all_styles()))
        raise ValueError(f"pygments_css: style={style!r} is not a Pygments style (known: {known})")
    return HtmlFormatter(style=style).get_style_defs(selector) + "\n"
