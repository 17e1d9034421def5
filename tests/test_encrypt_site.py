"""An encrypted site holds nothing of the original in the clear, and opens exactly.

A small MkDocs Material site with marker strings in its name, titles,
headings, body, file and folder names, a PDF and an image is built with the
real `mkdocs build`, then encrypted. Every byte of every output file (and
every output path) is searched for the markers; an independent Python
implementation of the format then recovers every original file exactly.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import hmac
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from generator.content.diagnostics import PortfolioError
from generator.encrypt import (
    PASSWORD_ENV,
    EncryptionError,
    WeakPasswordError,
    encrypt_site,
    encryption_from_environment,
)
from tests.conftest import BuiltOnce

PASSWORD = "correct horse PASSWORD-MARKER-77aa"
FAST = 1_000  # iterations for tests that are not about the iteration count

# Strings that must not survive encryption, anywhere, in any case.
MARKERS = [
    "SITENAME-MARKER-1a2b",
    "HOMEHEAD-MARKER-3c4d",
    "HOMEBODY-MARKER-5e6f",
    "STORYTITLE-MARKER-7a8b",
    "STORYHEAD-MARKER-9c0d",
    "STORYBODY-MARKER-1e2f",
    "APPTITLE-MARKER-3a4b",
    "APPHEAD-MARKER-5c6d",
    "APPBODY-MARKER-7e8f",
    "NOTETITLE-MARKER-2b3c",
    "PDFTEXT-MARKER-9a0b",
    "IMAGE-MARKER-4d5e",
]
STORY_URL = "stories-zq/zephyr-zq-story/"
APPLICATION_URL = "applications-zq/acme-zq-pm/"
NOTE_URL = "notes-zq/café-zq/"
PDF_URL = "packs-zq/acme-zq-pm.pdf"

MKDOCS_YML = """\
site_name: Portfolio SITENAME-MARKER-1a2b
site_url: http://127.0.0.1/
theme:
  name: material
  font: false
  features:
    - navigation.instant
plugins:
  - search
