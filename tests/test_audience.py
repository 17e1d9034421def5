"""The audience view: the one place that decides what each audience sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.audience import pack_view, private_view, shared_view, view_for
from generator.content.loader import load_portfolio
from generator.content.sent import SentRecord
from tests.conftest import FIXTURE_PORTFOLIO


@pytest.fixture(scope="module")
def portfolio():
    return load_portfolio(FIXTURE_PORTFOLIO)


def test_private_view_holds_everything(portfolio) -> None:
    view = private_view(portfolio)
    assert set(view.applications) == {"acme-pm", "zyx-tpm"}
    assert set(view.stories) == {"gpu-playbook", "teaching-ml", "secret-side-project"}
    assert view.stories["gpu-playbook"].notes
    assert len(view.applications["acme-pm"].answers[0].versions) == 2
    assert [u.app_id for u in view.used_in["gpu-playbook"]] == ["acme-pm", "acme-pm", "zyx-tpm"]
    assert view.files["applications/acme-pm"].name == "acme-pm.yaml"


def test_shared_view_has_no_application_and_no_private_material(portfolio) -> None:
    view = shared_view(portfolio)
    assert view.applications == {}
    assert set(view.stories) == {"gpu-playbook", "teaching-ml"}
    assert all(story.notes is None for story in view.stories.values())
    assert all(uses == [] for uses in view.used_in.values())
    assert view.files == {}  # no history: commit messages are notes to self
    assert [page.name for page in view.pages] == ["about.md"]
    assert portfolio.stories["gpu-playbook"].notes, "the view must not change the portfolio"


def test_recruiter_view_holds_one_application_without_private_fields(portfolio) -> None:
    view = pack_view(portfolio, "acme-pm", "recruiter")
    (app,) = view.applications.values()
    assert (app.status, app.opened, app.submitted, app.deadline) == (None, None, None, None)
    assert app.contacts == [] and app.notes is None
    why = app.answers[0]
    assert [v.id for v in why.versions] == ["v2"] and why.final == "v2"
    assert why.versions[0].note is None and why.versions[0].date is None
    assert why.stories == ["gpu-playbook"]  # the private story is dropped from references
    assert [c.stories for c in app.criteria] == [["gpu-playbook"], ["teaching-ml"], []]
    assert set(view.stories) == {"gpu-playbook", "teaching-ml"}
    assert view.stories["gpu-playbook"].notes is None
    assert view.pages == [] and view.files == {}
    assert {u.app_id for uses in view.used_in.values() for u in uses} == {"acme-pm"}


def test_private_pack_holds_one_application_whole(portfolio) -> None:
    view = pack_view(portfolio, "acme-pm", "private")
    assert set(view.applications) == {"acme-pm"}
    assert len(view.applications["acme-pm"].answers[0].versions) == 2
    assert "secret-side-project" in view.stories
    assert "zyx-tpm" not in str(view.used_in)


def test_sent_records_reach_only_the_private_view(portfolio) -> None:
    portfolio.sent = {("acme-pm", "why-acme"): SentRecord("v2", "0" * 64, dt.date(2025, 7, 10))}
    try:
        assert private_view(portfolio).sent == portfolio.sent
        assert shared_view(portfolio).sent == {}
        assert pack_view(portfolio, "acme-pm", "recruiter").sent == {}
        assert pack_view(portfolio, "zyx-tpm", "private").sent == {}
    finally:
        portfolio.sent = {}


def test_sites_are_only_private_or_shared(portfolio) -> None:
    with pytest.raises(ValueError):
        view_for(portfolio, "recruiter")
    with pytest.raises(ValueError):
        pack_view(portfolio, "acme-pm", "shared")
    assert view_for(portfolio, "shared").audience == "shared"


def test_views_of_the_owner_content_load(tmp_path: Path) -> None:
    owner = load_portfolio(Path(__file__).parent.parent / "content")
    for app_id in owner.applications:
        view = pack_view(owner, app_id)
        assert all(len(a.versions) == 1 for app in view.applications.values() for a in app.answers)
