"""Pygments' RegexLexer loop with fewer, joined regex calls: the same tokens, in about a third of the time.

RegexLexer tries a state's rules one `match` call after another at every position; that loop is
most of a code block's cost. Here a state's rules are joined into one alternation `(?:rule0)()|…`
that the regex engine tries in the same order, in C (the empty group closing each alternative is
`lastindex`, naming the rule that matched), and rules that cannot start with the character at the
position (their possible first characters are read from the parsed pattern) are left out of it, so
the first rule to match, and hence every token, is the one RegexLexer finds. Each rule keeps its own
flags as a scoped group; a rule with back-references (which joining would renumber) is matched alone.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from pygments.lexer import Lexer, RegexLexer
from pygments.token import Error, Whitespace, _TokenType

try:  # the parser behind re.compile; without it every rule is a candidate at every character
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    sre = sre_parse = None

_ASCII = [chr(code) for code in range(128)]
_ASCII_SET = frozenset(_ASCII)
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_SCOPED = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"), (re.VERBOSE, "x"))
# Longer patterns (huge Unicode classes, word lists) are matched alone: joined into every candidate set they
# would be compiled again for each (milliseconds each), for a build that highlights a few dozen blocks.
_JOIN_MAX = 600
# Building a lexer's tables (parsing its patterns, compiling joined regexes) takes ~35 ms for Python, the
# time Pygments' loop needs for ~40 KB of code; below this much code a process keeps Pygments' loop.
WARM_UP_CHARS = 8000
_JOINABLE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE


def _scoped(pattern: re.Pattern) -> str | None:
    """A rule's pattern as one alternative with its own flags and a closing empty group; None if it can't join."""
    source = pattern.pattern
    if (not isinstance(source, str) or len(source) > _JOIN_MAX or pattern.flags & ~_JOINABLE_FLAGS
            or _BACKREFERENCE.search(source)):
        return None
    while (found := _GLOBAL_FLAGS.match(source)) is not None:  # already in pattern.flags
        source = source[found.end():]
    on = "".join(letter for flag, letter in _SCOPED if pattern.flags & flag)
    off = "".join(letter for flag, letter in _SCOPED if not pattern.flags & flag)
    ending = "\n" if pattern.flags & re.VERBOSE else ""  # a trailing `# comment` must not eat the `)`
    return f"(?{on}-{off}:{source}{ending})()" if off else f"(?{on}:{source}{ending})()"


@functools.cache
def _matching_ascii(element: str, flags: int) -> frozenset[str]:
    """The ASCII characters that a one-character regex (`x`, `[a-z]`, `.`) matches, asked of the engine itself."""
    single = re.compile(element, flags & (re.IGNORECASE | re.DOTALL | re.ASCII))
    return frozenset(char for char in _ASCII if single.match(char))


def _class_source(items: list) -> str | None:
    """A parsed character class (`IN` items) written back as `[...]`, or None for a part not known here."""
    categories = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
                  sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
    parts = []
    for op, value in items:
        if op is sre.NEGATE:
            parts.append("^")
        elif op is sre.LITERAL:
            parts.append(f"\\U{value:08x}")
        elif op is sre.RANGE:
            parts.append(f"\\U{value[0]:08x}-\\U{value[1]:08x}")
        elif op is sre.CATEGORY and value in categories:
            parts.append(categories[value])
        else:
            return None
    return "[" + "".join(parts) + "]"


def _first(items, flags: int) -> tuple[frozenset[str] | None, bool]:
    """(ASCII characters a parsed sequence can start with, None for any; whether it can match empty)."""
    chars: frozenset[str] = frozenset()
    for op, value in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # zero-width: the next element consumes
            continue
        if op is sre.BRANCH:
            firsts = [_first(branch, flags) for branch in value[1]]
        elif op is sre.SUBPATTERN:
            firsts = [_first(value[3], (flags | value[1]) & ~value[2])]
        elif op is sre.ATOMIC_GROUP:
            firsts = [_first(value, flags)]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            inner, empty = _first(value[2], flags)
            firsts = [(inner, empty or value[0] == 0)]
        elif op is sre.LITERAL and not flags & re.IGNORECASE:
            firsts = [(frozenset(chr(value)) & _ASCII_SET, False)]
        elif op is sre.LITERAL:
            firsts = [(_matching_ascii(f"\\U{value:08x}", flags), False)]
        elif op is sre.NOT_LITERAL:
            firsts = [(_matching_ascii(f"[^\\U{value:08x}]", flags), False)]
        elif op is sre.ANY:
            firsts = [(_matching_ascii(".", flags), False)]
        elif op is sre.IN and (source := _class_source(value)) is not None:
            firsts = [(_matching_ascii(source, flags), False)]
        else:  # back-references and whatever else: could start with anything
            return None, False
        if any(first is None for first, _ in firsts):
            return None, False
        chars = chars.union(*(first for first, _ in firsts))
        if not any(empty for _, empty in firsts):
            return chars, False
    return chars, True


def _first_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """The ASCII characters a rule's match can start with; None when it may start with any (or match empty)."""
    if sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    chars, empty = _first(sre_parse.parse(pattern.pattern, pattern.flags), pattern.flags)
    return None if empty else chars


