"""kramdown's math, byte for byte as GitHub Pages writes it: `$$` inline and display, in every container.

Every expected string is the real output of Jekyll 4.3.1 + kramdown 2.4.0 + kramdown-parser-gfm 1.1.0
(`kramdown: {input: GFM, hard_wrap: false, math_engine: mathjax}`, GitHub Pages' settings) for the same
Markdown: one scratch page per case, `jekyll build`, the page's content bytes pasted here.
"""
from __future__ import annotations

import pytest

from sitegen.markdown import render_markdown

CASES = [
    # inline $$…$$ in a sentence; a single $ is text; escaped and unclosed dollars
    ('a $$x$$ b\n', '<p>a \\(x\\) b</p>\n'),
    ('inline $$x_1$$ and *b* $$a*b*c$$.\n',
     '<p>inline \\(x_1\\) and <em>b</em> \\(a*b*c\\).</p>\n'),
    ('$$x$$ starts a paragraph text\n', '<p>\\(x\\) starts a paragraph text</p>\n'),
    ('text ends with $$x$$\n', '<p>text ends with \\(x\\)</p>\n'),
    ('a $$ x + y $$ b\n', '<p>a \\(x + y\\) b</p>\n'),
    ('a $$x$$, $$y$$; ($$z$$). $$w$$!\n', '<p>a \\(x\\), \\(y\\); (\\(z\\)). \\(w\\)!</p>\n'),
    ('a$$x$$b\n', '<p>a\\(x\\)b</p>\n'),
    ('a $$x_i$$ and $$y_i$$ here\n', '<p>a \\(x_i\\) and \\(y_i\\) here</p>\n'),
    ('a $$a_1 *b* c_2$$ b\n', '<p>a \\(a_1 *b* c_2\\) b</p>\n'),
    ('a $$x < y & z > w$$ b\n', '<p>a \\(x &lt; y &amp; z &gt; w\\) b</p>\n'),
    ('a $$\\{x\\}$$ b\n', '<p>a \\(\\{x\\}\\) b</p>\n'),
    ('a $$x \\$ y$$ b\n', '<p>a \\(x \\$ y\\) b</p>\n'),
    ('a \\$$x$$ b\n', '<p>a $$x$$ b</p>\n'),
    ('a \\$\\$x\\$\\$ b\n', '<p>a $$x$$ b</p>\n'),
    ('price $5 and $6\n', '<p>price $5 and $6</p>\n'),
    ('single $x$ dollar\n', '<p>single $x$ dollar</p>\n'),
    ('single $x_1$ and $y_1$ dollar\n', '<p>single $x_1$ and $y_1$ dollar</p>\n'),
    ('a $$x\ny$$ b\n', '<p>a \\(x\ny\\) b</p>\n'),
    ('a $$x\n\ny$$ b\n', '<p>a $$x</p>\n\n<p>y$$ b</p>\n'),
    ('a $$ unclosed\n', '<p>a $$ unclosed</p>\n'),
    ('a $$$$ b\n', '<p>a \\(\\) b</p>\n'),
    ('a $$x$$$$y$$ b\n', '<p>a \\(x\\)\\(y\\) b</p>\n'),
    ('a `$$x$$` b\n',
     '<p>a <code class="language-plaintext highlighter-rouge">$$x$$</code> b</p>\n'),
    ('[$$x$$](/u)\n', '<p><a href="/u">\\(x\\)</a></p>\n'),
    ('**$$x$$** and _$$y$$_\n', '<p><strong>\\(x\\)</strong> and <em>\\(y\\)</em></p>\n'),
    ('a $$\\mathbf{x}$$ b\n', '<p>a \\(\\mathbf{x}\\) b</p>\n'),
    ('a $$\\|x\\|$$ b\n', '<p>a \\(\\|x\\|\\) b</p>\n'),
    # display math: a block of its own (blank line, IAL, start or end of container around it)
    ('$$x$$\n', '\\[x\\]\n'),
    ('$$ x $$\n', '\\[x\\]\n'),
    ('$$\nx\n$$\n', '\\[x\\]\n'),
    ('$$\nx = 1\ny = 2\n$$\n', '\\[x = 1\ny = 2\\]\n'),
    ('$$x = 1\ny = 2$$\n', '\\[x = 1\ny = 2\\]\n'),
    ('a\n\n$$x$$\n\nb\n', '<p>a</p>\n\n\\[x\\]\n\n<p>b</p>\n'),
    ('a\n$$x$$\nb\n', '<p>a\n\\(x\\)\nb</p>\n'),
    ('a\n\n$$x$$\nb\n', '<p>a</p>\n\n<p>\\(x\\)\nb</p>\n'),
    ('a\n$$x$$\n\nb\n', '<p>a\n\\(x\\)</p>\n\n<p>b</p>\n'),
    ('$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n$$\n',
     '\\[\\begin{aligned}\na &amp;= b \\\\\nc &amp;= d\n\\end{aligned}\\]\n'),
    ('$$x$$ text after\n', '<p>\\(x\\) text after</p>\n'),
    ('$$x$$ $$y$$\n', '<p>\\(x\\) \\(y\\)</p>\n'),
    ('$$x$$\n$$y$$\n', '<p>\\(x\\)\n\\(y\\)</p>\n'),
    ('$$x$$\n\n$$y$$\n', '\\[x\\]\n\n\\[y\\]\n'),
    ('$$\nx\n\ny\n$$\n', '\\[x\n\ny\\]\n'),
    ('$$x_1 *a* _b_$$\n', '\\[x_1 *a* _b_\\]\n'),
    ('$$a < b$$\n', '\\[a &lt; b\\]\n'),
    ('$$x$$\n{: .cls}\n', '<div class="cls">\\[x\\]\n</div>\n'),
    ('  $$x$$\n', '\\[x\\]\n'),
    ('$$\n  x\n    y\n$$\n', '\\[x\n    y\\]\n'),
    ('\\$$x$$\n', '<p>\\(x\\)</p>\n'),
    ('$$x$$.\n', '<p>\\(x\\).</p>\n'),
    ('# a $$x$$ b\n', '<h1 id="a-x-b">a \\(x\\) b</h1>\n'),
    ('## $$x$$\n', '<h2 id="x">\\(x\\)</h2>\n'),
    ('Title $$x$$\n===\n', '<h1 id="title-x">Title \\(x\\)</h1>\n'),
    # lists: an item holding only math, math fenced on lines of its own inside an item
    ('- $$x$$\n- b\n', '<ul>\n  <li>\n\\[x\\]\n  </li>\n  <li>b</li>\n</ul>\n'),
    ('- a $$x$$ b\n- c\n', '<ul>\n  <li>a \\(x\\) b</li>\n  <li>c</li>\n</ul>\n'),
    ('- a\n\n  $$\n  x\n  $$\n- b\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n\\[x\\]\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ul>\n'),
    ('- a\n  $$x$$\n- b\n', '<ul>\n  <li>a\n\\(x\\)</li>\n  <li>b</li>\n</ul>\n'),
    ('- a\n\n  $$x$$\n\n- b\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n\\[x\\]\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ul>\n'),
    ('1. $$x$$\n2. y\n', '<ol>\n  <li>\n\\[x\\]\n  </li>\n  <li>y</li>\n</ol>\n'),
    ('- $$\n  x\n  $$\n', '<ul>\n  <li>\n\\[x\\]\n  </li>\n</ul>\n'),
    ('* $$x$$\n\n* $$y$$\n', '<ul>\n  <li>\n\\[x\\]\n  </li>\n  <li>\n\\[y\\]\n  </li>\n</ul>\n'),
    # quotes
    ('> $$x$$\n', '<blockquote>\n\\[x\\]\n</blockquote>\n'),
    ('> a $$x$$ b\n', '<blockquote>\n  <p>a \\(x\\) b</p>\n</blockquote>\n'),
    ('> a\n>\n> $$\n> x\n> $$\n', '<blockquote>\n  <p>a</p>\n\n\\[x\\]\n</blockquote>\n'),
    ('> $$x$$\n> b\n', '<blockquote>\n  <p>\\(x\\)\nb</p>\n</blockquote>\n'),
    # tables: a | inside math splits the cell unless escaped
    ('| a | b |\n|---|---|\n| $$x$$ | 2 |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n'
     '  <tbody>\n    <tr>\n      <td>\\(x\\)</td>\n      <td>2</td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('| a | b |\n|---|---|\n| $$x\\|y$$ | 2 |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th>b</th>\n    </tr>\n  </thead>\n'
     '  <tbody>\n    <tr>\n      <td>\\(x|y\\)</td>\n      <td>2</td>\n    </tr>\n  </tbody>\n'
     '</table>\n'),
    ('| $$x$$ | b |\n|---|---|\n| 1 | 2 |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>\\(x\\)</th>\n      <th>b</th>\n    </tr>\n'
     '  </thead>\n  <tbody>\n    <tr>\n      <td>1</td>\n      <td>2</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    # footnotes
    ('a[^1]\n\n[^1]: note $$x$$ here\n',
     '<p>a<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup></p>\n'
     '\n<div class="footnotes" role="doc-endnotes">\n  <ol>\n'
     '    <li id="fn:1" role="doc-endnote">\n'
     '      <p>note \\(x\\) here\xa0<a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p>\n'
     '    </li>\n  </ol>\n</div>\n'),
    ('a[^1]\n\n[^1]: $$x$$\n',
     '<p>a<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup></p>\n'
     '\n<div class="footnotes" role="doc-endnotes">\n  <ol>\n'
     '    <li id="fn:1" role="doc-endnote">\n\\[x\\]\n'
     '      <p><a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p>\n'
     '    </li>\n  </ol>\n</div>\n'),
    ('a[^1]\n\n[^1]: note\n\n    $$x$$\n',
     '<p>a<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup></p>\n'
     '\n<div class="footnotes" role="doc-endnotes">\n  <ol>\n'
     '    <li id="fn:1" role="doc-endnote">\n      <p>note</p>\n\n\\[x\\]\n'
     '      <p><a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p>\n'
     '    </li>\n  </ol>\n</div>\n'),
    # definition lists
    ('term $$x$$\n: def $$y$$\n', '<dl>\n  <dt>term \\(x\\)</dt>\n  <dd>def \\(y\\)</dd>\n</dl>\n'),
    # \\( and \\[ are backslash escapes, not math: Markdown goes on inside
    ('a \\\\(x\\\\) b\n', '<p>a \\(x\\) b</p>\n'),
    ('a \\\\[x\\\\] b\n', '<p>a \\[x\\] b</p>\n'),
    ('\\\\[x\\\\]\n', '<p>\\[x\\]</p>\n'),
    ('a \\(x\\) b\n', '<p>a (x) b</p>\n'),
    ('a \\[x\\] b\n', '<p>a [x] b</p>\n'),
    ('\\[\nx\n\\]\n', '<p>[\nx\n]</p>\n'),
    ('a \\\\(x_1 *b* y_1\\\\) b\n', '<p>a \\(x_1 <em>b</em> y_1\\) b</p>\n'),
    # emphasis markers inside math are TeX
    ('*a $$x*y$$ b*\n', '<p><em>a \\(x*y\\) b</em></p>\n'),
    ('_a $$x_y$$ b_\n', '<p><em>a \\(x_y\\) b</em></p>\n'),
    ('a $$x$$_b_\n', '<p>a \\(x\\)<em>b</em></p>\n'),
    # HTML around math
    ('<div>$$x$$</div>\n', '<div>$$x$$</div>\n'),
    ('<div markdown="1">\n$$x$$\n</div>\n', '<div>\n  <p>\\(x\\)</p>\n</div>\n'),
    ('<span>$$x$$</span>\n', '<p><span>\\(x\\)</span></p>\n'),
    # code keeps dollars
    ('    $$x$$\n',
     '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>$$x$$\n'
     '</code></pre></div></div>\n'),
    ('```\n$$x$$\n```\n',
     '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>$$x$$\n'
     '</code></pre></div></div>\n'),
    # punctuation, typography, line breaks
    ('a $$x$$\\\nb\n', '<p>a \\(x\\)<br />\nb</p>\n'),
    ('a $$x$$  \nb\n', '<p>a \\(x\\)<br />\nb</p>\n'),
    ('text\n\n$$\nx\n$$\ntext\n', '<p>text</p>\n\n<p>\\(x\\)\ntext</p>\n'),
    ('$$\nx\n$$ tail\n', '<p>\\(x\\) tail</p>\n'),
    ('$$a$$b$$c$$\n', '<p>\\(a\\)b\\(c\\)</p>\n'),
    ('$$x\n', '<p>$$x</p>\n'),
    ('a \\$ b\n', '<p>a $ b</p>\n'),
    ('a $$x \\\\ y$$ b\n', '<p>a \\(x \\\\ y\\) b</p>\n'),
    ('a $$\\text{$x$}$$ b\n', '<p>a \\(\\text{$x$}\\) b</p>\n'),
    ('a $$x$$\n\n---\n', '<p>a \\(x\\)</p>\n\n<hr />\n'),
    ('a <b>$$x$$</b>\n', '<p>a <b>\\(x\\)</b></p>\n'),
    # IALs on math; HTML-escaping; lazy lines
    ('a $$x$${: .c} b\n', '<p>a <span class="c">$x$</span> b</p>\n'),
    ('a $$"q" & \'r\'$$ b\n', '<p>a \\("q" &amp; \'r\'\\) b</p>\n'),
    ('$$"q"$$\n', '\\["q"\\]\n'),
    ('- $$x$$\nlazy\n', '<ul>\n  <li>\\(x\\)\nlazy</li>\n</ul>\n'),
    ('> $$x$$\nlazy\n', '<blockquote>\n  <p>\\(x\\)\nlazy</p>\n</blockquote>\n'),
    ('- $$x$$\n  more\n', '<ul>\n  <li>\\(x\\)\nmore</li>\n</ul>\n'),
    ('- a\n\n  $$x$$\n  more\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <p>\\(x\\)\nmore</p>\n  </li>\n</ul>\n'),
    ('# h\n$$x$$\n', '<h1 id="h">h</h1>\n<p>\\(x\\)</p>\n'),
    ('{: .x}\n$$x$$\n', '<div class="x">\\[x\\]\n</div>\n'),
    ('~~~\nc\n~~~\n$$x$$\n',
     '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>c\n'
     '</code></pre></div></div>\n<p>\\(x\\)</p>\n'),
    ('- a\n\n  $$x$$\n  {: .cls}\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n    <div class="cls">\\[x\\]\n</div>\n  </li>\n</ul>\n'),
    ('> $$x$$\n> {: .cls}\n', '<blockquote>\n  <div class="cls">\\[x\\]\n</div>\n</blockquote>\n'),
    # boundaries after display math
    ('$$x$$  \n\nb\n', '\\[x\\]\n\n<p>b</p>\n'),
    ('$$\nx\n$$\n\n$$\ny\n$$\n', '\\[x\\]\n\n\\[y\\]\n'),
    ('a\n\n   $$x$$\n', '<p>a</p>\n\n\\[x\\]\n'),
    ('a\n\n    $$x$$\n',
     '<p>a</p>\n\n'
     '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>$$x$$\n'
     '</code></pre></div></div>\n'),
    ('\t$$x$$\n',
     '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>$$x$$\n'
     '</code></pre></div></div>\n'),
    # odd dollars
    ('$$x$$\ta\n', '<p>\\(x\\)\ta</p>\n'),
    ('$$x\\$$$\n', '<p>\\(x\\\\)$</p>\n'),
    ('a $$x\\$$$ b\n', '<p>a \\(x\\\\)$ b</p>\n'),
    ('$$ $$\n', '\\[\\]\n'),
    ('$$\n$$\n', '\\[\\]\n'),
    # mixed blocks
    ('a $$x$$\n\n$$y$$\nb $$z$$\n', '<p>a \\(x\\)</p>\n\n<p>\\(y\\)\nb \\(z\\)</p>\n'),
    ('1. a\n\n   $$\n   x = y\n   $$\n\n2. b\n',
     '<ol>\n  <li>\n    <p>a</p>\n\n\\[x = y\\]\n  </li>\n  <li>\n    <p>b</p>\n  </li>\n</ol>\n'),
    ('* a\n\n  $$\n  \\begin{cases}\n    x\n  \\end{cases}\n  $$\n',
     '<ul>\n  <li>\n    <p>a</p>\n\n\\[\\begin{cases}\n  x\n\\end{cases}\\]\n  </li>\n</ul>\n'),
    ('> a\n>\n> $$x\n> y$$\n>\n> b\n',
     '<blockquote>\n  <p>a</p>\n\n\\[x\ny\\]\n\n  <p>b</p>\n</blockquote>\n'),
    ('a\n\n$$\nx\n$$\n\n* b\n', '<p>a</p>\n\n\\[x\\]\n\n<ul>\n  <li>b</li>\n</ul>\n'),
    # a block right after $$…$$ on the next line
    ('$$x$$\n* b\n', '<p>\\(x\\)</p>\n<ul>\n  <li>b</li>\n</ul>\n'),
    ('$$x$$\n# h\n', '<p>\\(x\\)</p>\n<h1 id="h">h</h1>\n'),
    ('$$x$$\n---\n', '<h2 id="x">\\(x\\)</h2>\n'),
    ('$$x$$\n```\nc\n```\n',
     '<p>\\(x\\)</p>\n'
     '<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>c\n'
     '</code></pre></div></div>\n'),
    ('$$x$$\n> q\n', '<p>\\(x\\)</p>\n<blockquote>\n  <p>q</p>\n</blockquote>\n'),
    # more tables
    ('| a |\n|---|\n| $$x_1$$ |\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>\\(x_1\\)</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('| $$x$$ | $$y$$ |\n',
     '<table>\n  <tbody>\n    <tr>\n      <td>\\(x\\)</td>\n      <td>\\(y\\)</td>\n    </tr>\n'
     '  </tbody>\n</table>\n'),
    # escaped display math
    ('\\$$x$$ tail\n', '<p>$$x$$ tail</p>\n'),
    ('a\n\n\\$$x$$\n', '<p>a</p>\n\n<p>\\(x\\)</p>\n'),
    # math against emphasis, links, autolinks, raw HTML
    ('a $$x\\\\$$ b\n', '<p>a \\(x\\\\\\) b</p>\n'),
    ('a $$a^* b^*$$ c *d*\n', '<p>a \\(a^* b^*\\) c <em>d</em></p>\n'),
    ('a *b $$c* d$$ e*\n', '<p>a <em>b \\(c* d\\) e</em></p>\n'),
    ('a **b $$c** d$$ e**\n', '<p>a <strong>b \\(c** d\\) e</strong></p>\n'),
    ('a [b $$c] d$$ e](/u)\n', '<p>a <a href="/u">b \\(c] d\\) e</a></p>\n'),
    ('a <https://x.org/$$a$$> b\n',
     '<p>a <a href="https://x.org/$$a$$">https://x.org/$$a$$</a> b</p>\n'),
    ('a <span title="$$x$$">t</span>\n', '<p>a <span title="$$x$$">t</span></p>\n'),
    # math next to footnotes, dashes, del
    ('$$x$$[^1]\n\n[^1]: n\n',
     '<p>\\(x\\)<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup></p>\n'
     '\n<div class="footnotes" role="doc-endnotes">\n  <ol>\n'
     '    <li id="fn:1" role="doc-endnote">\n'
     '      <p>n\xa0<a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p>\n'
     '    </li>\n  </ol>\n</div>\n'),
    ('$$\\alpha$$&mdash;$$\\beta$$\n', '<p>\\(\\alpha\\)—\\(\\beta\\)</p>\n'),
    ('a $$x$$--$$y$$ b\n', '<p>a \\(x\\)–\\(y\\) b</p>\n'),
    ('a ~~$$x$$~~ b\n', '<p>a <del>\\(x\\)</del> b</p>\n'),
    # definitions
    ('Term\n: $$x$$\n', '<dl>\n  <dt>Term</dt>\n  <dd>\n\\[x\\]\n  </dd>\n</dl>\n'),
    ('Term\n\n: $$x$$\n', '<dl>\n  <dt>Term</dt>\n  <dd>\n\\[x\\]\n  </dd>\n</dl>\n'),
    # more IALs, escapes, container ends
    ('a $$a<b "c"$${: .c} b\n', '<p>a <span class="c">$a<b "c"$</span> b</p>\n'),
    ('\\$$x$$\nmore\n', '<p>\\(x\\)\nmore</p>\n'),
    ('- a\n\n  \\$$x$$\n', '<ul>\n  <li>\n    <p>a</p>\n\n    <p>\\(x\\)</p>\n  </li>\n</ul>\n'),
    ('$$x$$\n{:toc}\n', '\\[x\\]\n'),
    ('- $$x$$\n\n  b\n', '<ul>\n  <li>\n\\[x\\]\n\n    <p>b</p>\n  </li>\n</ul>\n'),
    ('> $$x$$\n>\n> b\n', '<blockquote>\n\\[x\\]\n\n  <p>b</p>\n</blockquote>\n'),
    # nested items and quotes, CRLF, IALs after math paragraphs, research-blog shapes
    ('text\n$$\nx\n$$\n', '<p>text\n\\(x\\)</p>\n'),
    ('- a\n  - $$x$$\n  - b\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>\n\\[x\\]\n      </li>\n      <li>b</li>\n    </ul>\n'
     '  </li>\n</ul>\n'),
    ('- a\n  - b\n\n    $$\n    x\n    $$\n',
     '<ul>\n  <li>a\n    <ul>\n      <li>\n        <p>b</p>\n\n\\[x\\]\n      </li>\n    </ul>\n'
     '  </li>\n</ul>\n'),
    ('- a $$x\n  y$$ b\n', '<ul>\n  <li>a \\(x\ny\\) b</li>\n</ul>\n'),
    ('a $$a $ b$$ c\n', '<p>a \\(a $ b\\) c</p>\n'),
    ('# $$x$$ {#id}\n', '<h1 id="id">\\(x\\)</h1>\n'),
    ('- > $$x$$\n', '<ul>\n  <li>\n    <blockquote>\n\\[x\\]\n    </blockquote>\n  </li>\n</ul>\n'),
    ('$$\n<x>\n$$\n', '\\[&lt;x&gt;\\]\n'),
    ('<div markdown="1">\n\n$$x$$\n\n</div>\n', '<div>\n\n\\[x\\]\n\n</div>\n'),
    ('a[^n]\n\n[^n]: text\n\n    $$\n    x\n    $$\n',
     '<p>a<sup id="fnref:n" role="doc-noteref"><a href="#fn:n" class="footnote" rel="footnote">1</a></sup></p>\n'
     '\n<div class="footnotes" role="doc-endnotes">\n  <ol>\n'
     '    <li id="fn:n" role="doc-endnote">\n      <p>text</p>\n\n\\[x\\]\n'
     '      <p><a href="#fnref:n" class="reversefootnote" role="doc-backlink">&#8617;</a></p>\n'
     '    </li>\n  </ol>\n</div>\n'),
    ('$$x$$\n\n- a\n', '\\[x\\]\n\n<ul>\n  <li>a</li>\n</ul>\n'),
    ('a\r\n\r\n$$x$$\r\n\r\nb $$y$$\r\n', '<p>a</p>\n\n\\[x\\]\n\n<p>b \\(y\\)</p>\n'),
    ('[a](http://x/$$y$$)\n', '<p><a href="http://x/$$y$$">a</a></p>\n'),
    ('a $$x$$ b\n{: .p}\n', '<p class="p">a \\(x\\) b</p>\n'),
    ('$$\nx\n$$\n{: #eq1}\n', '<div id="eq1">\\[x\\]\n</div>\n'),
    ('1. a\n\n   $$x$$\n\n   b\n2. c\n',
     '<ol>\n  <li>\n    <p>a</p>\n\n\\[x\\]\n\n    <p>b</p>\n  </li>\n  <li>\n    <p>c</p>\n'
     '  </li>\n</ol>\n'),
    ('* $$x$$\n  $$y$$\n', '<ul>\n  <li>\\(x\\)\n\\(y\\)</li>\n</ul>\n'),
    ('> $$\n> x\n> $$\n> more\n', '<blockquote>\n  <p>\\(x\\)\nmore</p>\n</blockquote>\n'),
    ('|a|\n|-|\n|$$x$$ and $$y$$|\n',
     '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n    </tr>\n  </thead>\n  <tbody>\n'
     '    <tr>\n      <td>\\(x\\) and \\(y\\)</td>\n    </tr>\n  </tbody>\n</table>\n'),
    ('a $$\\begin{pmatrix}1 & 2\\end{pmatrix}$$ b\n',
     '<p>a \\(\\begin{pmatrix}1 &amp; 2\\end{pmatrix}\\) b</p>\n'),
    ('where $$\\mathcal{L} = \\mathbb{E}_{t, x_0, \\epsilon}[\\|\\epsilon - \\epsilon_\\theta(x_t, t)\\|^2]$$.\n',
     '<p>where \\(\\mathcal{L} = \\mathbb{E}_{t, x_0, \\epsilon}[\\|\\epsilon - \\epsilon_\\theta(x_t, t)\\|^2]\\).</p>\n'),
    ('$$\n\\begin{align}\nq(x_t|x_{t-1}) &= \\mathcal{N}(x_t; \\sqrt{1-\\beta_t} x_{t-1}, \\beta_t I) \\\\\n\\end{align}\n$$\n',
     '\\[\\begin{align}\n'
     'q(x_t|x_{t-1}) &amp;= \\mathcal{N}(x_t; \\sqrt{1-\\beta_t} x_{t-1}, \\beta_t I) \\\\\n'
     '\\end{align}\\]\n'),
    ('- **Step 1**: $$x_T \\sim \\mathcal{N}(0, I)$$\n- **Step 2**: sample\n',
     '<ul>\n  <li><strong>Step 1</strong>: \\(x_T \\sim \\mathcal{N}(0, I)\\)</li>\n'
     '  <li><strong>Step 2</strong>: sample</li>\n</ul>\n'),
    ('The *noise* $$\\epsilon$$ is _Gaussian_; see [1](#ref).\n',
     '<p>The <em>noise</em> \\(\\epsilon\\) is <em>Gaussian</em>; see <a href="#ref">1</a>.</p>\n'),
    ('$$x$$\n\n\n\n$$y$$\n', '\\[x\\]\n\n\\[y\\]\n'),
    ('   $$\n   x\n   $$\n', '\\[x\\]\n'),
    ('$$x$$ \t\n', '\\[x\\]\n'),
    ('a\n\n$$\nx\n', '<p>a</p>\n\n<p>$$\nx</p>\n'),
    ('$$ a $$ $$ b $$\n', '<p>\\(a\\) \\(b\\)</p>\n'),
]


@pytest.mark.parametrize(("source", "kramdown"), CASES)
def test_math_as_kramdown_writes_it(source: str, kramdown: str) -> None:
    assert render_markdown(source, path="post.md") == kramdown
