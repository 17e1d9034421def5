"""Text checks are a table: a text in, the positioned warning (or nothing) out.

Every rule has a case that must warn, at the word, with its message, and a
quiet twin that must not. Texts go into a story's `action: |` block (its
first line is line 3 of the file, column 3) or the final version of an
answer (`text: |`, line 9, column 11), or elsewhere where a case says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

PROFILE = "name: Ada Lovelace\nemail: ada@example.org\n"
OTHER_APP = (
    "company: Globex Corp\nrole: Engineer\nanswers:\n  - id: why\n    stories: [s]\n"
    "    versions:\n      - id: v1\n        text: Hello.\n"
)
DICTIONARY = "# names\nZyxoria\nkubeflow\n"


def story(text: str, head: str = "title: Launch\n") -> str:
    return head + "action: |\n" + "".join(f"  {line}\n" for line in text.splitlines())


def answer(text: str, extra: str = "") -> str:
    return (
        "company: Acme AI\nrole: Product Manager\nanswers:\n  - id: why\n    stories: [s]\n"
        "    versions:\n      - id: v1\n        text: |\n"
        + "".join(f"          {line}\n" for line in text.splitlines())
        + extra
    )


@dataclass
class Case:
    id: str
    files: dict[str, str]  # path under content/ -> text (the rest: a clean portfolio)
    where: str | None  # "FILE:LINE:COL" of the expected problem; None: nothing may be reported
    fragment: str = ""
    severity: str = "warning"
    args: list[str] = field(default_factory=list)


S, A = "content/stories/s.yaml", "content/applications/a.yaml"
CASES = [
    # scaffold text and placeholders
    Case("todo", {"stories/s.yaml": story("We cut costs by TODO percent.")}, f"{S}:3:19", "placeholder `TODO`"),
    Case("todo-quiet", {"stories/s.yaml": story("We kept a to-do list.")}, None),
    Case("tbd", {"stories/s.yaml": story("Shipped in\nTBD weeks.")}, f"{S}:4:3", "placeholder `TBD`"),
    Case("xxx", {"stories/s.yaml": story("Saved XXX dollars.")}, f"{S}:3:9", "placeholder `XXX`"),
    Case(
        "bracket-company",
        {"applications/a.yaml": answer("I love [Company] and its tools.")},
        f"{A}:9:18",
        "placeholder `[Company]`",
    ),
    Case("bracket-quiet", {"applications/a.yaml": answer("I love [Acme](https://acme.example) and its tools.")}, None),
    Case(
        "braces",
        {"applications/a.yaml": answer("Dear {{ company }} team.")},
        f"{A}:9:16",
        "placeholder `{{ company }}`",
    ),
    Case("braces-in-code-quiet", {"applications/a.yaml": answer("I wrote `{{ company }}` templates.")}, None),
    Case(
        "angle-role",
        {"applications/a.yaml": answer("As your next <role>, I will help.")},
        f"{A}:9:24",
        "placeholder `<role>`",
    ),
    Case(
        "scaffold-story",
        {"stories/s.yaml": story("What you did, step by step, in the first person.")},
        f"{S}:3:3",
        "text left from `portfolio new`",
    ),
    Case(
        "scaffold-answer",
        {"applications/a.yaml": answer("Your answer, in Markdown.")},
        f"{A}:9:11",
        "text left from `portfolio new`",
    ),
    Case("scaffold-quiet", {"stories/s.yaml": story("What I did, step by step: I asked.")}, None),
    # another tracked company's name in a final answer
    Case(
        "other-company",
        {"applications/a.yaml": answer("I have admired Globex Corp for years.")},
        f"{A}:9:26",
        "`Globex Corp` is the company of another application (`b`)",
    ),
    Case(
        "other-company-any-case",
        {"applications/a.yaml": answer("I admire\nglobex corp.")},
        f"{A}:10:11",
        "`globex corp` is the company of another application",
    ),
    Case(
        "other-company-short-name",
        {"applications/a.yaml": answer("Unlike Globex, you ship.")},
        f"{A}:9:18",
        "`Globex` is the company of another application",
    ),
    Case("own-company-quiet", {"applications/a.yaml": answer("Acme AI and Acme build tools I use.")}, None),
    Case(
        "mentions-quiet",
        {"applications/a.yaml": answer("I left Globex Corp for you.", "mentions: [Globex Corp]\n")},
        None,
    ),
    Case("short-name-lowercase-quiet", {"applications/a.yaml": answer("I watched the globex show.")}, None),
    Case("company-in-story-quiet", {"stories/s.yaml": story("Built tools with Globex Corp.")}, None),
    # spelling
    Case(
        "misspelled-story",
        {"stories/s.yaml": story("I worked determinedtly on it.")},
        f"{S}:3:12",
        "unknown word `determinedtly` (did you mean `determinedly`?)",
    ),
    Case(
        "misspelled-answer",
        {"applications/a.yaml": answer("My adaptabiltiy shows.")},
        f"{A}:9:14",
        "unknown word `adaptabiltiy` (did you mean `adaptability`?)",
    ),
    Case(
        "misspelled-summary-plain",
        {"stories/s.yaml": "title: Launch\nsummary: Wrote teh playbook.\naction: x\n"},
        f"{S}:2:16",
        "unknown word `teh`",
    ),
    Case(
        "misspelled-summary-quoted",
        {"stories/s.yaml": 'title: Launch\nsummary: "Said \\"hi\\" to teh team."\naction: x\n'},
        f"{S}:2:26",
        "unknown word `teh`",
    ),
    Case(
        "misspelled-folded",
        {"stories/s.yaml": "title: Launch\naction: >\n  Fine words\n  then teh end.\n"},
        f"{S}:4:8",
        "unknown word `teh`",
    ),
    Case(
        "misspelled-metric",
        {"stories/s.yaml": story("Fine.") + "metrics:\n  - 40% fewer incidnets\n"},
        f"{S}:5:15",
        "unknown word `incidnets`",
    ),
    Case("owner-word-exact-quiet", {"stories/s.yaml": story("Shipped Zyxoria and Kubeflow.")}, None),
    Case(
        "owner-word-capitals-exact",
        {"stories/s.yaml": story("Shipped zyxoria.")},
        f"{S}:3:11",
        "unknown word `zyxoria` (did you mean",
    ),
    Case(
        "defined-names-quiet",
        {"stories/s.yaml": story("At Quillbyte and Lovelace's team.", "title: Launch\norg: Quillbyte\n")},
        None,
    ),
    Case(
        "acronyms-digits-links-quiet",
        {"stories/s.yaml": story("As TPM I fixed CRDs on H100 nodes, see https://exmple.org/zzqx and `zzqxv`.")},
        None,
    ),
    # doubled words
    Case("doubled", {"stories/s.yaml": story("We shipped the the tool.")}, f"{S}:3:18", "word repeated: `the the`"),
    Case(
        "doubled-capital",
        {"stories/s.yaml": story("Done. The the rest followed.")},
        f"{S}:3:13",
        "word repeated: `The the`",
    ),
    Case(
        "doubled-line-break",
        {"stories/s.yaml": story("We shipped to\nto users.")},
        f"{S}:4:3",
        "word repeated: `to to`",
    ),
    Case("doubled-quiet", {"stories/s.yaml": story("I knew that that was it; then the team agreed.")}, None),
    # typography: notes, never errors
    Case(
        "spaced-hyphen",
        {"stories/s.yaml": story("Translators - between teams.")},
        f"{S}:3:15",
        "` - ` between words prints as a hyphen",
        "note",
    ),
    Case(
        "spaced-hyphen-strict-is-note",
        {"stories/s.yaml": story("Translators - between teams.")},
        f"{S}:3:15",
        "prints as a hyphen",
        "note",
        ["--strict"],
    ),
    Case("double-space", {"stories/s.yaml": story("Done.  Then more.")}, f"{S}:3:8", "two spaces in a row", "note"),
    Case(
        "mixed-quotes",
        {"stories/s.yaml": story("It’s Ada's work.")},
        f"{S}:3:11",
        "straight (') and curly (’) quotes mixed",
        "note",
    ),
    Case("typography-quiet", {"stories/s.yaml": story("Translators – between e-mail teams; it’s Ada’s work.")}, None),
    Case(
        "typography-switched-off",
        {"stories/s.yaml": story("Translators - between teams.")},
        None,
        args=["--no-typography"],
    ),
    # --strict turns the warnings into errors
    Case(
        "strict-error",
        {"stories/s.yaml": story("We cut costs by TODO percent.")},
        f"{S}:3:19",
        "placeholder `TODO`",
        "error",
        ["--strict"],
    ),
]


def _portfolio(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    base = {
        "profile.yaml": PROFILE,
        "dictionary.txt": DICTIONARY,
        "stories/s.yaml": story("Fine words here."),
        "applications/a.yaml": answer("Fine words here."),
        "applications/b.yaml": OTHER_APP,
    }
    for relative, text in {**base, **files}.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_text_checks_report_at_the_word(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _portfolio(tmp_path, case.files)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", *case.args])
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    if case.where is None:
        assert problems == [], result.stderr
        assert result.exit_code == 0
        return
    expected = f"{case.where}: {case.severity}: "
    assert [line for line in problems if line.startswith(expected) and case.fragment in line], result.stderr
    assert len(problems) == 1, result.stderr  # the one problem, nothing else
    assert result.exit_code == (1 if case.severity == "error" else 0)


def test_the_table_covers_every_rule_with_a_quiet_twin() -> None:
    assert len(CASES) >= 30
    assert sum(case.where is None for case in CASES) >= 10
