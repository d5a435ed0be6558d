"""jekyll-paginate (v1, a default plugin on GitHub Pages): the index page split over `paginate_path` copies.

As the plugin does: the template is a source page named exactly `index.html` in a folder between the site
root and paginate_path's folder (the deepest wins); page 1 is that page, pages 2..N are copies at
paginate_path with `:num` filled in; posts with `hidden` set are left out; the paths in `paginator` carry
no baseurl (templates prepend it).
"""
from __future__ import annotations

import math
import posixpath
from dataclasses import replace

from sitegen.config import SiteConfig
from sitegen.errors import warn
from sitegen.model import Page, Pager, Post
from sitegen.permalinks import output_path, sanitize_url


def _candidate_dirs(paginate_path: str) -> list[str]:
    """Folders (relative to the source, "" = root) whose index.html may be the template, deepest first
    (Pager.in_hierarchy: paginate_path's folder and each folder above it)."""
    target = posixpath.dirname(posixpath.normpath("/" + paginate_path.strip("/")))
    dirs = []
    while True:
        dirs.append(target.strip("/"))
        if target == "/":
            return dirs
        target = posixpath.dirname(target)


def template_page(config: SiteConfig, pages: list[Page]) -> Page | None:
    """The page the plugin paginates (Pagination.template_page), or None."""
    dirs = _candidate_dirs(config.paginate_path)
    candidates = [page for page in pages if page.kind == "page" and page.rel_path.rpartition("/")[2] == "index.html"
                  and page.rel_path.rpartition("/")[0] in dirs]
    return max(candidates, key=lambda page: len(page.rel_path), default=None)


def pager_path(config: SiteConfig, first_url: str, number: int | None) -> str | None:
    """Pager.paginate_path: the URL of page `number` (page 1 is the template's own URL)."""
    if number is None:
        return None
    if number <= 1:
        return first_url
    path = config.paginate_path.replace(":num", str(number), 1)
    return path if path.startswith("/") else "/" + path


def make_pager(config: SiteConfig, posts: list[Post], number: int, *, first_url: str) -> Pager:
    """Pager.new for page `number` of the (non-hidden) posts, newest first."""
    per_page = config.paginate
    total_pages = math.ceil(len(posts) / per_page)
    start = (number - 1) * per_page
    previous_page = number - 1 if number != 1 else None
    next_page = number + 1 if number != total_pages else None
    return Pager(page=number, per_page=per_page, posts=posts[start:start + per_page], total_posts=len(posts),
                 total_pages=total_pages, previous_page=previous_page,
                 previous_page_path=pager_path(config, first_url, previous_page), next_page=next_page,
                 next_page_path=pager_path(config, first_url, next_page))


def paginate(config: SiteConfig, posts: list[Post], pages: list[Page], *, warn_missing: bool) -> list[Page]:
    """The pages with the template given its pager and its copies for pages 2..N added; unchanged when
    `paginate` is unset, there is no template (a warning when `warn_missing`) or there are no posts."""
    if not config.paginate or not pages:
        return pages
    template = template_page(config, pages)
    if template is None:
        if warn_missing:
            warn(config.path, None, "paginate: no index.html page to paginate (jekyll-paginate uses an index.html "
                                    f"in the folders of paginate_path '{config.paginate_path}'); pagination skipped")
        return pages
    shown = [post for post in posts if post.front_matter.get("hidden") in (None, False)]
    total_pages = math.ceil(len(shown) / config.paginate)
    if total_pages == 0:
        return pages
    result = [replace(page, pager=make_pager(config, shown, 1, first_url=page.url)) if page is template else page
              for page in pages]
    for number in range(2, total_pages + 1):
        folder = sanitize_url(pager_path(config, template.url, number) + "/")  # the copy's dir, as Page#url makes it
        # Page#url prefers the template's own permalink: then Jekyll writes every copy over the template
        url = template.url if template.front_matter.get("permalink") else folder
        result.append(replace(template, rel_path=output_path(folder, template.output_ext), url=url,
                              out_rel=output_path(url, template.output_ext),
                              pager=make_pager(config, shown, number, first_url=template.url)))
    return result
