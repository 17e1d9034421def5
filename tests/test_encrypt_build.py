"""A private build is encrypted last and checked, whatever the plugins; never published in the clear.

Real `portfolio build` and `mkdocs build` / `mkdocs gh-deploy` runs on the
fixture portfolio, with `search` after ours in mkdocs.yml and a third-party
plugin (a MkDocs hooks file) that writes into the site after everything else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from generator.encrypt.blobs import MIN_BUCKET
from generator.encrypt.encrypted_site import FIXED_MTIME
from tests.conftest import FIXTURE_PORTFOLIO, BuiltOnce, planted_markers, portfolio
from tests.test_encrypt_site import read_encrypted_site, searchable_text, site_files

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery staple"
PUBLIC = {"index.html", "404.html", "unlock-sw.js", "encrypted/params.json"}
MKDOCS_YML = """\
site_name: Test
docs_dir: content
plugins:
  - portfolio:
      content: content
      history: false
      packs: false
  - search
{extra}"""
# A third-party plugin that runs after ours and writes a file in the clear.
LATE_WRITER = """\
import os
from mkdocs.plugins import event_priority

@event_priority(-200)
def on_post_build(config):
    with open(os.path.join(config.site_dir, "late-notes.txt"), "w") as f:
        f.write("LATE-MARKER-5150")


def on_post_page(output, page, config):
    # The mode of the folder that holds the plain pages while they are written.
    with open(os.path.join(os.path.dirname(config.config_file_path), "staging-mode.txt"), "w") as f:
        f.write(oct(os.stat(config.site_dir).st_mode & 0o777))
    return output
