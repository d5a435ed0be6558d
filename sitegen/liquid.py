"""Liquid in content and site layouts, rendered as Jekyll's Ruby Liquid does (python-liquid).

Jekyll runs Liquid with `error_mode: warn`: a tag or output whose expression does not parse is
reported and skipped, while structural errors (unknown tag, unclosed block, unterminated `{{`)
and every render error stop the build. LiquidRenderer does the same, as BuildError / warn lines.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from io import StringIO
from pathlib import Path
from typing import Any, TextIO

from liquid import BoundTemplate, Environment, Mode
from liquid.ast import Node
from liquid.builtin.expressions import Path as VariablePath
from liquid.builtin.output import Output, OutputNode
from liquid.exceptions import FilterError, LiquidError
from liquid.filter import with_context
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_OUTPUT, TOKEN_TAG, Token

from sitegen import liquid_collections as collections
from sitegen import liquid_dates as dates
from sitegen import liquid_filters as filters
from sitegen.errors import BuildError, warn
from sitegen.liquid_filters import absolute_url, relative_url, ruby_to_s
from sitegen.liquid_tags import JEKYLL_TAGS, TagSyntaxError, describe

# Jekyll's filters that need nothing from the site (URL and markdownify are bound per renderer).
_JEKYLL_FILTERS: dict[str, Callable[..., Any]] = {
    "date": dates.date_filter,
    "date_to_xmlschema": dates.date_to_xmlschema,
    "date_to_rfc822": dates.date_to_rfc822,
    "date_to_string": dates.date_to_string,
    "date_to_long_string": dates.date_to_long_string,
    "escape": filters.escape,
    "escape_once": filters.escape_once,
    "replace": filters.replace,
    "replace_first": filters.replace_first,
    "xml_escape": filters.xml_escape,
    "cgi_escape": filters.cgi_escape,
    "uri_escape": filters.uri_escape,
    "slugify": filters.slugify,
    "jsonify": filters.jsonify,
    "inspect": filters.inspect,
    "normalize_whitespace": filters.normalize_whitespace,
    "number_of_words": filters.number_of_words,
    "array_to_sentence_string": filters.array_to_sentence_string,
    "smartify": filters.smartify,
    "split": filters.split,
    "to_integer": filters.to_integer,
    "where": collections.where,
    "where_exp": with_context(collections.where_exp),
    "group_by": collections.group_by,
    "group_by_exp": with_context(collections.group_by_exp),
    "sort": collections.sort,
    "find": collections.find,
    "push": collections.push,
    "pop": collections.pop,
    "shift": collections.shift,
    "unshift": collections.unshift,
}
_EXTRA_TAGS: dict[str, type[Tag]] = {}
# Words python-liquid keeps for its own syntax that Ruby Liquid reads as variable names in `{{ }}`.
_BARE_KEYWORD = re.compile(
    r"\s*(else|and|or|in|with|as|limit|not|contains|for|if|offset|reversed|cols|required)\s*")
# python-liquid messages for problems Ruby Liquid also refuses to parse (not lax-recoverable).
_STRUCTURAL = re.compile(
    r"unexpected tag|expected tag end|never closed|expected '}}'|expected '%}'|nesting limit"
)
_END_TAG = re.compile(r"expected tag (end\w+)")
_UNKNOWN_TAG = re.compile(r"unexpected tag '([^']*)'")


def register_tag(name: str, tag_class: type[Tag]) -> None:
    """Add a Liquid tag to every LiquidRenderer created afterwards (sitegen.runs' gallery etc.)."""
    if not isinstance(tag_class, type) or not issubclass(tag_class, Tag):
        raise TypeError(f"register_tag: tag_class must be a liquid.Tag subclass, got {tag_class!r}")
    if getattr(tag_class, "name", None) != name:
        raise ValueError(f"register_tag: name '{name}' differs from {tag_class.__name__}.name")
    _EXTRA_TAGS[name] = tag_class


class _RubyOutputNode(OutputNode):
    """`{{ x }}` printing values as Ruby's to_s does (dates with zone, hashes inspected)."""

    __slots__ = ()

    def render_to_output(self, context: Any, buffer: TextIO) -> int:
        """Write the Ruby string form of the expression's value."""
        return buffer.write(ruby_to_s(self.expression.evaluate(context)))


class _RubyOutput(Output):
    """The output statement, with Ruby's stringification."""

    node_class = _RubyOutputNode

    def parse(self, stream: TokenStream) -> OutputNode:
        """As Liquid's, but a lone keyword (`{{ else }}`, `{{ limit }}`) is a variable, as Ruby Liquid reads it."""
        word = _BARE_KEYWORD.fullmatch(stream.peek.value if stream.peek.kind == TOKEN_EXPRESSION else "")
        if word is None:
            return super().parse(stream)
        token = stream.eat(TOKEN_OUTPUT)
        return self.node_class(token, VariablePath(stream.current, [word.group(1)]))


class _JekyllEnvironment(Environment):
    """A python-liquid Environment with Jekyll's tags, filters and error handling."""

    def __init__(self, renderer: LiquidRenderer) -> None:
        # `jekyll.environment` as Jekyll sets it from JEKYLL_ENV (GitHub Pages builds "production").
        jekyll = {"environment": os.environ.get("JEKYLL_ENV", "development"), "version": "3.10.0"}
        super().__init__(tolerance=Mode.STRICT, strict_filters=False, globals={"jekyll": jekyll})
        self.jekyll = renderer
        self.parsing: tuple[str, int] | None = None  # (path, line_offset) while parsing
        self._stream: TokenStream | None = None  # the template's token stream while parsing

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        """Built-ins, then Jekyll's tags and any registered extension tags."""
        super().setup_tags_and_filters(extra=extra)
        self.add_tag(_RubyOutput)
        for tag in (*JEKYLL_TAGS, *_EXTRA_TAGS.values()):
            self.add_tag(tag)

    def _parse(self, source: str) -> list[Node]:
        """Parse, keeping the token stream so errors inside tag markup can name the tag's line."""
        saved, self._stream = self._stream, TokenStream(self.tokenizer()(source))
        try:
            return get_parser(self).parse(self._stream)
        finally:
            self._stream = saved

    def _enclosing_tag(self) -> Token | None:
        """The tag or output token being parsed (markup tokens carry no position of their own)."""
        stream = self._stream
        if stream is None:
            return None
        for token in reversed(stream.tokens[: stream.pos + 1]):
            if token.kind in (TOKEN_TAG, TOKEN_OUTPUT):
                return token
        return None

    def error(self, exc: Any, msg: str | None = None, token: Any = None) -> None:
        """Raise render and structural errors; warn about and skip lax-recoverable syntax."""
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        elif not exc.token:
            exc.token = token
        if self.parsing is not None and (exc.token is None or exc.token.start_index < 0):
            exc.token = self._enclosing_tag() or exc.token
        fatal = isinstance(exc, TagSyntaxError) or _STRUCTURAL.search(str(exc.message))
        if self.parsing is None or fatal:
            raise exc
        path, offset = self.parsing
        warn(
            path,
            error_line(exc, offset),
            f"Liquid syntax error: {exc.message} (skipped, as Jekyll does)",
        )


def error_line(err: LiquidError, line_offset: int) -> int | None:
    """The 1-based line of a python-liquid error in its source file (front matter counted)."""
    token = err.token
    if token is None or token.start_index < 0:
        return None
    return token.source.count("\n", 0, token.start_index) + 1 + line_offset


def _is_known_tag(env: Environment, name: str) -> bool:
    """Whether `name` is a registered tag, the end of one, or a branch word (else, when ...)."""
    ends = {getattr(tag, "end", "") for tag in env.tags.values()}
    return name in env.tags or name in ends or name in ("else", "elsif", "when")


def _unclosed_line(env: Environment, source: str, end_tag: str) -> int | None:
    """Line of the block tag left open (the last `end_tag` opener without a closer)."""
    opener = end_tag[3:]
    open_at: list[int] = []
    for token in env.tokenizer()(source):
        if token.kind != TOKEN_TAG:
            continue
        if token.value == opener:
            open_at.append(token.start_index)
        elif token.value == end_tag and open_at:
            open_at.pop()
    return source.count("\n", 0, open_at[-1]) + 1 if open_at else None


class LiquidRenderer:
    """Renders Liquid for one site: content, `_includes/`, post/page links, Jekyll filters."""

    def __init__(
        self,
        src_dir: str | Path,
        *,
        site: dict,
        post_urls: Mapping[str, str],
        page_urls: Mapping[str, str],
        markdownify: Callable[[str], str],
        runs: Sequence[object] = (),
        cache_dir: Path | None = None,
    ) -> None:
        self.src_dir = Path(src_dir)
        self.baseurl = str(site.get("baseurl") or "")
        self.runs = runs  # sitegen.runs.Run list, for the run tags (gallery, sample, metrics, plot)
        self.cache_dir = cache_dir
        self.site = site
        self.post_urls = post_urls
        self.page_urls = page_urls
        self.markdownify = markdownify
        self.env = _JekyllEnvironment(self)
        self._templates: dict[tuple[str, int, str], BoundTemplate] = {}
        self._includes: dict[tuple[Path, int, int], BoundTemplate] = {}
        for name, func in self._filters().items():
            self.env.add_filter(name, func)

    def _filters(self) -> dict[str, Callable[..., Any]]:
        """Jekyll's filters, the site-bound ones closed over this site's url/baseurl."""
        baseurl, url = self.site.get("baseurl"), self.site.get("url")

        def markdownify(value: object) -> str:
            return self.markdownify(ruby_to_s(value))

        build_time = self.site.get("time")

        def date(value: object, fmt: object = None) -> object:
            # Jekyll's "now" is the build time, which site.time is: keeps builds reproducible.
            if build_time is not None and str(value).strip().lower() in ("now", "today"):
                value = build_time
            return dates.date_filter(value, fmt)

        return {
            **_JEKYLL_FILTERS,
            "date": date,
            "scssify": lambda value: self._sass_filter(value, indented=False),
            "sassify": lambda value: self._sass_filter(value, indented=True),
            "relative_url": lambda value: relative_url(value, baseurl),
            "absolute_url": lambda value: absolute_url(value, baseurl, url),
            "markdownify": markdownify,
        }

    def _sass_filter(self, value: object, *, indented: bool) -> str:
        """Jekyll `scssify`/`sassify`: compile a string with the site's Sass load path and style."""
        from sitegen.sass import compile_scss, sass_include_paths

        options = self.site.get("sass")
        style = options.get("style", "expanded") if isinstance(options, dict) else "expanded"
        name = "sassify" if indented else "scssify"
        try:
            return compile_scss(
                ruby_to_s(value),
                path=f"<{name}>.sass" if indented else f"<{name}>.scss",
                include_paths=sass_include_paths(self.src_dir, self.site),
                style=str(style),
            )
        except BuildError as err:
            raise FilterError(f"{name}: {err.msg}", token=None) from None

    def render(
        self, source: str, context: Mapping[str, object], *, path: str, line_offset: int = 0
    ) -> str:
        """Render `source` (from `path`, first line = line_offset + 1) with `context` variables."""
        template = self.parse(source, path=path, line_offset=line_offset)
        try:
            return template.render(context)
        except LiquidError as err:
            raise BuildError(path, error_line(err, line_offset), describe(err)) from None

    def parse(self, source: str, *, path: str, line_offset: int = 0) -> BoundTemplate:
        """Parse (once per path, offset and text) into a template; BuildError on broken syntax."""
        key = (path, line_offset, source)
        template = self._templates.get(key)
        if template is None:
            template = self._parse(source, path, line_offset)
            self._templates[key] = template
        return template

    def _parse(self, source: str, path: str, line_offset: int) -> BoundTemplate:
        """Parse uncached, turning python-liquid's errors into BuildError lines."""
        saved, self.env.parsing = self.env.parsing, (path, line_offset)
        try:
            template = self.env.from_string(source, path=path)
        except LiquidError as err:
            raise self._syntax_error(err, source, path, line_offset) from None
        finally:
            self.env.parsing = saved
        template.line_offset = line_offset
        return template

    def _syntax_error(self, err: LiquidError, source: str, path: str, offset: int) -> BuildError:
        """A BuildError for a parse failure, pointing at the open tag when a block is unclosed."""
        unknown = _UNKNOWN_TAG.match(str(err.message))
        if unknown and unknown.group(1) == "raw":  # the lexer leaves an unclosed raw as a tag
            return BuildError(
                path, error_line(err, offset), "Liquid syntax error: 'raw' tag was never closed"
            )
        if unknown and not _is_known_tag(self.env, unknown.group(1)):
            return BuildError(
                path,
                error_line(err, offset),
                f"Liquid syntax error: unknown tag '{unknown.group(1)}'",
            )
        unclosed = _END_TAG.search(str(err.message))
        if unclosed:
            line = _unclosed_line(self.env, source, unclosed.group(1))
            tag = unclosed.group(1)[3:]
            return BuildError(
                path,
                line + offset if line else None,
                f"Liquid syntax error: '{tag}' tag was never closed",
            )
        return BuildError(path, error_line(err, offset), describe(err))

    def render_fragment(self, text: str, context: Any) -> str:
        """Render a snippet of tag markup (`{{ var }}` in include names) in a live context."""
        path, line = str(context.template.path or ""), getattr(context.template, "line_offset", 0)
        buffer = StringIO()
        self.parse(text, path=path, line_offset=line).render_with_context(
            context, buffer, partial=True
        )
        return buffer.getvalue()

    def include_template(self, filename: str, *, relative_to: str | None) -> BoundTemplate | None:
        """The parsed include (from _includes/, or next to `relative_to`); None when absent."""
        if relative_to is None:
            file = self.src_dir / str(self.site.get("includes_dir") or "_includes") / filename
        else:
            base = Path(relative_to)
            if not base.is_absolute() and not base.exists():
                base = self.src_dir / relative_to
            file = base.parent / filename
        try:
            stat = file.stat()
        except OSError:
            return None
        if not file.is_file():
            return None
        key = (file, stat.st_mtime_ns, stat.st_size)
        template = self._includes.get(key)
        if template is None:
            source = file.read_text(encoding="utf-8")
            template = self.parse(source, path=str(file), line_offset=0)
            self._includes[key] = template
        return template
