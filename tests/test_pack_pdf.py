"""PDF packs, made with the real Pandoc and Typst: faithful text, looks, fonts.

Text is read back with pypdf, as a recruiter's system would read it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from generator.audience import pack_view
from generator.content.loader import load_portfolio
from generator.pack import write_packs
from generator.pack.typst import CV_TEMPLATE_NAME, TEMPLATE_NAME, compile_pdf, find_template
from tests.conftest import FIXTURE_PORTFOLIO

SPECIAL = r"""100% & $5 #1 under_score {braces} back\slash <angle>"""
TYPOGRAPHY = """"double" 'single' -- — – café naïve Ærøskøbing Zoë façade wait... a-?b"""
LONG_WORDS = " ".join(
    [
        (
            "Incomprehensibilities cross-functional internationalization shoulder-to-shoulder H100/H200 models—but"
            " counterrevolutionaries electroencephalographically"
        )
    ]
    * 12
)
SPECIAL_ANSWER = f"""Special: {SPECIAL} and {TYPOGRAPHY} end.

#set text(fill: red)

<script>alert("xss")</script>

[inject]{{typst:text:fill="red)[INJECTED-SPAN-MARKER] #text(fill: red"}}

```{{=typst}}
#text[RAWTYPST-EXECUTED]
```

![image alt words](/etc/passwd)

[dangling link words](#nowhere) and @citation and ~sub~ and ^sup^ and $x^2$.

## Clash {{#story-gpu-playbook}}

{LONG_WORDS}
"""
INJECTED_SPAN = '[inject]{typst:text:fill="red)[INJECTED-SPAN-MARKER] #text(fill: red"}'
SPECIAL_CRITERION = r"C# & *stars* _under_ <tag> [x](y) 100% $5 @me ~5 2^3 a|b back\slash {x}"
SPECIAL_TITLE = "(a) $100 #1 <b> GPU playbook"


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def flat(text: str) -> str:
    """Whitespace collapsed: line breaks in the PDF are not part of the text."""
    return " ".join(text.split())


def assert_words_in_order(expected: str, text: str) -> None:
    """Every word of `expected` appears in `text`, whole and in order (other text may come between)."""
    words = text.split()
    position = 0
    for word in expected.split():
        try:
            position = words.index(word, position) + 1
        except ValueError:
            context = " ".join(words[max(0, position - 5) : position + 5])
            raise AssertionError(f"`{word}` missing or out of order after: …{context}…") from None


