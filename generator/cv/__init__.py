"""The résumé: one page (at most two) from the profile and shared stories, as PDF, DOCX or text."""

from __future__ import annotations

from generator.cv.build import CV_FORMATS, resume_pdf, write_cv
from generator.cv.markdown import render_cv_markdown
from generator.outputnames import CvFormat

__all__ = ["CV_FORMATS", "CvFormat", "render_cv_markdown", "resume_pdf", "write_cv"]
