"""Generate the benchmark blog: N Jekyll posts, and the same posts laid out as a Hugo site.

The text is pseudo-random but seeded, so every run (and every tool) builds the same bytes.
Posts carry what real research-blog posts carry: front matter with tags, sections, lists,
fenced Python code, a table, an image (tiny PNGs written here), inline markup and links.
"""
from __future__ import annotations

import datetime as dt
import random
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

N_IMAGES = 20
_WORDS = (
    "diffusion video frame model noise sample train step loss schedule latent attention "
    "temporal spatial convolution network gradient batch epoch prediction mask given clean "
    "denoise variance mean posterior prior score kernel residual block channel resolution "
    "pixel metric quality benchmark baseline result figure table experiment dataset clip"
).split()
_TAGS = ("ml diffusion video research python pytorch notes tutorial paper-review math "
         "experiments generative-models sampling training datasets evaluation").split()
_CODE = '''import torch


def q_sample(x0, t, alphas_cumprod, noise=None):
    """Diffuse x0 to step t (Ho et al. 2020, eq. 4)."""
    noise = torch.randn_like(x0) if noise is None else noise
    a = alphas_cumprod[t].sqrt().view(-1, 1, 1, 1, 1)
    s = (1 - alphas_cumprod[t]).sqrt().view(-1, 1, 1, 1, 1)
    return a * x0 + s * noise


for step in range({steps}):
    loss = model.training_loss(batch, step=step)  # {comment}
    loss.backward()
'''


@dataclass(frozen=True)
class Post:
    """One generated post: its slug, date, title, tags and Markdown body (no front matter)."""

    slug: str
    date: dt.datetime
    title: str
    tags: tuple[str, ...]
    body: str

    @property
    def jekyll_name(self) -> str:
        """File name under _posts/ (YYYY-MM-DD-slug.md)."""
        return f"{self.date:%Y-%m-%d}-{self.slug}.md"


def tiny_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid single-colour RGB PNG, built with zlib only."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def _sentence(rng: random.Random) -> str:
    """A capitalised pseudo-English sentence with occasional inline markup."""
    words = rng.choices(_WORDS, k=rng.randint(8, 18))
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] = f"**{rng.choice(_WORDS)}**"
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] = f"`{rng.choice(_WORDS)}_{rng.randint(1, 9)}`"
    if rng.random() < 0.15:
        words[rng.randrange(len(words))] = f"[{rng.choice(_WORDS)}](https://example.org/{rng.choice(_WORDS)})"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    """Three to six sentences."""
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _table(rng: random.Random) -> str:
    """A GFM table of made-up metrics."""
    rows = ["| model | PSNR | SSIM | FVD |", "|:------|-----:|-----:|----:|"]
    for name in rng.sample(_WORDS, 4):
        rows.append(f"| {name} | {rng.uniform(20, 35):.2f} | {rng.uniform(0.6, 0.95):.3f} | {rng.randint(80, 400)} |")
    return "\n".join(rows)


def _section(rng: random.Random, index: int, post_index: int) -> str:
    """One '##' section; the element after the prose rotates through list, code, table, image."""
    heading = f"## {index + 1}. {' '.join(rng.sample(_WORDS, 3)).capitalize()}"
    blocks = [heading, _paragraph(rng), _paragraph(rng)]
    kind = (index + post_index) % 4
    if kind == 0:
        blocks.append("\n".join(f"- {_sentence(rng)}" for _ in range(rng.randint(3, 5)))
                      + "\n\n" + "\n".join(f"{i}. {_sentence(rng)}" for i in range(1, 4)))
    elif kind == 1:
        code = _CODE.format(steps=rng.randint(10, 999), comment=" ".join(rng.sample(_WORDS, 4)))
        blocks.append("```python\n" + code + "```")
    elif kind == 2:
        blocks.append(_table(rng))
    else:
        image = (post_index + index) % N_IMAGES
        blocks.append(f"![Samples of the {rng.choice(_WORDS)} model](/assets/img/sample-{image:02d}.png)")
    return "\n\n".join(blocks)


def make_posts(n_posts: int, *, seed: int = 0) -> list[Post]:
    """n_posts deterministic posts, one a day from 2015-01-01, oldest first."""
    rng = random.Random(seed)
    start = dt.datetime(2015, 1, 1, 10, 0, tzinfo=dt.timezone.utc)
    posts = []
    for i in range(n_posts):
        title_words = rng.sample(_WORDS, 4)
        title = " ".join(title_words).capitalize() + f" ({i + 1})"
        sections = [_section(rng, s, i) for s in range(rng.randint(4, 6))]
        body = _paragraph(rng) + "\n\n" + "\n\n".join(sections) + "\n"
        tags = tuple(sorted(rng.sample(_TAGS, rng.randint(1, 3))))
        slug = "-".join(title_words) + f"-{i + 1}"
        posts.append(Post(slug, start + dt.timedelta(days=i), title, tags, body))
    return posts


