"""A hostile page on the same origin as an unlocked encrypted site gets nothing.

The marker site is served at /portfolio/ and a hostile page at /evil/ of the
same http://127.0.0.1:PORT origin, as on a shared `user.github.io` host.
With the site unlocked in another tab, the hostile page asks the worker for
the key (every message the old design answered), looks in every storage the
origin has, fetches a page, frames it and opens it; none of it yields key
material or a decrypted byte, and after Lock nothing decrypts at all. A real
portfolio build then shows that Material's pages work under the policy, and
a browser profile on disk holds neither the password nor any key.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from generator.encrypt import encrypt_site
from tests.chromium import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from tests.conftest import FIXTURE_PORTFOLIO, BuiltOnce, portfolio
from tests.test_encrypt_browser import browser, context, serving, unlock  # noqa: F401 - fixtures
from tests.test_encrypt_site import PASSWORD, STORY_URL, copy_marker_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]
sync_api = pytest.importorskip("playwright.sync_api")

EVIL_PAGE = "<!doctype html><title>elsewhere on the host</title><p>another project</p>\n"
EVIL_SCRIPT = "window.evilScriptRan = true;\n"

# Every message at once (in this order), each on its own channel and with 1.5 s for an answer.
ASK_THE_WORKER = """async () => {
  const registration = await navigator.serviceWorker.getRegistration("/portfolio/");
  if (!registration || !registration.active) return "no worker";
  return Promise.all(["status", "get-key", "need-key", "key", "unlock", "lock"].map((type) => new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 1500);
    channel.port1.onmessage = (event) => { clearTimeout(timer); resolve(event.data); };
    registration.active.postMessage({ type: type, password: "guess", record: null }, [channel.port2]);
  })));
}"""

LOOK_IN_STORAGE = """async () => ({
  databases: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
  caches: await caches.keys(),
  local: Object.entries(localStorage),
  session: Object.entries(sessionStorage),
})"""

READ_THE_SITE = """async (url) => {
  const seen = [];
  seen.push(await fetch(url).then((r) => r.text(), (e) => "fetch failed: " + e));
  const frame = document.createElement("iframe");
  frame.src = url;
  document.body.appendChild(frame);
  await new Promise((resolve) => { frame.onload = resolve; setTimeout(resolve, 3000); });
  try { seen.push(frame.contentDocument ? frame.contentDocument.documentElement.outerHTML : "no document"); }
  catch (error) { seen.push("frame: " + error); }
  const opened = window.open(url);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  try { seen.push(opened && opened.document ? opened.document.documentElement.outerHTML : "no handle"); }
  catch (error) { seen.push("window: " + error); }
  return seen.join("\\n");
}"""


@pytest.fixture(scope="module")
def shared_host(tmp_path_factory: pytest.TempPathFactory, built_once: BuiltOnce):
    """The marker site at /portfolio/ and a hostile page at /evil/, on one origin."""
    folder = tmp_path_factory.mktemp("shared-host")
    site = copy_marker_site(built_once, folder / "build")
    encrypt_site(site, PASSWORD, iterations=1_000)
    host = folder / "host"
    host.mkdir()
    site.rename(host / "portfolio")
    (host / "evil").mkdir()
    (host / "evil" / "index.html").write_text(EVIL_PAGE, encoding="utf-8")
    (host / "evil" / "x.js").write_text(EVIL_SCRIPT, encoding="utf-8")
    with serving(host) as origin:
        yield origin + "portfolio/", origin + "evil/", host / "portfolio"


def test_a_page_elsewhere_on_the_host_gets_no_key_and_reads_nothing(context, shared_host) -> None:
    site, evil, _ = shared_host
    page = context.new_page()
    page.goto(site)
    unlock(page, PASSWORD)
    sync_api.expect(page.locator("article")).to_contain_text("HOMEBODY-MARKER-5e6f")

    hostile = context.new_page()
    hostile.goto(evil)
    assert hostile.evaluate(ASK_THE_WORKER) == [None] * 6  # not even an answer
    stored = hostile.evaluate(LOOK_IN_STORAGE)
    assert stored == {"databases": [], "caches": [], "local": [], "session": []}
    seen = hostile.evaluate(READ_THE_SITE, site + STORY_URL)
    assert "STORYBODY-MARKER-1e2f" not in seen
    assert "STORYTITLE-MARKER-7a8b" not in seen

    # The site still works for its own tab (the hostile "lock" was not obeyed),
    # and its own storage holds nothing derived from the key.
    page.goto(site + STORY_URL)
    sync_api.expect(page.locator("article")).to_contain_text("STORYBODY-MARKER-1e2f")
    own = page.evaluate(LOOK_IN_STORAGE)
    assert own["databases"] == [] and own["caches"] == []
    for _name, value in own["session"] + own["local"]:
        assert value.isdigit() or value.startswith(("{", "[", '"')), value  # reload times, Material's state
        assert json.loads(value) is not None


def test_after_lock_nothing_decrypts_for_anyone(context, shared_host) -> None:
    site, evil, _ = shared_host
    page = context.new_page()
    page.goto(site)
    unlock(page, PASSWORD)
    sync_api.expect(page.locator("article")).to_contain_text("HOMEBODY-MARKER-5e6f")
    page.get_by_role("button", name="Lock").click()
    sync_api.expect(page.locator("#password")).to_be_visible()
    assert page.evaluate("fetch('search/search_index.json').then((r) => r.status)") == 401

    hostile = context.new_page()
    hostile.goto(evil)
    seen = hostile.evaluate(READ_THE_SITE, site + STORY_URL)
    assert "STORYBODY-MARKER-1e2f" not in seen
    page.goto(site + STORY_URL)
    sync_api.expect(page.locator("#password")).to_be_visible()


def test_scripts_from_elsewhere_on_the_host_do_not_run_in_the_site(context, shared_host) -> None:
    site, evil, _ = shared_host
    page = context.new_page()
    page.goto(site)
    unlock(page, PASSWORD)
    sync_api.expect(page.locator("article")).to_contain_text("HOMEBODY-MARKER-5e6f")
    ran = page.evaluate(
        """(src) => new Promise((resolve) => {
            const script = document.createElement("script");
            script.src = src;
            script.onload = () => resolve(!!window.evilScriptRan);
            script.onerror = () => resolve(false);
            document.head.appendChild(script);
        })""",
        evil + "x.js",
    )
    assert ran is False


def test_material_pages_of_a_real_portfolio_work_under_the_policy(context, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    env = {
        "PORTFOLIO_KDF_ITERATIONS": None,
        "PORTFOLIO_PASSWORD": PASSWORD,
        "PORTFOLIO_TEST_ONLY_KDF_ITERATIONS": "1000",
    }
    done = portfolio(tmp_path, "build", "--no-packs", env=env)
    assert done.returncode == 0, done.stderr
    with serving(tmp_path / "site") as url:
        page = context.new_page()
        page.goto(url + "stories/gpu-playbook/")
        unlock(page, PASSWORD)
        sync_api.expect(page.locator("article")).to_contain_text("GPU maintenance playbook")
        sync_api.expect(page.get_by_role("button", name="Lock")).to_be_visible()
        scheme = page.locator("body").get_attribute("data-md-color-scheme")
        page.locator("label.md-header__button[for^='__palette']").first.click()
        sync_api.expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
        page.locator("input.md-search__input").click()
        page.keyboard.type("playbook")
        sync_api.expect(page.locator(".md-search-result__item").first).to_contain_text("playbook")
        page.goto(url + "applications/")
        sync_api.expect(page.locator("article")).to_be_visible()
        assert not [line for line in context.console if "Content Security Policy" in line], context.console


def test_a_browser_profile_on_disk_holds_no_password_and_no_key(browser, tmp_path: Path, shared_host) -> None:
    """The old design left the key in Chromium's Session Storage files."""
    site, _, folder = shared_host
    profile = tmp_path / "profile"
    context = browser.browser_type.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(site)
    unlock(page, PASSWORD)
    sync_api.expect(page.locator("article")).to_contain_text("HOMEBODY-MARKER-5e6f")
    page.goto(site + STORY_URL)
    sync_api.expect(page.locator("article")).to_contain_text("STORYBODY-MARKER-1e2f")
    context.close()
    secrets = _key_material(folder, PASSWORD)
    for path in profile.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for name, secret in secrets.items():
                assert secret not in data, f"{name} found in {path.relative_to(profile)}"


def _key_material(site: Path, password: str) -> dict[str, bytes]:
    """The password and every key of the site, raw and in base64."""
    params = json.loads((site / "encrypted" / "params.json").read_text(encoding="utf-8"))
    salt = base64.b64decode(params["salt"])
    master = PBKDF2HMAC(hashes.SHA256(), 32, salt, params["iterations"]).derive(password.encode())
    keys = {"master key": master}
    for label in ("content", "names"):
        keys[f"{label} key"] = HKDF(hashes.SHA256(), 32, salt, f"sealed-site/2 {label}".encode()).derive(master)
    found = {"password": password.encode(), "password (UTF-16)": password.encode("utf-16-le")}
    for name, key in keys.items():
        found[name] = key
        found[f"{name} (base64)"] = base64.b64encode(key)
    return found
