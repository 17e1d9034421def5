"""The gate before `portfolio submit` records anything: the application must be ready to send.

Called first by `submit_application`; raises NotReadyError carrying every
sending check that fails (generator/content/readiness.py). There is no
override: what is recorded as sent is what a recruiter read.
"""

from __future__ import annotations

from pathlib import Path

from generator.content.diagnostics import PortfolioError, Problem
from generator.content.loader import load_portfolio
from generator.content.readiness import page_budget, readiness_of


class NotReadyError(PortfolioError):
    """The application fails sending checks; nothing was recorded."""

    def __init__(self, app_id: str, problems: tuple[Problem, ...]):
        self.app_id = app_id
        self.problems = problems
        super().__init__(f"`{app_id}` is not ready to send: {len(problems)} problem(s)")


def require_ready_to_send(content_dir: Path, app_id: str) -> None:
    """Raise NotReadyError unless `app_id` passes every sending check (an unknown id is submit's to report)."""
    portfolio = load_portfolio(content_dir)
    if app_id not in portfolio.applications:
        return
    pages = None
    if page_budget(portfolio, app_id) is not None:
        from generator.pack.pagecount import recruiter_pack_pages

        pages = recruiter_pack_pages(portfolio, app_id)
    readiness = readiness_of(portfolio, app_id, pages=pages)
    if not readiness.ready:
        raise NotReadyError(app_id, readiness.problems)
