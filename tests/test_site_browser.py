"""The fixture site in headless Chromium: search, open a story, follow Used in, switch tabs.

Every request is routed through the test: anything not for 127.0.0.1 is
recorded and refused, and the test fails if there was any.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.chromium import TIMEOUT_MS
from tests.conftest import FIXTURE_PORTFOLIO, portfolio
from tests.localhost import serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser-site")
    shutil.copytree(FIXTURE_PORTFOLIO, root / "content")
    done = portfolio(root, "build")
    assert done.returncode == 0, done.stderr
    with serving(root / "site") as url:
        yield url


@pytest.fixture
def browser_page(chromium, served_site: str):
    outside: list[str] = []
    # A new context starts from a fresh profile: no cookies, storage, or permissions.
    context = chromium.new_context()

    def record(request) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(request.url).hostname != "127.0.0.1" and not request.url.startswith(("data:", "blob:")):
            outside.append(request.url)  # and it went nowhere (tests/chromium.py)

    context.on("request", record)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page, outside
    context.close()


def test_search_story_follow_used_in_and_switch_version_tabs(browser_page, served_site: str) -> None:
    page, outside = browser_page
    expect = sync_api.expect
    page.goto(served_site)
    expect(page.locator("h1")).to_contain_text("Job search")

    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("Teaching machine learning", delay=20)
    result = page.locator(".md-search-result__item a").first
    expect(result).to_contain_text("Teaching machine learning")
    result.click()
    page.wait_for_url("**/stories/teaching-ml/**")
    expect(page.locator("h1")).to_contain_text("Teaching machine learning")

    used_in = page.locator("#used-in ~ ul a[href*='applications/acme-pm/#criterion-2']")
    expect(used_in).to_have_count(1)
    used_in.click()
    page.wait_for_url("**/applications/acme-pm/#criterion-2")
    expect(page.locator("#criterion-2")).to_contain_text("Excellent writers")

    tabs = page.locator("#why-acme ~ .tabbed-set").first
    draft = tabs.get_by_text("DRAFT-MARKER-3d9f I like Acme because it builds tools.", exact=True)
    final = tabs.get_by_text("I want to build tools")
    expect(final).to_be_visible()
    expect(draft).to_be_hidden()
    tabs.locator("label", has_text="v1").click()
    expect(draft).to_be_visible()
    expect(final).to_be_hidden()
    tabs.locator("label", has_text="final").click()
    expect(final).to_be_visible()

    assert outside == [], f"requests left 127.0.0.1: {outside}"


def test_copy_button_puts_the_plain_final_text_on_the_clipboard(browser_page, served_site: str) -> None:
    page, outside = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/"))
    page.goto(served_site + "applications/acme-pm/")
    sync_api.expect(page.locator(".admonition-title", has_text="Ready to send")).to_be_visible()
    page.locator("#why-acme ~ .tabbed-set button.pf-copy").first.click()
    sync_api.expect(page.locator(".md-dialog")).to_contain_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (
        "I want to build tools that make complicated systems legible. Acme's products do exactly "
        "that for engineers, and I have spent three years doing it by hand."
    )
    assert outside == [], f"requests left 127.0.0.1: {outside}"
