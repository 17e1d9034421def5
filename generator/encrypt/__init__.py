"""Password-protected hosting: encrypt a built site so it needs a password to read."""

from __future__ import annotations

from generator.encrypt.encrypted_site import (
    ITERATIONS_ENV,
    PASSWORD_ENV,
    EncryptionError,
    EncryptionRequest,
    encrypt_site,
    encryption_from_environment,
)

__all__ = [
    "ITERATIONS_ENV",
    "PASSWORD_ENV",
    "EncryptionError",
    "EncryptionRequest",
    "encrypt_site",
    "encryption_from_environment",
]
