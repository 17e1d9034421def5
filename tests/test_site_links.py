"""Links that pages write as finished HTML go where MkDocs' own links would, with either URL style."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from generator.site.markup import relative_url
from tests.conftest import FIXTURE_PORTFOLIO, run

PAGES = ["index.md", "tags.md", "cv.md", "stories/index.md", "stories/gpu-playbook.md", "a/b/c.md", "README.md"]
FILES = [*PAGES, "pdf/cv.pdf", "pdf/acme-pm.pdf", "calendar.ics"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_relative_url_is_what_mkdocs_writes(directory_urls: bool) -> None:
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "use_directory_urls": directory_urls})

    def file(src: str) -> File:
        return File(src, "/docs", "/site", use_directory_urls=directory_urls)

    for page in PAGES:
        for target in FILES:
            expected = file(target).url_relative_to(file(page))
            assert relative_url(target, page, directory_urls=directory_urls) == expected, (page, target)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))


def _read(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and anchor a relative link from `page` reaches (None: not a link within the site)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "#")) or not parts.path:
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    assert site.resolve() in target.parents, (page, href)
    return target, parts.fragment


@pytest.mark.slow
@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_between_pages_reaches_a_page_and_its_anchor(
    directory_urls: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    with (tmp_path / "content" / "pages" / "about.md").open("a", encoding="utf-8") as page:
        page.write("\nWhat [the first criterion](../applications/acme-pm.md#criterion-1) asks.\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Links\ndocs_dir: content\ntheme:\n  name: material\n"
        f"use_directory_urls: {str(directory_urls).lower()}\n"
        "plugins:\n  - search\n  - portfolio:\n      content: content\n"
        "validation:\n  links:\n    anchors: warn\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert "anchor" not in result.output  # MkDocs saw the anchors of finished HTML a hand page links to
    site = tmp_path / "site"
    pages = [page for page in site.rglob("*.html") if page.name != "404.html"]
    checked = 0
    for page in pages:
        for href in _read(page).hrefs:
            reached = _target(site, page, href)
            if reached is None:
                continue
            target, anchor = reached
            assert target.is_file(), f"{page.relative_to(site)}: {href} reaches nothing"
            if anchor:
                assert anchor in _read(target).ids, f"{page.relative_to(site)}: {href} has no #{anchor}"
            checked += 1
    assert checked > 50
    index = (site / "stories" / "index.html").read_text(encoding="utf-8")
    story = "gpu-playbook/" if directory_urls else "gpu-playbook.html"
    assert re.search(rf'<a class="pf-story-title" href="{re.escape(story)}">GPU maintenance playbook</a>', index)
