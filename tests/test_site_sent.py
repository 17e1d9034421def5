"""The application page marks the version that was sent, and when."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.audience import private_view, shared_view
from generator.cli import main
from generator.content.loader import load_portfolio
from generator.site.pages import render_site_pages


def test_sent_version_is_marked_on_the_application_page(fixture_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(fixture_content.parent)
    before = render_site_pages(private_view(load_portfolio(fixture_content)))["applications/acme-pm.md"]
    assert "Sent on" not in before

    result = CliRunner().invoke(main, ["submit", "acme-pm", "--date", "2025-07-10"])
    assert result.exit_code == 0, result.output
    loaded = load_portfolio(fixture_content)

    page = render_site_pages(private_view(loaded))["applications/acme-pm.md"]
    assert '===+ "v2 · final · sent"' in page
    assert '=== "v1"' in page  # the draft that was not sent carries no mark
    assert "Sent on 2025-07-10" in page
    assert '===+ "only · final · sent"' in page  # the cover letter

    shared = "".join(render_site_pages(shared_view(loaded)).values())
    assert "Sent on" not in shared and "2025-07-10" not in shared
