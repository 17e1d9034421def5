"""Ready to send: the owner's content, her typos, submit's gate, the text pack, the site's readiness."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.audience import private_view
from generator.authoring.scaffold import render_application, render_story
from generator.cli import main
from generator.content.counting import count_words
from generator.content.loader import load_portfolio
from generator.content.spelling import english
from generator.content.textchecks import Text, TextChecker
from generator.content.textrules import SCAFFOLD_PHRASES
from generator.render.plaintext import plain_text
from generator.site.pages import render_site_pages

REPO = Path(__file__).parent.parent
OWNER = REPO / "content"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def owner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the owner's content, worked on from its parent folder."""
    target = tmp_path / "content"
    shutil.copytree(OWNER, target)
    monkeypatch.chdir(tmp_path)
    return target


# --- the owner's content ----------------------------------------------------------------


def test_the_owners_content_passes_check_strict(owner: Path) -> None:
    result = run("check", "--strict")
    assert result.exit_code == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if ": warning: " in line or ": error: " in line]


def test_inbound_applications_need_no_submitted_date(owner: Path) -> None:
    portfolio = load_portfolio(owner).portfolio
    assert {app_id for app_id, app in portfolio.applications.items() if app.source == "inbound"} == {
        "fireworks-ai",
        "openrouter",
    }
    path = owner / "applications" / "openrouter.yaml"
    path.write_text(path.read_text("utf-8").replace("source: inbound", "source: applied"), "utf-8")
    result = run("check", "--strict")
    assert result.exit_code == 1
    assert (
        "content/applications/openrouter.yaml:4:9: error: status `interviewing` but no `submitted` date"
        in result.stderr
    )


def test_v3_made_final_shows_both_typos_of_the_draft(owner: Path) -> None:
    path = owner / "applications" / "perplexity-apm.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("    final: v4\n", "    final: v3\n"), "utf-8")
    result = run("check")
    lines = text.splitlines()
    found = {}
    for word in ("determinedtly", "adaptabiltiy"):
        line = next(n for n, content in enumerate(lines, start=1) if word in content)
        found[word] = (
            f"content/applications/perplexity-apm.yaml:{line}:{lines[line - 1].index(word) + 1}: warning: unknown word `{word}`"
        )
    assert found["determinedtly"] in result.stderr and "did you mean `determinedly`?" in result.stderr, result.stderr
    assert found["adaptabiltiy"] in result.stderr and "did you mean `adaptability`?" in result.stderr


def test_one_bad_value_gives_one_error_and_no_cascade(owner: Path) -> None:
    path = owner / "applications" / "perplexity-apm.yaml"
    path.write_text(path.read_text("utf-8").replace("status: drafting", "status: draft"), "utf-8")
    result = run("check")
    problems = [line for line in result.stderr.splitlines() if line.startswith("content/") and ": note: " not in line]
    assert problems == [
        (
            "content/applications/perplexity-apm.yaml:4:9: error: `status` must be one of: idea, drafting, submitted, "
            "interviewing, offer, rejected, withdrawn (got `draft`); did you mean `drafting`?"
        )
    ]


def test_a_story_no_application_uses_is_still_reported(owner: Path) -> None:
    (owner / "stories" / "lonely.yaml").write_text("title: Lonely\naction: Did things.\n", "utf-8")
    result = run("check")
    assert "content/stories/lonely.yaml:1:1: warning: story `lonely` is used nowhere" in result.stderr


def test_the_scaffolds_guidance_is_what_the_check_looks_for() -> None:
    import datetime as dt

    scaffolds = render_story("x") + render_application("C", "R", dt.date(2025, 1, 1))
    for phrase in SCAFFOLD_PHRASES:
        assert phrase in scaffolds, phrase


# --- the property: dictionary words are never flagged ------------------------------------


def _dictionary_words() -> list[str]:
    import hunspell

    dic = Path(hunspell.__file__).parent / "dictionaries" / "en_US.dic"
    stems = [line.split("/")[0] for line in dic.read_text("latin-1").splitlines()[1:]]
    words = [
        w for w in stems if re.fullmatch(r"[A-Za-z][a-z'-]*", w) and w.upper() not in ("TODO", "TBD", "TBC", "FIXME")
    ]
    return [w for w in words[::7] if english().spell(w)]