@pytest.fixture(scope="module")
def fixture_packs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Recruiter and private PDFs of the fixture portfolio (built once for this module)."""
    out = tmp_path_factory.mktemp("packs")
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    write_packs(loaded, out / "recruiter", cache=False)
    write_packs(loaded, out / "private", audience="private", cache=False)
    return out


@pytest.fixture
def special_content(fixture_content: Path) -> Path:
    """The fixture with an answer, a criterion and a story title full of special characters."""
    app_file = fixture_content / "applications" / "acme-pm.yaml"
    app = yaml.safe_load(app_file.read_text(encoding="utf-8"))
    app["answers"][0]["versions"][1]["text"] = SPECIAL_ANSWER
    app["criteria"][0]["text"] = SPECIAL_CRITERION
    app_file.write_text(yaml.safe_dump(app, allow_unicode=True, sort_keys=False), encoding="utf-8")
    story_file = fixture_content / "stories" / "gpu-playbook.yaml"
    story = yaml.safe_load(story_file.read_text(encoding="utf-8"))
    story["title"] = SPECIAL_TITLE
    story_file.write_text(yaml.safe_dump(story, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return fixture_content


def test_every_final_answer_reads_back_in_order(fixture_packs: Path) -> None:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    text = pdf_text(fixture_packs / "recruiter" / "acme-pm.pdf")
    for answer in pack_view(loaded, "acme-pm", "recruiter").applications["acme-pm"].answers:
        assert_words_in_order(answer.final_version.text, text)
    assert_words_in_order("Why do you want to work at Acme? In 100 words or less.", text)
    for section in ["How my experience meets your criteria", "My answers", "Appendix: the stories"]:
        assert section in text


def test_cover_metadata_and_page_numbers_and_no_running_header(fixture_packs: Path) -> None:
    reader = pypdf.PdfReader(fixture_packs / "recruiter" / "acme-pm.pdf")
    assert reader.metadata.title == "Ada Fixture — Product Manager, Acme AI"
    assert reader.metadata.author == "Ada Fixture"
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    first = flat(pages[0])
    for cover in [
        "Ada Fixture",
        "Product manager for developer tools",
        "ada@example.org",
        "Lisbon",
        "Blog",
        "Application for Product Manager at Acme AI",
    ]:
        assert cover in first
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page
    assert "Ada Fixture" not in pages[1]  # no running header: an ATS would read it into the answers


def pdf_fonts(path: Path) -> set[str]:
    fonts = set()
    for page in pypdf.PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]).lstrip("/")))
    return fonts


def test_only_fonts_from_typst_or_the_project(fixture_packs: Path) -> None:
    fonts = pdf_fonts(fixture_packs / "recruiter" / "acme-pm.pdf")
    assert fonts and all(name.startswith(("LibertinusSerif", "DejaVuSansMono", "NewCM")) for name in fonts), fonts


SYSTEM_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not SYSTEM_FONT.is_file(), reason="needs a system font to ignore")
def test_system_fonts_are_ignored_and_fonts_in_overrides_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "overrides" / "pack").mkdir(parents=True)
    builtin = Path(__file__).parents[1] / "generator" / "pack" / "templates" / "pack.typ"
    template = builtin.read_text(encoding="utf-8").replace('font: "Libertinus Serif"', 'font: "DejaVu Sans"')
    (tmp_path / "overrides" / "pack" / "pack.typ").write_text(template, encoding="utf-8")
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    (without,) = write_packs(loaded, tmp_path / "without", app_ids=["acme-pm"], cache=False)
    assert not any(name.startswith("DejaVuSans-") or name == "DejaVuSans" for name in pdf_fonts(without))
    (tmp_path / "overrides" / "pack" / "fonts").mkdir()
    shutil.copy(SYSTEM_FONT, tmp_path / "overrides" / "pack" / "fonts")
    (with_font,) = write_packs(loaded, tmp_path / "with", app_ids=["acme-pm"], cache=False)
    assert "DejaVuSans" in pdf_fonts(with_font)


def test_special_characters_survive_and_content_is_never_executed(special_content: Path, tmp_path: Path) -> None:
    (pack,) = write_packs(load_portfolio(special_content), tmp_path / "out", app_ids=["acme-pm"], cache=False)
    text = pdf_text(pack)
    flat_text = flat(text)
    assert SPECIAL in flat_text
    assert TYPOGRAPHY in flat_text
    assert SPECIAL_CRITERION in flat_text  # a plain string prints exactly as typed
    assert SPECIAL_TITLE in flat_text
    assert "#set text(fill: red)" in flat_text  # shown, not run
    assert '<script>alert("xss")</script>' in flat_text  # shown as text; there is no HTML in a PDF
    assert "@citation and ~sub~ and ^sup^ and $x^2$." in flat_text
    assert INJECTED_SPAN in flat_text  # attribute syntax is shown as typed, never run
    assert text.count("RAWTYPST-EXECUTED") == text.count("#text[RAWTYPST-EXECUTED]")
    assert "image alt words" in flat_text and "dangling link words" in flat_text
    assert_words_in_order(LONG_WORDS, text)  # no hyphenation, no break inside `cross-functional`
    data = pack.read_bytes()
    assert b"/JavaScript" not in data and b"/JS " not in data
    for page in pypdf.PdfReader(pack).pages:
        assert b"1 0 0 rg" not in page.get_contents().get_data()  # nothing turned red


def test_private_pack_adds_what_the_owner_needs_and_nothing_of_other_applications(fixture_packs: Path) -> None:
    text = flat(pdf_text(fixture_packs / "private" / "acme-pm.private.pdf"))
    for private in [
        "interviewing",
        "10 July 2025",
        "CONTACT-MARKER-8a2b",
        "CONTACTNOTE-MARKER-44c1",
        "APPNOTE-MARKER-6b7d",
        "DRAFT-MARKER-3d9f",
        "DRAFTNOTE-MARKER-5e1b",
        "STORYNOTE-MARKER-7f3a",
        "PRIVSTORYTEXT-MARKER-2c4e",
        "Private notes — do not send",
    ]:
        assert private in text
    assert "OTHER" not in text


def test_a_user_template_in_overrides_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "overrides" / "pack").mkdir(parents=True)
    builtin = Path(__file__).parents[1] / "generator" / "pack" / "templates" / "pack.typ"
    (tmp_path / "overrides" / "pack" / "pack.typ").write_text(
        builtin.read_text(encoding="utf-8").replace("  body\n}", "  [CUSTOM-TEMPLATE-MARKER]\n  body\n}"),
        encoding="utf-8",
    )
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_PORTFOLIO, content)
    (pack,) = write_packs(load_portfolio(content), tmp_path / "out", app_ids=["acme-pm"])
    assert "CUSTOM-TEMPLATE-MARKER" in pdf_text(pack)


OWNER_CONTENT = Path(__file__).parents[1] / "content"
MARKUP_ONLY = re.compile(r"^([-*+>]|\d+[.)])$")


@pytest.mark.slow
@pytest.mark.skipif(not OWNER_CONTENT.is_dir(), reason="the owner's content is not here")
def test_owners_final_answers_read_back_word_for_word(tmp_path: Path) -> None:
    loaded = load_portfolio(OWNER_CONTENT)
    packs = write_packs(loaded, tmp_path, cache=False)
    assert len(packs) == len(loaded.portfolio.applications)
    for pack in packs:
        text = pdf_text(pack)
        for answer in pack_view(loaded, pack.stem, "recruiter").applications[pack.stem].answers:
            words = [word.strip("*_") for word in answer.final_version.text.split() if not MARKUP_ONLY.match(word)]
            assert_words_in_order(" ".join(words), text)


def test_word_pack_keeps_special_characters_as_text(special_content: Path, tmp_path: Path) -> None:
    import zipfile

    import docx

    (pack,) = write_packs(load_portfolio(special_content), tmp_path, app_ids=["acme-pm"], fmt="docx", cache=False)
    document = docx.Document(str(pack))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = flat(" ".join([*(paragraph.text for paragraph in document.paragraphs), *cells]))
    for typed in [SPECIAL, TYPOGRAPHY, SPECIAL_CRITERION, "#set text(fill: red)", '<script>alert("xss")</script>']:
        assert typed in text
    assert INJECTED_SPAN in text  # shown as typed
    with zipfile.ZipFile(pack) as archive:
        xml = " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "<script" not in xml and "&lt;script&gt;" in xml  # escaped text, not markup


# Words with a joint, each after 1 to 70 words of filler, so that each ends a line somewhere.
# fmt: off
JOINED = ["24/7", "2023-2024", "GPT-4", "COVID-19", "x/7",  # no box: Typst never breaks before a digit
          "on-call", "x/y", "1/x", "models—but", "2019–2021", "2019‒2021", "2019-2021—"]  # boxed
# fmt: on


@pytest.mark.parametrize("template_name", [TEMPLATE_NAME, CV_TEMPLATE_NAME])
def test_words_with_a_joint_stay_whole_at_every_line_end(template_name: str, tmp_path: Path) -> None:
    """The templates box such words (no break inside) but `24/7` or `GPT-4`: Typst never breaks before a digit."""
    filler = "lorem ipsum dolor sit amet elit".split()
    paragraphs = [" ".join(filler[k % len(filler)] for k in range(n)) + " " + " ".join(JOINED) for n in range(1, 71)]
    meta = {"title": "T", "owner": "O", "company": "C", "role": "R", "audience": "recruiter"}
    pdf = tmp_path / "joined.pdf"
    pdf.write_bytes(compile_pdf("\n\n".join(paragraphs), find_template(tmp_path, template_name), meta))
    lines = pdf_text(pdf).splitlines()
    for word in JOINED:
        assert sum(line.split().count(word) for line in lines) == len(paragraphs), word
        assert any(line.split()[-1:] == [word] for line in lines), f"`{word}` never ends a line: the test tests nothing"


@pytest.mark.parametrize("template_name", [TEMPLATE_NAME, CV_TEMPLATE_NAME])
def test_an_apostrophe_in_a_word_kept_whole_stays_curly(template_name: str, tmp_path: Path) -> None:
    """Pandoc hands a typed `’` over as a smart quote (`'`), which the box of a whole word would print straight."""
    body = "But not just execution---it's storytelling, and don't-stop and it's."  # Pandoc's Typst of it
    meta = {"title": "T", "owner": "O", "company": "C", "role": "R", "audience": "recruiter"}
    pdf = tmp_path / "apostrophe.pdf"
    pdf.write_bytes(compile_pdf(body, find_template(tmp_path, template_name), meta))
    words = pdf_text(pdf).split()
    assert {"execution—it’s", "don’t-stop", "it’s."} <= set(words), words
    assert not any("'" in word for word in words)
