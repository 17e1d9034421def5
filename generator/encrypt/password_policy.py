"""Which passwords may encrypt a site, and how many PBKDF2 iterations.

Anyone can download an encrypted site and guess offline, as fast as their
hardware allows; only the password's own strength stops them. So a password
under 12 characters, or one of the 20,000 common passwords Django ships
(`common-passwords.txt.gz`, BSD licence, compiled by Royce Williams from
leaked password sets), is refused, as is one of those with only digits or
punctuation around it, or one of fewer than five different characters.
"""

from __future__ import annotations

import functools
import gzip
import string
import unicodedata
from importlib import resources

import click

MIN_LENGTH = 12
MIN_DISTINCT = 5
PASSWORD_LIST = "common-passwords.txt.gz"
_DECORATION = string.digits + string.punctuation + string.whitespace


class WeakPasswordError(click.ClickException):
    """The password (or iteration count) is refused: wrong usage, exit status 2.

    A click error rather than a PortfolioError, so that both command lines
    that can build the site (`portfolio` and `mkdocs`, both click programs)
    report it as a usage error with exit status 2 and no traceback.
    """

    exit_code = 2


def password_problem(password: str) -> str | None:
    """Why `password` is too weak to encrypt a site with, or None when it is not."""
    normalised = unicodedata.normalize("NFC", password)
    if len(normalised) < MIN_LENGTH:
        count = len(normalised)
        return (
            f"has {count} character{'' if count == 1 else 's'}; use at least {MIN_LENGTH} "
            "(four or five unrelated words make a good one)"
        )
    lowered = normalised.casefold()
    if lowered.strip() in common_passwords():
        return "is in the list of common passwords that guessing starts with; choose another"
    core = lowered.strip(_DECORATION)
    if not core or core in common_passwords():
        return "is a common password with digits or punctuation around it; choose another"
    if len(set(lowered)) < MIN_DISTINCT:
        return f"has fewer than {MIN_DISTINCT} different characters; choose another"
    return None


@functools.cache
def common_passwords() -> frozenset[str]:
    data = (resources.files("generator.encrypt") / PASSWORD_LIST).read_bytes()
    return frozenset(line.strip() for line in gzip.decompress(data).decode("utf-8").splitlines())
