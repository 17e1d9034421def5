"""The rules of the text checks, each run once over all the texts joined.

Most texts are clean, so a rule that looks for something rare (a
placeholder, a spaced hyphen) searches the joined texts in one C-speed pass
instead of once per text: at the benchmark's size that is 11 MB and 17,000
texts. Each rule returns places as offsets into the joined text; `Corpus`
says which text an offset is in.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, islice

from generator.content.diagnostics import Severity

Place = tuple[int, Severity, str]  # offset in the corpus, severity, message

# Between two texts: not whitespace to `\S`, so nothing matches across it.
SEPARATOR = "\n\x00\n"
# What masked text (code, link targets, addresses) is replaced with: no letter, no space.
FILLER = "\x01"

# The guidance `portfolio new` writes (generator/authoring/scaffold.py; a test keeps them in step).
SCAFFOLD_PHRASES = (
    "What was going on, for whom, and why did it matter?",
    "What you did, step by step, in the first person.",
    "What changed because of it, with numbers if you have them.",
    "What you were asked, or chose, to do.",
    "One sentence a recruiter can skim.",
    "Your answer, in Markdown.",
    "The question exactly as they ask it.",
)
_PLACEHOLDER = re.compile(
    r"(?<![\w-])(?:TODO|TBD|TBC|FIXME|XXX+)(?![\w-])"
    r"|\[(?:Company|Company Name|Role|Role Title|Position|Team|Product|Name|Your Name|Hiring Manager|Date)\]"
    r"|\{\{[^{}\n\x00]*\}\}"
    r"|<(?:company|role|name|team|product|position|title)>",
    re.IGNORECASE,
)
# A token that may be (part of) a placeholder: asked of each distinct token before the texts are searched.
_PLACEHOLDER_TOKEN = re.compile(r"TODO|TBD|TBC|FIXME|XXX|\{\{|^[\[<]|[\]>]$", re.IGNORECASE)
_CODE = re.compile(r"```[^\x00]*?(?:```|(?=\n\x00)|\Z)|~~~[^\x00]*?(?:~~~|(?=\n\x00)|\Z)|`[^`\n]*`")
_MASK_TOKEN = re.compile(r"`|~~~|\]\(|://|@|www\.|mailto:")
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_URL = re.compile(r"<?\b(?:https?://|mailto:|www\.)\S*|[^\s@]+@[^\s@]+\.\w+")
_DOUBLE_OK = frozenset({"that", "had"})  # "I knew that that was it", "she had had enough"
# "The the": a capitalised word then itself, after a full stop or at a line's start. Each
# pattern starts with its own literal, which the regex engine finds fast (a pattern starting
# with a letter class tries at every capital: four times slower on the benchmark's texts).
_CAPITAL_DOUBLED = tuple(re.compile(re.escape(lead) + r"([A-Z][a-z]*+)[ \n](?i:\1)(?=\s|\Z)") for lead in (". ", "\n"))
_CAPITAL_DOUBLED_FIRST = re.compile(r"([A-Z][a-z]*+)[ \n](?i:\1)(?=\s|\Z)")
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_CURLY_QUOTE, _STRAIGHT_QUOTE = re.compile("[’‘“”]"), re.compile("['\"]")
_EQ = operator.eq


@dataclass(frozen=True)
class Corpus:
    """Texts joined by SEPARATOR; `masked()`: code and link targets replaced by FILLER (same length, same lines)."""

    joined: str
    starts: list[int]  # where each text begins in `joined`

    @classmethod
    def of(cls, values: Sequence[str]) -> Corpus:
        starts = [0, *accumulate(len(value) + len(SEPARATOR) for value in values)][: len(values)]
        return cls(SEPARATOR.join(values), starts)

    def masked(self) -> Corpus:
        """The same texts with code, link targets and addresses masked."""
        return Corpus(mask(self.joined), self.starts)

    def where(self, offset: int) -> tuple[int, int]:
        """(index of the text, offset inside it) of an offset in `joined`."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index, offset - self.starts[index]

    def text(self, index: int) -> str:
        end = self.starts[index + 1] - len(SEPARATOR) if index + 1 < len(self.starts) else len(self.joined)
        return self.joined[self.starts[index] : end]


def needs_mask(vocabulary: set[str]) -> bool:
    """Whether any token may be code, a link target or an address (see `mask`)."""
    return any(_MASK_TOKEN.search(token) for token in vocabulary)


def mask(text: str) -> str:
    """`text` with code, link targets and web or mail addresses blanked out."""
    if "`" in text or "~~~" in text:
        text = _CODE.sub(_blank, text)
    if "](" in text:
        text = _LINK_TARGET.sub(lambda m: "]" + _blank(m)[1:], text)
    if "://" in text or "@" in text or "www." in text or "mailto:" in text:
        text = _URL.sub(_blank, text)
    return text


def _blank(match: re.Match[str]) -> str:
    # Not spaces: a blanked link must not look like a double space, nor words like words.
    return re.sub(r"[^\n\x00]", FILLER, match.group(0))


