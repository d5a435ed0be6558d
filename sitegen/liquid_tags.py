"""Jekyll's Liquid tags for python-liquid: highlight, include (include_relative, include_cached),
post_url, link, seo, feed_meta, and an assign that tolerates Ruby Liquid's dotted names.

Extension tags (sitegen.run_tags) build on InlineTag, tag_params, tag_error and location.
"""

from __future__ import annotations

import html
import re
import sys
from io import StringIO
from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode, Node
from liquid.builtin.expressions import FilteredExpression, Identifier, tokenize
from liquid.builtin.tags.assign_tag import AssignNode, AssignTag
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG, Token

from sitegen.errors import BuildError, warn
from sitegen.liquid_filters import ruby_to_s

if TYPE_CHECKING:
    from liquid.context import RenderContext

# Jekyll's include parameter syntax: name="str" | name='str' | name=variable.path
_INCLUDE_PARAM = re.compile(
    r"([\w-]+)\s*=\s*(?:\"([^\"\\]*(?:\\.[^\"\\]*)*)\"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\-\[\]]+))"
)
_INCLUDE_VARIABLE_NAME = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.DOTALL
)
_HIGHLIGHT_MARKUP = re.compile(r"^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|\"([0-9]+\s)*[0-9]+\"))?)*)$")
# jekyll-gist's determine_arguments: an id (it may hold "/") and an optional file name.
_GIST_MARKUP = re.compile(r"([\S]+|.*(?=/).+)\s?(\S*)")
_POST_NAME = re.compile(r"^(.+/)*(\d+-\d+-\d+)-(.*)$")
# The code inside sitegen.highlight's fenced-block wrapper (spans, or Rouge's linenos table).
_HIGHLIGHTED_BODY = re.compile(r'<pre class="highlight"><code>(.*)</code></pre>', re.DOTALL)
_ASSIGN_MARKUP = re.compile(r"^\s*([\w\-.\[\]]+)\s*=\s*(.*)$", re.DOTALL)


class TagSyntaxError(LiquidSyntaxError):
    """Bad markup in a tag's own arguments: fatal, though lax parsing skips bad expressions."""


def location(context: RenderContext, token: Token | None) -> tuple[str, int]:
    """Source file and 1-based line (front matter included) of a token in the current template."""
    template = context.template
    path = str(template.path or template.name or "<string>")
    offset = getattr(template, "line_offset", 0)
    if token is None or token.start_index < 0:
        return path, offset + 1
    return path, token.source.count("\n", 0, token.start_index) + 1 + offset


def describe(err: LiquidError) -> str:
    """One-line text of a python-liquid error, without its source excerpt."""
    message = str(err.message or type(err).__name__).splitlines()[0]
    kind = "Liquid syntax error" if "Syntax" in type(err).__name__ else "Liquid error"
    return f"{kind}: {message}"


def tag_error(context: RenderContext, token: Token, msg: str) -> BuildError:
    """A BuildError at the token's place in the file being rendered."""
    path, line = location(context, token)
    return BuildError(path, line, msg)


def _markup(stream: TokenStream, *, block: bool) -> str:
    """Return the tag's raw expression text ('' when none), leaving the stream where the parser
    expects it: on the tag's last token (inline tag) or on the first body token (block tag)."""
    text = ""
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        text = stream.current.value.strip()
    if block:
        next(stream)
    return text


def tag_params(
    context: RenderContext, token: Token, markup: str, tag_name: str
) -> dict[str, object]:
    """Parse Jekyll include-style parameters (a="s" b='s' c=var.path d=3 e=true) into a dict."""
    params: dict[str, object] = {}
    rest = _INCLUDE_PARAM.sub("", markup).strip()
    if rest:
        raise tag_error(context, token, f"{tag_name}: expected name=value parameters, got '{rest}'")
    for match in _INCLUDE_PARAM.finditer(markup):
        double, single, variable = match.group(2), match.group(3), match.group(4)
        if double is not None:
            params[match.group(1)] = double.replace('\\"', '"')
        elif single is not None:
            params[match.group(1)] = single.replace("\\'", "'")
        else:
            params[match.group(1)] = _lookup(context, variable)
    return params


