"""Proof that what recruiters' systems read from our PDFs is what was written.

For the owner's and the fixture's résumé and recruiter packs, made with the
real Pandoc and Typst: the text that pdftotext, pypdf and pdfminer.six
extract holds every field value whole and in source order, with no `(cid:`,
replacement, private-use or ligature characters; the running header and
footer are marked as artifacts, which an extractor honouring marked content
skips; and the files are PDF/UA-1 (tagged, title displayed, language set).

Reproduce: `.venv/bin/python -m pytest -q tests/test_pdf_text.py`.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pypdf
import pytest

from generator.audience import pack_view, resume_view
from generator.content.loader import Loaded, load_portfolio
from generator.cv import write_cv
from generator.pack import write_packs
from generator.pack.markdown import story_order
from tests.conftest import FIXTURE_PORTFOLIO
from tests.pdftext import (
    BAD_CHARACTERS,
    assert_values_in_order,
    extracted_texts,
    pack_values,
    plain_values,
    resume_values,
    text_outside_artifacts,
)

OWNER_CONTENT = Path(__file__).parents[1] / "content"
PORTFOLIOS = {"fixture": FIXTURE_PORTFOLIO, "owner": OWNER_CONTENT}
# Each PDF's text by the three extractors, read once for the tests below: the
# PDFs `made` makes are not changed after (reading them again cost a quarter of the file's time).
texts = functools.cache(extracted_texts)


@pytest.fixture(scope="module", params=sorted(PORTFOLIOS))
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Loaded, dict[str, Path]]:
    """One portfolio's résumé (general and tailored to each application) and recruiter packs."""
    content = PORTFOLIOS[request.param]
    if not content.is_dir():
        pytest.skip("the owner's content is not here")
    loaded = load_portfolio(content)
    out = tmp_path_factory.mktemp(request.param)
    documents = {"cv": write_cv(loaded, out, cache=False)}
    for app_id in loaded.portfolio.applications:
        documents[f"cv {app_id}"] = write_cv(loaded, out, app_id=app_id, cache=False)
    for pack in write_packs(loaded, out / "packs", cache=False):
        documents[pack.stem] = pack
    return loaded, documents


def expected_values(loaded: Loaded, name: str) -> list[str]:
    if name == "cv":
        return plain_values(list(resume_values(resume_view(loaded))))
    if name.startswith("cv "):
        return plain_values(list(resume_values(resume_view(loaded, name[3:]))))
    view = pack_view(loaded, name, "recruiter")
    return plain_values(list(pack_values(view, story_order(view, view.applications[name]))))


def test_every_extractor_reads_every_field_value_in_source_order(made: tuple[Loaded, dict[str, Path]]) -> None:
    loaded, documents = made
    for name, pdf in documents.items():
        values = expected_values(loaded, name)
        for extractor, text in texts(pdf).items():
            assert_values_in_order(values, text, f"{pdf.name} by {extractor}")


def test_no_extractor_meets_an_unmapped_or_ligature_character(made: tuple[Loaded, dict[str, Path]]) -> None:
    _, documents = made
    for pdf in documents.values():
        for extractor, text in texts(pdf).items():
            assert "(cid:" not in text, f"{pdf.name} by {extractor}"
            assert not BAD_CHARACTERS.findall(text), f"{pdf.name} by {extractor}: {BAD_CHARACTERS.findall(text)}"


def test_running_headers_and_footers_are_artifacts(made: tuple[Loaded, dict[str, Path]]) -> None:
    loaded, documents = made
    for name, pdf in documents.items():
        pages = len(pypdf.PdfReader(pdf).pages)
        everything = texts(pdf)["pypdf"]
        body = text_outside_artifacts(pdf)
        if name in loaded.portfolio.applications:  # a pack: a footer on every page, no running header
            assert f"1 / {pages}" in everything and f"1 / {pages}" not in body
            company = loaded.portfolio.applications[name].company
            assert everything.count(company) == body.count(company)  # nothing repeated at page breaks
        elif pages > 1:
            assert f"1 / {pages}" in everything and f"1 / {pages}" not in body
        assert_values_in_order(expected_values(loaded, name), body, f"{pdf.name} without artifacts")


def test_pdfs_are_pdf_ua_tagged_titled_and_in_english(made: tuple[Loaded, dict[str, Path]]) -> None:
    loaded, documents = made
    owner = loaded.portfolio.profile.name
    for pdf in documents.values():
        reader = pypdf.PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root, pdf.name
        assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
        assert str(root["/Lang"]).startswith("en")
        assert reader.metadata.title.startswith(owner)
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp, pdf.name


def test_the_resume_is_one_page_or_two_at_most(made: tuple[Loaded, dict[str, Path]]) -> None:
    _, documents = made
    for name, pdf in documents.items():
        if name == "cv" or name.startswith("cv "):
            assert len(pypdf.PdfReader(pdf).pages) <= 2, pdf.name
