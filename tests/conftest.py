"""Shared test fixtures and the `--update-golden` option."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

TESTS = Path(__file__).parent
# `built_once(name, make)`: see the fixture below.
BuiltOnce = Callable[[str, Callable[[Path], Path]], Path]
FIXTURE_PORTFOLIO = TESTS / "fixtures" / "portfolio"
# The `portfolio` program as installed beside this Python, for the tests that run it as a user does.
PROGRAM = str(Path(sys.executable).with_name("portfolio"))
DATA = TESTS / "data"

# Valid text that a template engine or a browser would run if it were not
# escaped: every output must show it exactly as typed.
TEMPLATE_AND_MARKUP_SYNTAX = [
    "{{ 7*7 }}",
    "{% raw %}{{ x }}{% endraw %}",
    "{% for x in y %}unclosed",
    "{# a Jinja comment #}",
    "${{ secrets.TOKEN }}",
    "<script>alert(1)</script>",
    "</title><b>bold</b><div>",
    "<!-- hidden -->",
    "<!--pf-html--><script>alert(2)</script>",  # the mark of a template's own HTML line (passthrough.py)
]


# The slowest test files, slowest first (seconds of CPU, Chromium's included,
# in a full run on 2026-12-01, the machine shared, in brackets).
# `--dist loadfile --no-loadscope-reorder` (pyproject.toml) gives each worker
# a whole file at a time, in this order: the long files start first and the
# quick ones, which come after them, let the workers end together.
SLOWEST_FILES = [
    "test_hostile_content.py",  # 35: three sites, every page in Chromium
    "test_encrypt_browser.py",  # 25, and 5 s of waiting for the key to be forgotten
    "test_site_look.py",  # 21: axe-core and screenshots
    "test_nothing_lost.py",  # 12: interrupted and failed builds
    "test_encrypt_hostile.py",  # 11, and 5 s of waiting for answers that must not come
    "test_site_build.py",  # 8, and a served site's edits
    "test_fuzz_outputs.py",  # 8: random examples
    "test_one_markdown.py",  # 8: the CommonMark spec as a site and packs
    "test_encrypt_build.py",  # 6
    "test_serve_incremental.py",  # 6
    "test_as_typed.py",  # 6
    "test_pdf_text.py",  # 5
    "test_site_freshness.py",  # 5: 23 builds
    "test_site_browser.py",  # 4
    "test_lint.py",  # 4: mypy
]


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject.toml): one worker more than the cores.

    Many tests wait without working (a page loading in Chromium, an answer
    that must not come, a build being interrupted); a third worker on two
    cores fills those waits: 94 s against 103 s for the suite, run one after
    the other on 2026-12-01, for the same CPU time.
    """
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slowest files first (see SLOWEST_FILES); each file's tests stay together and in their order."""
    rank = {name: n for n, name in enumerate(SLOWEST_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files under tests/data/ from the current output (review the diff).",
    )


@pytest.fixture(scope="session", autouse=True)
def _session_working_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Module and session fixtures run in a folder of their pytest worker's own, not in the repository.

    The user's cache folder (generator/usercache.py) is one of the worker's own too: what a
    developer's earlier runs left in ~/.cache never decides a test.
    """
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("cwd-session")
        patch.chdir(folder)
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield folder


@pytest.fixture(autouse=True)
def _working_folder(_session_working_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Each test starts in an empty folder of its own.

    What a test writes relative to the working folder (`site/`, `.portfolio-cache/`,
    `packs/`) then lands neither in the repository nor where another test, in
    this pytest worker or another, could find it: the suite runs in parallel
    and in any order. A test that needs a particular folder changes to it with
    `monkeypatch.chdir`.
    """
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("cwd")
        patch.chdir(folder)
        yield folder


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium per pytest worker, shared by the browser tests.

    Starting it costs about a second of CPU. Each test opens its own context
    (`chromium.new_context()`): a fresh, isolated session (cookies, storage,
    service workers, permissions), as a new browser's would be.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Debian's chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> BuiltOnce:
    """`built_once(name, make)`: what `make(folder)` returns, made once per pytest worker and then reused.

    For builds that several tests or modules make from the same content with
    the same options. What it returns is shared: read it, or copy it to change it.
    """
    made: dict[str, Path] = {}

    def get(name: str, make: Callable[[Path], Path]) -> Path:
        if name not in made:
            made[name] = make(tmp_path_factory.mktemp(name))
        return made[name]

    return get


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def golden(update_golden: bool):
    """Compare text with a golden file under tests/data/, or rewrite it with --update-golden."""

    def check(relative: str, actual: str) -> None:
        path = DATA / relative
        if update_golden or not path.exists():
            if not update_golden:
                pytest.fail(f"golden file {path} is missing; run pytest --update-golden")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert actual == path.read_text(encoding="utf-8"), f"differs from golden file {relative}"

    return check


@pytest.fixture
def fixture_content(tmp_path: Path) -> Path:
    """A private copy of the fixture portfolio, safe to modify."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_PORTFOLIO, target)
    return target


@pytest.fixture
def in_portfolio(fixture_content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture portfolio, with the working folder beside it (as `content/`)."""
    monkeypatch.chdir(fixture_content.parent)
    return fixture_content


def run(*args: str) -> Result:
    """`portfolio ARGS...`, in-process."""
    return CliRunner().invoke(main, list(args))


def portfolio(cwd: Path, *args: str, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    """`portfolio ARGS...` in `cwd`, in-process, answered as the command in a subprocess would answer.

    Its exit code, stdout and stderr, without any PORTFOLIO_* variable unless
    `env` sets it, and with plugins of its own (MkDocs keeps a plugin that has
    `on_startup` for its process's life: a `serve` run before would leave its
    state). An exception the command line lets through is in stderr as its
    traceback, as Python would print it, so `"Traceback" not in stderr` still
    catches one. For the tests where the command line is not itself what is
    tested: a subprocess costs half a second of CPU to start (imports), more
    than most builds of the fixture take.
    """
    from mkdocs.config.defaults import MkDocsConfig

    unset: dict[str, str | None] = {name: None for name in os.environ if name.startswith("PORTFOLIO_")}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        patch.setattr(MkDocsConfig.plugins, "plugin_cache", {})
        runner = CliRunner(env={**unset, "PORTFOLIO_PASSWORD": None, **(env or {})})
        result = runner.invoke(main, list(args), prog_name="portfolio")
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["portfolio", *args], result.exit_code, result.stdout, stderr)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def planted_markers() -> set[str]:
    """Every `...-MARKER-xxxx` token planted in the fixture portfolio's private fields."""
    found: set[str] = set()
    for path in FIXTURE_PORTFOLIO.rglob("*.yaml"):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found.update(token.strip(".,:") for token in text.split() if "-MARKER-" in token)
    return found


def git(cwd: Path, *args: str, day: int = 1) -> None:
    """`git ARGS` in `cwd` as a fixed author, on 2025-07-DAY at noon (histories the tests can predict)."""
    stamp = f"2025-07-{day:02d}T12:00:00"
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "T",
            "GIT_AUTHOR_EMAIL": "t@e.x",
            "GIT_COMMITTER_NAME": "T",
            "GIT_COMMITTER_EMAIL": "t@e.x",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            "PATH": "/usr/bin:/bin",
        },
    )
