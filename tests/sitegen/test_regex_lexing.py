"""sitegen.regex_lexing: joined-regex lexing gives exactly Pygments' tokens."""
from __future__ import annotations

import re

import pytest
from pygments.lexers import get_lexer_by_name

from sitegen import regex_lexing
from sitegen.regex_lexing import _first_chars, speed_up

_SAMPLES = {
    "python": '''@dataclass(frozen=True)
class Über:  # non-ASCII names and comments: ünïcode
    """Doc "string" with {braces}."""
    x: int = 0x1F + 1_000 + 3.5e-2j

    def f(self, *args, **kw) -> str:
        s = rf"{self.x!r:>10} \\d+" + b'\\x00' + f'{kw["a"]:{width}}'
        return s if not args else ValueError(f"{args=}") $ ?
''',
    "bash": '''#!/bin/bash
cat <<EOF > out.txt
line $HOME ${x:-default} $(date +%s)
EOF
for f in *.md; do echo "${f%.md}" | tr 'a-z' 'A-Z'; done  # comment
''',
    "javascript": "const re = /a[/]b/gi; let s = `x ${y + `z`}`; // note\nclass A extends B { #p = 1n; }\n",
    "rust": "fn main() { let r#type = 'a'; let s = r#\"raw \"quoted\"\"#; println!(\"{s}\"); } // ü\n",
    "css": "@media (max-width: 40em) { .a > b::before { content: \"\\201C\"; color: #fff !important; } }\n",
    "julia": "function f(x::Vector{Float64})\n    y = x .+ 1  # ∀ x\n    return \"$(y[1])\" * raw\"\\d\"\nend\n",
    "go": "package main\nimport \"fmt\"\nfunc main() { x := []int{1, 2}; fmt.Printf(`%v\\n`, x) }\n",
}


@pytest.fixture(autouse=True)
def _joined_from_the_start(monkeypatch):
    """Tables from the first character on, so the samples go through the joined regexes."""
    monkeypatch.setattr(regex_lexing, "WARM_UP_CHARS", 0)


@pytest.mark.parametrize("name", sorted(_SAMPLES))
def test_tokens_equal_pygments(name):
    stock = get_lexer_by_name(name, stripnl=False, ensurenl=True)
    fast = speed_up(get_lexer_by_name(name, stripnl=False, ensurenl=True))
    assert "get_tokens_unprocessed" in vars(fast)
    text = _SAMPLES[name]
    for piece in (text, text[: len(text) // 2], text * 3):  # cut mid-token too: lexers end in odd states
        assert list(fast.get_tokens(piece)) == list(stock.get_tokens(piece))


def test_lexers_with_their_own_loop_are_left_as_they_are():
    ruby = get_lexer_by_name("ruby")
    assert speed_up(ruby) is ruby and "get_tokens_unprocessed" not in vars(ruby)


def test_first_characters_follow_the_regex_engine():
    assert _first_chars(re.compile(r"(?<!\.)\bfoo|ba?r")) == frozenset("fb")
    assert _first_chars(re.compile(r"a?[0-2]")) == frozenset("a012")
    # IGNORECASE: the Kelvin sign matches ASCII k and K.
    assert _first_chars(re.compile("\u212a", re.IGNORECASE)) == frozenset("kK")
    assert _first_chars(re.compile(r"[^\S\n]+")) == frozenset(" \t\r\x0b\x0c\x1c\x1d\x1e\x1f")
    assert _first_chars(re.compile("x*")) is None  # may match empty: a candidate everywhere
    assert _first_chars(re.compile(r"(a)\1")) == frozenset("a")


def test_small_jobs_keep_pygments_loop(monkeypatch):
    monkeypatch.setattr(regex_lexing, "WARM_UP_CHARS", 50)
    lexer = speed_up(get_lexer_by_name("go"))
    states = regex_lexing._states_of(type(lexer))
    states.clear()
    states.lexed = 0
    text = _SAMPLES["go"]  # 90 characters: the first call runs Pygments' loop and builds no tables
    assert list(lexer.get_tokens(text)) == list(get_lexer_by_name("go").get_tokens(text)) and not states
    assert list(lexer.get_tokens(text)) == list(get_lexer_by_name("go").get_tokens(text)) and states
