"""One file of an encrypted site: its neutral name and its sealed, padded bytes.

A blob is `nonce (12 bytes) || AES-256-GCM(header + "\\n" + body + zeros)`,
with the file's original path as associated data, so a blob moved to another
name fails to open instead of showing the wrong page. The header is one line
of JSON: `{"type": content type, "size": body length}`, plus `"scripts"` (the
CSP hashes of the page's own inline scripts) for HTML.

Every blob is padded to a size bucket: the next power of two, at least
`MIN_BUCKET`. A blob then tells only which power-of-two range its file falls
in: an 83 KB recruiter pack is one of every file of 64 to 128 KiB (other
packs, the search index, the theme's JavaScript), so its exact size no longer
finds it, and the theme's files are no longer recognisable by their sizes.
The price is at most double the size (about 1.4 times on average), which for
a site of a few megabytes is cheap. Finer buckets (Padmé, at most 12% more)
would keep far more of the size.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM


NONCE_BYTES = 12
TAG_BYTES = 16
MIN_BUCKET = 4096
CHECK_PLAINTEXT = b"sealed-site/2 check"
CHECK_ASSOCIATED_DATA = b"check"


@dataclass(frozen=True)
class OpenedFile:
    """A decrypted blob: the original bytes, their type, and a page's allowed inline scripts."""

    content_type: str
    body: bytes
    scripts: tuple[str, ...] = ()


def neutral_name(name_key: bytes, path: str) -> str:
    """The public file name of an original site path (`stories/x/index.html`)."""
    return hmac.new(name_key, _path_bytes(path), hashlib.sha256).hexdigest()


def bucket_size(length: int) -> int:
    """The blob size for `length` bytes of header and body: the next power of two, at least MIN_BUCKET."""
    needed = NONCE_BYTES + length + TAG_BYTES
    return max(MIN_BUCKET, 1 << (needed - 1).bit_length())


def seal_file(
    content_key: bytes,
    nonce: bytes,
    path: str,
    content_type: str,
    body: bytes,
    scripts: Sequence[str] = (),
) -> bytes:
    """Encrypt one file, padded to its bucket; `nonce` must never repeat under the same key."""
    header: dict[str, object] = {"type": content_type, "size": len(body)}
    if scripts:
        header["scripts"] = list(scripts)
    head = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("ascii") + b"\n"
    padding = bucket_size(len(head) + len(body)) - NONCE_BYTES - TAG_BYTES - len(head) - len(body)
    plaintext = head + body + bytes(padding)
    return nonce + _cipher(content_key).encrypt(nonce, plaintext, file_associated_data(path))


def open_file(content_key: bytes, path: str, blob: bytes) -> OpenedFile:
    """Decrypt a blob sealed for `path`. Raises InvalidTag."""
    plaintext = _cipher(content_key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], file_associated_data(path))
    head, _, rest = plaintext.partition(b"\n")
    header = json.loads(head)
    return OpenedFile(header["type"], rest[: header["size"]], tuple(header.get("scripts", ())))


def seal_check(content_key: bytes, nonce: bytes) -> bytes:
    """A small blob the worker decrypts to tell a right password from a wrong one."""
    return nonce + _cipher(content_key).encrypt(nonce, CHECK_PLAINTEXT, CHECK_ASSOCIATED_DATA)


def is_right_key(content_key: bytes, check: bytes) -> bool:
    try:
        _cipher(content_key).decrypt(check[:NONCE_BYTES], check[NONCE_BYTES:], CHECK_ASSOCIATED_DATA)
    except _invalid_tag():
        return False
    return True


def file_associated_data(path: str) -> bytes:
    return b"file:" + _path_bytes(path)


def _path_bytes(path: str) -> bytes:
    return unicodedata.normalize("NFC", path).encode("utf-8")


# `cryptography` is imported when a site is encrypted or checked, not by every build that could be.
def _cipher(content_key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(content_key)


def _invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag
