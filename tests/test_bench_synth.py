"""The benchmark's synthetic portfolio stays valid content (so the benchmark cannot rot)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from generator.content.counting import count_words
from generator.content.loader import load_portfolio

SYNTH = Path(__file__).parent.parent / "bench" / "synth.py"


def _synth():  # bench/ is a folder of scripts, not an installed package
    spec = importlib.util.spec_from_file_location("bench_synth", SYNTH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_portfolio_loads_with_no_problem(tmp_path: Path) -> None:
    synth = _synth()
    content = synth.write_portfolio(tmp_path / "content", stories=12, applications=4, seed=3)

    loaded = load_portfolio(content, strict=True)

    assert len(loaded.portfolio.stories) == 12
    assert len(loaded.portfolio.applications) == 4
    assert loaded.warnings == ()
    for app in loaded.portfolio.applications.values():
        assert len(app.answers) == 3
        assert all(len(answer.versions) == 3 for answer in app.answers)
        assert app.criteria and app.notes and app.contacts
    words = [count_words(" ".join(s.star.values())) for s in loaded.portfolio.stories.values()]
    assert min(words) >= 400 and max(words) <= 800
    assert any(s.visibility == "private" for s in loaded.portfolio.stories.values())


def test_synthetic_portfolio_is_deterministic(tmp_path: Path) -> None:
    synth = _synth()
    first = synth.write_portfolio(tmp_path / "a", stories=6, applications=2, seed=1)
    second = synth.write_portfolio(tmp_path / "b", stories=6, applications=2, seed=1)
    other = synth.write_portfolio(tmp_path / "c", stories=6, applications=2, seed=2)

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(first) == files(second)
    assert files(first) != files(other)
