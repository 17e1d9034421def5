"""Which terms of an application's saved posting its final answers and stories cover.

Offline and deterministic: the same content gives the same report, byte
for byte. Terms are the posting's words and its two- or three-word phrases
(stop words removed, case folded, simple plurals made singular). A phrase
counts when it appears twice, or in a requirement line. Terms in
requirement lines or repeated weigh more. A term is covered where its
words appear, in that order, in a final answer or in a story the
application draws on. It only reads: content is never edited.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from generator.calls.stopwords import STOP_WORDS
from generator.content.model import Application, Story

SourceKind = Literal["answer", "story"]

_WORD = re.compile(r"[a-z0-9]+[+#]*")
_POSSESSIVE = re.compile(r"['’]s\b")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)")
_HEADING = re.compile(r"^\s*#{1,6}\s")
# A word, or what ends a segment (punctuation, a line break, a dash between spaces).
_TOKEN = re.compile(r"[a-z0-9]+[+#]*|[.,;:!?()\[\]\n—–]+|\s-\s")


@dataclass(frozen=True)
class Term:
    text: str  # normalised words, space-separated
    weight: int
    count: int
    in_requirement: bool
    covered_by: tuple[str, ...]  # `answer:<id>`, `story:<id>`


@dataclass(frozen=True)
class Coverage:
    app_id: str
    score: int  # covered weight over all weight, in percent
    terms: tuple[Term, ...]  # missing first, heaviest first

    @property
    def missing(self) -> list[Term]:
        return [t for t in self.terms if not t.covered_by]

    @property
    def covered(self) -> list[Term]:
        return [t for t in self.terms if t.covered_by]


def normalize(text: str) -> list[str]:
    """Words of a text: case folded, possessives and simple plurals removed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [_singular(word) for word in _WORD.findall(_POSSESSIVE.sub("", folded))]


@functools.cache
def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def requirement_lines(posting: str) -> list[str]:
    """The posting's requirement lines: its list items, or else the paragraphs after a line ending in `:`."""
    items = [m.group(1) for line in posting.splitlines() if (m := _LIST_ITEM.match(line))]
    if items:
        return items
    found: list[str] = []
    after_colon = False
    for paragraph in re.split(r"\n\s*\n", posting):
        text = " ".join(paragraph.split())
        if not text or _HEADING.match(paragraph):
            after_colon = False
            continue
        if after_colon:
            found.append(text)
        if text.endswith(":"):
            after_colon = True
    return found


def _phrases(words: list[str], size: int) -> list[str]:
    """Runs of `size` consecutive content words (a stop word breaks a run)."""
    out = []
    for i in range(len(words) - size + 1):
        run = words[i : i + size]
        if not any(w in STOP_WORDS for w in run):
            out.append(" ".join(run))
    return out


def _segments(text: str) -> list[list[str]]:
    """Words by sentence-like segment: a phrase never spans punctuation or a spaced dash."""
    folded = _POSSESSIVE.sub("", unicodedata.normalize("NFKC", text).casefold())
    segments: list[list[str]] = [[]]
    for token in _TOKEN.findall(folded):
        if token[0].isalnum():
            segments[-1].append(_singular(token))
        elif segments[-1]:
            segments.append([])
    return segments


def posting_terms(posting: str) -> dict[str, tuple[int, int, bool]]:
    """Term -> (weight, count, in a requirement line)."""
    counts: dict[str, int] = {}
    for words in _segments(posting):
        for size in (1, 2, 3):
            for term in _phrases(words, size):
                if size == 1 and (len(term) < 2 or term.isdigit()):
                    continue
                counts[term] = counts.get(term, 0) + 1
    required: set[str] = set()
    for line in requirement_lines(posting):
        for words in _segments(line):
            required.update(t for size in (1, 2, 3) for t in _phrases(words, size))
    terms: dict[str, tuple[int, int, bool]] = {}
    for term, count in counts.items():
        size = term.count(" ") + 1
        in_requirement = term in required
        if size > 1 and count < 2 and not in_requirement:
            continue
        weight = min(count, 3) + (2 if in_requirement else 0) + (size - 1)
        terms[term] = (weight, count, in_requirement)
    return terms


