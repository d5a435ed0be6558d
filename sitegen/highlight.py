"""Code highlighting with Pygments, in the markup Jekyll's Rouge writes (same CSS class names)."""
from __future__ import annotations

import html
from functools import lru_cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.styles import get_all_styles
from pygments.util import ClassNotFound

from sitegen.regex_lexing import speed_up

# Rouge names that Pygments spells differently.
_ROUGE_ALIASES = {
    "plaintext": "text", "plain": "text", "txt": "text",
    "shell_session": "console", "terminal": "console", "shell-session": "console",
}
_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    """The Pygments lexer for a fence's language name, or None when Pygments knows none."""
    name = lang.strip().lower()
    name = _ROUGE_ALIASES.get(name, name)
    try:
        # stripnl=False: Rouge keeps a block's leading blank lines.
        return speed_up(get_lexer_by_name(name, stripnl=False, ensurenl=True))
    except ClassNotFound:
        return None


def _highlight_spans(code: str, lang: str | None) -> str:
    """Highlighted (or, for an unknown language, escaped) code as HTML spans ending in a newline."""
    lexer = _lexer(lang) if lang else None
    if lexer is None:
        escaped = html.escape(code, quote=False)
        return escaped if escaped.endswith("\n") else escaped + "\n"
    return highlight(code, lexer, _FORMATTER)


def _with_line_numbers(spans: str) -> str:
    """Rouge's `linenos` table: a gutter of numbers beside the code."""
    count = spans.count("\n") or 1
    numbers = "\n".join(str(n) for n in range(1, count + 1))
    return (
        '<table class="rouge-table"><tbody><tr><td class="gutter gl">'
        f'<pre class="lineno">{numbers}\n</pre></td><td class="code"><pre>{spans}</pre></td>'
        "</tr></tbody></table>"
    )


def highlight_code(
    code: str, lang: str | None, *, linenos: bool = False, attrs: dict | None = None
) -> str:
    """Code as Jekyll writes a fenced block: `<div class="language-x highlighter-rouge">…<code>…`.

    The full shape is `<div class="language-x highlighter-rouge"><div class="highlight">
    <pre class="highlight"><code>spans</code></pre></div></div>`; `attrs` (e.g. from a
    kramdown IAL) go on the outer div, a `class` there adding to Rouge's.
    """
    spans = _highlight_spans(code, lang)
    if linenos:
        spans = _with_line_numbers(spans)
    extra = dict(attrs or {})
    classes = [f"language-{lang or 'plaintext'}", "highlighter-rouge"]  # Jekyll's kramdown: default_lang plaintext
    if extra.get("class"):
        classes.insert(1, str(extra.pop("class")))
    rendered = "".join(f' {name}="{html.escape(str(value))}"' for name, value in extra.items())
    return (
        f'<div class="{html.escape(" ".join(classes))}"{rendered}><div class="highlight">'
        f'<pre class="highlight"><code>{spans}</code></pre></div></div>\n'
    )


def pygments_css(style: str = "default", *, selector: str = ".highlight") -> str:
    """The CSS rules of a Pygments style under `selector` (Rouge uses the same class names)."""
    if style not in set(get_all_styles()):
        known = ", ".join(sorted(get_all_styles()))
        raise ValueError(f"pygments_css: style={style!r} is not a Pygments style (known: {known})")
    return HtmlFormatter(style=style).get_style_defs(selector) + "\n"
