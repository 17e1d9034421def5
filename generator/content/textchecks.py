"""Text checks: what would embarrass the owner in front of a recruiter.

Run on every story's shared text, the profile's and every answer's final
version (CONTENT.md, "Ready to send"): scaffold text and placeholders,
another tracked company's name in a final answer, misspellings and doubled
words (warnings, part of loading); and typography (notes, never errors,
made by `portfolio check` only): a spaced hyphen used as a dash, straight and
curly quotes mixed, double spaces.

The rules are in textrules.py; here the texts are gathered, the dictionary
and the company names set up once, and each place found is turned into a
file position.
"""

from __future__ import annotations

import gc
import re
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.content import textrules as rules
from generator.content.companies import CompanyNames
from generator.content.diagnostics import Problem
from generator.content.model import ContentFiles, Portfolio
from generator.content.spelling import WORD, Lexicon, hunspell_answers, read_owner_words, suggestion
from generator.content.textpositions import FileTexts, locate
from generator.content.textrules import Corpus, Place
from generator.content.yamlsource import PathKey, SourceMap

Owner = tuple[str, ...]  # ("profile",) | ("story", id) | ("answer", app id, answer id)


class Text(NamedTuple):
    """One text value to check and where it lives (a tuple: a portfolio has tens of thousands)."""

    path: Path
    where: PathKey
    value: str
    owner: Owner


@dataclass(frozen=True)
class TextProblem:
    owner: Owner
    problem: Problem


# How many distinct unknown words get a "did you mean" in one check, and how long a word may be for one.
MAX_SUGGESTIONS = 25
MAX_SUGGESTED_LENGTH = 24

_STORY_TEXTS: tuple[tuple[str], ...] = (("title",), ("summary",), ("situation",), ("task",), ("action",), ("result",))


def portfolio_texts(portfolio: Portfolio, files: ContentFiles) -> Iterator[Text]:
    """The profile's, every story's shared and every final answer's text."""
    if files.profile is not None:
        for name in ("headline", "summary"):
            value = getattr(portfolio.profile, name)
            if value:
                yield Text(files.profile, (name,), value, ("profile",))
    for story_id, story in portfolio.stories.items():
        path, owner, fields = files.stories[story_id], ("story", story_id), story.__dict__
        for where in _STORY_TEXTS:
            value = fields[where[0]]
            if value:
                yield Text(path, where, value, owner)
        for i, metric in enumerate(story.metrics):
            yield Text(path, ("metrics", i), metric, owner)
    for app_id, app in portfolio.applications.items():
        path = files.applications[app_id]
        for i, answer in enumerate(app.answers):
            final = answer.final_version
            j = next(n for n, version in enumerate(answer.versions) if version is final)
            yield Text(path, ("answers", i, "versions", j, "text"), final.text, ("answer", app_id, answer.id))


