"""Writing the résumé: the same pipeline and cache as the packs.

ResumeView (audience.py) → Markdown (`cv.md.j2`) → Pandoc → a Typst body →
`cv.typ` (the pack's fonts and look; `overrides/pack/cv.typ` replaces it)
→ PDF/UA-1; or Pandoc → DOCX, or plain text. A site build makes its PDF
in its run of packs (`resume_pdf`), with the same bytes. An unchanged résumé is copied
from `.portfolio-cache/packs/` without running Pandoc or Typst. The file is
written to a temporary name and renamed into place, so a failure leaves the
previous one as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.atomic import write_atomically
from generator.audience import resume_view
from generator.content.loader import Loaded
from generator.cv.markdown import render_cv_markdown
from generator.outputnames import CvFormat, cv_file_name
from generator.pack.batches import PackSource
from generator.pack.build import CACHE_FOLDER, ExtraPdf, PackError, check_application_ids
from generator.pack.cache import PackCache, cache_key
from generator.pack.pandoc import READER, Pandoc, find_pandoc, reading_fingerprint
from generator.pack.typst import CV_TEMPLATE_NAME, PackTemplate, compile_pdf, find_template

CV_FORMATS: tuple[CvFormat, ...] = ("pdf", "docx", "txt")


@dataclass(frozen=True)
class Resume:
    """A résumé to make: its Markdown, template inputs and cache key, and the tools it is made with."""

    markdown: str
    meta: dict[str, str]
    pandoc: Pandoc
    template: PackTemplate | None  # PDF only
    key: str


def plan_resume(loaded: Loaded, app_id: str | None, fmt: CvFormat) -> Resume:
    """The résumé (tailored to `app_id` when given) in `fmt`, ready to make; raises for an unknown id."""
    if fmt not in CV_FORMATS:
        raise ValueError(f"a résumé is a `pdf`, `docx` or `txt`, not `{fmt}`")
    if app_id is not None:
        check_application_ids(loaded.portfolio, [app_id])
    markdown = render_cv_markdown(resume_view(loaded, app_id))
    meta = cv_metadata(loaded.portfolio.profile.name)
    pandoc = find_pandoc()
    template = find_template(name=CV_TEMPLATE_NAME) if fmt == "pdf" else None
    filters = reading_fingerprint()
    tools = cache_key(__version__, READER, pandoc.version, filters, template.fingerprint() if template else "")
    key = cache_key(tools, fmt, json.dumps(meta, sort_keys=True), markdown)
    return Resume(markdown, meta, pandoc, template, key)


def resume_pdf(loaded: Loaded) -> ExtraPdf:
    """The site's résumé (`cv.pdf`), to make in a run of packs (`write_packs(extras=...)`)."""
    resume = plan_resume(loaded, None, "pdf")
    source = PackSource((resume.markdown,), resume.meta, resume.template)
    return ExtraPdf(cv_file_name(None, "pdf"), source, resume.key, "the résumé")


def write_cv(
    loaded: Loaded, out_dir: Path, *, app_id: str | None = None, fmt: CvFormat = "pdf", cache: bool = True
) -> Path:
    """Write the résumé (tailored to `app_id` when given) to `out_dir`; returns its path.

    Raises `UnknownApplicationError` for an unknown id, `PandocMissingError`
    without Pandoc, `TypstFailedError` for a broken `cv.typ`; in every case
    nothing in `out_dir` changes.
    """
    resume = plan_resume(loaded, app_id, fmt)
    store = PackCache(Path.cwd() / CACHE_FOLDER) if cache else None
    name = cv_file_name(app_id, fmt)
    data = store.get(name, resume.key) if store else None
    if data is None:
        data = _make(resume, fmt)
        if store:
            store.put(name, resume.key, data)
    path = Path(out_dir) / name
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError as exc:
        raise PackError(f"cannot write the résumé to {out_dir}: {exc.strerror}") from None
    return path


def cv_metadata(owner: str) -> dict[str, str]:
    """The strings `cv.typ` reads from `sys.inputs`."""
    return {"title": f"{owner} — Résumé", "owner": owner}


def _make(resume: Resume, fmt: CvFormat) -> bytes:
    if fmt == "docx":
        return resume.pandoc.docx([resume.markdown])
    if fmt == "txt":
        return resume.pandoc.plain([resume.markdown])
    assert resume.template is not None
    (body,) = resume.pandoc.typst_parts([resume.markdown])
    # As a run of packs joins its parts (batches.py): the same source, whichever made it.
    return compile_pdf(body + "\n", resume.template, resume.meta)
