"""The fixture site's look in headless Chromium: accessibility, keyboard, screenshots.

- axe-core (bundled by axe-playwright-python) finds no WCAG 2.1 AA violation
  on the key pages, in the light and the dark scheme;
- every control of an application page is reached with Tab and shows a focus ring;
- screenshots at 1280 and 390 px match the committed PNGs under
  tests/data/screenshots/ within a small tolerance (`pytest --update-golden`
  rewrites them: look at them before committing).

Every request is routed through the test: anything not for 127.0.0.1 is refused
and fails the test.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.chromium import TIMEOUT_MS
from tests.conftest import DATA, FIXTURE_PORTFOLIO, portfolio
from tests.localhost import serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
Image = pytest.importorskip("PIL.Image")
ImageChops = pytest.importorskip("PIL.ImageChops")

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Pages whose look does not depend on today's date (the dashboard's does).
KEY_PAGES = {
    "applications": "applications/",
    "application": "applications/acme-pm/",
    "stories": "stories/",
    "story": "stories/gpu-playbook/",
    "tags": "tags/",
}
A11Y_PAGES = {"home": "", **KEY_PAGES, "profile": "profile/"}
SCREENSHOTS = DATA / "screenshots"
# A pixel differs when a channel moves by more than this; a page may differ in
# this share of its pixels (anti-aliasing), and not at all in its size.
CHANNEL_TOLERANCE = 24
PIXEL_SHARE = 0.002
# The footer says when the site was built: one fixed date for the screenshots.
BUILD_EPOCH = "1751328000"  # 2025-07-01


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("look-site")
    shutil.copytree(FIXTURE_PORTFOLIO, root / "content")
    done = portfolio(root, "build", "--no-packs", env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert done.returncode == 0, done.stderr
    with serving(root / "site") as url:
        yield url


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Any]:
    """A function (width, scheme) -> a fresh page; requests off 127.0.0.1 are refused and fail the test."""
    outside: list[str] = []
    contexts: list[Any] = []

    def record(request: Any) -> None:
        if urlsplit(request.url).hostname != "127.0.0.1" and not request.url.startswith(("data:", "blob:")):
            outside.append(request.url)  # and it went nowhere (tests/chromium.py)

    def open_one(width: int = 1280, scheme: str = "light") -> Any:
        context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        context.on("request", record)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        return page

    yield open_one
    for context in contexts:
        context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_key_pages_have_no_wcag_21_aa_violations(open_page: Any, served_site: str, scheme: str) -> None:
    page = open_page(scheme=scheme)
    axe = axe_module.Axe()
    found = []
    for name, path in A11Y_PAGES.items():
        page.goto(served_site + path)
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        for violation in result.response["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            found.append(f"{name}: {violation['id']} ({len(violation['nodes'])}) {targets}")
    assert found == []


def test_every_control_of_an_application_page_is_reached_with_tab_and_shows_focus(
    open_page: Any, served_site: str
) -> None:
    page = open_page()
    page.goto(served_site + "applications/acme-pm/")
    # What shows and takes the focus (not what is in a closed <details>, nor
    # Material's own helpers with tabindex -1); a tab set
    # is one stop (its radios are one group: the arrows move between them).
    controls = page.evaluate(
        """() => [...document.querySelectorAll("article a[href], article button, article summary")]
        .filter(e => e.checkVisibility() && e.tabIndex >= 0).length + document.querySelectorAll("article .tabbed-set").length"""
    )
    seen: list[dict[str, str]] = []
    for _ in range(controls + 40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BODY":
            break
        seen.append(focused)
    in_article = [f for f in seen if f["inArticle"] == "yes"]
    assert len(in_article) == controls
    assert {"Copy", "v2 · final"} <= {f["label"] for f in in_article}
    assert [f for f in seen if f["ring"] != "yes"] == []


# The focused element: its name, whether it is in the page's text, and whether
# a focus ring shows (its own outline, or for a tab's hidden radio, its label's).
FOCUSED = """() => {
  const e = document.activeElement;
  let shown = e, label = (e.textContent || "").trim().slice(0, 40);
  if (e.matches(".tabbed-set > input")) {
    shown = e.closest(".tabbed-set").querySelector(`label[for="${e.id}"]`);
    label = shown.textContent.trim();
  }
  const style = getComputedStyle(shown);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== "none";
  return {tag: e.tagName, label, inArticle: e.closest("article") ? "yes" : "no", ring: ring ? "yes" : "no"};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_key_pages_look_as_committed(open_page: Any, served_site: str, update_golden: bool, width: int) -> None:
    # One page visits them all: a new browser context and its first, uncached
    # load cost more than the screenshot itself.
    page = open_page(width=width)
    differ = []
    for name, path in KEY_PAGES.items():
        page.goto(served_site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name  # nothing wider than a phone
        # The deadline line counts days from today: masked, so the picture does not change daily.
        shot = page.screenshot(full_page=True, animations="disabled", mask=[page.locator(".pf-facts")])
        golden = SCREENSHOTS / f"{name}-{width}.png"
        if update_golden:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(shot)
            continue
        assert golden.exists(), f"no {golden}: run pytest --update-golden and look at it"
        actual = Image.open(io.BytesIO(shot)).convert("RGB")
        expected = Image.open(golden).convert("RGB")
        if actual.size != expected.size or differing_share(actual, expected) > PIXEL_SHARE:
            actual_path = golden.with_suffix(".actual.png")
            actual.save(actual_path)
            differ.append(f"{name} (size {actual.size} vs {expected.size}): see {actual_path}")
    assert differ == [], (
        f"at {width} px these pages differ from their committed screenshots; "
        "run pytest --update-golden if the change is meant"
    )


def differing_share(actual: Any, expected: Any) -> float:
    """The share of pixels whose difference (as grey) is over CHANNEL_TOLERANCE."""
    difference = ImageChops.difference(actual, expected).convert("L")
    moved = difference.point(lambda value: 255 if value > CHANNEL_TOLERANCE else 0)
    histogram = moved.histogram()
    return histogram[255] / (actual.size[0] * actual.size[1])


def test_the_comparison_finds_a_changed_block() -> None:
    base = Image.new("RGB", (100, 100), "white")
    changed = base.copy()
    changed.paste((0, 0, 0), (0, 0, 10, 10))  # 1% of the pixels
    assert differing_share(base, base.copy()) == 0
    assert differing_share(changed, base) == pytest.approx(0.01)
    assert differing_share(changed, base) > PIXEL_SHARE


def test_search_leaves_out_navigation_pages_and_keeps_fields_apart(served_site: str) -> None:
    index = json.loads(urllib.request.urlopen(served_site + "search/search_index.json", timeout=10).read())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"tags/", "stories/", "applications/"} & locations == set()
    assert {"stories/teaching-ml/", "applications/acme-pm/"} <= locations
    # One field's last word and the next field's first are two words, not "adopted.Example".
    run_ons = [(doc["location"], m) for doc in index["docs"] for m in re.findall(r"[a-z][.·][A-Z]\w*", doc["text"])]
    assert run_ons == []
    separator = re.compile(index["config"]["separator"])
    assert separator.split("adopted.Example·Cloud a/b") == ["adopted", "Example", "Cloud", "a", "b"]


def test_the_footer_says_when_the_site_was_built_and_that_it_is_private(served_site: str) -> None:
    page = urllib.request.urlopen(served_site + "stories/gpu-playbook/", timeout=10).read().decode()
    footer = page[page.index('<footer class="md-footer">') :]
    assert "<strong>Private: do not share.</strong> Built 2025-07-01." in footer
