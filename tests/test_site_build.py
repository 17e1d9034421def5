"""Whole-site builds with the real MkDocs and Material: the fixture, errors, built-in config, safety.

`mkdocs` and `portfolio serve` run as the real commands, and `portfolio build`
once; the other `portfolio` runs are in-process (tests/conftest.py `portfolio`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_PORTFOLIO, portfolio

BIN = Path(sys.executable).parent
MKDOCS_YML = """\
site_name: Fixture
docs_dir: content
theme:
  name: material
plugins:
  - search
  - portfolio
validation:
  links:
    anchors: warn
"""
EXPECTED_CONTENT_WARNING = "acme-pm.yaml:14:5: warning: criterion has no evidence"
# Plain `mkdocs build` of the private site without a password warns (and `--strict` fails, test_encrypt_build.py).
EXPECTED_CLEAR_SITE_WARNING = "WARNING -  the private site is NOT encrypted"


def _project(root: Path, with_config: bool = True) -> Path:
    shutil.copytree(FIXTURE_PORTFOLIO, root / "content")
    if with_config:
        (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # Material prints an end-of-life notice when run as `mkdocs`; it is not a build warning.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PORTFOLIO_PASSWORD", None)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = _project(tmp_path_factory.mktemp("fixture-site"))
    done = _run([str(BIN / "mkdocs"), "build"], root)  # not --strict: the fixture has a content warning
    return root / "site", done


@pytest.mark.slow
def test_build_of_the_fixture_has_no_unexpected_warning(fixture_site) -> None:
    _site, done = fixture_site
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    unexpected = [
        line
        for line in done.stderr.splitlines()
        if ("WARNING" in line or "warning:" in line or "ERROR" in line)
        and EXPECTED_CONTENT_WARNING not in line
        and not line.startswith(EXPECTED_CLEAR_SITE_WARNING)
    ]
    assert unexpected == []
    assert EXPECTED_CLEAR_SITE_WARNING in done.stderr
    assert EXPECTED_CONTENT_WARNING in done.stderr  # content warnings are shown, not fatal without --strict


def _quick_project(root: Path) -> Path:
    """The fixture (one content warning) with a mkdocs.yml that leaves the packs out."""
    _project(root)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.replace("  - portfolio\n", "  - portfolio:\n      packs: false\n"))
    return root


@pytest.mark.slow
def test_a_content_warning_fails_mkdocs_build_strict_as_it_fails_portfolio_build_strict(tmp_path: Path) -> None:
    root = _quick_project(tmp_path)
    ours = portfolio(root, "build", "--strict")
    assert ours.returncode == 1, ours.stderr
    assert ours.stdout == ""
    assert ours.stderr.splitlines() == [
        (
            f"content/applications/{EXPECTED_CONTENT_WARNING.replace('warning:', 'error:')}"
            ": list the stories that show it under `stories:`"
        ),
        "1 error(s), 0 warning(s)",
    ]
    assert not (root / "site").exists()
    mkdocs = _run([str(BIN / "mkdocs"), "build", "--strict"], root)
    assert mkdocs.returncode != 0, mkdocs.stderr
    assert f"WARNING -  content/applications/{EXPECTED_CONTENT_WARNING}" in mkdocs.stderr
    assert EXPECTED_CLEAR_SITE_WARNING in mkdocs.stderr  # no password: the second warning
    assert "Aborted with 2 warnings in strict mode!" in mkdocs.stdout


@pytest.mark.slow
def test_without_strict_a_content_warning_is_shown_and_mkdocs_and_portfolio_build(tmp_path: Path) -> None:
    root = _quick_project(tmp_path)
    mkdocs = _run([str(BIN / "mkdocs"), "build", "--site-dir", "by-mkdocs"], root)
    assert mkdocs.returncode == 0, mkdocs.stderr
    assert f"WARNING -  content/applications/{EXPECTED_CONTENT_WARNING}" in mkdocs.stderr
    ours = portfolio(root, "build")
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout == f"built 15 pages (private) into {root / 'site'}\n"
    # As clean as ever: the warning as typed, the note; none of MkDocs' progress lines.
    assert ours.stderr.splitlines() == [
        f"content/applications/{EXPECTED_CONTENT_WARNING}: list the stories that show it under `stories:`",
        (
            "note: site/ is NOT encrypted and holds your private notes: for viewing on this computer only "
            "(set PORTFOLIO_PASSWORD to build it for hosting)"
        ),
    ]


@pytest.mark.slow
def test_pages_are_at_their_urls(fixture_site) -> None:
    site, _ = fixture_site
    for url in [
        "",
        "applications/",
        "applications/acme-pm/",
        "applications/zyx-tpm/",
        "stories/",
        "stories/gpu-playbook/",
        "stories/teaching-ml/",
        "tags/",
        "profile/",
        "pages/about/",
    ]:
        assert (site / url / "index.html").is_file(), url
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


@pytest.mark.slow
def test_used_in_links_diffs_tabs_and_pack_link(fixture_site) -> None:
    site, _ = fixture_site
    story = (site / "stories" / "gpu-playbook" / "index.html").read_text()
    assert 'href="../../applications/acme-pm/#why-acme"' in story
    assert 'href="../../applications/zyx-tpm/#criterion-1"' in story
    app = (site / "applications" / "acme-pm" / "index.html").read_text()
    assert 'id="why-acme"' in app and 'id="criterion-2"' in app
    assert "<del>like Acme because</del>" in app and "<ins>want to build tools" in app
    assert 'class="tabbed-set tabbed-alternate"' in app
    assert 'href="../../pdf/acme-pm.pdf"' in app
    assert 'class="admonition private"' in app and "APPNOTE-MARKER-6b7d" in app


@pytest.mark.slow
def test_no_yaml_no_external_requests_and_noindex_everywhere(fixture_site) -> None:
    site, _ = fixture_site
    files = [p for p in site.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix in (".yaml", ".yml", ".typ")]
    assert not [p for p in files if p.name.startswith("sitemap")]  # a noindex site lists no addresses
    assert not any(
        "yaml-language-server" in p.read_text(errors="replace") for p in files if p.suffix in (".html", ".json", ".xml")
    )
    pages = [p for p in files if p.suffix == ".html"]
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text()
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        for tag in re.findall(r"<(?:link|script|img|iframe)\b[^>]*>", html):
            source = re.search(r'\b(?:href|src)="([^"]*)"', tag)
            if source:
                assert not re.match(r"(?:[a-z]+:)?//", source.group(1)), (page, tag)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    search = (site / "search" / "search_index.json").read_text()
    assert "GPU maintenance playbook" in search


@pytest.mark.slow
def test_a_content_error_stops_the_build_with_its_position(tmp_path: Path) -> None:
    root = _project(tmp_path)
    app = root / "content" / "applications" / "acme-pm.yaml"
    app.write_text(app.read_text().replace("status: interviewing", "status: maybe"), encoding="utf-8")
    done = _run([str(BIN / "mkdocs"), "build", "--strict"], root)
    assert done.returncode == 1
    assert re.search(r"content/applications/acme-pm\.yaml:4:9: error: .*maybe", done.stderr), done.stderr
    assert "Traceback" not in done.stderr
    assert not (root / "site" / "index.html").exists()


def _snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


@pytest.mark.slow
def test_portfolio_build_with_only_content_uses_the_builtin_config_and_a_failed_build_keeps_the_site(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path, with_config=False)
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "copyright.html").write_text("<div>LOCAL-OVERRIDE-MARK</div>")
    story = root / "content" / "stories" / "teaching-ml.yaml"
    story.write_text(
        story.read_text().replace(
            "title: Teaching machine learning", "title: '</title><script>evil()</script> Teaching & {more} <b>'"
        )
    )
    done = _run([str(BIN / "portfolio"), "build"], root)
    assert done.returncode == 0, done.stderr
    assert re.match(r"built \d+ pages \(private\) into .*site$", done.stdout.strip()), done.stdout
    assert "INFO" not in done.stderr and "Traceback" not in done.stderr
    home = (root / "site" / "index.html").read_text()
    assert "LOCAL-OVERRIDE-MARK" in home  # the local look is layered over the built-in one
    assert (root / "site" / "assets" / "portfolio" / "site.css").is_file()
    assert "<title>Ada Fixture</title>" in home
    page = (root / "site" / "stories" / "teaching-ml" / "index.html").read_text()
    assert "<script>evil()" not in page and "<b>" not in page  # shown as typed, never as markup
    assert (
        "&lt;/title&gt;&lt;script&gt;evil()&lt;/script&gt; Teaching &amp; {more} &lt;b&gt; - Ada Fixture</title>"
        in page
    )
    before = _snapshot(root / "site")

    story.write_text(story.read_text() + "bogus_field: 1\n", encoding="utf-8")
    failed = _run([str(BIN / "portfolio"), "build"], root)
    assert failed.returncode == 1
    assert re.search(r"^content/stories/teaching-ml\.yaml:\d+:\d+: error: ", failed.stderr, re.MULTILINE), failed.stderr
    assert "Traceback" not in failed.stderr
    assert _snapshot(root / "site") == before
    left = sorted(p.name for p in root.iterdir() if p.name != ".portfolio-cache")
    assert left == ["content", "overrides", "site"]  # no staging left over


def test_build_refuses_a_site_dir_that_holds_the_project(tmp_path: Path) -> None:
    root = _project(tmp_path, with_config=False)
    done = portfolio(root, "build", "--site-dir", ".")
    assert done.returncode == 1
    assert "refusing to replace" in done.stderr and "Traceback" not in done.stderr
    assert (root / "content" / "profile.yaml").is_file()


@pytest.mark.slow
def test_shared_build_has_no_applications(tmp_path: Path) -> None:
    root = _project(tmp_path, with_config=False)
    done = portfolio(root, "build", "--audience", "shared", "--site-dir", "public")
    assert done.returncode == 0, done.stderr
    site = root / "public"
    assert not (site / "applications").exists()
    text = "".join(p.read_text(errors="replace") for p in site.rglob("*") if p.suffix in (".html", ".json", ".xml"))
    assert "Acme" not in text and "MARKER" not in text
    assert "Teaching machine learning" in text
    # The résumé: a page at /cv/ and the PDF beside the (absent) packs.
    assert "Technical program manager, Example Cloud" in (site / "cv" / "index.html").read_text()
    assert sorted(path.name for path in (site / "pdf").iterdir()) == ["cv.pdf"]
    assert "Private: do not share" not in text  # the footer says so on the private site only


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float = 20) -> bool:
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=2).read().decode():
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_serve_shows_an_edit_and_a_content_error_without_a_restart(tmp_path: Path) -> None:
    root = _project(tmp_path, with_config=False)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [str(BIN / "portfolio"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert _wait_for(url + "stories/teaching-ml/", "Teaching machine learning")
        story = root / "content" / "stories" / "teaching-ml.yaml"
        original = story.read_text()
        story.write_text(original.replace("title: Teaching machine learning", "title: Teaching ML, edited"))
        assert _wait_for(url + "stories/teaching-ml/", "Teaching ML, edited")
        story.write_text(original.replace("title:", "titel:"))
        assert _wait_for(url, "teaching-ml.yaml:2:1: error: unknown field `titel`")
        # Every page the last good build had shows the problems, not a 404.
        for page in ("stories/teaching-ml/", "applications/acme-pm/", "tags/"):
            assert _wait_for(url + page, "teaching-ml.yaml:2:1: error: unknown field `titel`", seconds=5), page
        story.write_text(original)
        assert _wait_for(url, "Job search")
        assert _wait_for(url + "stories/teaching-ml/", "Taught machine learning")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
    assert "dirty" not in output  # MkDocs' warning about dirty builds: here they are exact (preview.py)


@pytest.mark.slow
def test_the_profile_name_is_text_in_every_page(tmp_path: Path) -> None:
    root = _project(tmp_path, with_config=False)
    profile = root / "content" / "profile.yaml"
    name = "<img src=x onerror=alert(1)>Ada"
    profile.write_text(re.sub(r"(?m)^name: .*$", f"name: '{name}'", profile.read_text("utf-8")), encoding="utf-8")
    done = portfolio(root, "build", "--no-packs", "--audience", "shared")
    assert done.returncode == 0, done.stderr
    pages = [path.read_text("utf-8") for path in (root / "site").rglob("*.html")]
    assert pages and not [page for page in pages if "<img src=x" in page]
    assert any("&lt;img src=x onerror=alert(1)&gt;Ada" in page for page in pages)


def test_a_mkdocs_yml_without_the_plugin_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    root = _project(tmp_path, with_config=False)
    (root / "mkdocs.yml").write_text("site_name: Mine\ndocs_dir: content\nplugins:\n  - search\n", encoding="utf-8")
    done = portfolio(root, "build")
    assert done.returncode == 1 and "add `portfolio` under `plugins:`" in done.stderr
    assert not (root / "site").exists()


@pytest.mark.slow
def test_a_failed_pack_under_plain_mkdocs_is_one_error_not_a_traceback(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "overrides" / "pack").mkdir(parents=True)
    (root / "overrides" / "pack" / "pack.typ").write_text(
        '#let pack(meta, body) = { panic("my template is broken") }\n'
    )
    done = _run([str(BIN / "mkdocs"), "build"], root)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "my template is broken" in done.stderr


NOT_FOUND = "is not found among documentation files"


@pytest.mark.slow
def test_a_hand_written_page_links_to_the_packs_resume_and_calendar_without_a_warning(tmp_path: Path) -> None:
    root = _project(tmp_path, with_config=False)
    links = "[pack](../pdf/acme-pm.pdf), [résumé](../pdf/cv.pdf), [calendar](../calendar.ics), [none](../pdf/nope.pdf)"
    (root / "content" / "pages" / "links.md").write_text(f"# Links\n\n{links}\n", encoding="utf-8")
    done = portfolio(root, "build")
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if NOT_FOUND in line] == [
        f"warning: Doc file 'pages/links.md' contains a link '../pdf/nope.pdf', but the target 'pdf/nope.pdf' {NOT_FOUND}."
    ]
    site = root / "site"
    page = (site / "pages" / "links" / "index.html").read_text(encoding="utf-8")
    for href in ["../../pdf/acme-pm.pdf", "../../pdf/cv.pdf", "../../calendar.ics"]:
        assert f'href="{href}"' in page
    # The real files, not the empty stand-ins MkDocs checked the links against.
    assert (site / "pdf" / "acme-pm.pdf").read_bytes().startswith(b"%PDF-")
    assert (site / "pdf" / "cv.pdf").read_bytes().startswith(b"%PDF-")
    assert (site / "calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    # Without packs there is no PDF to link to: MkDocs says so.
    without = portfolio(root, "build", "--no-packs", "--site-dir", "no-packs")
    assert without.returncode == 0, without.stderr
    missing = sorted(line.split("'")[3] for line in without.stderr.splitlines() if NOT_FOUND in line)
    assert missing == ["../pdf/acme-pm.pdf", "../pdf/cv.pdf", "../pdf/nope.pdf"]
    assert not (root / "no-packs" / "pdf").exists()
