"""The site's pages as Markdown, without a build: golden files, escaping, diffs, history."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.audience import private_view, shared_view
from generator.content.loader import load_portfolio
from generator.render.markdown import render_field_html
from generator.site.diffs import render_word_diff
from generator.site.history import read_history
from generator.site.markup import escape_text
from generator.site.pages import render_site_pages
from tests.conftest import FIXTURE_PORTFOLIO, git

TODAY = dt.date(2025, 7, 8)


@pytest.mark.parametrize("audience", ["private", "shared"])
def test_pages_match_golden_files(audience: str, golden) -> None:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    view = private_view(loaded) if audience == "private" else shared_view(loaded)
    pages = render_site_pages(view, None, today=TODAY)
    listing = "".join(f"{path}\n" for path in sorted(pages))
    golden(f"site/{audience}/PAGES.txt", listing)
    for path, markdown in pages.items():
        golden(f"site/{audience}/{path}", markdown)


def test_private_site_has_every_page_at_its_path() -> None:
    pages = render_site_pages(private_view(load_portfolio(FIXTURE_PORTFOLIO)), today=TODAY)
    assert {
        "index.md",
        "applications/index.md",
        "applications/acme-pm.md",
        "applications/zyx-tpm.md",
        "stories/index.md",
        "stories/gpu-playbook.md",
        "tags.md",
        "profile.md",
    } <= set(pages)
    acme = pages["applications/acme-pm.md"]
    assert '<a class="md-button md-button--primary" href="../../pdf/acme-pm.pdf">Recruiter pack (PDF)</a>' in acme
    assert 'id="criterion-3"' in acme and "No evidence yet" in acme
    assert '===+ "v2 · final"' in acme  # the final version is the open tab
    assert "<del>like Acme because</del>" in acme
    assert '<a href="../../applications/acme-pm/#why-acme">Why Acme</a>' in pages["stories/gpu-playbook.md"]


def test_shared_pages_never_mention_applications() -> None:
    pages = render_site_pages(shared_view(load_portfolio(FIXTURE_PORTFOLIO)), today=TODAY)
    assert not any(path.startswith("applications/") for path in pages)
    text = "\n".join(pages.values()).lower()
    for word in ("application", "acme", "criterion", "used in", "marker"):
        assert word not in text, word


TRICKY = "100% & $5 #1 under_score {braces} back\\slash <angle> *star* [x](y) | pipe `tick`"


def test_plain_text_is_escaped_for_markdown_and_html() -> None:
    escaped = escape_text(TRICKY)
    for raw in ("<", "_", "{", "}", "*", "[", "|", "`", "\\"):
        assert raw not in escaped, raw
    assert "&#35;1" in escaped  # `#` could open a heading
    assert escape_text("- not a list") == "&#45; not a list"
    assert escape_text("1. not a list").startswith("&#49;")
    assert escape_text("two\nlines") == "two lines"


def test_raw_html_in_markdown_shows_as_text_but_code_and_autolinks_stay() -> None:
    text = "Hi <div class=x>\n`<b>` and <https://example.org> a < b\n\n```\n<i>\n```\n<script>x()</script>"
    result = render_field_html(text)
    assert "Hi &lt;div class=x&gt;" in result and "<p>&lt;script&gt;x()&lt;/script&gt;</p>" in result
    assert "<code>&lt;b&gt;</code>" in result and '<a href="https://example.org"' in result
    assert "<pre><code>&lt;i&gt;&#10;</code></pre>" in result and "a &lt; b" in result


def test_tricky_text_in_every_kind_of_field_renders_as_typed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_PORTFOLIO, content)
    story = content / "stories" / "teaching-ml.yaml"
    story.write_text(
        story.read_text().replace("title: Teaching machine learning", f"title: '{TRICKY}'")
        + 'notes: |\n  <div class="unclosed">\n',
        encoding="utf-8",
    )
    pages = render_site_pages(private_view(load_portfolio(content)), today=TODAY)
    page = pages["stories/teaching-ml.md"]
    assert "# 100% &amp; &#36;5 &#35;1 under&#95;score &#123;braces&#125;" in page
    assert '<p>&lt;div class="unclosed"&gt;</p>' in page
    assert "<angle>" not in "".join(pages.values())


def test_word_diff_marks_removed_and_added_words_keeping_paragraphs() -> None:
    diff = render_word_diff("I like Acme.\n\nSecond part here.", "I want Acme.\n\nSecond part there <b>.")
    assert (
        diff.html
        == "<p>I <del>like</del> <ins>want</ins> Acme.</p><p>Second part <del>here.</del> <ins>there &lt;b&gt;.</ins></p>"
    )
    assert (diff.added, diff.removed) == (3, 2)


def test_history_follows_renames_and_tells_uncommitted_and_outside_a_repo(tmp_path: Path) -> None:
    outside = {"stories/a": tmp_path / "outside" / "a.yaml"}
    outside["stories/a"].parent.mkdir()
    outside["stories/a"].write_text("title: A\n")
    assert read_history(outside)["stories/a"].state == "no-repo"

    repo = tmp_path / "repo"
    (repo / "stories").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "stories" / "old.yaml").write_text("title: Old name\nresult: done\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Add the story")
    git(repo, "mv", "stories/old.yaml", "stories/new.yaml")
    git(repo, "commit", "-q", "-m", "Rename | it <now>")
    (repo / "stories" / "new.yaml").write_text("title: Old name\nresult: done, and more\n")
    (repo / "stories" / "fresh.yaml").write_text("title: Fresh\n")
    history = read_history(
        {"stories/new": repo / "stories" / "new.yaml", "stories/fresh": repo / "stories" / "fresh.yaml"}
    )
    new = history["stories/new"]
    assert [c.message for c in new.commits] == ["Rename | it <now>", "Add the story"]
    assert new.state == "modified" and new.last_changed == dt.date(2025, 7, 1)
    assert history["stories/fresh"].state == "uncommitted" and history["stories/fresh"].commits == ()


def test_history_section_renders_commits_escaped(tmp_path: Path) -> None:
    from generator.site.history import Commit, FileHistory

    view = private_view(load_portfolio(FIXTURE_PORTFOLIO))
    history = {
        key: FileHistory("clean", (Commit(dt.date(2025, 7, 2), "abc1234", "Tighten | *why*"),)) for key in view.files
    }
    history["stories/teaching-ml"] = FileHistory("uncommitted")
    pages = render_site_pages(view, history, today=TODAY)
    assert "| 2025-07-02 | `abc1234` | Tighten &#124; &#42;why&#42; |" in pages["applications/acme-pm.md"]
    assert "not committed yet" in pages["stories/teaching-ml.md"]
    assert "Tighten" in pages["index.md"]  # what changed last
