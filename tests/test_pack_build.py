"""Building packs: deterministic, cached, parallel, and never half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from generator.content.diagnostics import PortfolioError
from generator.content.loader import load_portfolio
from generator.pack import PackError, PandocMissingError, UnknownApplicationError, write_packs
from tests.conftest import FIXTURE_PORTFOLIO

BROKEN_TEMPLATE = '#let pack(meta, body) = { panic("broken template on purpose") }\n'


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (the cwd) holding a copy of the fixture as content/."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    return tmp_path


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_same_content_gives_the_same_bytes_cached_or_not_parallel_or_serial(workdir: Path, fmt: str) -> None:
    loaded = load_portfolio(workdir / "content")
    progress: list[str] = []
    write_packs(loaded, workdir / "serial", fmt=fmt, cache=False, jobs=1)
    write_packs(loaded, workdir / "parallel", fmt=fmt, cache=False, jobs=2)
    write_packs(loaded, workdir / "one-pandoc", fmt=fmt, cache=False, jobs=2, pandoc_jobs=1)
    write_packs(loaded, workdir / "filling", fmt=fmt, progress=progress.append)
    write_packs(loaded, workdir / "cached", fmt=fmt, progress=progress.append)
    serial = contents(workdir / "serial")
    assert set(serial) == {f"acme-pm.{fmt}", f"zyx-tpm.{fmt}"}
    assert contents(workdir / "parallel") == contents(workdir / "one-pandoc") == serial
    assert contents(workdir / "filling") == serial
    assert contents(workdir / "cached") == serial
    assert sorted(line.split()[-1] for line in progress) == ["built", "built", "cached", "cached"]


def test_a_change_to_one_application_rebuilds_only_its_pack(workdir: Path) -> None:
    write_packs(load_portfolio(workdir / "content"), workdir / "packs")
    app_file = workdir / "content" / "applications" / "zyx-tpm.yaml"
    app_file.write_text(app_file.read_text(encoding="utf-8").replace("I like Zyxcorp.", "I like Zyxcorp a lot."))
    progress: list[str] = []
    write_packs(load_portfolio(workdir / "content"), workdir / "packs", progress=progress.append)
    assert sorted(line.split(" ", 1)[1] for line in progress) == ["acme-pm.pdf cached", "zyx-tpm.pdf built"]


def test_a_template_change_rebuilds_the_packs(workdir: Path) -> None:
    write_packs(load_portfolio(workdir / "content"), workdir / "packs")
    (workdir / "overrides" / "pack").mkdir(parents=True)
    builtin = Path(__file__).parents[1] / "generator" / "pack" / "templates" / "pack.typ"
    (workdir / "overrides" / "pack" / "pack.typ").write_text(
        builtin.read_text(encoding="utf-8").replace("11pt", "10.5pt")
    )
    progress: list[str] = []
    write_packs(load_portfolio(workdir / "content"), workdir / "packs", progress=progress.append)
    assert [line.split()[-1] for line in progress] == ["built", "built"]


def test_a_failed_build_leaves_earlier_packs_untouched(workdir: Path) -> None:
    loaded = load_portfolio(workdir / "content")
    write_packs(loaded, workdir / "packs")
    before = contents(workdir / "packs")
    (workdir / "overrides" / "pack").mkdir(parents=True)
    (workdir / "overrides" / "pack" / "pack.typ").write_text(BROKEN_TEMPLATE)
    with pytest.raises(PackError) as failure:
        write_packs(loaded, workdir / "packs", audience="private")
    message = str(failure.value)
    assert "acme-pm" in message and "zyx-tpm" in message
    assert "broken template on purpose" in message  # Typst's own message
    assert isinstance(failure.value, PortfolioError)
    assert contents(workdir / "packs") == before  # same files, same bytes, no temporary left behind


def test_an_unknown_application_is_named_with_the_known_ones(workdir: Path) -> None:
    with pytest.raises(UnknownApplicationError, match="no application `nope`; known applications: acme-pm, zyx-tpm"):
        write_packs(load_portfolio(workdir / "content"), workdir / "packs", app_ids=["nope"])
    assert not (workdir / "packs").exists()


def test_without_pandoc_the_message_says_how_to_install_it(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pypandoc

    def no_pandoc() -> str:
        raise OSError("No pandoc was found")

    monkeypatch.setattr(pypandoc, "get_pandoc_path", no_pandoc)
    monkeypatch.setenv("XDG_CACHE_HOME", str(workdir / "cache"))  # where it was found before is not known
    with pytest.raises(PandocMissingError, match="pip install pypandoc-binary"):
        write_packs(load_portfolio(workdir / "content"), workdir / "packs")
    assert not (workdir / "packs").exists()


def test_word_pack_opens_as_a_document_with_its_title(workdir: Path) -> None:
    (pack,) = write_packs(load_portfolio(workdir / "content"), workdir / "packs", app_ids=["acme-pm"], fmt="docx")
    document = docx.Document(str(pack))
    assert document.core_properties.title == "Ada Fixture"
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "Ada Fixture"
    assert "My answers" in texts and "Appendix: the stories" in texts
    assert any("I have spent three years" in text for text in texts)
    styles = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles


def test_packs_are_readable_by_others(workdir: Path) -> None:
    (pack,) = write_packs(load_portfolio(workdir / "content"), workdir / "packs", app_ids=["acme-pm"])
    assert pack.stat().st_mode & 0o044  # a web server can serve it
