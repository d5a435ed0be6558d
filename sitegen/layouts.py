"""Which layouts a page passes through: the site's own `_layouts/`, then our theme's, with Jekyll's defaults."""
from __future__ import annotations

from sitegen.content import layout_name
from sitegen.errors import BuildError, warn
from sitegen.model import Layout, Page

_DEFAULT_LAYOUTS = {"post": ("page", "default"), "home": ("page", "default"), "page": ("default",)}


def layout_chain(page: Page, layouts: dict[str, Layout], theme_names: set[str], *,
                 fallbacks: dict[str, list[tuple[str, int]]] | None = None) -> list[str]:
    """Layout names a page passes through, innermost first (a theme layout ends it); BuildError if unknown.

    With `fallbacks` (the site names a theme we do not ship) an unknown layout becomes our 'default', and
    fallbacks[name] collects where it was asked for (see warn_fallbacks).
    """
    chain: list[str] = []
    name, requester, line = page.layout, page.display_path, page.line_of_key("layout")
    if name and name not in layouts and layouts and "layout" not in page.front_matter:
        # jekyll-default-layout: a site with layouts of its own gets its `page` or `default`, not our theme's
        name = next((n for n in _DEFAULT_LAYOUTS.get(name, ()) if n in layouts), name)
    while name:
        if name in chain:
            raise BuildError(requester, line, f"layout '{name}' includes itself ({' → '.join(chain + [name])})")
        layout = layouts.get(name)
        if layout is None:
            if name in theme_names:
                return chain + [name]
            if fallbacks is not None and "default" in theme_names:
                fallbacks.setdefault(name, []).append((requester, line))
                return chain + ["default"]
            raise BuildError(requester, line, f"unknown layout '{name}': no _layouts/{name}.html "
                             f"and the theme has {', '.join(sorted(theme_names)) or 'no layouts'}")
        chain.append(name)
        requester, line = layout.display_path, layout.key_lines.get("layout", 1)
        name = layout_name(layout.front_matter, None)
    return chain


def warn_fallbacks(fallbacks: dict[str, list[tuple[str, int]]]) -> None:
    """One warning per theme layout we replaced with 'default', at its first use."""
    for name, places in sorted(fallbacks.items()):
        path, line = places[0]
        more = f" (and {len(places) - 1} more)" if len(places) > 1 else ""
        warn(path, line, f"layout '{name}' is not in the built-in theme; using 'default'{more}")