def referenced_story_ids(app: Application) -> list[str]:
    """Every story id the application names, in answers, criteria and events (first mention first)."""
    ids = [s for a in app.answers for s in a.stories] + [s for c in app.criteria for s in c.stories]
    return list(dict.fromkeys(ids + [s for e in app.events for s in e.stories]))


def application_sources(app: Application, stories: dict[str, Story]) -> list[tuple[str, str]]:
    """(label, text) of what can cover a term: final answers, then the stories the application draws on."""
    sources = [(f"answer:{a.id}", a.final_version.text) for a in app.answers]
    for story_id in sorted(referenced_story_ids(app)):
        story = stories.get(story_id)
        if story is not None:
            parts = [story.title, story.summary, *story.star.values(), *story.metrics, *story.tags]
            sources.append((f"story:{story_id}", "\n".join(p for p in parts if p)))
    return sources


def measure_coverage(app_id: str, app: Application, stories: dict[str, Story]) -> Coverage | None:
    """The coverage of an application's posting; None when it has no saved posting."""
    if app.posting is None:
        return None
    weighed = posting_terms(app.posting.text)
    wanted = frozenset(weighed)
    starts = frozenset(term.split(" ", 1)[0] for term in wanted if " " in term)
    found = [(label, _found(text, wanted, starts)) for label, text in application_sources(app, stories)]
    terms = [
        Term(term, weight, count, required, tuple(label for label, hits in found if term in hits))
        for term, (weight, count, required) in weighed.items()
    ]
    terms.sort(key=lambda t: (bool(t.covered_by), -t.weight, t.text))
    total = sum(t.weight for t in terms)
    covered = sum(t.weight for t in terms if t.covered_by)
    score = round(100 * covered / total) if total else 100
    return Coverage(app_id, score, tuple(terms))


# A story drawn on by many applications is read once per process (a build, a serve).
@functools.lru_cache(maxsize=4096)
def _content_words(text: str) -> tuple[tuple[str, ...], ...]:
    """A source's segments with stop words removed: a term is covered by a run of them."""
    return tuple(tuple(w for w in segment if w not in STOP_WORDS) for segment in _segments(text))


def _found(text: str, terms: frozenset[str], starts: frozenset[str]) -> set[str]:
    """Which `terms` (runs of one to three words) a source holds; `starts`: first words of the longer ones."""
    hits: set[str] = set()
    for words in _content_words(text):
        for i, word in enumerate(words):
            if word in terms:
                hits.add(word)
            if word in starts:
                hits.update(g for g in (" ".join(words[i : i + 2]), " ".join(words[i : i + 3])) if g in terms)
    return hits


def coverage_json(coverage: Coverage) -> str:
    data = {
        "application": coverage.app_id,
        "score": coverage.score,
        "terms": [
            {
                "term": t.text,
                "weight": t.weight,
                "count": t.count,
                "requirement": t.in_requirement,
                "covered_by": list(t.covered_by),
            }
            for t in coverage.terms
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def coverage_text(coverage: Coverage, limit: int = 25) -> str:
    """What `portfolio coverage APP-ID` prints: the score, the top missing terms, then the covered ones."""
    missing, covered = coverage.missing, coverage.covered
    lines = [
        (
            f"{coverage.app_id}: {coverage.score}% of the posting's weighted terms covered "
            f"({len(covered)} of {len(coverage.terms)} terms)"
        )
    ]
    if missing:
        lines.append(f"missing, most important first ({len(missing)}):")
        lines += [
            f"  {t.text}  (weight {t.weight}{', requirement' if t.in_requirement else ''})" for t in missing[:limit]
        ]
        if len(missing) > limit:
            lines.append(f"  ... and {len(missing) - limit} more (--json lists all)")
    if covered:
        lines.append(f"covered ({len(covered)}):")
        lines += [f"  {t.text}  {', '.join(t.covered_by)}" for t in covered[:limit]]
        if len(covered) > limit:
            lines.append(f"  ... and {len(covered) - limit} more (--json lists all)")
    return "\n".join(lines) + "\n"
