"""The names of the companies a portfolio applies to, and the other names they go by.

A final answer that names another tracked company is usually a paragraph
carried over from another application. Each company is known by its name as
written, without spaces or with its words split (`OpenRouter`, `Open
Router`), in any case; and, written exactly, without a trailing word such as
`AI` or `Inc` (`Fireworks` for `Fireworks AI`) or by a well-known other name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.content.model import Portfolio

_SUFFIXES = frozenset(
    "ai inc inc. labs lab corp corp. corporation co co. ltd ltd. llc plc gmbh technologies group".split()
)
# Other names a company is widely known by (lower case -> names written exactly).
KNOWN_ALIASES: dict[str, tuple[str, ...]] = {
    "deepmind": ("Google DeepMind",),
    "google deepmind": ("DeepMind",),
    "meta": ("Facebook",),
    "x": ("Twitter",),
    "alphabet": ("Google",),
}
_EDGE = re.compile(r"^\W+|\W+$")


def company_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def aliases(company: str) -> tuple[set[str], set[str]]:
    """(names matched in any case, names matched exactly) for one company."""
    name = " ".join(company.split())
    loose = {name, name.replace(" ", ""), re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)}
    exact: set[str] = set(KNOWN_ALIASES.get(name.casefold(), ()))
    words = name.split()
    if len(words) > 1 and words[-1].casefold() in _SUFFIXES and len(" ".join(words[:-1])) >= 4:
        exact.add(" ".join(words[:-1]))
    return {n for n in loose if len(n) >= 2}, exact


@dataclass(frozen=True)
class CompanyNames:
    """Finds tracked companies' names in a text, except those an application may name."""

    company_of: dict[str, str]  # a loose name casefolded, or an exact name -> company key
    exact_names: frozenset[str]
    by_first_word: dict[str, frozenset[str]]  # casefolded first word -> names starting with it
    apps_of: dict[str, tuple[str, ...]]  # company key -> application ids
    allowed: dict[str, frozenset[str]]  # application id -> company keys it may name

    @classmethod
    def of(cls, portfolio: Portfolio) -> CompanyNames:
        company_of: dict[str, str] = {}
        apps_of: dict[str, list[str]] = {}
        exact_names: set[str] = set()
        by_first_word: dict[str, set[str]] = {}
        for app_id, app in portfolio.applications.items():
            key = company_key(app.company)
            apps_of.setdefault(key, []).append(app_id)
            loose, exact = aliases(app.company)
            for name in loose:
                company_of.setdefault(name.casefold(), key)
            for name in exact:
                company_of.setdefault(name, key)
            exact_names |= exact
            for name in loose | exact:
                by_first_word.setdefault(name.split()[0].casefold(), set()).add(name)
        allowed = {}
        for app_id, app in portfolio.applications.items():
            keys = {company_key(app.company)}
            for mention in app.mentions:
                keys.add(company_of.get(mention.casefold(), company_of.get(mention, company_key(mention))))
            allowed[app_id] = frozenset(keys)
        return cls(
            company_of,
            frozenset(exact_names),
            {word: frozenset(names) for word, names in by_first_word.items()},
            {key: tuple(ids) for key, ids in apps_of.items()},
            allowed,
        )

    def pattern_for(self, tokens: set[str]) -> re.Pattern[str] | None:
        """A pattern of the names whose first word is among `tokens` (None: no name can be there)."""
        names: set[str] = set()
        for token in tokens:
            found = self.by_first_word.get(_EDGE.sub("", token).casefold())
            if found:
                names |= found
        if not names:
            return None
        body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    def names_in(self, text: str, pattern: re.Pattern[str], start: int, end: int) -> Iterator[tuple[int, str, str]]:
        """(offset, name as typed, company key) for each tracked company named in `text[start:end]`."""
        for match in pattern.finditer(text, start, end):
            typed = match.group(0)
            key = self.company_of.get(typed) if typed in self.exact_names else self.company_of.get(typed.casefold())
            if key is not None:
                yield match.start(), typed, key

    def other_application(self, app_id: str, key: str) -> str | None:
        """The application `key` belongs to, when `app_id`'s answers may not name it."""
        if key in self.allowed.get(app_id, frozenset()):
            return None
        return self.apps_of[key][0]
