"""Password-protected hosting: encrypt a built site so it needs a password to read."""

from __future__ import annotations

from generator.encrypt.encrypted_site import (
    ITERATIONS_ENV,
    PASSWORD_ENV,
    TEST_ITERATIONS_ENV,
    EncryptionError,
    EncryptionRequest,
    encrypt_site,
    encryption_from_environment,
)
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