"""
PAGES = {
    "index.md": (
        "# Home HOMEHEAD-MARKER-3c4d\n\nWelcome HOMEBODY-MARKER-5e6f. Read "
        "[the story](stories-zq/zephyr-zq-story.md), "
        "[the application](applications-zq/acme-zq-pm/index.md) and "
        "[the pack](packs-zq/acme-zq-pm.pdf).\n\n![logo](images-zq/acmezq-logo.png)\n"
    ),
    "stories-zq/zephyr-zq-story.md": (
        "# Story STORYTITLE-MARKER-7a8b\n\n## Section STORYHEAD-MARKER-9c0d\n\n"
        "Body STORYBODY-MARKER-1e2f about zebrafinch.\n"
    ),
    "applications-zq/acme-zq-pm/index.md": (
        "# Application APPTITLE-MARKER-3a4b\n\n## Why APPHEAD-MARKER-5c6d\n\nAnswer APPBODY-MARKER-7e8f.\n"
    ),
    "notes-zq/café-zq.md": "# Note NOTETITLE-MARKER-2b3c\n\nA page whose URL is not ASCII.\n",
}
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Length 36>>stream\nBT (PDFTEXT-MARKER-9a0b) Tj ET\nendstream endobj\ntrailer<<>>\n%%EOF\n"
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x11tEXtComment\x00IMAGE-MARKER-4d5e"


def build_marker_site(folder: Path) -> Path:
    """Build the marker site with the real `mkdocs build`; returns the site folder."""
    docs = folder / "docs"
    for relative, text in PAGES.items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")
    (docs / PDF_URL).parent.mkdir(parents=True)
    (docs / PDF_URL).write_bytes(PDF_BYTES)
    (docs / "images-zq").mkdir()
    (docs / "images-zq" / "acmezq-logo.png").write_bytes(PNG_BYTES)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    site = folder / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=folder,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site


def copy_marker_site(built_once: BuiltOnce, folder: Path) -> Path:
    """A copy of the marker site, as `folder/site`; the site itself is built once per pytest worker."""
    site = folder / "site"
    shutil.copytree(built_once("marker-site", build_marker_site), site)
    return site


@pytest.fixture(scope="module")
def plain_site(built_once: BuiltOnce) -> Path:
    """The marker site as built (shared: read it, never change it)."""
    return built_once("marker-site", build_marker_site)


@pytest.fixture(scope="module")
def encrypted(plain_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("encrypted") / "site"
    shutil.copytree(plain_site, site)
    encrypt_site(site, PASSWORD, iterations=FAST)
    return site


# --- an independent reader of the format ---------------------------------


def read_encrypted_site(site: Path, password: str, originals: list[str]) -> dict[str, tuple[str, bytes]]:
    """Decrypt the given original paths: {path: (content type, body)}."""
    params = json.loads((site / "encrypted" / "params.json").read_text(encoding="utf-8"))
    salt = base64.b64decode(params["salt"])
    master = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=params["iterations"]).derive(
        unicodedata.normalize("NFC", password).encode()
    )

    def expand(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(master)

    content = AESGCM(expand(b"sealed-site/2 content"))
    names = expand(b"sealed-site/2 names")
    check = base64.b64decode(params["check"])
    content.decrypt(check[:12], check[12:], b"check")  # InvalidTag: wrong password
    files = {}
    for path in originals:
        name = hmac.new(names, path.encode(), hashlib.sha256).hexdigest()
        blob = (site / "encrypted" / name).read_bytes()
        plain = content.decrypt(blob[:12], blob[12:], b"file:" + path.encode())
        head, _, rest = plain.partition(b"\n")
        header = json.loads(head)
        assert not rest[header["size"] :].strip(b"\0"), "padding is zeros only"
        files[path] = (header["type"], rest[: header["size"]])
    return files


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def searchable_text(site: Path) -> str:
    """Every path and every byte under `site`, gzip members unpacked, lower-cased."""
    chunks = []
    for path in sorted(site.rglob("*")):
        chunks.append(path.relative_to(site).as_posix())
        if path.is_file():
            data = path.read_bytes()
            chunks.append(data.decode("latin-1"))
            if data[:2] == b"\x1f\x8b":
                with contextlib.suppress(OSError, EOFError):  # a blob that happens to start like gzip
                    chunks.append(gzip.decompress(data).decode("latin-1"))
    return "\n".join(chunks).lower()


def content_path_parts(plain_site: Path) -> set[str]:
    """Names the site's own content gave to files and folders (not the theme's)."""
    parts = set()
    for path in site_files(plain_site):
        for part in Path(path).parts:
            if part not in {"index.html", "404.html"} and "zq" in part:
                parts.add(part)
    return parts


# --- tests ------------------------------------------------------------------


def test_the_plain_site_holds_every_marker(plain_site: Path) -> None:
    """The search below would find each marker: otherwise its absence proves nothing."""
    text = searchable_text(plain_site)
    for marker in MARKERS:
        assert marker.lower() in text, marker
    parts = content_path_parts(plain_site)
    assert {"stories-zq", "zephyr-zq-story", "acme-zq-pm", "acme-zq-pm.pdf", "café-zq"} <= parts
    assert "sitemap.xml.gz" in site_files(plain_site)
    sitemap = gzip.decompress((plain_site / "sitemap.xml.gz").read_bytes()).decode()
    assert "zephyr-zq-story" in sitemap


def test_no_marker_path_or_password_survives_encryption(plain_site: Path, encrypted: Path) -> None:
    text = searchable_text(encrypted)
    for marker in MARKERS:
        assert marker.lower() not in text, marker
    for part in content_path_parts(plain_site):
        assert part.lower() not in text, part
    for path in site_files(plain_site):
        if path not in {"index.html", "404.html"}:
            assert path.lower() not in text, path
    assert PASSWORD.lower() not in text
    assert "correct horse" not in text


def test_only_neutral_names_remain(plain_site: Path, encrypted: Path) -> None:
    names = site_files(encrypted)
    public = {"index.html", "404.html", "unlock-sw.js", "encrypted/params.json"}
    blobs = [n for n in names if n not in public]
    assert public <= set(names)
    assert all(re.fullmatch(r"encrypted/[0-9a-f]{64}", n) for n in blobs), blobs
    assert len(blobs) == len(site_files(plain_site))
    assert sorted(p.name for p in encrypted.iterdir()) == sorted(
        ["404.html", "encrypted", "index.html", "unlock-sw.js"]
    )


def test_every_original_file_is_recovered_exactly(plain_site: Path, encrypted: Path) -> None:
    originals = site_files(plain_site)
    files = read_encrypted_site(encrypted, PASSWORD, originals)
    for path in originals:
        assert files[path][1] == (plain_site / path).read_bytes(), path
    types = {path: content_type for path, (content_type, _) in files.items()}
    assert types["index.html"] == "text/html; charset=utf-8"
    assert types[NOTE_URL + "index.html"] == "text/html; charset=utf-8"
    assert types["search/search_index.json"] == "application/json"
    assert types["sitemap.xml.gz"] == "application/gzip"
    assert types[PDF_URL] == "application/pdf"
    assert types["images-zq/acmezq-logo.png"] == "image/png"
    worker = next(p for p in originals if p.startswith("assets/javascripts/workers/search."))
    assert types[worker] == "text/javascript; charset=utf-8"


def test_a_wrong_password_opens_nothing(plain_site: Path, encrypted: Path) -> None:
    with pytest.raises(InvalidTag):
        read_encrypted_site(encrypted, "correct horse", ["index.html"])


def test_a_blob_moved_to_another_name_does_not_open(plain_site: Path, encrypted: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(encrypted, site)
    params = json.loads((site / "encrypted" / "params.json").read_text())
    salt = base64.b64decode(params["salt"])
    master = PBKDF2HMAC(hashes.SHA256(), 32, salt, FAST).derive(PASSWORD.encode())
    names = HKDF(hashes.SHA256(), 32, salt, b"sealed-site/2 names").derive(master)
    home, story = (
        site / "encrypted" / hmac.new(names, p.encode(), hashlib.sha256).hexdigest()
        for p in ("index.html", STORY_URL + "index.html")
    )
    home.write_bytes(story.read_bytes())
    with pytest.raises(InvalidTag):
        read_encrypted_site(site, PASSWORD, ["index.html"])


def test_nonces_never_repeat(encrypted: Path) -> None:
    blobs = [p for p in (encrypted / "encrypted").iterdir() if p.name != "params.json"]
    check = base64.b64decode(json.loads((encrypted / "encrypted" / "params.json").read_text())["check"])
    nonces = [p.read_bytes()[:12] for p in blobs] + [check[:12]]
    assert len(set(nonces)) == len(nonces) == len(blobs) + 1


def test_each_build_has_its_own_salt_and_names(plain_site: Path, encrypted: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    shutil.copytree(plain_site, again)
    encrypt_site(again, PASSWORD, iterations=FAST)
    first = json.loads((encrypted / "encrypted" / "params.json").read_text())
    second = json.loads((again / "encrypted" / "params.json").read_text())
    assert first["salt"] != second["salt"]
    public = {"index.html", "404.html", "unlock-sw.js", "encrypted/params.json"}
    assert not (set(site_files(encrypted)) & set(site_files(again))) - public


def test_the_default_derivation_is_slow_enough(plain_site: Path, tmp_path: Path) -> None:
    assert inspect.signature(encrypt_site).parameters["iterations"].default >= 600_000
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(plain_site / "index.html", site / "index.html")
    encrypt_site(site, PASSWORD)
    params = json.loads((site / "encrypted" / "params.json").read_text())
    assert params["iterations"] >= 600_000
    assert params["kdf"] == "PBKDF2-SHA256"
    assert len(base64.b64decode(params["salt"])) == 16
    files = read_encrypted_site(site, PASSWORD, ["index.html"])
    assert files["index.html"][1] == (plain_site / "index.html").read_bytes()


def test_the_unlock_page_is_self_contained(encrypted: Path) -> None:
    """It is also the host's 404 page at any depth: no relative or external resource."""
    page = (encrypted / "index.html").read_text(encoding="utf-8")
    assert page == (encrypted / "404.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=|url\(|@import""", page)
    assert "Password required" in page