def placeholders(corpus: Corpus, vocabulary: set[str]) -> list[Place]:
    """Placeholders and scaffold text; `vocabulary` (every token) says first whether any can be there."""
    joined = corpus.joined
    places: list[Place] = []
    if any(_PLACEHOLDER_TOKEN.search(token) for token in vocabulary):
        places += [
            (m.start(), "warning", f"placeholder `{m.group(0)}` left in the text: write the real words")
            for m in _PLACEHOLDER.finditer(joined)
        ]
    for phrase in SCAFFOLD_PHRASES:
        if not vocabulary.issuperset(phrase.split()):
            continue
        at = joined.find(phrase)
        while at >= 0:
            places.append(
                (at, "warning", f"text left from `portfolio new` (“{phrase}”): replace it with your own words")
            )
            at = joined.find(phrase, at + 1)
    return places


@dataclass
class Scan:
    """What one pass over the texts found, chunk by chunk, for the rules to use."""

    vocabulary: set[str] = field(default_factory=set)  # every whitespace-separated token
    twice: list[tuple[int, int, set[str]]] = field(
        default_factory=list
    )  # (chunk start, end, tokens seen twice in a row)
    capital_twice: list[tuple[int, str, str]] = field(default_factory=list)  # (offset of the 2nd, "The", "the")


def scan(corpus: Corpus) -> Scan:
    """Split the texts, a chunk at a time (few tokens alive at once; the chunk stays in the cache).

    SEPARATOR is a token of its own, so nothing runs from one text into the next.
    """
    found = Scan()
    joined = corpus.joined
    for start, end in _chunks(joined):
        chunk = joined[start:end]
        tokens = chunk.split()
        found.vocabulary.update(tokens)
        twice = set(compress(tokens, map(_EQ, tokens, islice(tokens, 1, None))))
        if twice:
            found.twice.append((start, end, twice))
        matches = [m for pattern in _CAPITAL_DOUBLED for m in pattern.finditer(chunk)]
        first_match = _CAPITAL_DOUBLED_FIRST.match(chunk) if start == 0 else None
        if first_match:
            matches.append(first_match)
        for match in matches:
            first, second = match.group(1), match.group(0).split()[-1]
            found.capital_twice.append((start + match.end(0) - len(second), first, second))
    return found


def doubled_words(corpus: Corpus, found: Scan) -> list[Place]:
    """A word written twice in a row (`the the`, `The the`), at the second one."""
    joined = corpus.joined
    places: list[Place] = []
    seen: set[int] = set()
    for start, end, words in found.twice:
        chunk = joined[start:end]
        for word in words:
            if not any(ch.isalpha() for ch in word) or word.lower() in _DOUBLE_OK:
                continue
            for at in _repeats(chunk, word):
                seen.add(start + at)
                places.append((start + at, "warning", f"word repeated: `{word} {word}`; delete one"))
    for at, first, second in found.capital_twice:
        if at not in seen and first.lower() not in _DOUBLE_OK:
            places.append((at, "warning", f"word repeated: `{first} {second}`; delete one"))
    return places


def _chunks(joined: str, size: int = 1 << 14) -> Iterator[tuple[int, int]]:
    """(start, end) of pieces of `joined` of about `size` characters, cut at text boundaries."""
    start = 0
    while start < len(joined):
        end = joined.find(SEPARATOR, start + size)
        end = len(joined) if end < 0 else end
        yield start, end
        start = end


def _repeats(text: str, word: str) -> list[int]:
    """Where `word` follows itself after one space or line break, both whole tokens (the second's offset)."""
    found = []
    for gap in (" ", "\n"):
        needle = word + gap + word
        at = text.find(needle)
        while at >= 0:
            end = at + len(needle)
            if (at == 0 or text[at - 1].isspace()) and (end == len(text) or text[end].isspace()):
                found.append(at + len(word) + 1)
            at = text.find(needle, at + 1)
    return found


def typography(corpus: Corpus) -> list[Place]:
    """Notes: a spaced hyphen used as a dash, double spaces, straight and curly quotes mixed."""
    joined = corpus.joined
    places: list[Place] = []
    if " - " in joined:
        places += [
            (m.start() + 1, "note", "` - ` between words prints as a hyphen: use an en dash ` – ` or an em dash `—`")
            for m in _SPACED_HYPHEN.finditer(joined)
        ]
    if "  " in joined:
        places += [(m.start(), "note", "two spaces in a row: use one") for m in _DOUBLE_SPACE.finditer(joined)]
    if _STRAIGHT_QUOTE.search(joined):
        curly_texts = dict.fromkeys(corpus.where(m.start())[0] for m in _CURLY_QUOTE.finditer(joined))
        for index in curly_texts:
            places += _mixed_quotes(corpus, index)
    return places


def _mixed_quotes(corpus: Corpus, index: int) -> list[Place]:
    text = corpus.text(index)
    if not ("'" in text or '"' in text) or not ("’" in text or "‘" in text or "“" in text or "”" in text):
        return []
    straight = min(at for at in (text.find("'"), text.find('"')) if at >= 0)
    curly = next(ch for ch in "’‘“”" if ch in text)
    return [
        (
            corpus.starts[index] + straight,
            "note",
            f"straight ({text[straight]}) and curly ({curly}) quotes mixed in one text: use one kind",
        )
    ]
