"""Turn a built static site into one that needs a password to read.

Every original file is sealed into `encrypted/<HMAC of its path>`, padded to
a size bucket (blobs.py); what stays readable is an unlock page
(`index.html`, `404.html`), a service worker and the key-derivation
parameters (public_files.py). After unlocking, the service worker answers
every request for an original URL by decrypting its blob, so the site works
unchanged (links, search, PDFs). See assets/service-worker.js.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import random
import re
import shutil
import tempfile
from pathlib import Path

from generator.atomic import new_folder_mode
from generator.content.diagnostics import PortfolioError
from generator.encrypt.blobs import NONCE_BYTES, neutral_name, seal_check, seal_file
from generator.encrypt.keys import (
    DEFAULT_ITERATIONS,
    SALT_BYTES,
    derive_master_key,
    derive_site_keys,
)
from generator.encrypt.page_scripts import inline_script_hashes
from generator.encrypt.password_policy import WeakPasswordError, password_problem
from generator.encrypt.public_files import (
    BLOB_DIR,
    PARAMS_FILE,
    SERVICE_WORKER_FILE,
    UNLOCK_PAGES,
    render_service_worker,
    render_unlock_page,
)
from generator.encrypt.request import PASSWORD_ENV

FORMAT = "sealed-site/2"  # names no tool: the published files say nothing of what made them
# Every file and folder of the encrypted site gets this one modification time
# (1980-01-01, the ZIP epoch), so times do not tell the order files were written in.
FIXED_MTIME = 315532800

# Paths the service worker leaves to the network; an original file there would be shadowed.
_RESERVED = re.compile(rf"^(?:{re.escape(SERVICE_WORKER_FILE)}|{BLOB_DIR}/(?:params\.json|[0-9a-f]{{64}}))$")

# Not left to the platform's mime.types, which differs between machines.
_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".webmanifest": "application/manifest+json",
}


class EncryptionError(PortfolioError):
    """The site cannot be encrypted as asked (no site, a reserved path, stray files)."""


def encrypt_site(site_dir: Path, password: str, *, iterations: int = DEFAULT_ITERATIONS) -> None:
    """Encrypt the built site in `site_dir` in place.

    Afterwards no file or folder name under `site_dir` and no byte outside the
    AES-GCM blobs comes from the original site, and every blob's size is a
    bucket (blobs.py). A fresh salt per call gives every build its own keys,
    so nonces (random, checked unique) never repeat under one key. The
    password is used in memory only.
    """
    site_dir = Path(site_dir)
    if not password:
        raise EncryptionError(f"{PASSWORD_ENV} is empty: set a password to encrypt the site")
    problem = password_problem(password)
    if problem is not None:
        raise WeakPasswordError(f"the password {problem}")
    if iterations < 1:
        raise EncryptionError(f"iterations must be positive, got {iterations}")
    if not site_dir.is_dir():
        raise EncryptionError(f"{site_dir}: no built site to encrypt")
    originals = _list_files(site_dir)
    for path in originals:
        if _RESERVED.match(path):
            raise EncryptionError(f"{site_dir / path}: this path is reserved by the encrypted site")

    salt = os.urandom(SALT_BYTES)
    keys = derive_site_keys(derive_master_key(password, salt, iterations), salt)
    nonces = _UniqueNonces()

    staging = Path(tempfile.mkdtemp(prefix=".encrypting-", dir=site_dir))  # mode 0700
    (staging / BLOB_DIR).mkdir(mode=0o700)
    # In random order: the order files are written in (visible in inode
    # numbers or a listing by creation time) must not follow their paths.
    random.SystemRandom().shuffle(originals)
    for path in originals:
        body = (site_dir / path).read_bytes()
        content_type = content_type_of(path)
        scripts = inline_script_hashes(body.decode("utf-8", "replace")) if content_type.startswith("text/html") else []
        blob = seal_file(keys.content, nonces.next(), path, content_type, body, scripts)
        (staging / BLOB_DIR / neutral_name(keys.names, path)).write_bytes(blob)
    params = {
        "format": FORMAT,
        "kdf": "PBKDF2-SHA256",
        "iterations": iterations,
        "salt": base64.b64encode(salt).decode("ascii"),
        "check": base64.b64encode(seal_check(keys.content, nonces.next())).decode("ascii"),
    }
    (staging / PARAMS_FILE).write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    unlock_page = render_unlock_page()
    for name in UNLOCK_PAGES:
        (staging / name).write_text(unlock_page, encoding="utf-8")
    (staging / SERVICE_WORKER_FILE).write_text(render_service_worker(), encoding="utf-8")
    _replace_contents(site_dir, staging)


def _replace_contents(site_dir: Path, staging: Path) -> None:
    """Put what `staging` holds in place of everything else in `site_dir`, with one fixed mtime."""
    for entry in site_dir.iterdir():
        if entry == staging:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    folder_mode = new_folder_mode()
    for folder, _dirs, files in os.walk(staging, topdown=False):
        for name in files:
            os.utime(Path(folder) / name, (FIXED_MTIME, FIXED_MTIME))
        os.chmod(folder, folder_mode)  # servable once it holds nothing but ciphertext
    for entry in staging.iterdir():
        entry.rename(site_dir / entry.name)
        os.utime(site_dir / entry.name, (FIXED_MTIME, FIXED_MTIME))
    staging.rmdir()
    os.utime(site_dir, (FIXED_MTIME, FIXED_MTIME))


def content_type_of(path: str) -> str:
    """The Content-Type the service worker answers with for an original path."""
    suffix = Path(path).suffix.lower()
    if suffix in _CONTENT_TYPES:
        return _CONTENT_TYPES[suffix]
    guessed, encoding = mimetypes.guess_type(path, strict=False)
    if guessed is None or encoding is not None:
        return "application/octet-stream"
    return guessed


def _list_files(site_dir: Path) -> list[str]:
    """Every file under the site, as POSIX paths relative to it, sorted."""
    found = []
    for folder, _dirs, files in os.walk(site_dir):
        for name in files:
            found.append((Path(folder) / name).relative_to(site_dir).as_posix())
    return sorted(found)


class _UniqueNonces:
    """Random 96-bit nonces, never the same twice within one build."""

    def __init__(self) -> None:
        self._used: set[bytes] = set()

    def next(self) -> bytes:
        while True:
            nonce = os.urandom(NONCE_BYTES)
            if nonce not in self._used:
                self._used.add(nonce)
                return nonce
