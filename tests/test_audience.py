"""The audience view: the one place that decides what each audience sees."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.audience import RecruiterApplication, pack_view, private_view, shared_view, view_for
from generator.content.loader import Loaded, load_portfolio
from generator.content.model import Application
from generator.content.sent import SentRecord
from tests.conftest import FIXTURE_PORTFOLIO


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return load_portfolio(FIXTURE_PORTFOLIO)


def test_the_one_door_returns_the_content_and_its_bookkeeping_apart(loaded: Loaded) -> None:
    portfolio, files = loaded.portfolio, loaded.files
    assert files.profile == FIXTURE_PORTFOLIO / "profile.yaml"
    assert files.stories.keys() == portfolio.stories.keys()
    assert files.applications.keys() == portfolio.applications.keys()
    assert set(loaded.sources) == {files.profile, *files.stories.values(), *files.applications.values()}
    assert [p.message for p in loaded.warnings] == [
        "criterion has no evidence: list the stories that show it under `stories:`"
    ]
    assert loaded.sent == {}  # no sent.lock in the fixture
    assert not hasattr(portfolio, "warnings") and not hasattr(portfolio, "sources")


def test_private_view_holds_everything(loaded: Loaded) -> None:
    view = private_view(loaded)
    assert set(view.applications) == {"acme-pm", "zyx-tpm"}
    assert set(view.stories) == {"gpu-playbook", "teaching-ml", "secret-side-project"}
    assert view.stories["gpu-playbook"].notes
    assert len(view.applications["acme-pm"].answers[0].versions) == 2
    assert [u.app_id for u in view.used_in["gpu-playbook"]] == ["acme-pm", "acme-pm", "zyx-tpm"]
    assert view.files["applications/acme-pm"].name == "acme-pm.yaml"


def test_shared_view_has_no_application_and_no_private_material(loaded: Loaded) -> None:
    view = shared_view(loaded)
    assert view.applications == {}
    assert set(view.stories) == {"gpu-playbook", "teaching-ml"}
    assert all(story.notes is None for story in view.stories.values())
    assert all(uses == [] for uses in view.used_in.values())
    assert view.files == {}  # no history: commit messages are notes to self
    assert [page.name for page in view.pages] == ["about.md"]
    assert loaded.portfolio.stories["gpu-playbook"].notes, "the view must not change the portfolio"


def test_recruiter_view_holds_one_application_without_private_fields(loaded: Loaded) -> None:
    view = pack_view(loaded, "acme-pm", "recruiter")
    (app,) = view.applications.values()
    assert isinstance(app, RecruiterApplication)
    absent = {"status", "opened", "submitted", "deadline", "contacts", "notes"}
    assert absent <= set(Application.model_fields) and not any(hasattr(app, name) for name in absent)
    assert app.model_dump().keys() == {"company", "role", "url", "criteria", "answers"}
    why = app.answers[0]
    assert [v.id for v in why.versions] == ["v2"] and why.final == "v2"
    assert why.versions[0].note is None and why.versions[0].date is None
    assert why.stories == ["gpu-playbook"]  # the private story is dropped from references
    assert [c.stories for c in app.criteria] == [["gpu-playbook"], ["teaching-ml"], []]
    assert set(view.stories) == {"gpu-playbook", "teaching-ml"}
    assert view.stories["gpu-playbook"].notes is None
    assert view.pages == [] and view.files == {}
    assert {u.app_id for uses in view.used_in.values() for u in uses} == {"acme-pm"}


def test_private_pack_holds_one_application_whole(loaded: Loaded) -> None:
    view = pack_view(loaded, "acme-pm", "private")
    assert set(view.applications) == {"acme-pm"}
    assert len(view.applications["acme-pm"].answers[0].versions) == 2
    assert "secret-side-project" in view.stories
    assert "zyx-tpm" not in str(view.used_in)


def test_sent_records_reach_only_the_private_view(loaded: Loaded) -> None:
    sent = {("acme-pm", "why-acme"): SentRecord("v2", "0" * 64, dt.date(2025, 7, 10))}
    loaded = dataclasses.replace(loaded, sent=sent)
    assert private_view(loaded).sent == sent
    assert pack_view(loaded, "acme-pm", "private").sent == sent
    assert shared_view(loaded).sent == {}
    assert pack_view(loaded, "acme-pm", "recruiter").sent == {}
    assert pack_view(loaded, "zyx-tpm", "private").sent == {}


def test_what_was_loaded_cannot_be_changed(loaded: Loaded) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.sent = {}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.portfolio.stories = {}  # type: ignore[misc]
    with pytest.raises(ValueError, match="frozen"):
        loaded.portfolio.applications["acme-pm"].status = "offer"  # type: ignore[misc]


def test_sites_are_only_private_or_shared(loaded: Loaded) -> None:
    with pytest.raises(ValueError):
        view_for(loaded, "recruiter")
    with pytest.raises(ValueError):
        pack_view(loaded, "acme-pm", "shared")
    assert view_for(loaded, "shared").audience == "shared"


def test_views_of_the_owner_content_load(tmp_path: Path) -> None:
    owner = load_portfolio(Path(__file__).parent.parent / "content")
    for app_id in owner.portfolio.applications:
        view = pack_view(owner, app_id)
        assert all(len(a.versions) == 1 for app in view.applications.values() for a in app.answers)
