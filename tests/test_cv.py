"""The résumé (`portfolio cv`): what it holds, what it never holds, its formats, cache and errors.

Made with the real Pandoc and Typst. Its text as extracted from the PDF is
proved in tests/test_pdf_text.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pypdf
import pytest

from generator.audience import resume_view, site_resume, view_for
from generator.content.loader import Loaded, load_portfolio
from generator.cv import render_cv_markdown, resume_pdf, write_cv
from generator.pack import PackError, TypstFailedError, write_packs
from tests.conftest import FIXTURE_PORTFOLIO, planted_markers, run

OWNER_CONTENT = Path(__file__).parents[1] / "content"


def test_cv_markdown_and_text_match_golden_files(golden, tmp_path: Path) -> None:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    golden("cv/fixture.md", render_cv_markdown(resume_view(loaded)))
    golden("cv/fixture.txt", write_cv(loaded, tmp_path, fmt="txt", cache=False).read_text(encoding="utf-8"))


def test_the_resume_holds_positions_highlights_shared_stories_education_and_skills(tmp_path: Path) -> None:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    text = write_cv(loaded, tmp_path, fmt="txt", cache=False).read_text(encoding="utf-8")
    for expected in [
        "Technical program manager, Example Cloud",
        "May 2023 – present · Lisbon",
        "Ran planned maintenance for a fleet of 4,000 accelerators.",
        "Turned a brittle maintenance process into a playbook other teams adopted.",  # by org and role
        "Taught machine learning to younger students.",  # listed by the position
        "Example University",
        "BSc, Computer Science · 2022",
        "Technical: Python, SQL, Kubernetes",
    ]:
        assert expected in text
    assert "A private story" not in text  # listed by a position, but private


@pytest.mark.parametrize("fmt", ["pdf", "docx", "txt"])
def test_a_tailored_resume_holds_nothing_of_any_application(fmt: str, tmp_path: Path) -> None:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    path = write_cv(loaded, tmp_path, app_id="acme-pm", fmt=fmt, cache=False)
    assert path.name == f"cv-acme-pm.{fmt}"
    text = document_text(path)
    for marker in planted_markers():
        assert marker not in text
    app = loaded.portfolio.applications["acme-pm"]
    for typed in [app.company, app.answers[0].final_version.text.split("\n")[0], app.criteria[0].text]:
        assert typed not in text
    for story in loaded.portfolio.stories.values():
        if story.notes:
            assert story.notes.split("\n")[0] not in text


def test_a_tailored_resume_puts_the_applications_stories_first_and_invents_nothing() -> None:
    if not OWNER_CONTENT.is_dir():
        pytest.skip("the owner's content is not here")
    loaded = load_portfolio(OWNER_CONTENT)
    general = resume_view(loaded)
    for app_id, app in loaded.portfolio.applications.items():
        referenced = [sid for answer in app.answers for sid in answer.stories]
        referenced += [sid for criterion in app.criteria for sid in criterion.stories]
        tailored = resume_view(loaded, app_id)
        for before, after in zip(general.experience, tailored.experience, strict=True):
            assert after.position == before.position  # the positions, newest first, as written
            ids = [sid for sid, _ in after.stories]
            assert sorted(ids) == sorted(sid for sid, _ in before.stories)  # the same stories, reordered
            used = [sid in referenced for sid in ids]
            assert used == sorted(used, reverse=True)  # referenced ones first
            in_order = [sid for sid in dict.fromkeys(referenced) if sid in ids]
            assert ids[: len(in_order)] == in_order


def test_the_site_resume_is_the_same_for_the_owner_and_anyone() -> None:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    assert site_resume(view_for(loaded, "private")) == site_resume(view_for(loaded, "shared")) == resume_view(loaded)


def test_a_cached_resume_is_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    for fmt in ("pdf", "docx", "txt"):
        built = write_cv(loaded, tmp_path / "a", fmt=fmt).read_bytes()
        cached = write_cv(loaded, tmp_path / "b", fmt=fmt).read_bytes()
        uncached = write_cv(loaded, tmp_path / "c", fmt=fmt, cache=False).read_bytes()
        assert built == cached == uncached
    kept = sorted(path.name.split(".")[:2] for path in (tmp_path / ".portfolio-cache" / "packs").iterdir())
    assert kept == [["cv", "docx"], ["cv", "pdf"], ["cv", "txt"]]


@pytest.mark.parametrize("pandoc_jobs", [1, None])
def test_a_resume_made_in_a_run_of_packs_is_the_resume_made_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pandoc_jobs: int | None
) -> None:
    # A site build makes it so: its Markdown in the packs' Pandoc process, compiled by their Typst compilers.
    monkeypatch.chdir(tmp_path)
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    alone = write_cv(loaded, tmp_path / "alone", cache=False).read_bytes()
    packs = write_packs(loaded, tmp_path / "packs", cache=False)
    written = write_packs(loaded, tmp_path / "run", extras=[resume_pdf(loaded)], pandoc_jobs=pandoc_jobs)
    assert written == [tmp_path / "run" / path.name for path in packs]  # the packs', as without it
    assert sorted(path.name for path in (tmp_path / "run").iterdir()) == ["acme-pm.pdf", "cv.pdf", "zyx-tpm.pdf"]
    assert (tmp_path / "run" / "cv.pdf").read_bytes() == alone
    assert all((tmp_path / "run" / path.name).read_bytes() == path.read_bytes() for path in packs)
    # Cached under the name and key `portfolio cv` looks up: it adds nothing to the cache.
    cache = tmp_path / ".portfolio-cache" / "packs"
    kept = sorted(path.name for path in cache.iterdir())
    assert [name.split(".")[:2] for name in kept if name.startswith("cv.")] == [["cv", "pdf"]]
    assert write_cv(loaded, tmp_path / "cached").read_bytes() == alone
    assert sorted(path.name for path in cache.iterdir()) == kept


def _with_broken_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, typst: str) -> Loaded:
    """The fixture portfolio, run from a folder whose `overrides/pack/<name>` fails to compile."""
    monkeypatch.chdir(tmp_path)
    override = tmp_path / "overrides" / "pack" / name
    override.parent.mkdir(parents=True)
    override.write_text(typst, encoding="utf-8")
    return load_portfolio(FIXTURE_PORTFOLIO)


def test_a_resume_failing_in_a_run_of_packs_is_its_own_error_once_the_packs_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _with_broken_template(tmp_path, monkeypatch, "cv.typ", "#let cv(meta, body) = { undefined-thing }\n")
    with pytest.raises(TypstFailedError, match="overrides/pack/cv.typ"):
        write_packs(loaded, tmp_path / "run", extras=[resume_pdf(loaded)], cache=False)
    assert sorted(path.name for path in (tmp_path / "run").iterdir()) == ["acme-pm.pdf", "zyx-tpm.pdf"]


def test_a_failed_pack_leaves_the_resume_of_its_run_unwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = _with_broken_template(tmp_path, monkeypatch, "pack.typ", '#let pack(meta, body) = { panic("broken") }\n')
    with pytest.raises(PackError, match="2 of 2 pack"):
        write_packs(loaded, tmp_path / "run", extras=[resume_pdf(loaded)], cache=False)
    assert list((tmp_path / "run").iterdir()) == []


def test_cv_command_writes_each_format(in_portfolio: Path) -> None:
    for fmt in ("pdf", "docx", "txt"):
        result = run("cv", "--format", fmt, "--out", "out")
        assert result.exit_code == 0, result.output
        assert (in_portfolio.parent / "out" / f"cv.{fmt}").stat().st_size > 0
    result = run("cv", "acme-pm", "--out", "out")
    assert result.exit_code == 0, result.output
    assert "out/cv-acme-pm.pdf" in result.output
    pdf = pypdf.PdfReader(in_portfolio.parent / "out" / "cv.pdf")
    assert pdf.metadata.title == "Ada Fixture — Résumé" and len(pdf.pages) == 1


def test_an_unknown_application_is_a_usage_error(in_portfolio: Path) -> None:
    result = run("cv", "nope", "--out", "out")
    assert result.exit_code == 2
    assert "no application `nope`; known applications: acme-pm, zyx-tpm" in result.output
    assert not (in_portfolio.parent / "out").exists()


def test_broken_content_is_an_error_and_the_previous_resume_stays(in_portfolio: Path) -> None:
    assert run("cv", "--out", "out").exit_code == 0
    before = (in_portfolio.parent / "out" / "cv.pdf").read_bytes()
    profile = in_portfolio / "profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("  - org: Example School\n", "  - orgg: Example School\n")
    )
    result = run("cv", "--out", "out")
    assert result.exit_code == 1
    assert "content/profile.yaml:" in result.output and "error:" in result.output and "Traceback" not in result.output
    assert (in_portfolio.parent / "out" / "cv.pdf").read_bytes() == before
    assert sorted(path.name for path in (in_portfolio.parent / "out").iterdir()) == ["cv.pdf"]


def test_a_broken_cv_template_is_an_error_and_the_previous_resume_stays(in_portfolio: Path) -> None:
    assert run("cv", "--out", "out").exit_code == 0
    before = (in_portfolio.parent / "out" / "cv.pdf").read_bytes()
    override = in_portfolio.parent / "overrides" / "pack" / "cv.typ"
    override.parent.mkdir(parents=True)
    override.write_text("#let cv(meta, body) = { undefined-thing }\n", encoding="utf-8")
    result = run("cv", "--out", "out")
    assert result.exit_code == 1
    assert "error: typst:" in result.output and "overrides/pack/cv.typ" in result.output
    assert (in_portfolio.parent / "out" / "cv.pdf").read_bytes() == before


def test_an_overriding_cv_template_restyles_the_resume(in_portfolio: Path) -> None:
    override = in_portfolio.parent / "overrides" / "pack" / "cv.typ"
    override.parent.mkdir(parents=True)
    override.write_text(
        '#let cv(meta, body) = { set document(title: "Mine"); set text(lang: "en"); [OVERRIDDEN]; body }\n',
        encoding="utf-8",
    )
    assert run("cv", "--out", "out").exit_code == 0
    text = "".join(page.extract_text() for page in pypdf.PdfReader(in_portfolio.parent / "out" / "cv.pdf").pages)
    assert text.startswith("OVERRIDDEN")


def document_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)
    if path.suffix == ".docx":
        return " ".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8")


def test_highlights_and_summaries_are_text_never_code(fixture_content: Path, tmp_path: Path) -> None:
    profile = fixture_content / "profile.yaml"
    hostile = "#set text(fill: red) `{{ 7*7 }}` <script>alert(1)</script> ```"
    source = profile.read_text(encoding="utf-8").replace(
        "      - Ran planned maintenance", f"      - {json.dumps(hostile)}\n      - Ran planned maintenance"
    )
    profile.write_text(source, encoding="utf-8")
    loaded = load_portfolio(fixture_content)
    text = write_cv(loaded, tmp_path, fmt="txt", cache=False).read_text(encoding="utf-8")
    assert "#set text(fill: red) {{ 7*7 }} <script>alert(1)</script> ```" in text
    pdf = " ".join(document_text(write_cv(loaded, tmp_path, cache=False)).split())
    assert "#set text(fill: red) {{ 7*7 }} <script>alert(1)</script> ```" in pdf
    assert "Ran planned maintenance for a fleet of 4,000 accelerators." in pdf
