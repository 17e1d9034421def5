"""Counting the pages of a built pack, for its page budget (`pack_pages`)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from pypdf import PdfReader

from generator.content.model import Portfolio


def count_pdf_pages(pdf: Path | bytes) -> int:
    """The number of pages of a PDF file or of PDF bytes."""
    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    return len(PdfReader(io.BytesIO(data)).pages)


def recruiter_pack_pages(portfolio: Portfolio, app_id: str) -> int:
    """Pages of the recruiter PDF pack of `app_id`, built (or taken from the cache) in a scratch folder."""
    from generator.pack.build import write_packs

    with tempfile.TemporaryDirectory(prefix="portfolio-pages-") as scratch:
        (written,) = write_packs(portfolio, Path(scratch), app_ids=[app_id], audience="recruiter", fmt="pdf")
        return count_pdf_pages(written)
