"""An encrypted site in a real browser: refused, unlocked once, browsed as usual, locked.

The marker site of test_encrypt_site is built with mkdocs, encrypted, and
served from 127.0.0.1 by a static server that, like GitHub Pages or Netlify,
answers unknown paths with 404.html. Headless Chromium then unlocks it.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from generator.encrypt import encrypt_site
from tests import localhost
from tests.chromium import TIMEOUT_MS
from tests.conftest import BuiltOnce
from tests.localhost import QuietHandler
from tests.test_encrypt_site import (
    APPLICATION_URL,
    NOTE_URL,
    PASSWORD,
    PDF_URL,
    STORY_URL,
    copy_marker_site,
)

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")


class StaticHost(QuietHandler):
    """Serves a folder; unknown paths get its 404.html, as static hosts do."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self._nearest_404_page()
        if code != 404 or page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _nearest_404_page(self) -> Path | None:
        """The 404.html of the folder asked for or the closest one above it (project sites)."""
        folder = Path(self.translate_path(urlsplit(self.path).path))
        root = Path(self.directory).resolve()
        for candidate in [folder, *folder.parents]:
            if candidate.resolve() != root and root not in candidate.resolve().parents:
                break
            if (candidate / "404.html").is_file():
                return candidate / "404.html"
        return None


def serving(folder: Path, path: str = "/") -> contextlib.AbstractContextManager[str]:
    """Serve `folder` on 127.0.0.1 as a static host would (its 404.html); the URL of `path`."""
    return localhost.serving(folder, path, handler=StaticHost)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, built_once: BuiltOnce) -> Iterator[str]:
    site = copy_marker_site(built_once, tmp_path_factory.mktemp("browser-site"))
    encrypt_site(site, PASSWORD, iterations=1_000)
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium: object) -> Iterator[object]:
    """The worker's Chromium, with Playwright's `expect` as patient as the pages' timeout."""
    sync_api.expect.set_options(timeout=TIMEOUT_MS)
    yield chromium
    sync_api.expect.set_options(timeout=5_000)  # Playwright's default, for other modules


