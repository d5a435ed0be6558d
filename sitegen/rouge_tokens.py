"""Pygments tokens as Rouge names them: the short class Rouge's HTML formatter writes for each piece of text.

The token types of Pygments and Rouge share their short names (`k`, `nf`, `s2`, …); what differs is how a
lexer of one language names a token in each. Where Rouge 3.30.0's lexer (lib/rouge/lexers/*.rb) names one
otherwise, a small table per Rouge lexer tag says Rouge's class, checked against `jekyll build` output: a
Pygments token type, or a (type, text) pair for a token Rouge classes by its text. Not a second lexer:
tokens Rouge's lexer splits or joins otherwise stay as Pygments lexes them, except a comment's line end.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from pygments.token import (
    STANDARD_TYPES, Comment, Generic, Keyword, Literal, Name, Number, Operator, Punctuation, String, Text, Whitespace,
    _TokenType,
)

_YAML_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Rouge's token names (Rouge::Token) where they differ from Pygments' STANDARD_TYPES; None: Pygments' only,
# a token of that type takes its parent's name.
_ROUGE_NAMES = {
    Comment.Doc: "cd", Generic.Lineno: "gl", Keyword.Variable: "kv", Number.Other: "mx", Punctuation.Indicator: "pi",
    Punctuation.Marker: None, Generic.EmphStrong: None,
}

_RENAMES: dict[str, dict] = {
    "python": {
        Keyword.Constant: "bp",  # None, True, False: Rouge's builtins_pseudo
        Name.Exception: "nb",  # Rouge's exceptions are builtins
        Name.Function.Magic: "n", Name.Variable.Magic: "n",
        String.Double: "s", String.Single: "s", String.Doc: "s",  # one Str for every quote
        (Operator, "."): "p", (Operator, ","): "p",  # in Rouge's punctuation class
        (Name.Builtin, "print"): "k", (Name.Builtin, "exec"): "k",  # Python 2 keywords in Rouge's list
        (Name.Builtin.Pseudo, "cls"): "n",
    },
    "json": {
        Whitespace: "w",  # Rouge's JSON lexer, unlike most, writes Text::Whitespace
        Name.Tag: "nl",  # keys
    },
    "toml": {
        Keyword: "nn",  # [table] headers
        Name: "py", (Operator, "="): "p",
        String.Double: "s", String.Single: "s", Comment.Single: "c",
    },
    "shell": {Comment.Single: "c", Comment.Hashbang: "c"},
    "html": {Punctuation: "nt", (Operator, "="): "na"},
    "javascript": {(Punctuation, "=>"): "o"},  # `<p`, `</p>`, `/>` whole tags; `class=` one attribute
    "yaml": {
        Name.Tag: "na", Punctuation: "pi", String: "s",
        Literal.Scalar.Plain: lambda text: (  # plain_scalar_in_block_context
            "no" if text in ("true", "false", "null") else "m" if _YAML_NUMBER.fullmatch(text) else "s"),
    },
}

# By the text of the token before (whitespace aside): Rouge's rules that name a token by what precedes it.
_AFTER: dict[str, dict] = {
    "python": {
        (Name.Namespace, "as"): "n", (Name.Namespace, ","): "n",  # only `import a.b` makes a namespace
        (Name.Function.Magic, "def"): "nf",  # `super().__init__()` is a plain name
    },
    "yaml": {(String, ":"): "s2", (String, "-"): "s2"},  # an opening quote (closing ones are plain Str)
}

# Tokens Rouge's rules cut in pieces: a pattern with a group per piece, and each piece's class ("" for text).
_SPLITS: dict[str, dict] = {
    "python": {Name.Decorator: (re.compile(r"(@)(.+)", re.S), ("o", "n"))},  # its operator rule comes first
    "javascript": {  # quotes are Str::Delimiter
        String.Double: (re.compile(r'(")(.*)(")', re.S), ("dl", "s2", "dl")),
        String.Single: (re.compile(r"(')(.*)(')", re.S), ("dl", "s1", "dl")),
    },
    "diff": {Generic.Subheading: (re.compile(r"(@@[^@]*@@)(.*)", re.S), ("p", ""))},
}

# A line end that Rouge's lexer keeps in the token before ("in") where Pygments' leaves it out, or the reverse.
_LINE_ENDS: dict[str, tuple[str, frozenset]] = {
    "python": ("in", frozenset({Comment.Single})),
    "diff": ("in", frozenset({Generic.Heading, Generic.Deleted, Generic.Inserted})),
    "shell": ("out", frozenset({Comment.Single, Comment.Hashbang})),
    "c": ("out", frozenset({Comment.Single})),
    "cpp": ("out", frozenset({Comment.Single})),
    "tex": ("out", frozenset({Comment})),
}


@cache
def _rouge_class(token_type: _TokenType) -> str:
    """The class Rouge writes for a token type: its short name; none for text, whitespace included."""
    while _ROUGE_NAMES.get(token_type, STANDARD_TYPES.get(token_type)) is None:
        token_type = token_type.parent
    return "" if token_type in Text else _ROUGE_NAMES.get(token_type) or STANDARD_TYPES[token_type]


def rouge_classes(tokens: Iterable[tuple[_TokenType, str]], tag: str) -> Iterator[tuple[str, str]]:
    """(Rouge class, text) for Pygments' tokens of a block in the language of Rouge's lexer `tag`."""
    renames, after, splits = _RENAMES.get(tag, {}), _AFTER.get(tag, {}), _SPLITS.get(tag, {})
    side, line_tokens = _LINE_ENDS.get(tag, ("", frozenset()))
    previous = line_class = ""
    for token_type, value in tokens:
        css = _rouge_class(token_type)
        if renames:
            css = after.get((token_type, previous)) or renames.get((token_type, value), renames.get(token_type, css))
            if not isinstance(css, str):
                css = css(value)
        if not value.isspace():
            previous = value
        if line_class and value.startswith("\n"):  # side "in": the token before takes the line end
            yield line_class, "\n"
            value = value[1:]
        line_class = css if side == "in" and token_type in line_tokens else ""
        if side == "out" and token_type in line_tokens and value.endswith("\n"):
            yield css, value[:-1]
            yield "", "\n"
        elif token_type in splits and (pieces := splits[token_type][0].fullmatch(value)):
            yield from zip(splits[token_type][1], pieces.groups())
        elif value:
            yield css, value
