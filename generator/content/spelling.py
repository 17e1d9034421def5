"""Spelling: Hunspell's en_US dictionary, the owner's words and the names the portfolio defines.

The English dictionary is the one `chunspell` ships (Hunspell itself, in C:
about a microsecond a word). Loading it takes 50–80 ms, a tenth of the
owner's build, while the words of a portfolio rarely change: Hunspell's
answer for each word (and its suggestion for a misspelled one) is kept in
the user's cache folder (usercache.py), in a file named by the dictionary
(chunspell's version, the folder it reads, the files' sizes and times),
and the dictionary is loaded only for a word it was never asked about. On
top of it a word is accepted when it is

- in `words.txt` beside this module: workplace words Hunspell lacks
  (`playbook`, `roadmap`, `onboarding`), so no one has to list them;
- in `content/dictionary.txt`: one word a line, `#` comments; a lower-case
  entry matches any case, an entry with capitals matches exactly;
- a word of a name the portfolio defines (the owner's, companies, orgs,
  roles, tags, story titles, contacts, link labels), in any case;
- written in capitals (`TPM`, `CRDs`): acronyms, as most spelling checkers do;
- holds a digit (`H100`, `5k`, `ai4all`): sizes, versions and product names.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import hunspell  # type: ignore[import-untyped]  # chunspell ships no type information

from generator.atomic import write_atomically
from generator.content.diagnostics import ContentError, Position, Problem
from generator.usercache import user_cache

DICTIONARY_NAME = "dictionary.txt"
_BUILTIN_WORDS = Path(__file__).with_name("words.txt")

# A word inside a whitespace-separated token: letters joined by apostrophes
# or hyphens (`don't`, `shoulder-to-shoulder`); digits make it unchecked.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_ACRONYM = re.compile(r"^[A-Z]{2,}(?:['’]?s)?$")
_POSSESSIVE = re.compile(r"['’]s$")


class _Checker(Protocol):
    def spell(self, word: str) -> bool: ...

    def suggest(self, word: str) -> tuple[str, ...]: ...


@functools.cache
def english() -> _Checker:
    """Hunspell with its en_US dictionary, loaded once per process."""
    checker: _Checker = hunspell.Hunspell("en_US")
    return checker


class HunspellAnswers:
    """Hunspell's answers kept between runs: `spell` and `suggest` as Hunspell gives them."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.spelled: dict[str, bool] = {}
        self.suggested: dict[str, str | None] = {}
        self.changed = False
        try:
            kept = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
            self.spelled.update((str(k), bool(v)) for k, v in kept["spell"].items())
            self.suggested.update((str(k), v if isinstance(v, str) else None) for k, v in kept["suggest"].items())
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            pass  # none kept yet, or unreadable: asked again

    def spell(self, word: str) -> bool:
        if word not in self.spelled:
            self.spelled[word], self.changed = english().spell(word), True
        return self.spelled[word]

    def suggest(self, word: str) -> str | None:
        if word not in self.suggested:
            guesses = english().suggest(word)
            self.suggested[word], self.changed = (guesses[0] if guesses else None), True
        return self.suggested[word]

    def keep(self) -> None:
        """Write the answers for the next run (when any is new)."""
        if not self.changed or self.path is None:
            return
        try:
            write_atomically(self.path, json.dumps({"spell": self.spelled, "suggest": self.suggested}))
        except OSError:
            return  # a cache: the next run asks Hunspell again
        self.changed = False


@functools.cache
def hunspell_answers() -> HunspellAnswers:
    """This process's answers, read from the user's cache once."""
    folder = user_cache("spelling")
    return HunspellAnswers(folder / f"en_US-{_dictionary_key()}.json" if folder else None)


def _dictionary_key() -> str:
    """Which dictionary Hunspell loads: chunspell's version, its folder ($HUNSPELL_DATA or its own), the files."""
    data = os.path.abspath(os.environ.get("HUNSPELL_DATA") or Path(hunspell.__file__).parent / "dictionaries")
    parts = [hunspell.__version__, data]
    for suffix in (".aff", ".dic"):
        try:
            info = os.stat(os.path.join(data, f"en_US{suffix}"))
        except OSError:
            parts.append("-")
        else:
            parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@functools.cache
def builtin_words() -> frozenset[str]:
    return frozenset(read_word_list(_BUILTIN_WORDS.read_text(encoding="utf-8")))


def read_word_list(text: str) -> list[str]:
    """The words of a dictionary file: one a line, `#` starts a comment."""
    words = []
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


@dataclass(frozen=True)
class Lexicon:
    """Every word the spelling check accepts besides Hunspell's."""

    exact: frozenset[str]  # entries with capitals: only as written
    folded: frozenset[str]  # lower-case entries and defined names: any case

    @classmethod
    def make(cls, owner_words: Iterable[str], names: Iterable[str]) -> Lexicon:
        exact: set[str] = set()
        folded: set[str] = set(builtin_words())
        for word in owner_words:
            (folded if word == word.lower() else exact).add(word.replace("’", "'"))
        for name in set(names):
            for word in WORD.findall(name):
                folded.add(word.replace("’", "'").lower())
                folded.update(part.lower() for part in word.split("-"))
        return cls(frozenset(exact), frozenset(folded))

    def knows(self, word: str) -> bool:
        """Whether `word` (one WORD match) is spelled right."""
        if any(ch.isdigit() for ch in word) or _ACRONYM.match(word):
            return True
        word = word.replace("’", "'")
        if self._known(word):
            return True
        bare = _POSSESSIVE.sub("", word)
        if bare != word and self._known(bare):
            return True
        if "-" in bare:
            return all(self._known(part) or _ACRONYM.match(part) for part in bare.split("-") if part)
        return False

    def _known(self, word: str) -> bool:
        if word in self.exact or word.lower() in self.folded:
            return True
        try:
            word.encode("latin-1")  # the en_US dictionary's encoding
        except UnicodeEncodeError:
            return True  # a script English has no dictionary for: not ours to judge
        return hunspell_answers().spell(word)


@functools.lru_cache(maxsize=4096)
def suggestion(word: str) -> str | None:
    """Hunspell's best guess for a misspelled word, if any."""
    try:
        return hunspell_answers().suggest(word.replace("’", "'"))
    except UnicodeEncodeError:
        return None


def read_owner_words(content_dir: Path) -> list[str]:
    """The words of `content/dictionary.txt` (none when it is absent)."""
    path = content_dir / DICTIONARY_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ContentError([Problem(path, Position(), "error", f"cannot read it: {exc.strerror}")]) from None
    try:
        return read_word_list(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        where = Position(before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1)
        message = "this file is not UTF-8 text: save it as UTF-8 (one word a line)"
        raise ContentError([Problem(path, where, "error", message)]) from None