WORDS = _dictionary_words()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.sampled_from([" ", ", ", ". ", "\n"]))
def test_text_made_of_dictionary_words_is_never_flagged(fixture_content: Path, words: list[str], glue: str) -> None:
    words = [w for i, w in enumerate(words) if i == 0 or w.lower() != words[i - 1].lower()]
    value = glue.join(words) + "."
    loaded = load_portfolio(fixture_content)
    checker = TextChecker.for_portfolio(loaded.portfolio, loaded.sources)
    path = loaded.files.stories["teaching-ml"]
    found = checker.check([Text(path, ("action",), value, ("story", "teaching-ml"))])
    assert [p.problem.message for p in found] == []


# --- submit's gate: each sending check refuses, nothing is recorded ------------------------


def _make_ready(content: Path) -> None:
    (content / "profile.yaml").write_text(
        (content / "profile.yaml").read_text("utf-8") + "email: annie@example.org\n", "utf-8"
    )


REFUSALS = {
    "text-in-pack": (
        lambda c: _replace(c / "stories" / "gpu-capacity-recovery.yaml", "determinedly", "determinedtly"),
        "content/stories/gpu-capacity-recovery.yaml:12:3: error: unknown word `determinedtly`",
    ),
    "role-to-confirm": (
        lambda c: _replace(
            c / "applications" / "perplexity-apm.yaml",
            "role: Associate Product Manager (APM)",
            "role: APM (to confirm)",
        ),
        "content/applications/perplexity-apm.yaml:3:7: error: role `APM (to confirm)` is still to be confirmed",
    ),
    "company-tbd": (
        lambda c: _replace(
            c / "applications" / "perplexity-apm.yaml", "company: Perplexity", "company: Perplexity TBD"
        ),
        "content/applications/perplexity-apm.yaml:2:10: error: company `Perplexity TBD` is still to be confirmed",
    ),
    "no-answer": (
        lambda c: _cut_answers(c / "applications" / "perplexity-apm.yaml"),
        "content/applications/perplexity-apm.yaml:2:1: error: no answer to send",
    ),
    "no-way-to-reach": (
        lambda c: _replace(c / "profile.yaml", "email: annie@example.org\n", ""),
        "content/profile.yaml:2:1: error: the profile gives no way to reach you",
    ),
}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _cut_answers(path: Path) -> None:
    text = path.read_text("utf-8")
    path.write_text(text[: text.index("answers:")] + text[text.index("notes:") :], "utf-8")


@pytest.mark.parametrize("check", list(REFUSALS))
def test_submit_refuses_and_records_nothing_while_a_sending_check_fails(owner: Path, check: str) -> None:
    _make_ready(owner)
    spoil, expected = REFUSALS[check]
    spoil(owner)
    before = {path: path.read_bytes() for path in owner.rglob("*") if path.is_file()}
    result = run("submit", "perplexity-apm", "--date", "2025-08-01")
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert any(line.startswith(expected) for line in lines), result.stderr
    assert lines[-1] == "nothing was recorded: `perplexity-apm` is not ready to send (1 problem(s) above)"
    assert {path: path.read_bytes() for path in owner.rglob("*") if path.is_file()} == before


@pytest.mark.slow
def test_submit_refuses_a_pack_over_its_page_budget(owner: Path) -> None:
    _make_ready(owner)
    _replace(owner / "profile.yaml", "name: Annie\n", "name: Annie\npack_pages: 1\n")
    result = run("submit", "perplexity-apm", "--date", "2025-08-01")
    assert result.exit_code == 1, result.output
    assert re.search(r"content/profile\.yaml:3:13: error: the pack is \d+ pages, over its budget of 1", result.stderr)
    assert not (owner / "sent.lock").exists()
    _replace(owner / "profile.yaml", "pack_pages: 1\n", "pack_pages: 30\n")
    result = run("submit", "perplexity-apm", "--date", "2025-08-01")
    assert result.exit_code == 0, result.output
    assert (owner / "sent.lock").exists()


def test_plain_check_stays_quiet_about_sending_checks(owner: Path) -> None:
    result = run("check", "--strict")
    assert "to be confirmed" not in result.stderr and "no way to reach" not in result.stderr


# --- the text pack and the Copy button --------------------------------------------------


def test_text_pack_has_each_answer_under_its_prompt_with_the_sites_counts(owner: Path, tmp_path: Path) -> None:
    result = run("pdf", "perplexity-apm", "deepmind-tpm", "--format", "txt", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "perplexity-apm.txt").read_text("utf-8")
    app = load_portfolio(owner).portfolio.applications["perplexity-apm"]
    final = app.answers[0].final_version.text
    assert text.index("Why Perplexity") < text.index("Prompt: How do you meet") < text.index("Curiosity is the thread")
    assert f"Answer ({count_words(final)} of 400 words; " in text
    assert not re.search(r"\*\*|__|^#|\]\(", text, re.MULTILINE)
    assert "not ready to send" in result.stderr  # the owner's profile has no email


