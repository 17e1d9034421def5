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
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, islice

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
_PLACEHOLDER_HINTS = ("TODO", "TBD", "TBC", "FIXME", "XXX", "[", "{{", "<")
_CODE = re.compile(r"```[^\x00]*?(?:```|(?=\n\x00)|\Z)|~~~[^\x00]*?(?:~~~|(?=\n\x00)|\Z)|`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_URL = re.compile(r"<?\b(?:https?://|mailto:|www\.)\S*|[^\s@]+@[^\s@]+\.\w+")
_DOUBLE_OK = frozenset({"that", "had"})  # "I knew that that was it", "she had had enough"
_CAPITAL_DOUBLED = re.compile(r"([A-Z][a-z]*)[ \n]+(?i:\1)(?![\w'’-])")  # "The the"
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_EQ = operator.eq


@dataclass(frozen=True)
class Corpus:
    """Texts joined by SEPARATOR, code and link targets masked with FILLER (same length, same lines)."""

    joined: str
    starts: list[int]  # where each text begins in `joined`

    @classmethod
    def of(cls, values: Sequence[str]) -> Corpus:
        starts, at = [], 0
        for value in values:
            starts.append(at)
            at += len(value) + len(SEPARATOR)
        return cls(mask(SEPARATOR.join(values)), starts)

    def where(self, offset: int) -> tuple[int, int]:
        """(index of the text, offset inside it) of an offset in `joined`."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index, offset - self.starts[index]

    def text(self, index: int) -> str:
        end = self.starts[index + 1] - len(SEPARATOR) if index + 1 < len(self.starts) else len(self.joined)
        return self.joined[self.starts[index] : end]


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


def placeholders(corpus: Corpus) -> list[Place]:
    joined = corpus.joined
    places: list[Place] = []
    if any(hint in joined for hint in _PLACEHOLDER_HINTS) or "todo" in joined or "tbd" in joined:
        places += [
            (m.start(), "warning", f"placeholder `{m.group(0)}` left in the text: write the real words")
            for m in _PLACEHOLDER.finditer(joined)
        ]
    for phrase in SCAFFOLD_PHRASES:
        at = joined.find(phrase)
        while at >= 0:
            places.append((at, "warning", f"text left from `portfolio new` (“{phrase}”): replace it with your own words"))
            at = joined.find(phrase, at + 1)
    return places


def doubled_words(corpus: Corpus, vocabulary: set[str]) -> list[Place]:
    """A word written twice in a row (`the the`, `The the`), at the second one.

    Adds every whitespace-separated token to `vocabulary`, for the spelling check.
    """
    places: list[Place] = []
    seen: set[int] = set()
    for index in range(len(corpus.starts)):
        text = corpus.text(index)
        tokens = text.split()
        vocabulary.update(tokens)
        if not any(map(_EQ, tokens, islice(tokens, 1, None))):
            continue
        for word in set(compress(tokens, map(_EQ, tokens, islice(tokens, 1, None)))):
            if not any(ch.isalpha() for ch in word):
                continue
            for at in _repeats(text, word):
                seen.add(corpus.starts[index] + at)
                places.append((corpus.starts[index] + at, "warning", f"word repeated: `{word} {word}`; delete one"))
    for match in _CAPITAL_DOUBLED.finditer(corpus.joined):
        if match.start(0) > 0 and re.match(r"[\w'’-]", corpus.joined[match.start(0) - 1]):
            continue
        second = match.end(0) - len(match.group(1))
        if second not in seen:
            places.append((second, "warning", f"word repeated: `{match.group(0).split()[0]} {match.group(0).split()[-1]}`; delete one"))
    return [place for place in places if _doubled_word(place[2]) not in _DOUBLE_OK]


def _repeats(text: str, word: str) -> list[int]:
    """Where `word` follows itself with only spaces or line breaks between, as whole tokens."""
    found = []
    at = text.find(word)
    while at >= 0:
        after = at + len(word)
        gap = after
        while gap < len(text) and text[gap] in " \n":
            gap += 1
        end = gap + len(word)
        if (
            gap > after
            and text.startswith(word, gap)
            and (at == 0 or text[at - 1].isspace())
            and (end == len(text) or text[end].isspace())
        ):
            found.append(gap)
        at = text.find(word, after)
    return found


def _doubled_word(message: str) -> str:
    return message.split("`")[1].split()[0].lower()


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
    if "’" in joined or "‘" in joined or "“" in joined or "”" in joined:
        for index in range(len(corpus.starts)):
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
