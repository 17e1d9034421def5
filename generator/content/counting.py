"""Counting words and characters exactly as CONTENT.md defines them.

The one place the checker, the site's meters and the packs count text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content.model import Limit

# A word is a whitespace-separated token with at least one letter or digit
# (`\w` minus the underscore): `H100/H200` is one word, a lone `—` is none.
# Tokens are counted by `str.split()` and the few without a letter or digit
# (dashes, bullets, `...`) found by one regex pass and subtracted: a Python
# test per token made this a fifth of the site's page generation. (`\s` and
# `str.split()` agree on every code point; tests/test_counting.py checks it.)
_NO_ALNUM_TOKEN = re.compile(r"\s(?:[^\w\s]|_)+(?=\s)")  # on the text padded with spaces


def count_words(text: str) -> int:
    """Whitespace-separated tokens that contain at least one letter or digit."""
    return len(text.split()) - len(_NO_ALNUM_TOKEN.findall(f" {text} "))


def count_chars(text: str) -> int:
    """Unicode code points with leading and trailing whitespace removed."""
    return len(text.strip())


@dataclass(frozen=True)
class Measure:
    """One count against its limit (limit None: no limit)."""

    unit: str  # "words" or "chars"
    count: int
    limit: int | None

    @property
    def over(self) -> int:
        return max(0, self.count - self.limit) if self.limit else 0

    @property
    def ratio(self) -> float:
        return self.count / self.limit if self.limit else 0.0


def measure(text: str, limit: Limit | None) -> list[Measure]:
    """Words and characters of `text`, each with its limit when one is set."""
    return [
        Measure("words", count_words(text), limit.words if limit else None),
        Measure("chars", count_chars(text), limit.chars if limit else None),
    ]