@pytest.fixture
def context(browser) -> Iterator[object]:
    """A fresh browser session that records every request it makes (workers' included) and console line."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    context.requested = []
    context.console = []
    context.on("request", lambda request: context.requested.append(request.url))

    def on_page(page) -> None:
        page.on("console", lambda message: context.console.append(message.text))

    context.on("page", on_page)
    yield context
    context.close()


def unlock(page, password: str) -> None:
    page.locator("#password").fill(password)
    page.locator("#submit").click()


def assert_stayed_local(context) -> None:
    hosts = {urlsplit(url).hostname for url in context.requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, hosts
    assert not [url for url in context.requested if "PASSWORD-MARKER" in url]
    # Every blob fetched by the worker went through the recorder too.
    assert any("/encrypted/" in url and not url.endswith("params.json") for url in context.requested)


def unlocked_page(context, site_url: str):
    """A new tab of the site, unlocked and showing the home page."""
    page = context.new_page()
    page.goto(site_url)
    unlock(page, PASSWORD)
    sync_api.expect(page.locator("article")).to_contain_text("HOMEBODY-MARKER-5e6f")
    return page


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_site(context, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url)
    sync_api.expect(page.locator("#password")).to_be_visible()
    unlock(page, "not the password")
    sync_api.expect(page.locator("#status")).to_contain_text("Wrong password")
    assert "HOMEBODY-MARKER-5e6f" not in page.content()
    assert page.title() == "Password required"

    unlock(page, PASSWORD)
    sync_api.expect(page.locator("article")).to_contain_text("HOMEBODY-MARKER-5e6f")
    assert "SITENAME-MARKER-1a2b" in page.title()
    assert page.url == site_url
    assert_stayed_local(context)


def test_other_pages_and_search_work_without_asking_again(context, site_url: str) -> None:
    page = unlocked_page(context, site_url)

    page.get_by_role("link", name="the story").click()  # Material's instant navigation
    sync_api.expect(page.locator("article")).to_contain_text("STORYBODY-MARKER-1e2f")
    assert page.url == site_url + STORY_URL

    page.goto(site_url + APPLICATION_URL)  # a full page load
    sync_api.expect(page.locator("article")).to_contain_text("APPBODY-MARKER-7e8f")
    assert page.locator("#password").count() == 0

    page.goto(site_url + quote(NOTE_URL))  # a URL that is not ASCII
    sync_api.expect(page.locator("article")).to_contain_text("NOTETITLE-MARKER-2b3c")

    page.locator("input.md-search__input").click()
    page.keyboard.type("zebrafinch")
    result = page.locator(".md-search-result__item").first
    sync_api.expect(result).to_contain_text("STORYTITLE-MARKER-7a8b")
    assert_stayed_local(context)


def test_a_deep_link_opened_before_unlocking_opens_that_page(context, site_url: str) -> None:
    page = context.new_page()
    response = page.goto(site_url + STORY_URL + "?from=mail#section-storyhead-marker-9c0d")
    assert response.status == 404  # the host has no such folder: its 404 page unlocks
    unlock(page, PASSWORD)
    sync_api.expect(page.locator("article")).to_contain_text("STORYBODY-MARKER-1e2f")
    assert page.url == site_url + STORY_URL + "?from=mail#section-storyhead-marker-9c0d"


def test_files_keep_their_type_folders_redirect_and_unknown_paths_get_the_sites_404(context, site_url: str) -> None:
    page = unlocked_page(context, site_url)
    pdf = page.evaluate(
        """async (url) => {
            const r = await fetch(url);
            const head = new TextDecoder().decode((await r.arrayBuffer()).slice(0, 8));
            return [r.status, r.headers.get("content-type"), head];
        }""",
        site_url + PDF_URL,
    )
    assert pdf == [200, "application/pdf", "%PDF-1.4"]
    folder = page.evaluate(
        "async (url) => { const r = await fetch(url); return [r.redirected, r.url]; }",
        site_url + STORY_URL.rstrip("/"),
    )
    assert folder == [True, site_url + STORY_URL]
    response = page.goto(site_url + "no-such-page/")
    assert response.status == 404
    sync_api.expect(page.locator("article")).to_contain_text("404")
    assert page.locator("#password").count() == 0


def test_another_tab_opens_without_asking_while_the_site_is_open(context, site_url: str) -> None:
    unlocked_page(context, site_url)  # stays open: the site has a page
    other_tab = context.new_page()
    other_tab.goto(site_url + APPLICATION_URL)
    sync_api.expect(other_tab.locator("article")).to_contain_text("APPBODY-MARKER-7e8f")
    index = other_tab.evaluate("fetch('../../search/search_index.json').then((r) => r.text())")
    assert "STORYBODY-MARKER-1e2f" in index
    assert_stayed_local(context)


def test_a_stopped_worker_has_forgotten_the_key_and_asks_again(context, site_url: str) -> None:
    """The key lives in the worker's memory only: nothing can hand it back."""
    page = unlocked_page(context, site_url)
    devtools = context.new_cdp_session(page)
    devtools.send("ServiceWorker.enable")
    devtools.send("ServiceWorker.stopAllWorkers")
    status = page.evaluate("fetch('search/search_index.json').then((r) => r.status)")
    assert status == 401
    page.goto(site_url + STORY_URL)
    sync_api.expect(page.locator("#password")).to_be_visible()
    unlock(page, PASSWORD)
    sync_api.expect(page.locator("article")).to_contain_text("STORYBODY-MARKER-1e2f")


def test_every_page_has_a_lock_button_that_locks_every_tab(context, site_url: str) -> None:
    page = unlocked_page(context, site_url)
    other_tab = context.new_page()
    for url in (site_url + STORY_URL, site_url + APPLICATION_URL, site_url + "no-such-page/"):
        other_tab.goto(url)
        sync_api.expect(other_tab.get_by_role("button", name="Lock")).to_be_visible()
    page.get_by_role("button", name="Lock").click()
    sync_api.expect(page.locator("#password")).to_be_visible()
    sync_api.expect(other_tab.locator("#password")).to_be_visible()  # told by the worker
    assert "HOMEBODY-MARKER-5e6f" not in page.content()
    status = page.evaluate("fetch('search/search_index.json').then((r) => r.status)")
    assert status == 401
    page.goto(site_url + STORY_URL)
    sync_api.expect(page.locator("#password")).to_be_visible()
    assert "STORYBODY-MARKER-1e2f" not in page.content()


