"""The owner's real content always passes, and says what the seed note says."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.content.counting import count_words
from generator.content.loader import load_portfolio

ROOT = Path(__file__).parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_4e98f70ca0f67cf5.txt"


def test_owner_content_passes_check(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 5 applications, ")


def test_owner_content_holds_the_perplexity_application_as_the_note_has_it() -> None:
    loaded = load_portfolio(ROOT / "content")
    app = loaded.portfolio.applications["perplexity-apm"]
    assert app.company == "Perplexity"
    assert len(app.criteria) == 8
    assert all(c.stories for c in app.criteria)
    (answer,) = app.answers
    assert answer.limit is not None and answer.limit.words == 400
    assert len(answer.versions) >= 4
    final = answer.final_version
    assert final.text.startswith("Curiosity is the thread that connects everything I do.")
    assert count_words(final.text) <= 400
    assert answer.versions[-1] is final or answer.final == final.id


def test_owner_content_has_the_other_applications_and_stories() -> None:
    loaded = load_portfolio(ROOT / "content")
    apps = loaded.portfolio.applications
    assert {"anthropic", "deepmind-tpm", "openrouter", "fireworks-ai"} <= set(apps)
    assert apps["deepmind-tpm"].answers[0].kind == "referral"
    assert apps["anthropic"].answers[0].kind == "talking-points"
    assert apps["openrouter"].status == apps["fireworks-ai"].status == "interviewing"
    assert len(loaded.portfolio.stories) >= 8
    assert loaded.portfolio.stories["gpu-maintenance-playbook"].metrics
    assert sum(1 for story in loaded.portfolio.stories.values() if story.metrics) >= 6


def test_drafts_are_verbatim_from_the_seed_note() -> None:
    if not SEED.exists():  # the note lives beside the repo, in shared/
        return
    note = SEED.read_text(encoding="utf-8")
    loaded = load_portfolio(ROOT / "content")
    for version in loaded.portfolio.applications["perplexity-apm"].answers[0].versions:
        for paragraph in version.text.split("\n\n"):
            assert paragraph.strip() in note, paragraph[:60]
    blurb = loaded.portfolio.applications["deepmind-tpm"].answers[0].final_version.text
    for paragraph in blurb.split("\n\n"):
        assert paragraph.strip() in note


def _subclasses(model: type) -> list[type]:
    return [sub for direct in model.__subclasses__() for sub in (direct, *_subclasses(direct))]


def test_every_content_model_builds() -> None:
    """Models are built when first used (`defer_build`): a broken annotation would show only then."""
    import generator.audience
    import generator.content.sent
    from generator.content.model import Strict

    models = _subclasses(Strict)
    assert len(models) >= 18 and generator.audience.RecruiterApplication in models
    for model in models:
        assert model.model_rebuild(force=True) is True, model
