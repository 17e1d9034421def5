"""The gate before `portfolio submit` records anything: the application must be ready to send.

Called first by `submit_application`; raises NotReadyError carrying every
sending check that fails (generator/content/readiness.py). There is no
override: what is recorded as sent is what a recruiter read.
"""

from __future__ import annotations

from generator.content.diagnostics import PortfolioError, Problem
from generator.content.loader import Loaded
from generator.content.readiness import page_budget, readiness_of


class NotReadyError(PortfolioError):
    """The application fails sending checks; nothing was recorded."""

    def __init__(self, app_id: str, problems: tuple[Problem, ...]):
        self.app_id = app_id
        self.problems = problems
        super().__init__(f"`{app_id}` is not ready to send: {len(problems)} problem(s)")


def require_ready_to_send(loaded: Loaded, app_id: str) -> None:
    """Raise NotReadyError unless `app_id` passes every sending check (an unknown id is submit's to report)."""
    portfolio = loaded.portfolio
    if app_id not in portfolio.applications:
        return
    pages = None
    if page_budget(portfolio, app_id) is not None:
        from generator.pack.pagecount import recruiter_pack_pages

        pages = recruiter_pack_pages(loaded, app_id)
    readiness = readiness_of(loaded, app_id, pages=pages)
    if not readiness.ready:
        raise NotReadyError(app_id, readiness.problems)
