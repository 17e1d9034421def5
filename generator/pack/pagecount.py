"""Counting the pages of a built pack, for its page budget (`pack_pages`), and the packs' sending checks."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader

from generator.content.loader import Loaded
from generator.content.readiness import Readiness, readiness_of
from generator.content.textchecks import text_problems


def count_pdf_pages(pdf: Path | bytes) -> int:
    """The number of pages of a PDF file or of PDF bytes."""
    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    return len(PdfReader(io.BytesIO(data)).pages)


def recruiter_pack_pages(loaded: Loaded, app_id: str) -> int:
    """Pages of the recruiter PDF pack of `app_id`, built (or taken from the cache) in a scratch folder."""
    from generator.pack.build import write_packs

    with tempfile.TemporaryDirectory(prefix="portfolio-pages-") as scratch:
        (written,) = write_packs(loaded, Path(scratch), app_ids=[app_id], audience="recruiter", fmt="pdf")
        return count_pdf_pages(written)


def packs_readiness(loaded: Loaded, written: Sequence[Path], fmt: str) -> list[Readiness]:
    """The sending checks of each written recruiter pack (`<app-id>.<fmt>`), pages counted in PDFs."""
    found = text_problems(loaded.portfolio, loaded.files, loaded.sources)
    return [readiness_of(loaded, path.stem, found, count_pdf_pages(path) if fmt == "pdf" else None) for path in written]