def test_the_key_is_forgotten_when_the_last_page_of_the_site_closes(context, site_url: str) -> None:
    page = unlocked_page(context, site_url)
    elsewhere = context.new_page()  # keeps the browser and its worker running
    page.close()
    # The worker forgets the key a grace period (2.5 s) after its last page
    # closed. On a loaded machine its timer can run late: look again, up to
    # three times, each time from a page outside the site.
    for _ in range(3):
        elsewhere.wait_for_timeout(4_000)
        elsewhere.goto(site_url + STORY_URL)
        elsewhere.wait_for_selector("#password, article")
        if elsewhere.locator("#password").is_visible():
            break
        elsewhere.goto("about:blank")
    sync_api.expect(elsewhere.locator("#password")).to_be_visible()


def test_decrypted_pages_carry_a_strict_policy_and_injected_script_does_not_run(context, site_url: str) -> None:
    page = unlocked_page(context, site_url)
    response = page.goto(site_url + STORY_URL)
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    assert directives["script-src"].split()[0] == site_url
    assert all(source.startswith("'sha256-") for source in directives["script-src"].split()[1:])
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["cross-origin-opener-policy"] == "same-origin"
    # Material's own inline scripts ran (hashed at build time): its storage helpers exist.
    assert page.evaluate("typeof __md_get") == "function"
    assert not [line for line in context.console if "Content Security Policy" in line]
    ran = page.evaluate(
        """() => new Promise((resolve) => {
            const violations = [];
            document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
            const script = document.createElement("script");
            script.textContent = "window.injectedRan = true";
            document.head.appendChild(script);
            const inline = document.createElement("div");
            inline.innerHTML = '<img src="data:," onerror="window.handlerRan = true">';
            document.body.appendChild(inline);
            setTimeout(() => resolve([!!window.injectedRan, !!window.handlerRan, violations]), 500);
        })"""
    )
    assert ran[0] is False and ran[1] is False
    assert ran[2] and all(v.startswith("script-src") for v in ran[2])


def test_a_rebuilt_site_asks_for_the_password_again(context, tmp_path: Path, built_once: BuiltOnce) -> None:
    """A new build has a new salt: a key from the old one must not show garbage."""
    site = copy_marker_site(built_once, tmp_path)
    encrypt_site(site, PASSWORD, iterations=1_000)
    with serving(site) as url:
        page = context.new_page()
        page.goto(url)
        unlock(page, PASSWORD)
        sync_api.expect(page.locator("article")).to_contain_text("HOMEBODY-MARKER-5e6f")

        rebuilt = copy_marker_site(built_once, tmp_path / "again")  # encrypted again: a new salt
        encrypt_site(rebuilt, PASSWORD, iterations=1_000)
        shutil.rmtree(site)
        shutil.copytree(rebuilt, site)

        page.goto(url + STORY_URL)
        sync_api.expect(page.locator("#password")).to_be_visible()
        unlock(page, PASSWORD)
        sync_api.expect(page.locator("article")).to_contain_text("STORYBODY-MARKER-1e2f")


def test_a_site_in_a_sub_folder_of_its_host_works(context, tmp_path: Path, built_once: BuiltOnce) -> None:
    """As on a GitHub project site: https://user.github.io/<project>/."""
    site = copy_marker_site(built_once, tmp_path)
    encrypt_site(site, PASSWORD, iterations=1_000)
    host = tmp_path / "host"
    host.mkdir()
    site.rename(host / "portfolio-zq")
    with serving(host, "/portfolio-zq/") as url:
        page = context.new_page()
        page.goto(url + STORY_URL)
        unlock(page, PASSWORD)
        sync_api.expect(page.locator("article")).to_contain_text("STORYBODY-MARKER-1e2f")
        worker = page.evaluate("navigator.serviceWorker.controller.scriptURL")
        assert worker == url + "unlock-sw.js"
        page.goto(url)
        sync_api.expect(page.locator("article")).to_contain_text("HOMEBODY-MARKER-5e6f")
        assert_stayed_local(context)