@dataclass
class TextChecker:
    """Checks texts of one portfolio; built once (dictionary, names, caches)."""

    portfolio: Portfolio
    sources: Mapping[Path, SourceMap]
    lexicon: Lexicon
    companies: CompanyNames
    files: FileTexts = field(default_factory=FileTexts)
    _good: set[str] = field(default_factory=set)  # tokens whose every word is known
    _bad: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # token -> (start, word)

    @classmethod
    def for_portfolio(cls, portfolio: Portfolio, sources: Mapping[Path, SourceMap]) -> TextChecker:
        lexicon = Lexicon.make(read_owner_words(portfolio.root), defined_names(portfolio))
        return cls(portfolio, sources, lexicon, CompanyNames.of(portfolio))

    def check(self, texts: Iterable[Text]) -> list[TextProblem]:
        """Every warning about `texts`, each at the word it is about (typography: `typography_notes`)."""
        texts = list(texts)
        if not texts:
            return []
        corpus = Corpus.of([text.value for text in texts])
        found = rules.scan(corpus)
        if rules.needs_mask(found.vocabulary):  # code or links: read again without them (rare in bulk)
            corpus = corpus.masked()
            found = rules.scan(corpus)
        vocabulary = found.vocabulary
        places = rules.doubled_words(corpus, found)
        places += rules.placeholders(corpus, vocabulary)
        places += self._misspelled(corpus, vocabulary)
        hunspell_answers().keep()  # for the next run: Hunspell's dictionary loads only for new words
        places += self._other_companies(corpus, texts, vocabulary)
        return _at_positions(self.sources, texts, corpus, places, self.files)

    def _misspelled(self, corpus: Corpus, vocabulary: set[str]) -> list[Place]:
        bad_tokens = {}
        for token in vocabulary.difference(self._good):
            if token not in self._bad:
                self._bad[token] = [
                    (m.start(), m.group(0)) for m in WORD.finditer(token) if not self.lexicon.knows(m.group(0))
                ]
            if self._bad[token]:
                bad_tokens[token] = self._bad[token]
            else:
                self._good.add(token)
        places: list[Place] = []
        # Hunspell takes about 40 ms to suggest a word: suggest for the first
        # few distinct words only, so a text full of unknown words (a pasted
        # list of names) still checks in well under a second.
        suggested = {word for words in bad_tokens.values() for _, word in words}
        suggested = set(sorted(suggested)[:MAX_SUGGESTIONS])
        for token, words in bad_tokens.items():
            for match in re.finditer(r"(?<!\S)" + re.escape(token) + r"(?!\S)", corpus.joined):
                for start, word in words:
                    guess = suggestion(word) if word in suggested and len(word) <= MAX_SUGGESTED_LENGTH else None
                    hint = f" (did you mean `{guess}`?)" if guess else ""
                    message = (
                        f"unknown word `{word}`{hint}: correct it, or add it to content/dictionary.txt if it is right"
                    )
                    places.append((match.start() + start, "warning", message))
        return places

    def _other_companies(self, corpus: Corpus, texts: list[Text], vocabulary: set[str]) -> list[Place]:
        """Another tracked company's name in a final answer (not in its application's `mentions`)."""
        pattern = self.companies.pattern_for(vocabulary)
        if pattern is None:
            return []
        places: list[Place] = []
        for index, text in enumerate(texts):
            if text.owner[0] != "answer":
                continue
            start = corpus.starts[index]
            for at, typed, key in self.companies.names_in(corpus.joined, pattern, start, start + len(text.value)):
                other = self.companies.other_application(text.owner[1], key)
                if other is not None:
                    message = (
                        f"`{typed}` is the company of another application (`{other}`): a slip from another "
                        "answer? Remove it, or list it under `mentions:` of this application if meant"
                    )
                    places.append((at, "warning", message))
        return places


def defined_names(portfolio: Portfolio) -> list[str]:
    """Names the portfolio itself defines: the spelling check accepts their words."""
    profile = portfolio.profile
    names = [profile.name, *(link.label for link in profile.links)]
    for story in portfolio.stories.values():
        names += [story.title, story.org or "", story.role or "", *story.tags]
    for app in portfolio.applications.values():
        names += [app.company, app.role, *app.mentions, *(contact.name for contact in app.contacts)]
    return names


def text_problems(portfolio: Portfolio, files: ContentFiles, sources: Mapping[Path, SourceMap]) -> list[TextProblem]:
    """Every text warning of the portfolio, each with the story, answer or profile it is in.

    Found once per loaded portfolio: loading reports them, and the readiness
    of the site's applications (audience.py) uses the same list.
    """
    key = id(portfolio)
    known = _FOUND.get(key)
    if known is not None and known[0]() is portfolio:
        return known[1]
    found = TextChecker.for_portfolio(portfolio, sources).check(portfolio_texts(portfolio, files))
    _FOUND[key] = (weakref.ref(portfolio, lambda _: _FOUND.pop(key, None)), found)
    return found


# id(portfolio) -> (a weak reference to it, its text problems); an entry goes with its portfolio.
_FOUND: dict[int, tuple[weakref.ref[Portfolio], list[TextProblem]]] = {}


def typography_notes(portfolio: Portfolio, files: ContentFiles, sources: Mapping[Path, SourceMap]) -> list[Problem]:
    """The typography notes of the portfolio's texts (what `portfolio check` adds, unless told not to).

    Not part of loading: notes are hints for the person at `check`, never
    errors, so the site, packs and `submit` do not spend time on them.
    """
    # Like loading: many small objects and no cycles, so the collector only slows it down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        texts = list(portfolio_texts(portfolio, files))
        corpus = Corpus.of([text.value for text in texts]).masked()
        found = _at_positions(sources, texts, corpus, rules.typography(corpus), FileTexts())
        return [item.problem for item in found]
    finally:
        if collecting:
            gc.enable()


def _at_positions(
    sources: Mapping[Path, SourceMap], texts: list[Text], corpus: Corpus, places: list[Place], files: FileTexts
) -> list[TextProblem]:
    """Each place as a problem at its file, line and column."""
    found = []
    for at, severity, message in places:
        index, offset = corpus.where(at)
        text = texts[index]
        position = locate(sources[text.path], text.where, text.value, offset, files)
        found.append(TextProblem(text.owner, Problem(text.path, position, severity, message)))
    return found
