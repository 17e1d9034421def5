"""Password-protected hosting: encrypt a built site so it needs a password to read.

What a build reads first (is a password set?) is imported with this
package; the encryption itself (and with it hashing, HTML parsing and the
password list) only when first used, as for the content's loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.encrypt.request import (
    ITERATIONS_ENV,
    PASSWORD_ENV,
    TEST_ITERATIONS_ENV,
    EncryptionRequest,
    encryption_from_environment,
)

if TYPE_CHECKING:
    from generator.encrypt.encrypted_site import EncryptionError, encrypt_site
    from generator.encrypt.password_policy import WeakPasswordError, password_problem

__all__ = [
    "ITERATIONS_ENV",
    "PASSWORD_ENV",
    "TEST_ITERATIONS_ENV",
    "EncryptionError",
    "EncryptionRequest",
    "WeakPasswordError",
    "encrypt_site",
    "encryption_from_environment",
    "password_problem",
]


def __getattr__(name: str) -> object:
    if name in ("EncryptionError", "encrypt_site"):
        from generator.encrypt import encrypted_site

        return getattr(encrypted_site, name)
    if name in ("WeakPasswordError", "password_problem"):
        from generator.encrypt import password_policy

        return getattr(password_policy, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