def _renderer(context: RenderContext):
    """The LiquidRenderer that owns the environment (post/page URLs, src_dir, includes)."""
    return context.env.jekyll


_LITERALS = {"true": True, "false": False, "nil": None, "null": None}


def _lookup(context: RenderContext, expression: str) -> object:
    """Value of an unquoted include parameter: a literal (1, 2.5, true, nil) or a variable path."""
    if expression in _LITERALS:
        return _LITERALS[expression]
    if re.fullmatch(r"-?\d+", expression):
        return int(expression)
    if re.fullmatch(r"-?\d+\.\d+", expression):
        return float(expression)
    parts = [p for p in re.split(r"[.\[\]]", expression) if p]
    path: list[object] = [int(p) if p.isdigit() else p.strip("'\"") for p in parts]
    return context.get(path, token=None, default=None)


def _expand_variables(context: RenderContext, text: str) -> str:
    """Render `{{ ... }}` inside tag markup (Jekyll allows them in include/link names)."""
    if "{{" not in text:
        return text
    return _renderer(context).render_fragment(text, context)


class _RawNode(Node):
    """A tag node whose output is computed by a function of the context."""

    __slots__ = ("markup", "produce")

    def __init__(self, token: Token, markup: str, produce) -> None:
        super().__init__(token)
        self.markup = markup
        self.produce = produce
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write the produced text."""
        return buffer.write(self.produce(context, self.token, self.markup))


class InlineTag(Tag):
    """Base for tags without a body: subclasses define `produce(context, token, markup) -> str`."""

    block = False

    def parse(self, stream: TokenStream) -> Node:
        """Keep the raw markup; all work happens at render time."""
        token = stream.current
        return _RawNode(token, _markup(stream, block=False), self.produce)

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """Return the tag's output."""
        raise NotImplementedError


class PostUrlTag(InlineTag):
    """`{% post_url 2018-10-13-slug %}` → the post's URL (no baseurl, as GitHub Pages' Jekyll 3)."""

    name = sys.intern("post_url")

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """Look the post up by name, with or without its subdirectory."""
        name = markup.strip()
        if not _POST_NAME.match(name):
            raise tag_error(context, token, f"post_url: expected YYYY-MM-DD-slug, got '{name}'")
        urls = _renderer(context).post_urls
        if name in urls:
            return urls[name]
        suffix = [key for key in urls if key.endswith("/" + name)]
        if len(suffix) == 1:
            return urls[suffix[0]]
        raise tag_error(context, token, f"post_url: no post named '{name}' in _posts/")


class LinkTag(InlineTag):
    """`{% link _posts/2018-10-13-x.md %}` → that page's URL (no baseurl, as Jekyll 3)."""

    name = sys.intern("link")

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """Look the source path up in page_urls."""
        rel = _expand_variables(context, markup).strip().lstrip("/")
        urls = _renderer(context).page_urls
        if rel in urls:
            return urls[rel]
        raise tag_error(context, token, f"link: no page or post with source path '{rel}'")


class SeoTag(InlineTag):
    """`{% seo %}` (jekyll-seo-tag) via sitegen.seo.seo_tags."""

    name = sys.intern("seo")

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """Delegate to sitegen.seo with the context's site and page."""
        from sitegen.seo import seo_tags

        show_title = not re.search(r"title\s*=\s*false", markup)
        return seo_tags(
            _plain_dict(context, "site"), _plain_dict(context, "page"), title=show_title
        )


