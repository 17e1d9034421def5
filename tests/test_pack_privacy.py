"""A recruiter pack holds its application's public material and nothing else.

Every private field of the fixture (and all of the other application,
`zyx-tpm`) carries a `-MARKER-` string; each is looked for in the PDF's text
and metadata and in the Word file's text, properties and raw XML. The public
strings are asserted present too, so the test fails if the pack is empty.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from generator.content.loader import load_portfolio
from generator.pack import write_packs
from tests.conftest import FIXTURE_PORTFOLIO, planted_markers

MARKERS = planted_markers()
# Private values without a marker: status, dates of the search, a contact's address, the other company.
PRIVATE_VALUES = ["interviewing", "2025-07", "July 2025", "jane@example.org", "Zyxcorp", "Jane Recruiter"]
PUBLIC = [
    "Ada Fixture",
    "Product manager for developer tools",
    "ada@example.org",
    "Acme AI",
    "Product Manager",
    "Can hold their own with top engineers.",
    "Unconventional backgrounds welcome.",
    "Why do you want to work at Acme?",
    "I have spent three years",
    "Dear Acme team",
    "GPU maintenance playbook",
    "Teaching machine learning",
    "50% faster recovery",
    "Forty students finished the course.",
]


def pdf_corpus(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    parts = [page.extract_text() for page in reader.pages]
    parts += [str(value) for value in (reader.metadata or {}).values()]
    parts.append(path.read_bytes().decode("latin-1"))
    return " ".join(" ".join(parts).split())


def docx_corpus(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    core = document.core_properties
    parts += [
        str(getattr(core, name) or "")
        for name in ("title", "author", "subject", "keywords", "comments", "category", "last_modified_by", "identifier")
    ]
    with zipfile.ZipFile(path) as archive:
        parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return " ".join(" ".join(parts).split())


CORPUS = {"pdf": pdf_corpus, "docx": docx_corpus}


def test_markers_were_planted() -> None:
    assert len(MARKERS) >= 12, MARKERS


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_recruiter_pack_holds_nothing_private_and_nothing_of_other_applications(tmp_path: Path, fmt: str) -> None:
    (pack,) = write_packs(load_portfolio(FIXTURE_PORTFOLIO), tmp_path, app_ids=["acme-pm"], fmt=fmt, cache=False)
    corpus = CORPUS[fmt](pack)
    leaked = sorted(marker for marker in MARKERS | set(PRIVATE_VALUES) if marker in corpus)
    assert not leaked, f"private material in the recruiter {fmt}: {leaked}"
    missing = [text for text in PUBLIC if text not in corpus]
    assert not missing, f"public material missing from the recruiter {fmt}: {missing}"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_other_applications_pack_holds_only_its_own_application(tmp_path: Path, fmt: str) -> None:
    (pack,) = write_packs(load_portfolio(FIXTURE_PORTFOLIO), tmp_path, app_ids=["zyx-tpm"], fmt=fmt, cache=False)
    corpus = CORPUS[fmt](pack)
    assert "OTHERANSWER-MARKER-b3c5" in corpus  # its own final answer (the markers are public here)
    for acme in ["Acme AI", "Why Acme", "spent three years", "Can hold their own", "APPNOTE", "CONTACT", "DRAFT"]:
        assert acme not in corpus
