"""Reading a PDF back as applicant-tracking systems do: three extractors, and the tagged text.

Used by tests/test_pdf_text.py. The field values a document must hold are
read as plain text by the same Pandoc pipeline (untrusted.lua) the
document was made with, so Markdown marks (`**`, `- `) are not expected.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pypdf
from pdfminer.high_level import extract_text as pdfminer_text

from generator.audience import ResumeView, View
from generator.pack.markdown import field_block
from generator.pack.pandoc import find_pandoc

# Characters no extracted text may hold: the replacement character,
# private-use code points (unmapped glyphs) and the Latin ligatures.
BAD_CHARACTERS = re.compile("[\ufffd\ue000-\uf8ff\ufb00-\ufb06]")


def extracted_texts(pdf: Path) -> dict[str, str]:
    """The text of `pdf` by pdftotext, pypdf and pdfminer.six."""
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return {
        "pdftotext": poppler.stdout.decode("utf-8"),
        "pypdf": "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages),
        "pdfminer": pdfminer_text(str(pdf)),
    }


def text_outside_artifacts(pdf: Path) -> str:
    """The text an extractor that honours marked content reads: everything but /Artifact sequences."""
    chunks: list[str] = []
    for page in pypdf.PdfReader(pdf).pages:
        _read_outside_artifacts(page, chunks)
        chunks.append("\n")
    return "".join(chunks)


def _read_outside_artifacts(page: pypdf.PageObject, chunks: list[str]) -> None:
    stack: list[bool] = []  # for each open marked-content sequence: is it (inside) an artifact?

    def before(operator: bytes, operands: list[object], *_: object) -> None:
        if operator in (b"BMC", b"BDC"):
            stack.append(bool(stack and stack[-1]) or operands[0] == "/Artifact")
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(value: str, *_: object) -> None:
        if not (stack and stack[-1]):
            chunks.append(value)

    page.extract_text(visitor_operand_before=before, visitor_text=text)


def plain_values(values: list[str]) -> list[str]:
    """Each value as plain text (Markdown fields as Pandoc reads them for the PDF)."""
    if not values:
        return []
    mark = "FIELDMARK"
    parts = [f"{mark}\n\n{field_block(value)}\n" for value in values]
    output = find_pandoc().plain(parts).decode("utf-8")
    texts = output.split(mark)[1:]
    assert len(texts) == len(values)
    return [text.strip() for text in texts]


# What a layout puts around a value (`Role, Org`, `a · b`, `(cid)`) or a quote around a word.
EDGES = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()) + "“”‘’·—–▪•▸…"


def words(text: str) -> list[str]:
    """The words a reader sees: tokens holding a letter or digit (CONTENT.md "Counting"), edges trimmed."""
    return [token.strip(EDGES) for token in text.split() if any(char.isalnum() for char in token)]


def assert_values_in_order(values: list[str], text: str, extractor: str) -> None:
    """Every word of every value appears in `text` whole, the values and their words in source order."""
    found = words(text)
    position = 0
    for value in values:
        for word in words(value):
            try:
                position = found.index(word, position) + 1
            except ValueError:
                context = " ".join(found[max(0, position - 6) : position + 6])
                raise AssertionError(
                    f"{extractor}: `{word}` of `{value[:60]}` missing or out of order after …{context}…"
                ) from None


def resume_values(resume: ResumeView) -> Iterator[str]:
    """The résumé's field values in the order it shows them."""
    profile = resume.profile
    yield from _present(profile.name, profile.headline, profile.email, profile.phone, profile.location)
    yield from (link.label for link in profile.links)
    yield from _present(profile.summary)
    for entry in resume.experience:
        position = entry.position
        yield from _present(position.role, position.org, position.location)
        yield from position.highlights
        yield from ((story.summary or story.title) for _, story in entry.stories)
    for school in profile.education:
        yield from _present(school.school, school.degree, school.field, school.notes)
    for group in profile.skills:
        yield group.group
        yield from group.items


def pack_values(view: View, story_order: list[str]) -> Iterator[str]:
    """A recruiter pack's field values in the order it shows them (criteria table: row by row)."""
    profile = view.profile
    ((application),) = view.applications.values()
    yield from _present(profile.name, profile.headline, profile.email, profile.phone, profile.location)
    yield from (link.label for link in profile.links)
    yield from _present(application.role, application.company, profile.summary)
    for answer in application.answers:
        yield from _present(answer.display_title, answer.prompt, answer.final_version.text)
    for criterion in application.criteria:
        yield criterion.text
        for sid in criterion.stories:
            story = view.stories[sid]
            yield story.summary or story.title
    for sid in story_order:
        story = view.stories[sid]
        yield from _present(story.title, story.summary, *story.star.values(), *story.metrics)


def _present(*values: str | None) -> Iterator[str]:
    return (value for value in values if value)
