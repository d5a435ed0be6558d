"""Pygments tokens as Rouge names them: the short class Rouge's HTML formatter writes for each piece of text.

The token types of Pygments and Rouge share their short names (`k`, `nf`, `s2`, …); what differs is how the
two lexers of one language name a token. Where Rouge 3.30.0's lexer (lib/rouge/lexers/*.rb) names one
otherwise, small tables per Rouge lexer tag, each checked against `jekyll build` output, say Rouge's class:
by the token's type or text (_RENAMES), by the token before it (_AFTER), for the pieces Rouge's rules cut a
token in (_SPLITS), and which side of a line end a token ends on (_LINE_ENDS); for the shell, which spaces
join the word before (_word_spaces). Not a second lexer: where Rouge's lexer finds other tokens (C's `1.0f`,
Markdown, TeX, numbers in the shell's `$((…))`) the block stays Pygments'.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from pygments.token import (
    STANDARD_TYPES, Comment, Generic, Keyword, Literal, Name, Number, Operator, Punctuation, String, Text, Whitespace,
    _TokenType,
)

_YAML_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Rouge's Python builtins (python.rb): Rouge names them so after a `.` too (`x.sum()`, `torch.float`), Pygments not.
_PYTHON_BUILTINS = """
    __import__ abs all any apply ascii basestring bin bool buffer bytearray bytes callable chr classmethod cmp
    coerce compile complex delattr dict dir divmod enumerate eval execfile exit file filter float format frozenset
    getattr globals hasattr hash hex id input int intern isinstance issubclass iter len list locals long map max
    memoryview min next object oct open ord pow property range raw_input reduce reload repr reversed round set
    setattr slice sorted staticmethod str sum super tuple type unichr unicode vars xrange zip
""".split()
# Rouge's shell builtins (shell.rb) beyond Pygments': coreutils and a few more, named so as whole words.
_SHELL_BUILTINS = """
    alias bg bind break builtin caller cd command compgen complete declare dirs disown enable eval exec exit export
    false fc fg getopts hash help history jobs let local logout mapfile popd pushd pwd read readonly set shift shopt
    source suspend test time times trap true type typeset ulimit umask unalias unset wait cat tac nl od base32
    base64 fmt pr fold head tail split csplit wc sum cksum b2sum md5sum sha1sum sha224sum sha256sum sha384sum
    sha512sum sort shuf uniq comm ptx tsort cut paste join tr expand unexpand ls dir vdir dircolors cp dd install mv
    rm shred link ln mkdir mkfifo mknod readlink rmdir unlink chown chgrp chmod touch df du stat sync truncate echo
    printf yes expr tee basename dirname pathchk mktemp realpath stty printenv tty id logname whoami groups users
    who date arch nproc uname hostname hostid uptime chcon runcon chroot env nice nohup stdbuf timeout kill sleep
    factor numfmt seq tar grep sudo awk sed gzip gunzip
""".split()
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
        **{(Name, word): "nb" for word in _PYTHON_BUILTINS},
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
    "shell": {
        Comment.Single: "c", Comment.Hashbang: "c",
        Number: "", (Punctuation, "|"): "", (Punctuation, "&"): "",  # Rouge's words take digits, `|`, `&`
        (Keyword, "$("): "si", (Keyword, ")"): "si", String.Interpol: "k",  # `$(…)` Str::Interpol, `${…}` Keyword
        (Text, ">"): "o", (Text, ">>"): "o", (Text, "."): "nb", (Keyword, "break"): "nb",
        **{(Text, word): "nb" for word in _SHELL_BUILTINS},
    },
    "html": {Punctuation: "nt", (Operator, "="): "na"},  # `<p`, `</p>`, `/>` whole tags; `class=` one attribute
    "javascript": {
        (Punctuation, "=>"): "o", String.Backtick: "s2", String.Interpol: "p",  # template strings: Str::Double, `${` `}`
        Operator.Word: "k",  # new, typeof, in, …: keywords
        Name.Exception: "nx", (Name.Exception, "Error"): "nb",  # of the exceptions only Error is a builtin
    },
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
    "shell": {
        # a word's leading option (Name::Tag), or its first `*` (Keyword)
        Text: (re.compile(r"(?:(--?[\w-]+)|([^*]*+)(\*))(.*)", re.S), ("nt", "", "k", "")),
        # a heredoc: `<<` Operator, its word and closing line Name::Constant, the rest Str::Heredoc
        String: (re.compile(r"(<<-?)(\s*)('?\\?)(\w+)('?)(\n.*\n)(\s*\w+)", re.S), ("o", "", "sh", "no", "sh", "sh", "no")),
    },
}

# A line end that Rouge's lexer keeps in the token before ("in") where Pygments' leaves it out, or the reverse.
_LINE_ENDS: dict[str, tuple[str, frozenset]] = {
    "python": ("in", frozenset({Comment.Single})),
    "diff": ("in", frozenset({Generic.Heading, Generic.Deleted, Generic.Inserted})),
    "shell": ("out", frozenset({Comment.Single, Comment.Hashbang, String.Escape})),  # `\\` then the line end
    "c": ("out", frozenset({Comment.Single})),
    "cpp": ("out", frozenset({Comment.Single})),
    "tex": ("out", frozenset({Comment})),
}


# Rouge lexers whose keyword and builtin rules (`\b(if|…)\s*\b`) take the spaces after the word when a word
# follows, and whose heredoc end takes its line end.
_WORD_SPACES = frozenset({"shell", "console"})
_WORD_START = re.compile(r"\w").match
_HOLDS = frozenset({"k", "nb", "gp"})  # classes whose following spaces may join them


def _word_spaces(pieces: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The pieces with a keyword's or builtin's following spaces in its class where a word comes next, the
    spaces inside a prompt (Pygments' `(venv)` and `$`, Rouge's one prompt up to the `$`) in the prompt's, and
    Rouge's names where its lexer's state (arithmetic, a word running into `>`) names a token otherwise."""
    last_css = last_text = held = ""
    math = case = False  # inside `$((…))`: Rouge's numbers are Num there, bare names text
    for css, value in pieces:
        if not value:
            continue
        if case and css == "o" and value == ")":  # a `case` pattern's end: Rouge's Punctuation
            css = "p"
        if math:
            math = value != "))"
            css = "m" if value.isdigit() else "" if css == "nv" and value[0] != "$" else css
        elif css == "o" and not last_css and value[0] == ">" and not last_text[-1].isspace():
            css = ""  # `2>&1`: Rouge's word takes the `>`
        if held:
            joins = css == "gp" if last_css == "gp" else _WORD_START(value)
            yield (last_css if joins else ""), held
            held = ""
        if not css:
            if last_css in _HOLDS and value.isspace() and (last_css == "gp" or _WORD_START(last_text[-1])):
                held = value
                continue
            if last_css == "no" and value[0] == "\n":  # a heredoc's closing line
                yield "no", "\n"
                value = value[1:]
                if not value:
                    continue
        last_css, last_text = css, value
        math = math or value == "$(("
        case = value == "case" or case and value != "esac"
        yield css, value
    if held:
        yield "", held


