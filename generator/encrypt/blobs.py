"""One file of an encrypted site: its neutral name and its sealed bytes.

A blob is `nonce (12 bytes) || AES-256-GCM(content type + "\\n" + body)`, with
the file's original path as associated data, so a blob moved to another name
fails to open instead of showing the wrong page.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
CHECK_PLAINTEXT = b"portfolio-encrypted-site/1 check"
CHECK_ASSOCIATED_DATA = b"check"


def neutral_name(name_key: bytes, path: str) -> str:
    """The public file name of an original site path (`stories/x/index.html`)."""
    return hmac.new(name_key, _path_bytes(path), hashlib.sha256).hexdigest()


def seal_file(content_key: bytes, nonce: bytes, path: str, content_type: str, body: bytes) -> bytes:
    """Encrypt one file; `nonce` must never repeat under the same key."""
    plaintext = content_type.encode("ascii") + b"\n" + body
    return nonce + AESGCM(content_key).encrypt(nonce, plaintext, file_associated_data(path))


def open_file(content_key: bytes, path: str, blob: bytes) -> tuple[str, bytes]:
    """Decrypt a blob sealed for `path`: (content type, body). Raises InvalidTag."""
    plaintext = AESGCM(content_key).decrypt(
        blob[:NONCE_BYTES], blob[NONCE_BYTES:], file_associated_data(path)
    )
    content_type, _, body = plaintext.partition(b"\n")
    return content_type.decode("ascii"), body


def seal_check(content_key: bytes, nonce: bytes) -> bytes:
    """A small blob the unlock page decrypts to tell a right password from a wrong one."""
    return nonce + AESGCM(content_key).encrypt(nonce, CHECK_PLAINTEXT, CHECK_ASSOCIATED_DATA)


def is_right_key(content_key: bytes, check: bytes) -> bool:
    try:
        AESGCM(content_key).decrypt(check[:NONCE_BYTES], check[NONCE_BYTES:], CHECK_ASSOCIATED_DATA)
    except InvalidTag:
        return False
    return True


def file_associated_data(path: str) -> bytes:
    return b"file:" + _path_bytes(path)


def _path_bytes(path: str) -> bytes:
    return unicodedata.normalize("NFC", path).encode("utf-8")
