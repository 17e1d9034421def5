"""What a private build needs before it may leave the computer.

The MkDocs plugin hands its events to `PrivateHosting`:

- encryption is the build's last step: the plugin's `on_post_build` runs at
  priority -100, after every plugin of ordinary priority whatever the order
  in mkdocs.yml, and `portfolio build` encrypts only after MkDocs returned;
- the result is checked (`verify_encrypted_site`): the site folder holds the
  public files and blobs, nothing else. A plugin that wrote later fails the
  build; plain `mkdocs` is checked again in `on_shutdown`, after every
  plugin's `on_post_build`, and its site folder is emptied;
- a private build without a password warns on MkDocs' logger (so
  `mkdocs build --strict` fails) and `mkdocs gh-deploy` refuses it.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.atomic import new_folder_mode
from generator.encrypt.blobs import MIN_BUCKET
from generator.encrypt.encrypted_site import EncryptionError, encrypt_site
from generator.encrypt.public_files import (
    BLOB_DIR,
    PARAMS_FILE,
    SERVICE_WORKER_FILE,
    UNLOCK_PAGES,
    render_service_worker,
    render_unlock_page,
)
from generator.encrypt.request import PASSWORD_ENV, EncryptionRequest
from generator.site import LOGGER_NAME

# MkDocs counts warnings of its own logger tree only: under it, `--strict` stops on them.
log = logging.getLogger(LOGGER_NAME)

_BLOB_NAME = re.compile(r"[0-9a-f]{64}")


class PrivateHosting:
    """Encrypts the private build last, checks it, and never lets it out in the clear."""

    def __init__(self) -> None:
        self.command: str | None = None  # MkDocs' command; None under `portfolio build`
        self.encryption: EncryptionRequest | None = None
        # `portfolio build` encrypts after MkDocs returned (finish_build); plain `mkdocs` in the plugin.
        self.encrypt_after_mkdocs = False
        self._sealed: Path | None = None

    def start(self, command: str) -> None:
        self.command = command

    def configure(
        self, *, private: bool, encryption: EncryptionRequest | None, site_dir: Path, after_mkdocs: bool
    ) -> None:
        """Take the build's password (read once, in SiteOptions) and refuse a clear deploy.

        `after_mkdocs`: `portfolio build` encrypts after MkDocs returned
        (`finish_build`); plain `mkdocs` in the plugin. Under plain `mkdocs`
        the site folder holds the plain site until the end of the build: it
        is made readable by its owner only (0700) until encryption is done.
        """
        self._sealed = None
        self.encrypt_after_mkdocs = after_mkdocs
        wanted = private and self.command != "serve"  # a live preview is never encrypted
        self.encryption = encryption if wanted else None
        if self.encryption is not None and not self.encrypt_after_mkdocs:
            site_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            site_dir.chmod(0o700)
        if not wanted or self.encryption is not None:
            return
        if self.command == "gh-deploy":
            raise PluginError(
                f"refusing to deploy the private site unencrypted: set {PASSWORD_ENV} to encrypt it, "
                "or deploy the shared site (`audience: shared` in mkdocs.yml)"
            )
        if not self.encrypt_after_mkdocs:  # `portfolio build` prints its own note
            log.warning(
                f"the private site is NOT encrypted (set {PASSWORD_ENV} to encrypt it): it holds your "
                "notes, contacts and drafts in the clear; do not publish it"
            )

    def on_post_build(self, site_dir: Path) -> None:
        """Plain `mkdocs`: encrypt now (priority -100: after the plugins of ordinary priority)."""
        if self.encryption is None or self.encrypt_after_mkdocs:
            return
        try:
            _seal(site_dir, self.encryption)
        except EncryptionError as error:
            raise PluginError(str(error)) from error
        site_dir.chmod(new_folder_mode())  # ciphertext only now: servable
        self._sealed = site_dir

    def on_shutdown(self) -> None:
        """Plain `mkdocs`: every plugin has run; anything new in the site folder fails the build."""
        site_dir, self._sealed = self._sealed, None
        if site_dir is None:
            return
        try:
            verify_encrypted_site(site_dir)
        except EncryptionError as error:
            _empty(site_dir)  # nothing of it may be deployed
            raise PluginError(f"{error}; the site folder was emptied") from error

    def finish_build(self, site_dir: Path) -> None:
        """`portfolio build`: MkDocs and every plugin are done; encrypt all of it, then check."""
        if self.encryption is not None and self.encrypt_after_mkdocs:
            _seal(site_dir, self.encryption)


def _seal(site_dir: Path, encryption: EncryptionRequest) -> None:
    encrypt_site(site_dir, encryption.password, iterations=encryption.iterations)
    verify_encrypted_site(site_dir)


def verify_encrypted_site(site_dir: Path) -> None:
    """Raise EncryptionError unless `site_dir` holds exactly an encrypted site.

    That is: the unlock and 404 pages and the worker exactly as this version
    writes them, the parameters, and blobs with neutral names and bucket
    sizes; no other file, folder or link.
    """
    site_dir = Path(site_dir)
    expected = {name: render_unlock_page().encode("utf-8") for name in UNLOCK_PAGES}
    expected[SERVICE_WORKER_FILE] = render_service_worker().encode("utf-8")
    stray: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if path.is_symlink():
            stray.append(relative)
        elif path.is_dir():
            if relative != BLOB_DIR:
                stray.append(relative + "/")
        elif relative in expected:
            if path.read_bytes() != expected.pop(relative):
                stray.append(f"{relative} (changed after encryption)")
        elif relative == PARAMS_FILE:
            continue
        elif not _is_blob(relative, path):
            stray.append(relative)
    missing = [*expected, *([] if (site_dir / PARAMS_FILE).is_file() else [PARAMS_FILE])]
    if stray or missing:
        parts = []
        if stray:
            parts.append(f"not part of the encrypted site (written after encryption?): {', '.join(stray[:5])}")
        if missing:
            parts.append(f"missing: {', '.join(missing)}")
        raise EncryptionError(f"{site_dir}: " + "; ".join(parts))


def _is_blob(relative: str, path: Path) -> bool:
    folder, _, name = relative.partition("/")
    if folder != BLOB_DIR or not _BLOB_NAME.fullmatch(name):
        return False
    size = path.stat().st_size
    return size >= MIN_BUCKET and size & (size - 1) == 0


def _empty(site_dir: Path) -> None:
    for entry in site_dir.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