# Rouge's console lexer lexes each command with its shell lexer; its prompt ends at `$`, spaces after are Whitespace.
_RENAMES["console"], _LINE_ENDS["console"] = _RENAMES["shell"], _LINE_ENDS["shell"]
_SPLITS["console"] = {**_SPLITS["shell"], Generic.Prompt: (re.compile(r"(.*?)(\s*)", re.S), ("gp", "w"))}


class _RougeClasses(dict):
    """Token type → the class Rouge writes for it: its short name; none for text, whitespace included."""

    def __missing__(self, token_type: _TokenType) -> str:
        named = token_type
        while _ROUGE_NAMES.get(named, STANDARD_TYPES.get(named)) is None:
            named = named.parent
        css = self[token_type] = "" if named in Text else _ROUGE_NAMES.get(named) or STANDARD_TYPES[named]
        return css


_CLASSES = _RougeClasses()


class _Rules:
    """One Rouge lexer's tables, and the token types any of them touches (the rest take _CLASSES' name)."""

    def __init__(self, tag: str) -> None:
        self.renames, self.after = _RENAMES.get(tag, {}), _AFTER.get(tag, {})
        self.splits = _SPLITS.get(tag, {})
        self.side, self.line_tokens = _LINE_ENDS.get(tag, ("", frozenset()))
        keys = [*self.renames, *self.after]
        # a (type, text) key is a plain tuple; a token type is a tuple too, of its own class
        self.special = frozenset(key if isinstance(key, _TokenType) else key[0] for key in keys).union(
            self.splits, self.line_tokens)

    def class_of(self, token_type: _TokenType, value: str, previous: str) -> str:
        """Rouge's class for a token of a special type: by the token before, by its text, by its type."""
        css = self.after.get((token_type, previous)) or self.renames.get(
            (token_type, value), self.renames.get(token_type, _CLASSES[token_type]))
        return css if isinstance(css, str) else css(value)


_RULES = {tag: _Rules(tag) for tag in {*_RENAMES, *_AFTER, *_SPLITS, *_LINE_ENDS}}


def rouge_classes(tokens: Iterable[tuple[_TokenType, str]], tag: str) -> Iterator[tuple[str, str]]:
    """(Rouge class, text) for Pygments' tokens of a block in the language of Rouge's lexer `tag`."""
    return _word_spaces(_rouge_pieces(tokens, tag)) if tag in _WORD_SPACES else _rouge_pieces(tokens, tag)


def _rouge_pieces(tokens: Iterable[tuple[_TokenType, str]], tag: str) -> Iterator[tuple[str, str]]:
    """rouge_classes before the shell's keyword spaces."""
    rules = _RULES.get(tag)
    if rules is None:
        yield from ((_CLASSES[token_type], value) for token_type, value in tokens)
        return
    special, line_tokens, splits = rules.special, rules.line_tokens, rules.splits
    previous = line_class = ""  # previous: the text of the last token with a class (whitespace aside)
    for token_type, value in tokens:
        if line_class and value.startswith("\n"):  # side "in": the token before takes the line end
            yield line_class, "\n"
            value = value[1:]
        line_class = ""
        if token_type not in special:
            css = _CLASSES[token_type]
        else:
            css = rules.class_of(token_type, value, previous)
            if token_type in line_tokens and rules.side == "in":
                line_class = css
            elif token_type in line_tokens and value.endswith("\n"):
                yield css, value[:-1]
                value, css = "\n", ""
            elif token_type in splits and (pieces := splits[token_type][0].fullmatch(value)):
                yield from zip(splits[token_type][1], pieces.groups())
                value = ""
        if css:
            previous = value
        if value:
            yield css, value