def test_plain_text_counts_the_same_words_as_the_markdown() -> None:
    portfolio = load_portfolio(OWNER).portfolio
    for app in portfolio.applications.values():
        for answer in app.answers:
            final = answer.final_version.text
            assert count_words(plain_text(final)) == count_words(final)
    bullets = "- first point\n- second **bold** [link](https://x.example)\n\n1. one\n2. two\n"
    assert plain_text(bullets) == "- first point\n- second bold link\n\n1. one\n2. two"


def test_plain_text_reads_as_pandoc_writes_it() -> None:
    """Our plain text is what Pandoc's plain writer makes of the pack's Markdown (numbered items aside)."""
    import subprocess

    from generator.pack.pandoc import READER, find_pandoc

    sample = "Some **bold** and _em_, a [link](https://x.example) and `code`.\n\n- one\n- two\n  wrapped\n\n> quoted\n> more\n\n## Heading\n\nA &amp; B\n"
    pandoc = find_pandoc()
    done = subprocess.run(
        [pandoc.path, "--from", READER, "--to", "plain", "--wrap=none"],
        input=sample.encode(),
        capture_output=True,
        check=True,
    )
    assert plain_text(sample) == done.stdout.decode().strip()


def test_plain_text_reads_the_fields_dialect_as_the_site_does() -> None:
    """Footnotes are notes after the text, numbered as the site numbers them; a link the site does not make is its text."""
    from generator.render.markdown import render_field_html

    text = (
        "Shipped it[^a] in www.example.org [docs](javascript:alert(1)).\n\n"
        "[^a]: With *three* teams[^b].\n\n[^b]: Across two offices.\n[^unused]: never shown"
    )
    assert plain_text(text) == (
        "Shipped it[1] in www.example.org docs.\n\n[1] With three teams[2].\n\n[2] Across two offices."
    )
    site = render_field_html(text, "x")
    assert ">[1]</a></sup> in " in site and ">[2]</a></sup>." in site and "never shown" not in site
    assert 'href="javascript' not in site and " docs.</p>" in site


def test_the_copy_button_carries_markdown_as_inert_text() -> None:
    """Its line of finished HTML is read by no Markdown extension, even those a user's mkdocs.yml may add."""
    import markdown

    from generator.site.passthrough import html_line
    from generator.site.readiness import copy_button

    text = (
        '[x](javascript:alert(1)) *b* `c` <i>d</i> https://e.example :smile: -- (c) "q" & ok\n\n- a list\tand {++x++}'
    )
    page = markdown.markdown(
        '=== "v1"\n\n    ' + html_line(f"<p>12 words {copy_button(text)}</p>"),
        extensions=[
            "generator.site.passthrough",
            "pymdownx.tabbed",
            "pymdownx.magiclink",
            "pymdownx.smartsymbols",
            "pymdownx.emoji",
            "pymdownx.critic",
        ],
    )
    assert "12 words" in page and "pf-html" not in page
    found = re.findall(r"<(\w+)", page)
    assert [tag for tag in found if tag not in ("div", "input", "label")] == ["p", "button"], page  # the tab's own
    (value,) = re.findall(r'data-clipboard-text="([^"]*)"', page)
    assert html.unescape(value) == plain_text(text)


def test_site_shows_readiness_and_copies_the_plain_final_text(owner: Path) -> None:
    view = private_view(load_portfolio(owner))
    pages = render_site_pages(view)
    fireworks = pages["applications/fireworks-ai.md"]
    assert '!!! warning "Not ready to send: 3 left"' in fireworks
    assert "pack not ready: 3 problems" in fireworks and "fireworks-ai.pdf" not in fireworks
    assert "[role &#96;Role to confirm on call&#96; is still to be confirmed" in fireworks
    assert "(../profile.md)" in fireworks
    table = pages["applications/index.md"]
    assert '<a href="fireworks-ai/#readiness">pack not ready: 3 problems</a>' in table
    perplexity = pages["applications/perplexity-apm.md"]
    copied = html.unescape(re.search(r'data-clipboard-text="([^"]*)"', perplexity).group(1))
    assert copied.startswith("Curiosity is the thread that connects everything I do.")
    assert "259 / 400 words" in perplexity
    _make_ready(owner)
    ready = render_site_pages(private_view(load_portfolio(owner)))["applications/perplexity-apm.md"]
    assert '!!! success "Ready to send"' in ready and "../../pdf/perplexity-apm.pdf" in ready
