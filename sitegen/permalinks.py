"""Jekyll permalinks: named styles, `:placeholder` templates, URLs and their output paths."""
from __future__ import annotations

import posixpath
import re
from datetime import datetime
from urllib.parse import quote, unquote

from sitegen.liquid_filters import slugify

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
HTML_EXTENSIONS = (".html", ".xhtml", ".htm")
# strftime formats of the date placeholders (Jekyll's Drops::UrlDrop).
_DATE_FORMATS = {
    "year": "%Y", "month": "%m", "day": "%d", "hour": "%H", "minute": "%M", "second": "%S",
    "short_year": "%y", "y_day": "%j", "short_month": "%b", "long_month": "%B",
    "short_day": "%a", "long_day": "%A", "week": "%V", "w_year": "%G", "w_day": "%u",
}
# Characters Jekyll's URL.escape_path leaves alone.
_SAFE = "-._~!$&'()*+,;=:@/"


def expand_style(permalink: str | None) -> str:
    """The template of a named style (date, pretty, ordinal, weekdate, none) or the pattern itself."""
    permalink = (permalink or "date").strip()
    return STYLES.get(permalink, permalink)


def post_placeholders(*, date: datetime, slug: str, categories: list[str], output_ext: str,
                      collection: str = "posts", path: str = "", name: str = "") -> dict[str, str | None]:
    """Values of every placeholder a post permalink may use (date already in the site's zone)."""
    values: dict[str, str | None] = {key: date.strftime(fmt) for key, fmt in _DATE_FORMATS.items()}
    values["i_month"] = str(date.month)
    values["i_day"] = str(date.day)
    values["title"] = slugify(slug, mode="pretty", cased=True)
    values["slug"] = slugify(slug)
    values["name"] = slugify(name or slug)
    seen: list[str] = []
    for category in categories:
        lowered = str(category).lower()
        if lowered not in seen:
            seen.append(lowered)
    values["categories"] = "/".join(seen)
    values["output_ext"] = output_ext
    values["collection"] = collection
    values["path"] = path
    return values


def page_placeholders(*, directory: str, basename: str, output_ext: str) -> dict[str, str | None]:
    """Values of the placeholders of a page permalink (`:path`, `:basename`, `:output_ext`)."""
    directory = directory.strip("/")
    return {"path": "/" + directory if directory else "", "basename": basename,
            "output_ext": output_ext, "name": basename, "title": basename}


def page_template(site_permalink: str, *, output_ext: str, is_index: bool) -> str:
    """The URL template Jekyll uses for a page without its own `permalink`."""
    if output_ext not in HTML_EXTENSIONS:
        return "/:path/:basename:output_ext"
    if is_index:
        return "/:path/"
    return add_permalink_suffix("/:path/:basename", site_permalink)


def add_permalink_suffix(template: str, site_permalink: str) -> str:
    """Jekyll's Utils.add_permalink_suffix: `/` for pretty-like styles, `:output_ext` for date-like ones."""
    style = (site_permalink or "date").strip()
    if style == "pretty" or (style not in STYLES and style.endswith("/")):
        return template + "/"
    if style in ("date", "ordinal", "none") or style.endswith(":output_ext"):
        return template + ":output_ext"
    return template


_PLACEHOLDER = re.compile(r":([a-z_]+)")


def fill_template(template: str, placeholders: dict[str, str | None]) -> str:
    """Replace `:name` placeholders (longest known name wins) and sanitize the URL as Jekyll does."""
    names = sorted(placeholders, key=len, reverse=True)
    pattern = re.compile(r"(/?):(" + "|".join(map(re.escape, names)) + r")") if names else None

    def substitute(match: re.Match) -> str:
        value = placeholders[match.group(2)]
        if value is None:
            return ""
        return match.group(1) + quote(value, safe=_SAFE)

    url = pattern.sub(substitute, template) if pattern else template
    return sanitize_url(url)


def sanitize_url(url: str) -> str:
    """Jekyll's URL#sanitize_url: leading slash, no `..`/`./`, no repeated slashes."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def output_path(url: str, output_ext: str) -> str:
    """The file (relative to the output dir) a URL is written to: `/a/` → `a/index.html`."""
    path = unquote(url).lstrip("/")
    if url.endswith("/") or not path:
        return posixpath.join(path, "index" + output_ext) if path else "index" + output_ext
    if not path.endswith(output_ext):
        path += output_ext
    return path
