"""A Python-Markdown extension that hands content HTML to the page untouched.

A generated page is Markdown made by our templates; the content fields in
it are already HTML (generator/render/markdown.py), each on one line of its
own inside `<div class="pf-md">…</div>`, at any indentation (an admonition,
a content tab, a list item). Before Python-Markdown reads any block, this
preprocessor moves each such line into its store of raw HTML and leaves a
placeholder, so no Markdown extension (attr_list, md_in_html, tables,
admonitions…) ever reads content; the HTML comes back, byte for byte, where
the placeholder ends up. The line can only come from the `markdown` filter
of pages.py: a content field's own text is escaped inside it, so its `<`
is never the start of a tag.

Templates hand over their own finished HTML the same way: a line that
starts with `<!--pf-html-->` (`HTML_MARK`) is stashed without the mark.
Long lists (the stories' index, the tag page, an application's evidence)
are written so, with their addresses made by `markup.relative_url`: they
are the bulk of a big site's Markdown, and Python-Markdown no longer reads
them. A value printed into a template is escaped (`markup.escape_text`: `<`
becomes `&lt;`), so no text a user typed can start such a line either.
A marked line must carry no `id` that a link may name: MkDocs looks for
anchors (to check links to them) in the raw HTML it reads, after this
extension has stashed the line; such an element is written as plain raw
HTML instead (Python-Markdown keeps a one-line block as it is).

The plugin adds this extension to every build (defaults.py).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPEN = '<div class="pf-md">'
CLOSE = "</div>"
HTML_MARK = "<!--pf-html-->"
# At any indentation, and after a bullet (`- ` + a field: the résumé's highlights).
_LINE = re.compile(
    rf"^( *(?:[-*+] )?)(?:{re.escape(HTML_MARK)}([^\n]*)|{re.escape(OPEN)}[^\n]*{re.escape(CLOSE)})$",
    re.MULTILINE,
)

# After `normalize_whitespace` (30), which would drop the placeholder's
# control characters, and before `html_block` (20) reads raw HTML.
PRIORITY = 25


def content_line(html: str) -> str:
    """The line a page holds for one content field's HTML (a single line, see render/markdown.py)."""
    return f"{OPEN}{html}{CLOSE}"


def html_line(html: str) -> str:
    """The line a page holds for a template's own finished HTML (one line, no newline in it)."""
    return f"{HTML_MARK}{html}"


class ContentPassthrough(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if OPEN not in text and HTML_MARK not in text:
            return lines
        return _LINE.sub(self._stash, text).split("\n")

    def _stash(self, match: re.Match[str]) -> str:
        indent, marked = match.group(1, 2)
        html = marked if marked is not None else match.group(0)[len(indent) :]
        return indent + str(self.md.htmlStash.store(html))


class ContentPassthroughExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(ContentPassthrough(md), "portfolio_content", PRIORITY)


def makeExtension(**kwargs: object) -> ContentPassthroughExtension:
    return ContentPassthroughExtension(**kwargs)