class GistTag(InlineTag):
    """`{% gist user/id [file] %}` (jekyll-gist, on by default on GitHub Pages): the gist's embed script.

    Jekyll also fetches the code for a <noscript> copy; builds here never use the network, so there is none.
    """

    name = sys.intern("gist")

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """The <script> tag jekyll-gist writes; id and file may name variables."""
        found = _GIST_MARKUP.fullmatch(markup.strip())
        if found is None:
            raise tag_error(context, token, f"gist: expected a gist id and an optional file name, got '{markup}'")
        gist_id, filename = (self._value(context, part.strip()) for part in found.groups())
        query = f"?file={filename}" if filename else ""
        return f'<script src="https://gist.github.com/{gist_id}.js{query}"> </script>'

    @staticmethod
    def _value(context: RenderContext, word: str) -> str:
        """A variable's value when `word` names one in the context (as jekyll-gist checks), else the word."""
        value = _lookup(context, word) if re.fullmatch(r"[A-Za-z_][\w.-]*", word) else None
        return word if value is None else ruby_to_s(value)


class FeedMetaTag(InlineTag):
    """`{% feed_meta %}` (jekyll-feed) via sitegen.feeds.feed_meta."""

    name = sys.intern("feed_meta")

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """Delegate to sitegen.feeds with the context's site."""
        from sitegen.feeds import feed_meta

        return feed_meta(_plain_dict(context, "site"))


def _plain_dict(context: RenderContext, name: str) -> dict:
    """A top-level context variable as a dict ({} when undefined)."""
    value = context.get([name], token=None, default=None)
    return value if isinstance(value, dict) else {}


class IncludeTag(InlineTag):
    """`{% include file.html a="x" b=page.y %}` from `_includes/`, params as `include.*`."""

    name = sys.intern("include")
    relative = False

    def produce(self, context: RenderContext, token: Token, markup: str) -> str:
        """Render the included file in the current context with `include` bound to the params."""
        match = _INCLUDE_VARIABLE_NAME.match(markup)
        if match and "{{" in match.group("variable"):
            file_markup, params = match.group("variable").strip(), match.group("params")
        else:
            file_markup, _, params = markup.partition(" ")
        filename = _expand_variables(context, file_markup).strip()
        if not re.fullmatch(r"[\w/.\-]+", filename) or ".." in filename.split("/"):
            raise tag_error(context, token, f"{self.name}: invalid file name '{filename}'")
        renderer = _renderer(context)
        template = renderer.include_template(filename, relative_to=self._base(context))
        theme = renderer.site.get("theme") or renderer.site.get("remote_theme")
        if template is None and theme and not self.relative:
            # A layout copied from the theme gem includes the theme's own partials; the gem is not here.
            warn(*location(context, token),
                 f"{self.name}: '{filename}' is not in _includes/, so it comes from the theme '{theme}', "
                 "which is not installed; it is left out")
            return ""
        if template is None:
            where = "next to this file" if self.relative else "in _includes/"
            raise tag_error(context, token, f"{self.name}: file '{filename}' not found {where}")
        buffer = StringIO()
        with context.extend(
            {"include": tag_params(context, token, params, self.name)}, template=template
        ):
            try:
                template.render_with_context(context, buffer, partial=True)
            except LiquidError as err:
                raise tag_error(context, err.token, describe(err)) from err
        return buffer.getvalue()

    def _base(self, context: RenderContext) -> str | None:
        """The directory `include_relative` resolves against (None: _includes/)."""
        return str(context.template.path or "") if self.relative else None


class IncludeRelativeTag(IncludeTag):
    """`{% include_relative file.md %}`: like include, relative to the including file."""

    name = sys.intern("include_relative")
    relative = True


class IncludeCachedTag(IncludeTag):
    """`{% include_cached file.html %}` (jekyll-include-cache): our includes are always cached."""

    name = sys.intern("include_cached")


