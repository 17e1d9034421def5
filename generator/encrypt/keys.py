"""Keys of an encrypted site: one slow derivation from the password, then HKDF.

The browser repeats exactly these steps with WebCrypto (assets/crypto.js), so
any change here is a new format and needs the same change there.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
DEFAULT_ITERATIONS = 600_000
SALT_BYTES = 16
KEY_BYTES = 32
CONTENT_KEY_INFO = b"sealed-site/2 content"
NAME_KEY_INFO = b"sealed-site/2 names"


@dataclass(frozen=True)
class SiteKeys:
    """The two keys every file of one encrypted build is sealed and named with."""

    content: bytes  # AES-256-GCM key
    names: bytes  # HMAC-SHA256 key that turns a path into a neutral file name


def derive_master_key(password: str, salt: bytes, iterations: int) -> bytes:
    """PBKDF2-HMAC-SHA256 of the NFC-normalised password: the one slow step."""
    from cryptography.hazmat.primitives import hashes  # here: a build that does not encrypt never loads it
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, iterations=iterations)
    return kdf.derive(unicodedata.normalize("NFC", password).encode("utf-8"))


def derive_site_keys(master: bytes, salt: bytes) -> SiteKeys:
    """Split the master key into independent content and name keys (HKDF-SHA256)."""
    return SiteKeys(
        content=_expand(master, salt, CONTENT_KEY_INFO),
        names=_expand(master, salt, NAME_KEY_INFO),
    )


def _expand(master: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(master)