def test_an_empty_password_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EncryptionError, match=PASSWORD_ENV):
        encrypt_site(tmp_path, "")


def test_errors_are_for_people_and_leave_the_site_alone(plain_site: Path, tmp_path: Path) -> None:
    assert issubclass(EncryptionError, PortfolioError)
    with pytest.raises(EncryptionError, match="no built site"):
        encrypt_site(tmp_path / "missing", PASSWORD, iterations=FAST)
    site = tmp_path / "site"
    shutil.copytree(plain_site, site)
    (site / "unlock-sw.js").write_text("// the site's own file\n")
    before = {p: (site / p).read_bytes() for p in site_files(site)}
    with pytest.raises(EncryptionError, match="reserved"):
        encrypt_site(site, PASSWORD, iterations=FAST)
    assert {p: (site / p).read_bytes() for p in site_files(site)} == before
    assert PASSWORD_ENV == "PORTFOLIO_PASSWORD"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"PORTFOLIO_PASSWORD": "s3cret words"}, ("s3cret words", 600_000)),
        ({"PORTFOLIO_PASSWORD": "s3cret words", "PORTFOLIO_KDF_ITERATIONS": "700000"}, ("s3cret words", 700_000)),
        ({"PORTFOLIO_PASSWORD": "s3cret words", "PORTFOLIO_TEST_ONLY_KDF_ITERATIONS": "1000"}, ("s3cret words", 1000)),
    ],
)
def test_the_environment_says_whether_and_how_to_encrypt(environ: dict, expected: tuple | None) -> None:
    request = encryption_from_environment(environ)
    assert (request and (request.password, request.iterations)) == expected
    if request:
        assert request.password not in repr(request)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"PORTFOLIO_PASSWORD": ""}, "PORTFOLIO_PASSWORD is set but empty"),
        (
            {"PORTFOLIO_PASSWORD": "s3cret words", "PORTFOLIO_KDF_ITERATIONS": "many"},
            "PORTFOLIO_KDF_ITERATIONS must be",
        ),
        ({"PORTFOLIO_PASSWORD": "s3cret words", "PORTFOLIO_KDF_ITERATIONS": "1000"}, "at least 600,000"),
        ({"PORTFOLIO_PASSWORD": "s3cret words", "PORTFOLIO_TEST_ONLY_KDF_ITERATIONS": "0"}, "at least 1"),
        ({"PORTFOLIO_PASSWORD": "a"}, "has 1 character; use at least 12"),
    ],
)
def test_a_bad_environment_is_a_usage_error(environ: dict, message: str) -> None:
    with pytest.raises(WeakPasswordError, match=message) as raised:
        encryption_from_environment(environ)
    assert raised.value.exit_code == 2


def test_only_the_themes_own_inline_scripts_are_hashed() -> None:
    from generator.encrypt.page_scripts import csp_hash, inline_script_hashes

    page = (
        "<html><head><script>var a = 1;</script>"
        '<script id="__config" type="application/json">{"x": 1}</script>'
        '<script src="assets/x.js"></script></head><body>'
        "<article><p>story</p><script>alert('from content')</script></article>"
        '<script type="module">b()\r\n</script><script>var a = 1;</script></body></html>'
    )
    assert inline_script_hashes(page) == [csp_hash("var a = 1;"), csp_hash("b()\n")]
    assert csp_hash("b()\r\n") == csp_hash("b()\n")  # as the browser sees it
    assert csp_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
