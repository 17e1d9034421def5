"""Whether a build is asked to encrypt the site, and with what: read from the environment.

Every private build reads this, and most set no password; so it is kept
apart from the encryption itself (encrypted_site.py, with its hashing,
HTML parsing and password list), which loads only when a site is sealed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.encrypt.keys import DEFAULT_ITERATIONS

PASSWORD_ENV = "PORTFOLIO_PASSWORD"
ITERATIONS_ENV = "PORTFOLIO_KDF_ITERATIONS"  # more iterations than the default, never fewer
TEST_ITERATIONS_ENV = "PORTFOLIO_TEST_ONLY_KDF_ITERATIONS"  # fewer, for the test suite's speed only


@dataclass(frozen=True)
class EncryptionRequest:
    """What the environment asks a build to encrypt with."""

    password: str = field(repr=False)  # never shown in a log or traceback
    iterations: int = DEFAULT_ITERATIONS


def encryption_from_environment(environ: Mapping[str, str] | None = None) -> EncryptionRequest | None:
    """The password (and iteration count) to encrypt with; None when no password is set.

    Raises WeakPasswordError (exit status 2) for a password the policy
    refuses (password_policy.py) or fewer iterations than the default outside
    the test-only variable.
    """
    environ = os.environ if environ is None else environ
    if PASSWORD_ENV not in environ:
        return None
    from generator.encrypt.password_policy import WeakPasswordError, password_problem

    password = environ[PASSWORD_ENV]
    if not password:
        raise WeakPasswordError(f"{PASSWORD_ENV} is set but empty: set a password, or unset it")
    problem = password_problem(password)
    if problem is not None:
        raise WeakPasswordError(f"{PASSWORD_ENV} {problem}; the site was not built")
    iterations = _iterations(environ, TEST_ITERATIONS_ENV, minimum=1)
    if iterations is None:
        iterations = _iterations(environ, ITERATIONS_ENV, minimum=DEFAULT_ITERATIONS)
    return EncryptionRequest(password, iterations or DEFAULT_ITERATIONS)


def _iterations(environ: Mapping[str, str], name: str, *, minimum: int) -> int | None:
    from generator.encrypt.password_policy import WeakPasswordError

    raw = environ.get(name, "").strip()
    if not raw:
        return None
    try:
        iterations = int(raw)
    except ValueError:
        iterations = 0
    if iterations < minimum:
        hint = f" (fewer only through {TEST_ITERATIONS_ENV}, for tests)" if minimum > 1 else ""
        raise WeakPasswordError(f"{name} must be a whole number of at least {minimum:,}{hint}, got {raw!r}")
    return iterations
