"""One content Markdown field to safe HTML, for the site.

The dialect (CONTENT.md "Markdown"): CommonMark with GitHub's tables,
strikethrough and bare-URL autolinks, and footnotes. markdown-it-py (with
mdit-py-plugins' footnotes) parses it, for the site and for the packs
(generator/pack/fieldast.py writes the same tokens down for Pandoc). Raw
HTML is parsed as CommonMark parses it,
so that a field's blocks end where they end in the pack, and then shown as
the text that was typed; no attribute typed in content is emitted; a link
or image becomes a link only to `http:`, `https:`, `mailto:` or `#anchor`,
and is shown as its text otherwise. An image is never loaded (a pasted
tracking pixel stays a link). nh3 then keeps only the elements and
attributes this renderer makes: a second wall, not the first.

Each field is parsed on its own: a link or footnote definition, an
unclosed fence or HTML block never reaches another field. Footnote ids
carry a prefix the caller makes unique on its page (`footnote_prefix`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

# What the renderer may emit, and nothing else (checked again by tests on built pages).
CONTENT_TAGS: dict[str, frozenset[str]] = {
    tag: frozenset()
    for tag in ("p h1 h2 h3 h4 h5 h6 blockquote ul li pre code em strong s br hr table thead tbody tr").split()
} | {
    "a": frozenset({"href", "id", "class", "rel"}),
    "ol": frozenset({"start", "class"}),
    "li": frozenset({"id", "class"}),
    "th": frozenset({"style"}),
    "td": frozenset({"style"}),
    "sup": frozenset({"class"}),
    "section": frozenset({"class"}),
    "hr": frozenset({"class"}),
}
_CLASSES = {
    "a": {"footnote-backref"},
    "ol": {"footnotes-list"},
    "li": {"footnote-item"},
    "sup": {"footnote-ref"},
    "section": {"footnotes"},
    "hr": {"footnotes-sep"},
}
_ALLOWED_URL = re.compile(r"(?:https?:|mailto:|#)", re.IGNORECASE)
# The page-unique part of footnote ids is put in by `render_field_html`.
_PREFIX_SLOT = "pfslot"
_FOOTNOTE_IDS = re.compile(rf'(id="|href="#)(fn(?:ref)?)-{_PREFIX_SLOT}-')


def is_allowed_url(url: str) -> bool:
    """Whether content may link to `url`: `http:`, `https:`, `mailto:` or an in-page `#anchor`."""
    return _ALLOWED_URL.match(url) is not None


def render_field_html(markdown: str, footnote_prefix: str = "") -> str:
    """One Markdown field as HTML on a single line (newlines and tabs as character references).

    `footnote_prefix` makes the field's footnote ids unique on a page
    (`fn-<prefix>-1`); a field without footnotes does not use it.
    """
    html = _render_cached(markdown)
    if footnote_prefix and _PREFIX_SLOT in html:
        html = _FOOTNOTE_IDS.sub(lambda m: f"{m.group(1)}{m.group(2)}-{footnote_prefix}-", html)
    return html


def _render(markdown: str) -> str:
    html = content_parser().render(markdown, {"docId": _PREFIX_SLOT})
    cleaned = _cleaner().clean(html)
    # One line: the page keeps it as it is (generator/site/passthrough.py).
    return cleaned.strip().replace("\t", "&#9;").replace("\r", "&#13;").replace("\n", "&#10;")


FIELDS_KEPT = 4096  # by a one-off command
_render_cached = functools.lru_cache(maxsize=FIELDS_KEPT)(_render)


def remember_every_field(keep: bool = True) -> None:
    """Keep the HTML of every field converted from now on, not only of the last 4096 (`keep` False: no longer).

    For `portfolio serve`, which converts the same fields at every rebuild:
    a big portfolio has more fields than that, and each rebuild reads them
    in the same order, so a bounded cache would keep none of them. A
    one-off command keeps the bounded cache (its memory stays small).
    """
    global _render_cached
    _render_cached = functools.lru_cache(maxsize=None if keep else FIELDS_KEPT)(_render)


def closing(tokens: Sequence[Token], i: int) -> int:
    """Where the token opened at `i` closes (markdown-it's tokens nest by `nesting`)."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def footnote_ranges(tokens: Sequence[Token]) -> dict[int, tuple[int, int]]:
    """Each footnote's id → the range of its block tokens (without its opening and closing), in the notes' order."""
    found: dict[int, tuple[int, int]] = {}
    start, footnote_id = 0, 0
    for n, token in enumerate(tokens):
        if token.type == "footnote_open":
            start, footnote_id = n + 1, int(token.meta["id"])
        elif token.type == "footnote_close":
            found[footnote_id] = (start, n)
    return found


@functools.cache
def content_parser() -> MarkdownIt:
    """The one parser of content Markdown: the site's HTML, and the packs' blocks (generator/pack/fieldast.py)."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    _link_only_what_github_links(md)
    md.use(footnote_plugin, inline=False)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # every link parses; `_plain_links` decides
    md.core.ruler.push("pf_plain_links", _plain_links)
    md.add_render_rule("html_block", _html_block_as_text)
    md.add_render_rule("html_inline", _html_inline_as_text)
    md.add_render_rule("fence", _code_block)
    md.add_render_rule("code_block", _code_block)
    return md


def _link_only_what_github_links(md: MarkdownIt) -> None:
    """Bare URLs with a scheme or `www.`, and e-mail addresses, as Pandoc's `autolink_bare_uris`.

    Links linkify-it finds without either (`example.com`) are undone in
    `_checked_links`. linkify-it's own pretest is one very large regular expression, most of
    the time of a field; text without `://`, `www.` or `@` cannot hold a link.
    """
    linkify = md.linkify
    assert linkify is not None
    pretest = linkify.pretest
    linkify.pretest = lambda text: ("://" in text or "www." in text or "@" in text) and pretest(text)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(CONTENT_TAGS),
        # "*": no attribute on every tag, not even ammonia's default `title` and `lang`.
        attributes={"*": set()} | {tag: set(attrs - {"class", "rel"}) for tag, attrs in CONTENT_TAGS.items()},
        allowed_classes={tag: set(classes) for tag, classes in _CLASSES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


def _html_block_as_text(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A block of raw HTML, as the paragraph of text that was typed."""
    return f"<p>{escapeHtml(tokens[idx].content.strip())}</p>\n"


def _html_inline_as_text(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return escapeHtml(tokens[idx].content)


def _code_block(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """Fenced or indented code; the info string (`python`) is not an attribute of the page."""
    return f"<pre><code>{escapeHtml(tokens[idx].content)}</code></pre>\n"


def _plain_links(state: StateCore) -> None:
    """Links to anything but http(s), mailto or #anchor become their text; images become links."""
    for block in state.tokens:
        if block.type == "inline" and block.children:
            block.children = _checked_links(block.children)


def _checked_links(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    open_links: list[bool] = []  # for each open link: whether it is kept
    for n, token in enumerate(children):
        if token.type == "link_open":
            kept = is_allowed_url(str(token.attrGet("href") or "")) and not _fuzzy(token, children[n + 1 : n + 2])
            open_links.append(kept)
            if kept:
                token.attrs = {"href": token.attrs["href"]}  # no title: no typed attribute but the URL
                result.append(token)
        elif token.type == "link_close":
            if open_links.pop():
                result.append(token)
        elif token.type == "image":
            result.extend(_image_as_link(token))
        else:
            result.append(token)
    return result


_BARE_LINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|www\.|[^@\s]+@", re.IGNORECASE)


def _fuzzy(link_open: Token, following: list[Token]) -> bool:
    """A link linkify-it found in text that has no scheme, `www.` or `@` (Pandoc leaves those as text)."""
    if link_open.markup != "linkify" or not following:
        return False
    return _BARE_LINK.match(following[0].content) is None


def _image_as_link(image: Token) -> list[Token]:
    """An image as a link to it, labelled with its description (or its address when it has none)."""
    src = str(image.attrGet("src") or "")
    label = Token("text", "", 0)
    label.content = _plain_text(image.children or []) or src
    if not is_allowed_url(src):
        return [label]
    link_open = Token("link_open", "a", 1)
    link_open.attrs = {"href": src}
    return [link_open, label, Token("link_close", "a", -1)]


def _plain_text(tokens: Sequence[Token]) -> str:
    parts = []
    for token in tokens:
        if token.type in ("text", "code_inline", "html_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children:
            parts.append(_plain_text(token.children))
    return "".join(parts)
