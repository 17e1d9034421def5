"""A pack's Markdown in parts: each read on its own, converted once per run, the same in any batch."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.audience import pack_view
from generator.content.loader import load_portfolio
from generator.pack import write_packs
from generator.pack.batches import plan_batches
from generator.pack.markdown import render_pack_markdown, render_pack_parts
from generator.pack.pandoc import find_pandoc
from tests.conftest import FIXTURE_PORTFOLIO
from tests.test_pack_pdf import flat, pdf_text

# Parts that would reach into the parts after them if Pandoc read them as one document.
GREEDY = "## Greedy {#story-greedy .unnumbered}\n\nSee[^1] and [ref].\n\n[^1]: NOTE-OF-GREEDY\n\n[ref]: https://greedy.example/\n\n```\nunclosed fence\n"
LATER = "## Later {#story-later .unnumbered}\n\nAlso[^1], [ref] and [back](#story-greedy).\n\n[^1]: NOTE-OF-LATER\n"
LOOKALIKE = "## Lookalike {#user-id}\n\nPORTFOLIOPART\n\nPORTFOLIOPART0123456789abcdef01234567\n\n[x](p0-1.md#y)\n"
# Typed by people: placeholders, odd ids, a rule, and dots hidden in entities (Typst's `...`).
ODD = (
    "## Odd {#—}\n\n[later](#) [colon](#::) [dot](#.md__x) [dash](#—) and [ok](#story-later).\n\n---\n\n"
    "Wait&#46;&#46;&#46; and x-&#63;y and a&period;&period;b\n"
)


@pytest.fixture(scope="module")
def pandoc():
    return find_pandoc()


def fixture_parts() -> list[str]:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    return [
        part
        for app_id in loaded.portfolio.applications
        for audience in ("recruiter", "private")
        for part in render_pack_parts(pack_view(loaded, app_id, audience))
    ]


def test_the_parts_join_into_the_packs_markdown() -> None:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    view = pack_view(loaded, "acme-pm", "recruiter")
    parts = render_pack_parts(view)
    assert "".join(parts) == render_pack_markdown(view)
    assert len(parts) == 1 + len(view.stories)
    assert all(part.startswith("::: {#pf-") for part in parts[1:])  # each story in a block of its own


def test_a_part_converts_the_same_alone_or_in_any_batch(pandoc) -> None:
    parts = list(dict.fromkeys([*fixture_parts(), GREEDY, LATER, LOOKALIKE, ODD]))
    together = pandoc.typst_parts(parts)
    backwards = pandoc.typst_parts(parts[::-1])[::-1]
    alone = [pandoc.typst_parts([part])[0] for part in parts]
    assert together == alone
    assert backwards == alone
    assert all(text.strip() for text in alone)


def test_each_part_is_read_on_its_own(pandoc) -> None:
    greedy, later, lookalike = pandoc.typst_parts([GREEDY, LATER, LOOKALIKE])
    assert "NOTE-OF-GREEDY" in greedy and "greedy.example" in greedy
    # The unclosed fence, the footnote and the link definition stay in their part.
    assert later.startswith("#heading(level: 2, numbering: none)[Later]")
    assert "NOTE-OF-LATER" in later and "NOTE-OF-GREEDY" not in later
    assert "greedy.example" not in later and "\\[ref\\]" in later
    # Ids and internal links as written, without the file names Pandoc reads the parts from.
    assert "<story-later>" in later and "#link(<story-greedy>)" in later
    assert "<user-id>" in lookalike and "p0-1.md" in lookalike
    assert "PORTFOLIOPART0123456789abcdef01234567" in lookalike


def test_odd_links_ids_rules_and_entities_never_stop_a_pack(fixture_content: Path, tmp_path: Path) -> None:
    path = fixture_content / "applications" / "acme-pm.yaml"
    app = yaml.safe_load(path.read_text(encoding="utf-8"))
    app["answers"][0]["versions"][-1]["text"] = ODD.replace("{#—}", "{#—} ").replace("## Odd", "Odd heading\n\n## Odd")
    path.write_text(yaml.safe_dump(app, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [pdf] = write_packs(load_portfolio(fixture_content), tmp_path / "out", app_ids=["acme-pm"], cache=False)
    text = flat(pdf_text(pdf))
    assert "later colon dot dash and ok." in text
    assert "Wait... and x-?y and a..b" in text and "…" not in text


def test_no_part_is_lost_when_there_are_none_or_one(pandoc) -> None:
    assert pandoc.typst_parts([]) == []
    assert pandoc.typst_parts([""]) == [""]


def test_footnotes_with_the_same_label_in_two_stories_both_print(fixture_content: Path, tmp_path: Path) -> None:
    for story_id, note in (("gpu-playbook", "FIRST-STORY-NOTE"), ("teaching-ml", "SECOND-STORY-NOTE")):
        path = fixture_content / "stories" / f"{story_id}.yaml"
        story = yaml.safe_load(path.read_text(encoding="utf-8"))
        story["result"] = f"It worked[^1].\n\n[^1]: {note}\n"
        path.write_text(yaml.safe_dump(story, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [pdf] = write_packs(load_portfolio(fixture_content), tmp_path / "out", app_ids=["acme-pm"], cache=False)
    text = flat(pdf_text(pdf))
    assert "FIRST-STORY-NOTE" in text and "SECOND-STORY-NOTE" in text


def test_a_pack_made_alone_is_the_pack_made_with_all_the_others(tmp_path: Path) -> None:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    write_packs(loaded, tmp_path / "all", cache=False)
    write_packs(loaded, tmp_path / "alone", app_ids=["acme-pm"], cache=False)
    assert (tmp_path / "alone" / "acme-pm.pdf").read_bytes() == (tmp_path / "all" / "acme-pm.pdf").read_bytes()


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_batches_hold_each_distinct_part_once_in_the_order_packs_need_them(workers: int) -> None:
    packs = [["head-a", "s1" * 50, "s2" * 50], ["head-b", "s2" * 50, "s3" * 50], ["head-c", "s1" * 50]]
    batches = plan_batches(packs, workers)
    flat_parts = [part for batch in batches for part in batch]
    assert flat_parts == ["head-a", "s1" * 50, "s2" * 50, "head-b", "s3" * 50, "head-c"]
    assert len(batches) >= min(workers, len(flat_parts)) - 1
    assert all(batches)


def test_batches_stay_near_their_size_limit() -> None:
    from generator.pack import batches as module

    parts = [f"{n:04d}" + "x" * 996 for n in range(1000)]  # 1 MB in 1000 parts
    batches = plan_batches([parts], 2)
    assert len(batches) > 1
    assert all(sum(map(len, batch)) <= module.BATCH_CHARACTERS + 1000 for batch in batches)
    assert [part for batch in batches for part in batch] == parts


def test_an_unexpected_error_stops_word_packs_after_those_already_started() -> None:
    from generator.pack.batches import PackSource, make_each

    started: list[str] = []

    def make(source: PackSource) -> bytes:
        started.append(source.parts[0])
        if source.parts[0] == "0":
            raise RuntimeError("a bug")
        return b"ok"

    sources = {f"app-{n}": PackSource((str(n),), {}) for n in range(10)}
    with pytest.raises(RuntimeError, match="a bug"):
        list(make_each(sources, make, 2))
    assert len(started) <= 3