class _HighlightNode(Node):
    """Render the body, then highlight it as Jekyll's `{% highlight %}` does."""

    __slots__ = ("body", "lang", "linenos")

    def __init__(self, token: Token, lang: str, linenos: bool, body: BlockNode) -> None:
        super().__init__(token)
        self.lang, self.linenos, self.body = lang, linenos, body
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Write Rouge's `<figure class="highlight"><pre><code class="language-x" ...>` markup."""
        inner = StringIO()
        self.body.render(context, inner)
        code = re.sub(r"\A[\r\n]+|[\r\n]+\Z", "", inner.getvalue())
        body = _highlight(code, self.lang, linenos=self.linenos)
        affix = _highlighter_affix(context)
        return buffer.write(
            f'{affix}<figure class="highlight"><pre><code class="language-{self.lang}" '
            f'data-lang="{self.lang}">{body}</code></pre></figure>{affix}'
        )


def _highlighter_affix(context: RenderContext) -> str:
    """Jekyll's highlighter_prefix and _suffix: "\n" while a Markdown document (or its layout) renders, else "".

    Jekyll's Markdown converter declares them and the renderer puts the document's into the Liquid payload,
    so the figure starts a line of its own: a highlight inside a paragraph splits it, one indented in a list
    item ends the list (Jekyll 4.3.1 with kramdown 2.4.0: `Inline {% highlight c %}…` gives
    `<p>Inline</p>\n<figure class="highlight">…</figure>\n<p>text.</p>`).
    """
    path = str(context.get(["page", "path"], token=None, default=None) or "")
    name = path.rsplit("/", 1)[-1]
    extensions = str(context.get(["site", "markdown_ext"], token=None, default=None) or "")
    markdown = "." in name and name.rsplit(".", 1)[1].lower() in {e.strip().lower() for e in extensions.split(",")}
    return "\n" if markdown else ""


def _highlight(code: str, lang: str, *, linenos: bool) -> str:
    """Highlighted HTML of `code` (a linenos table when asked) without its <pre> wrapper."""
    from sitegen.highlight import highlight_code

    found = _HIGHLIGHTED_BODY.search(highlight_code(code, lang, linenos=linenos))
    body = found.group(1) if found else html.escape(code, quote=False)
    return body if linenos else body.rstrip("\n")


class HighlightTag(Tag):
    """`{% highlight lang [linenos] %}…{% endhighlight %}`."""

    name = sys.intern("highlight")
    end = sys.intern("endhighlight")

    def parse(self, stream: TokenStream) -> Node:
        """Check the markup as Jekyll does, then parse the body up to endhighlight."""
        token = stream.current
        markup = _markup(stream, block=True)
        match = _HIGHLIGHT_MARKUP.match(markup)
        if not match:
            raise TagSyntaxError(
                f"highlight: expected 'highlight <lang> [linenos]', got '{markup}'", token=token
            )
        linenos = bool(re.search(r"\blinenos\b", match.group(2) or ""))
        body = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        return _HighlightNode(token, match.group(1).lower(), linenos, body)


class LenientAssignTag(AssignTag):
    """`assign` accepting Ruby Liquid's `{% assign site.tags = "" %}` (binds the literal name)."""

    def parse(self, stream: TokenStream) -> AssignNode:
        """Parse normally; for a dotted target, bind it as one name as Ruby's lax parser does."""
        expr = stream.peek
        match = _ASSIGN_MARKUP.match(expr.value) if expr.kind == TOKEN_EXPRESSION else None
        if not match or not re.search(r"[.\[]", match.group(1)):
            return super().parse(stream)
        token = stream.eat(TOKEN_TAG)
        start = expr.start_index + match.start(2)
        value_token = Token(TOKEN_EXPRESSION, match.group(2), start, expr.source)
        tokens = TokenStream(tokenize(match.group(2), parent_token=value_token))
        name = Identifier(match.group(1), token=expr)
        return self.node_class(
            token, name=name, expression=FilteredExpression.parse(self.env, tokens)
        )


JEKYLL_TAGS: tuple[type[Tag], ...] = (
    PostUrlTag,
    LinkTag,
    SeoTag,
    FeedMetaTag,
    GistTag,
    IncludeTag,
    IncludeRelativeTag,
    IncludeCachedTag,
    HighlightTag,
    LenientAssignTag,
)