def _write(path: Path, text: str | bytes) -> None:
    """Write a file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _write_images(static_dir: Path) -> None:
    """The N_IMAGES tiny PNGs posts refer to, under <static_dir>/assets/img/."""
    for i in range(N_IMAGES):
        colour = (40 + 10 * i, 200 - 8 * i, (37 * i) % 256)
        _write(static_dir / "assets" / "img" / f"sample-{i:02d}.png", tiny_png(16, 12, colour))


_JEKYLL_DEFAULT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{HEAD}<link rel="stylesheet" href="{{ '/assets/style.css' | relative_url }}"></head>
<body><header><a href="{{ '/' | relative_url }}">{{ site.title }}</a> &middot; {{ site.description }}</header>
<main>{{ content }}</main><footer>&copy; {{ site.author }}</footer></body></html>
"""
_JEKYLL_POST = """---
layout: default
---
<article><h1>{{ page.title }}</h1>
<time datetime="{{ page.date | date_to_xmlschema }}">{{ page.date | date: "%b %-d, %Y" }}</time>
<p>{% for tag in page.tags %}<span class="tag">{{ tag }}</span> {% endfor %}</p>
{{ content }}
<nav>{% if page.previous %}<a href="{{ page.previous.url | relative_url }}">&larr; {{ page.previous.title }}</a>{% endif %}
{% if page.next %}<a href="{{ page.next.url | relative_url }}">{{ page.next.title }} &rarr;</a>{% endif %}</nav>
</article>
"""
_JEKYLL_INDEX = """---
layout: default
title: Home
---
<ul class="posts">{% for post in site.posts %}
<li><time>{{ post.date | date: "%Y-%m-%d" }}</time> <a href="{{ post.url | relative_url }}">{{ post.title }}</a></li>{% endfor %}
</ul>
"""
_STYLE = "body{font:16px/1.5 sans-serif;max-width:48rem;margin:auto}pre{overflow:auto}.tag{color:#555}\n"


def write_jekyll_site(root: Path, posts: list[Post], *, plugins: bool = True) -> None:
    """A Jekyll source tree: _config.yml, layouts, index, about page, assets and _posts/."""
    head = "{% seo %}{% feed_meta %}\n" if plugins else "<title>{{ page.title | default: site.title }}</title>\n"
    plugin_line = "plugins: [jekyll-feed, jekyll-seo-tag]\n" if plugins else ""
    _write(root / "_config.yml", "title: Bench Blog\ndescription: A generated blog for timing builds\n"
           "author: Bench Author\nurl: https://example.com\nbaseurl: \"\"\n"
           "permalink: /:year/:month/:day/:title.html\nmarkdown: kramdown\n" + plugin_line)
    _write(root / "_layouts" / "default.html", _JEKYLL_DEFAULT.replace("{HEAD}", head))
    _write(root / "_layouts" / "post.html", _JEKYLL_POST)
    _write(root / "index.html", _JEKYLL_INDEX)
    _write(root / "about.md", "---\nlayout: default\ntitle: About\n---\n# About\n\n" + _paragraph(random.Random(1)) + "\n")
    _write(root / "assets" / "style.css", _STYLE)
    _write_images(root)
    for post in posts:
        tags = ", ".join(post.tags)
        front = (f"---\nlayout: post\ntitle: \"{post.title}\"\ndate: {post.date:%Y-%m-%d %H:%M:%S %z}\n"
                 f"tags: [{tags}]\n---\n")
        _write(root / "_posts" / post.jekyll_name, front + post.body)


_HUGO_CONFIG = """baseURL = "https://example.com/"
title = "Bench Blog"
languageCode = "en-us"
disableKinds = ["taxonomy", "term"]
[params]
  description = "A generated blog for timing builds"
  author = "Bench Author"
[permalinks]
  posts = "/:year/:month/:day/:slug/"
[markup.goldmark.renderer]
  unsafe = true
[services.rss]
  limit = 10
"""
_HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>{{ template "_internal/opengraph.html" . }}
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> &middot; {{ .Site.Params.description }}</header>
<main>{{ block "main" . }}{{ end }}</main><footer>&copy; {{ .Site.Params.author }}</footer></body></html>
"""
_HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "Jan 2, 2006" }}</time>
<p>{{ range .Params.tags }}<span class="tag">{{ . }}</span> {{ end }}</p>
{{ .Content }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">&larr; {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }} &rarr;</a>{{ end }}</nav>
</article>{{ end }}
"""
_HUGO_LIST = """{{ define "main" }}<ul class="posts">{{ range .Site.RegularPages.ByDate.Reverse }}
<li><time>{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
"""


def write_hugo_site(root: Path, posts: list[Post]) -> None:
    """The same posts as a Hugo site with a minimal layout (baseof, single, list, home)."""
    _write(root / "hugo.toml", _HUGO_CONFIG)
    layouts = root / "layouts" / "_default"
    _write(layouts / "baseof.html", _HUGO_BASEOF)
    _write(layouts / "single.html", _HUGO_SINGLE)
    _write(layouts / "list.html", _HUGO_LIST)
    _write(root / "layouts" / "index.html", _HUGO_LIST)
    _write(root / "content" / "about.md", "---\ntitle: About\n---\n# About\n\n" + _paragraph(random.Random(1)) + "\n")
    _write(root / "static" / "assets" / "style.css", _STYLE)
    _write_images(root / "static")
    for post in posts:
        tags = ", ".join(f'"{t}"' for t in post.tags)
        front = f"---\ntitle: \"{post.title}\"\ndate: {post.date.isoformat()}\nslug: {post.slug}\ntags: [{tags}]\n---\n"
        _write(root / "content" / "posts" / post.jekyll_name, front + post.body)


def edit_post(path: Path, round_index: int) -> None:
    """Append one paragraph to a post, different each round, so its content really changes."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nAn edited paragraph, written in round {round_index} of the benchmark.\n")