class _State:
    """One lexer state: its rules, and per next character the matchers to try (joined runs, lone rules)."""

    __slots__ = ("_built", "by_char", "firsts", "pieces", "rules")

    def __init__(self, rules: list[tuple]) -> None:
        self.rules = rules
        patterns = [getattr(rule[0], "__self__", None) for rule in rules]  # Pygments' compiled rules
        self.firsts = [_first_chars(p) if isinstance(p, re.Pattern) else None for p in patterns]
        self.pieces = [_scoped(p) if isinstance(p, re.Pattern) else None for p in patterns]
        self._built: dict[tuple[int, ...], list[tuple]] = {}
        self.by_char: dict[str, list[tuple]] = {}

    def matchers_at(self, char: str) -> list[tuple]:
        """The matchers to try where the text goes on with `char` ('' at the end of the text)."""
        found = self.by_char.get(char)
        if found is None:
            if char and char not in _ASCII_SET:  # every rule may match
                candidates = tuple(range(len(self.rules)))
            else:  # at the end ('') only a rule that can match empty (first None) can match
                candidates = tuple(index for index, first in enumerate(self.firsts) if first is None or char in first)
            found = self.by_char[char] = self._matchers(candidates)
        return found

    def _matchers(self, candidates: tuple[int, ...]) -> list[tuple]:
        """(match, rule index by closing group or None, rule) for the candidate rules, in their order."""
        if candidates in self._built:
            return self._built[candidates]
        matchers, run = [], []
        for index in candidates + (None,):
            if index is not None and self.pieces[index] is not None:
                run.append(index)
                continue
            if run:
                matchers += self._joined(run)
                run = []
            if index is not None:
                matchers.append((self.rules[index][0], None, self.rules[index]))
        self._built[candidates] = matchers
        return matchers

    def _joined(self, run: list[int]) -> list[tuple]:
        """One matcher for a run of joinable rules (which closing group stands for which rule)."""
        lone = [(self.rules[index][0], None, self.rules[index]) for index in run]
        if len(run) == 1:
            return lone
        rule_of_group, group = {}, 0
        for index in run:
            group += self.rules[index][0].__self__.groups + 1
            rule_of_group[group] = self.rules[index]
        try:
            return [(re.compile("|".join(self.pieces[index] for index in run)).match, rule_of_group, None)]
        except re.error:  # e.g. one group name in two rules: they are matched one by one
            return lone


class _States(dict):
    """State name → _State, built on first use (most states of a lexer never occur in a blog's code)."""

    def __init__(self, tokendefs: dict) -> None:
        super().__init__()
        self.tokendefs = tokendefs
        self.lexed = 0  # characters lexed so far by Pygments' own loop

    def warm(self, text: str) -> bool:
        """True once enough code was lexed that building the tables pays (a one-post rebuild never builds them)."""
        if self.lexed >= WARM_UP_CHARS:
            return True
        self.lexed += len(text)
        return False

    def __missing__(self, name: str) -> _State:
        state = self[name] = _State(self.tokendefs[name])
        return state


@functools.cache
def _states_of(lexer_class: type) -> _States:
    """The per-state matchers of a lexer class, shared by its instances."""
    return _States(lexer_class._tokens)


def speed_up(lexer: Lexer) -> Lexer:
    """Give a plain RegexLexer instance the joined-regex loop (same tokens); other lexers are returned unchanged."""
    if type(lexer).get_tokens_unprocessed is not RegexLexer.get_tokens_unprocessed:
        return lexer
    # An instance attribute shadows the class's method, for Lexer.get_tokens and `using(this)` callbacks alike.
    lexer.get_tokens_unprocessed = functools.partial(_tokens, lexer, _states_of(type(lexer)))
    return lexer


def _tokens(lexer: RegexLexer, states: _States, text: str, stack=("root",)) -> Iterator[tuple]:
    """RegexLexer.get_tokens_unprocessed (Pygments 2.21), trying only the matchers for the next character."""
    if not states.warm(text):
        yield from RegexLexer.get_tokens_unprocessed(lexer, text, stack)
        return
    pos = 0
    statestack = list(stack)
    state = states[statestack[-1]]
    while True:
        char = text[pos: pos + 1]
        for match, rule_of_group, rule in state.by_char.get(char) or state.matchers_at(char):
            found = match(text, pos)
            if found:
                break
        else:
            if not char:
                break
            if char == "\n":  # at EOL, reset state to "root"
                statestack = ["root"]
                state = states["root"]
                yield pos, Whitespace, "\n"
            else:
                yield pos, Error, char
            pos += 1
            continue
        end = found.end()
        if rule_of_group is not None:  # a joined regex: the rule is its closing group's, the match not the rule's own
            rule, found = rule_of_group[found.lastindex], None
        rexmatch, action, new_state = rule
        if action is not None:
            if type(action) is _TokenType:
                yield pos, action, text[pos:end]
            else:
                yield from action(lexer, found or rexmatch(text, pos))
        pos = end
        if new_state is not None:
            _transition(statestack, new_state)
            state = states[statestack[-1]]


def _transition(statestack: list, new_state) -> None:
    """Push or pop states as RegexLexer does (keeping at least one state on the stack)."""
    if isinstance(new_state, tuple):
        for name in new_state:
            if name == "#pop":
                if len(statestack) > 1:
                    statestack.pop()
            elif name == "#push":
                statestack.append(statestack[-1])
            else:
                statestack.append(name)
    elif isinstance(new_state, int):
        if abs(new_state) >= len(statestack):
            del statestack[1:]
        else:
            del statestack[new_state:]
    elif new_state == "#push":
        statestack.append(statestack[-1])
    else:
        raise AssertionError(f"wrong state def: {new_state!r}")
