"""Hostile content stays text: in every built page's HTML, in the search index, and in Chromium.

The corpus (tests/markdown_corpus.py) is put in every kind of Markdown field
(answers, prompts, story fields and notes, application and contact notes,
the profile summary) and built into the private, the shared and the
encrypted site. Every element and attribute in a page's content area must
be one our templates make; in headless Chromium, no payload may run and no
request may leave 127.0.0.1.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.render.markdown import CONTENT_TAGS, is_allowed_url
from tests.chromium import TIMEOUT_MS
from tests.conftest import portfolio
from tests.localhost import serving
from tests.markdown_corpus import HOSTILE, write_portfolio

pytestmark = pytest.mark.slow
PASSWORD = "hostile corpus password"
SITES = ("private", "shared", "encrypted")

# What the page templates (and Material's extensions they use) put in the content area, outside content fields.
TEMPLATE_TAGS: dict[str, set[str]] = {
    "article": {"class"},
    "div": {"class", "id", "data-tabs", "data-search-exclude"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "a": {"href", "class", "title", "rel"},
    "p": {"class"},
    "span": {"class", "title", "style", "id"},
    "button": {"class", "type", "title", "data-clipboard-text"},  # Copy (readiness.py)
    "strong": {"class"},
    "em": set(),
    "code": set(),
    "br": set(),
    "small": {"class"},
    "ul": set(),
    "li": {"class"},
    "table": set(),
    "thead": set(),
    "tbody": set(),
    "tr": set(),
    "th": set(),
    "td": set(),
    "input": {"checked", "id", "name", "type"},
    "label": {"for"},
    "details": {"class", "data-search-exclude"},
    "summary": set(),
    "del": set(),
    "ins": set(),
}


def hostile_content(root: Path) -> Path:
    content = write_portfolio(root, HOSTILE, HOSTILE)
    for path in (content / "stories").glob("*.yaml"):
        _edit(path, lambda story: story.update(notes="\n\n".join(HOSTILE[:8])))

    def app(data: dict) -> None:
        data["notes"] = "\n\n".join(HOSTILE[8:16])
        data["contacts"] = [{"name": "Zzcontact", "notes": "\n\n".join(HOSTILE[16:24])}]
        for answer, prompt in zip(data.get("answers", []), reversed(HOSTILE), strict=False):
            answer["prompt"] = prompt

    _edit(content / "applications" / "answers.yaml", app)
    _edit(content / "profile.yaml", lambda profile: profile.update(summary="\n\n".join(HOSTILE[24:32])))
    return content


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    hostile_content(root)
    built = {}
    for site in SITES:
        audience = "shared" if site == "shared" else "private"
        env: dict[str, str | None] = {}
        if site == "encrypted":
            env.update(PORTFOLIO_PASSWORD=PASSWORD, PORTFOLIO_TEST_ONLY_KDF_ITERATIONS="1000")
        args = ["build", "--no-packs", "--force", "--audience", audience, "--site-dir", f"site-{site}"]
        done = portfolio(root, *args, env=env)
        assert done.returncode == 0, done.stderr
        built[site] = root / f"site-{site}"
    return built


class ContentArea(HTMLParser):
    """Every element and attribute inside the page's `<article>`; inside a content field, by field."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article> when > 0
        self.field_depth = 0  # inside <div class="pf-md"> when > 0
        self.found: list[tuple[bool, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += tag not in VOID
            in_field = self.field_depth > 0
            if in_field:
                self.field_depth += tag not in VOID
            elif tag == "div" and ("class", "pf-md") in attrs:
                self.field_depth = 1
            self.found.append((in_field, tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID:
            self.depth -= 1
            if self.field_depth:
                self.field_depth -= 1


VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


def unexpected_markup(html: str) -> list[str]:
    """Each element or attribute of the content area that our templates do not make."""
    area = ContentArea()
    area.feed(html)
    found = []
    for in_field, tag, attrs in area.found:
        allowed = CONTENT_TAGS.get(tag) if in_field else TEMPLATE_TAGS.get(tag)
        if allowed is None:
            found.append(f"<{tag}>" + (" in a content field" if in_field else ""))
            continue
        for name, value in attrs:
            if name not in allowed or in_field and name == "href" and not is_allowed_url(value or ""):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def test_the_allowlist_check_finds_what_content_must_not_make() -> None:
    page = '<article><div class="pf-md"><p onclick="x">a</p><a href="javascript:x">b</a><img src=x><span>c</span></div>'
    assert unexpected_markup(page + "<p>template</p></article>") == [
        "<p onclick='x'>",
        "<a href='javascript:x'>",
        "<img> in a content field",
        "<span> in a content field",
    ]
    assert unexpected_markup('<article><div class="pf-md"></div><span class="x">ok</span><script></script>') == [
        "<script>"
    ]


def test_every_element_and_attribute_in_the_content_area_is_one_the_templates_make(sites: dict[str, Path]) -> None:
    fields = 0
    for site in ("private", "shared"):
        for page in sites[site].rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            assert unexpected_markup(html) == [], page
            fields += html.count('<div class="pf-md">')
    assert fields > 2 * len(HOSTILE)


def test_the_search_index_holds_content_as_text(sites: dict[str, Path]) -> None:
    for site in ("private", "shared"):
        index = json.loads((sites[site] / "search" / "search_index.json").read_text(encoding="utf-8"))
        for entry in index["docs"]:
            area = ContentArea()
            area.feed(f"<article>{entry['text']}</article>")
            for _in_field, tag, attrs in area.found[1:]:
                assert tag in CONTENT_TAGS or tag in TEMPLATE_TAGS, (entry["location"], tag)
                assert not [name for name, _ in attrs if name.startswith("on")], (entry["location"], tag, attrs)
        text = json.dumps(index)
        assert "onerror=alert(19)" in text and "javascript:alert(16)" in text  # shown, as typed


# Runs before any page script: records every dialog and title change a payload could make.
WATCH = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__ran.push(name + ":" + args.join(",")); };
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("site", SITES)
def test_no_payload_runs_and_nothing_leaves_the_machine(chromium, sites: dict[str, Path], site: str) -> None:
    folder = sites[site]
    plain = sites["private" if site == "encrypted" else site]  # the encrypted site's files have no names
    pages = sorted(p.relative_to(plain).parent.as_posix() + "/" for p in plain.rglob("index.html"))
    with serving(folder) as base:
        context = chromium.new_context()
        requested: list[str] = []
        dialogs: list[str] = []
        context.on("request", lambda request: requested.append(request.url))
        context.add_init_script(WATCH)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            if site == "encrypted":
                page.goto(base)
                page.locator("#password").fill(PASSWORD)
                page.locator("#submit").click()
                page.locator("article").wait_for()
            assert len(pages) > 10
            ran: list[str] = []
            for path in pages:
                url = base + ("" if path == "./" else path)
                page.goto(url)
                page.locator("article").first.wait_for()
                _provoke(page)
                ran += page.evaluate("window.__ran")
                assert page.title() != url and "127.0.0.1" not in page.title(), (path, page.title())
            page.goto(base)
            page.locator("input.md-search__input").click()
            page.keyboard.type("onerror")
            page.locator(".md-search-result__item").first.wait_for()
            _provoke(page)
            ran += page.evaluate("window.__ran")
        finally:
            context.close()
    assert ran == [] and dialogs == [], (ran, dialogs)
    assert [url for url in requested if not _local(url)] == []


def _local(url: str) -> bool:
    return urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:"))


def _provoke(page) -> None:  # type: ignore[no-untyped-def]
    """Focus, hover and click every element of the content area, as a curious reader might (links not followed)."""
    page.evaluate(
        """() => {
            for (const el of document.querySelectorAll("article *")) {
                if (el.closest("a")) continue;
                el.focus && el.focus();
                for (const type of ["mouseover", "click", "focus", "animationstart"]) el.dispatchEvent(new Event(type));
            }
        }"""
    )
    page.wait_for_timeout(50)
