"""Characters the pack's fonts cannot print are reported where they were typed (real Pandoc and Typst)."""

from __future__ import annotations

import zlib
from pathlib import Path

import yaml

from generator.pack.glyphs import mapped_characters
from tests.conftest import run

UNPRINTABLE_RESULT = "Shipped in 東京 for 5,000 users 🚀 — café crème, Ελλάδα, Москва. [site](https://例え.jp/ページ)\n"


def set_story_result(content: Path, story_id: str, text: str) -> Path:
    path = content / "stories" / f"{story_id}.yaml"
    story = yaml.safe_load(path.read_text(encoding="utf-8"))
    story["result"] = text
    path.write_text(yaml.safe_dump(story, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def glyph_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "no glyph" in line]


def test_characters_without_a_glyph_are_named_at_the_place_they_were_typed(in_portfolio: Path) -> None:
    path = set_story_result(in_portfolio, "gpu-playbook", UNPRINTABLE_RESULT)
    text = path.read_text(encoding="utf-8")
    offset = text.index("東")
    line, column = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)

    result = run("pdf", "--out", "packs")

    assert result.exit_code == 0, result.output
    lines = glyph_lines(result.stderr)
    # Both packs hold the story; each says so, at the same place.
    assert [line.split(" are left out of ")[1].split(":")[0] for line in lines] == ["acme-pm.pdf", "zyx-tpm.pdf"]
    for warning in lines:
        assert warning.startswith(f"content/stories/gpu-playbook.yaml:{line}:{column}: warning: 3 character(s)")
        assert "東 (U+6771) 京 (U+4EAC) 🚀 (U+1F680)" in warning
    # Accents, dashes, Greek and Cyrillic print; where a link points is not printed.
    assert not any(ch in "\n".join(lines) for ch in "éè—ΕλМо例え")
    assert (in_portfolio.parent / "packs" / "acme-pm.pdf").is_file()


def test_a_cached_pack_warns_again(in_portfolio: Path) -> None:
    set_story_result(in_portfolio, "gpu-playbook", UNPRINTABLE_RESULT)
    first = run("pdf", "acme-pm", "--out", "packs")
    second = run("pdf", "acme-pm", "--out", "packs")
    assert glyph_lines(first.stderr) and glyph_lines(second.stderr) == glyph_lines(first.stderr)


def test_text_the_fonts_print_gives_no_warning(in_portfolio: Path) -> None:
    set_story_result(in_portfolio, "gpu-playbook", "Café — naïve “quotes” Ελλάδα Москва ½ € ™ …\n")
    result = run("pdf", "--out", "packs")
    assert result.exit_code == 0, result.output
    assert glyph_lines(result.stderr) == []


def test_the_pdf_maps_of_glyphs_to_text_are_read_in_both_forms() -> None:
    cmap = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
2 beginbfchar
<0001> <0041>
<0002> <D83DDE80>
endbfchar
2 beginbfrange
<0003> <0005> <0061>
<0006> <0007> [<00E9> <00660069>]
endbfrange
endcmap end end"""
    pdf = b"%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + zlib.compress(cmap) + b"\nendstream\nendobj\n"
    assert mapped_characters(pdf) == {"A", "🚀", "a", "b", "c", "é", "f", "i"}


def test_characters_typed_as_references_are_reported_where_they_were_typed(in_portfolio: Path) -> None:
    path = set_story_result(in_portfolio, "gpu-playbook", "Launched &#x1F680; in &#26481;京 with caf&eacute;.\n")
    text = path.read_text(encoding="utf-8")
    offset = text.index("&#x1F680;")
    line, column = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
    result = run("pdf", "acme-pm", "--out", "packs")
    assert result.exit_code == 0, result.output
    (warning,) = glyph_lines(result.stderr)
    assert warning.startswith(f"content/stories/gpu-playbook.yaml:{line}:{column}: warning: 3 character(s)")
    assert "🚀 (U+1F680) 東 (U+6771) 京 (U+4EAC)" in warning  # in the order they were typed
    assert "é" not in warning