"""


def project(tmp_path: Path, extra: str = "", late_writer: bool = False) -> Path:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    if late_writer:
        (tmp_path / "late_writer.py").write_text(LATE_WRITER, encoding="utf-8")
        extra += "hooks:\n  - late_writer.py\n"
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML.format(extra=extra), encoding="utf-8")
    return tmp_path


def run(folder: Path, *args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    """`portfolio ...` (in-process) or `mkdocs ...` (the real command: what plain MkDocs does is tested)."""
    env: dict[str, str | None] = {"PORTFOLIO_PASSWORD": None, "PORTFOLIO_TEST_ONLY_KDF_ITERATIONS": None}
    if password is not None:
        env.update(PORTFOLIO_PASSWORD=password, PORTFOLIO_TEST_ONLY_KDF_ITERATIONS="1000")
    if args[0] == "portfolio":
        return portfolio(folder, *args[1:], env=env)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    environ.update({k: v for k, v in env.items() if v is not None}, NO_MKDOCS_2_WARNING="1")
    tool = Path(sys.executable).parent / args[0]
    return subprocess.run([str(tool), *args[1:]], cwd=folder, capture_output=True, text=True, timeout=300, env=environ)


def assert_fully_encrypted(site: Path) -> None:
    names = set(site_files(site))
    assert names >= PUBLIC
    assert all(name in PUBLIC or name.startswith("encrypted/") for name in names), names - PUBLIC
    text = searchable_text(site)
    for marker in planted_markers() | {"LATE-MARKER-5150"}:
        assert marker.lower() not in text, marker


def original_names(site: Path, password: str) -> dict[str, str]:
    """{blob name: original path} for the paths a portfolio site has."""
    params = json.loads((site / "encrypted" / "params.json").read_text())
    salt = base64.b64decode(params["salt"])
    master = PBKDF2HMAC(hashes.SHA256(), 32, salt, params["iterations"]).derive(password.encode())
    names = HKDF(hashes.SHA256(), 32, salt, b"sealed-site/2 names").derive(master)
    paths = ["search/search_index.json", "late-notes.txt", "index.html", "stories/gpu-playbook/index.html"]
    return {hmac.new(names, p.encode(), hashlib.sha256).hexdigest(): p for p in paths}


def test_search_after_ours_in_mkdocs_yml_is_encrypted_too(tmp_path: Path) -> None:
    folder = project(tmp_path)
    for command in (["portfolio", "build", "--no-packs"], ["mkdocs", "build", "-q"]):
        done = run(folder, *command)
        assert done.returncode == 0, done.stderr
        assert_fully_encrypted(folder / "site")
        assert (folder / "site").stat().st_mode & 0o777 == 0o755  # servable once encrypted (umask 022)
        index = read_encrypted_site(folder / "site", PASSWORD, ["search/search_index.json"])
        assert "PRIVSTORY-MARKER-91bd" in index["search/search_index.json"][1].decode()


def test_portfolio_build_encrypts_what_a_later_plugin_wrote_and_plain_mkdocs_fails(tmp_path: Path) -> None:
    folder = project(tmp_path, late_writer=True)
    done = run(folder, "portfolio", "build", "--no-packs")
    assert done.returncode == 0, done.stderr
    assert_fully_encrypted(folder / "site")
    late = read_encrypted_site(folder / "site", PASSWORD, ["late-notes.txt"])
    assert late["late-notes.txt"][1] == b"LATE-MARKER-5150"
    assert (folder / "staging-mode.txt").read_text() == "0o700"  # the plain site, while it is built
    before = {p: (folder / "site" / p).read_bytes() for p in site_files(folder / "site")}

    (folder / "staging-mode.txt").unlink()
    failed = run(folder, "mkdocs", "build", "-q", "--site-dir", "mkdocs-site")
    assert (folder / "staging-mode.txt").read_text() == "0o700"  # plain mkdocs: the site folder itself
    assert failed.returncode == 1
    assert "late-notes.txt" in failed.stderr and "not part of the encrypted site" in failed.stderr
    assert not any((folder / "mkdocs-site").iterdir())  # emptied: nothing of it may be deployed
    # A failing `portfolio build` leaves the previous site as it was.
    # Another hook file: MkDocs keeps a hook it has loaded for the life of its process.
    (folder / "reserved_writer.py").write_text(LATE_WRITER.replace('"late-notes.txt"', '"unlock-sw.js"'))
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace("late_writer.py", "reserved_writer.py"))
    broken = run(folder, "portfolio", "build", "--no-packs")
    assert broken.returncode == 1, broken.stderr
    assert "reserved by the encrypted site" in broken.stderr
    assert {p: (folder / "site" / p).read_bytes() for p in site_files(folder / "site")} == before


def test_blobs_are_padded_to_buckets_in_random_order_with_one_mtime(tmp_path: Path) -> None:
    folder = project(tmp_path)
    done = run(folder, "portfolio", "build", "--no-packs")
    assert done.returncode == 0, done.stderr
    site = folder / "site"
    blobs = [p for p in (site / "encrypted").iterdir() if p.name != "params.json"]
    sizes = [p.stat().st_size for p in blobs]
    assert all(size >= MIN_BUCKET and size & (size - 1) == 0 for size in sizes), sorted(set(sizes))
    assert len(set(sizes)) < len(sizes) / 3  # many files share each bucket
    assert {p.stat().st_mtime for p in [site, *site.rglob("*")]} == {FIXED_MTIME}
    params = (site / "encrypted" / "params.json").read_text()
    assert "portfolio" not in params.lower()
    for name in ("index.html", "unlock-sw.js"):
        assert "portfolio" not in (site / name).read_text().lower()


def test_blobs_are_written_in_random_order(tmp_path: Path, built_once: BuiltOnce) -> None:
    """Recorded with an audit hook on every file opened for writing: real writes, nothing mocked."""
    from generator.encrypt import encrypt_site
    from tests.test_encrypt_site import copy_marker_site

    site = copy_marker_site(built_once, tmp_path)
    originals = site_files(site)
    written: list[str] = []

    def record(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str) and "/encrypted/" in args[0] and "w" in str(args[1]):
            written.append(Path(args[0]).name)

    sys.addaudithook(record)
    encrypt_site(site, PASSWORD, iterations=1_000)
    params = json.loads((site / "encrypted" / "params.json").read_text())
    salt = base64.b64decode(params["salt"])
    master = PBKDF2HMAC(hashes.SHA256(), 32, salt, 1_000).derive(PASSWORD.encode())
    names = HKDF(hashes.SHA256(), 32, salt, b"sealed-site/2 names").derive(master)
    by_name = {hmac.new(names, p.encode(), hashlib.sha256).hexdigest(): p for p in originals}
    order = [by_name[name] for name in written if name in by_name]
    assert sorted(order) == sorted(originals)
    assert order != sorted(originals)


def test_plain_mkdocs_warns_about_a_clear_private_site_and_gh_deploy_refuses_it(tmp_path: Path) -> None:
    folder = project(tmp_path)
    done = run(folder, "mkdocs", "build", password=None)
    assert done.returncode == 0, done.stderr
    assert "WARNING" in done.stderr and "NOT encrypted" in done.stderr
    strict = run(folder, "mkdocs", "build", "--strict", password=None)
    assert strict.returncode == 1 and "NOT encrypted" in strict.stderr
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    deploy = run(folder, "mkdocs", "gh-deploy", "--no-history", password=None)
    assert deploy.returncode == 1
    assert "refusing to deploy the private site unencrypted" in deploy.stderr
    branches = subprocess.run(["git", "branch", "--list", "gh-pages"], cwd=folder, capture_output=True, text=True)
    assert branches.stdout == ""
    quiet = run(folder, "portfolio", "build", "--no-packs", password=None)  # its own note, no warning
    assert quiet.returncode == 0 and "WARNING" not in quiet.stderr


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("a", "has 1 character; use at least 12"),
        ("hunter2", "has 7 characters"),
        ("password1234", "in the list of common passwords"),
        ("Qwertyuiop!!", "common password with digits or punctuation around it"),
        ("abababababab", "fewer than 5 different characters"),
    ],
)
def test_a_weak_password_is_refused_before_anything_is_built(tmp_path: Path, password: str, message: str) -> None:
    folder = project(tmp_path)
    for command in (["portfolio", "build", "--no-packs"], ["mkdocs", "build", "-q"]):
        done = run(folder, *command, password=password)
        assert done.returncode == 2, done.stderr
        assert message in done.stderr and "PORTFOLIO_PASSWORD" in done.stderr
        assert "Traceback" not in done.stderr
        assert not (folder / "site").exists()


def test_a_sealed_file_opens_only_with_its_key_and_path_and_hides_its_size() -> None:
    """blobs.py's own reader (the worker's twin in Python) round-trips what the build seals."""
    import os as _os

    from cryptography.exceptions import InvalidTag

    from generator.encrypt import blobs

    key, other = _os.urandom(32), _os.urandom(32)
    sealed = blobs.seal_file(key, _os.urandom(blobs.NONCE_BYTES), "stories/a/index.html", "text/html", b"<p>hi</p>")
    opened = blobs.open_file(key, "stories/a/index.html", sealed)
    assert (opened.content_type, opened.body) == ("text/html", b"<p>hi</p>")
    assert len(sealed) >= blobs.MIN_BUCKET and len(sealed) & (len(sealed) - 1) == 0  # a power of two
    for wrong_key, wrong_path in ((other, "stories/a/index.html"), (key, "stories/b/index.html")):
        with pytest.raises(InvalidTag):
            blobs.open_file(wrong_key, wrong_path, sealed)
    check = blobs.seal_check(key, _os.urandom(blobs.NONCE_BYTES))
    assert blobs.is_right_key(key, check) and not blobs.is_right_key(other, check)
