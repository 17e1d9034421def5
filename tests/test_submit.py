"""`portfolio submit`: the lock file, the application edit, and the check that guards sent text."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from pathlib import Path

import pytest
import yaml

from generator.content.loader import load_portfolio
from generator.content.sent import SentRecord, read_sent
from tests.conftest import run


@pytest.fixture
def content(in_portfolio: Path) -> Path:
    return in_portfolio


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if fragment in line)


def test_submit_records_final_versions_in_the_lock(content: Path) -> None:
    result = run("submit", "acme-pm", "--date", "2025-07-10")
    assert result.exit_code == 0, result.output
    assert "recorded `acme-pm` as sent on 2025-07-10: why-acme (v2), cover-letter (only)" in result.stdout
    app = load_portfolio(content).portfolio.applications["acme-pm"]
    lock = yaml.safe_load((content / "sent.lock").read_text("utf-8"))
    assert lock == {
        "format": 1,
        "applications": {
            "acme-pm": {
                "why-acme": [
                    {"version": "v2", "sha256": sha(app.answers[0].versions[1].text), "date": dt.date(2025, 7, 10)}
                ],
                "cover-letter": [
                    {"version": "only", "sha256": sha(app.answers[1].versions[0].text), "date": dt.date(2025, 7, 10)}
                ],
            }
        },
        "postings": {"acme-pm": [{"sha256": sha(app.posting.text), "date": dt.date(2025, 7, 10)}]},
    }
    assert read_sent(content) == {
        ("acme-pm", "why-acme"): SentRecord("v2", sha(app.answers[0].versions[1].text), dt.date(2025, 7, 10)),
        ("acme-pm", "cover-letter"): SentRecord("only", sha(app.answers[1].versions[0].text), dt.date(2025, 7, 10)),
    }


def test_lock_order_is_stable_apps_by_id_answers_in_order(content: Path) -> None:
    assert run("submit", "zyx-tpm", "--date", "2025-08-01").exit_code == 0
    assert run("submit", "acme-pm", "--date", "2025-08-02").exit_code == 0
    text = (content / "sent.lock").read_text("utf-8")
    assert text.index("  acme-pm:") < text.index("  zyx-tpm:")
    assert text.index("    why-acme:") < text.index("    cover-letter:")
    assert text.startswith("# What was sent, written by `portfolio submit`")


def test_submit_sets_status_and_date_and_changes_nothing_else(content: Path) -> None:
    path = content / "applications" / "zyx-tpm.yaml"
    before = path.read_text("utf-8").splitlines()
    result = run("submit", "zyx-tpm", "--date", "2025-08-01")
    assert result.exit_code == 0, result.output
    after = path.read_text("utf-8").splitlines()
    at = before.index("status: drafting")
    assert after == before[:at] + ["status: submitted", "submitted: 2025-08-01"] + before[at + 1 :]
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    "original, expected",
    [
        (  # comments stay in their columns; an existing date is replaced in place
            "# mine\ncompany: A   # the company\nrole: R\nstatus:   drafting   # keep me\nsubmitted: 2020-01-01 # old\n",
            "# mine\ncompany: A   # the company\nrole: R\nstatus: submitted    # keep me\nsubmitted: 2025-08-01 # old\n",
        ),
        (  # no status and no date: both added after `role`
            "company: A\nrole: R\n# answers come later\n",
            "company: A\nrole: R\nstatus: submitted\nsubmitted: 2025-08-01\n# answers come later\n",
        ),
        (  # the date goes after `opened`; a quoted status keeps its quotes
            "company: A\nrole: R\nstatus: 'idea'\nopened: 2025-07-01\nurl: https://a.example\n",
            "company: A\nrole: R\nstatus: 'submitted'\nopened: 2025-07-01\nsubmitted: 2025-08-01\nurl: https://a.example\n",
        ),
        (  # an empty value is filled in
            "company: A\nrole: R\nsubmitted:\n",
            "company: A\nrole: R\nstatus: submitted\nsubmitted: 2025-08-01\n",
        ),
        (  # later in the pipeline: the status stays
            "company: A\nrole: R\nstatus: rejected\n",
            "company: A\nrole: R\nstatus: rejected\nsubmitted: 2025-08-01\n",
        ),
        (  # Windows line endings and no final newline
            "company: A\r\nrole: R\r\nstatus: drafting",
            "company: A\r\nrole: R\r\nstatus: submitted\r\nsubmitted: 2025-08-01\r\n",
        ),
        (  # a block scalar before the insertion point
            "company: A\nrole: |\n  Two\n  lines\nnotes: x\n",
            "company: A\nrole: |\n  Two\n  lines\nstatus: submitted\nsubmitted: 2025-08-01\nnotes: x\n",
        ),
    ],
)
def test_application_edit_keeps_layout(content: Path, original: str, expected: str) -> None:
    # An answer first (submit refuses an application with none), in the file's line endings.
    answer = "answers:\n  - id: a\n    versions:\n      - id: v1\n        text: Hello.\n"
    answer = answer.replace("\n", "\r\n") if "\r\n" in original else answer
    original, expected = answer + original, answer + expected
    path = content / "applications" / "edit-me.yaml"
    path.write_bytes(original.encode("utf-8"))
    result = run("submit", "edit-me", "--date", "2025-08-01")
    assert result.exit_code == 0, result.output
    assert path.read_bytes().decode("utf-8") == expected


HAND_WRITTEN = """\
# yaml-language-server: $schema=../../schema/application.schema.json
# My application to Hand: written by hand, in my own layout.

company: "Hand \\u0026 Co"   # escaped on purpose
role:    Engineer
url: ~
status: drafting           # moves on submit

opened: 2025-07-01
# deadline: 2025-08-01
notes: a note wrapped
  over two lines, with trailing spaces   
criteria:
- text: Writes things down.
  stories: [ gpu-playbook ]

answers:
    # the one that matters
    - id: why-hand
      limit: {words:  100}
      versions:
          - id: v1
            text: |
                Four spaces in, as I like it.

contacts:
  - name: Jo
"""


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_submit_keeps_comments_blank_lines_order_and_layout_and_changes_only_its_lines(content: Path) -> None:
    path = content / "applications" / "hand.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    assert run("check").exit_code == 0
    result = run("submit", "hand", "--date", "2025-08-01")
    assert result.exit_code == 0, result.output
    after = path.read_text("utf-8")
    assert changed_lines(HAND_WRITTEN, after) == [
        "-status: drafting           # moves on submit",
        "+status: submitted          # moves on submit",
        "+submitted: 2025-08-01",
    ]
    assert after.index("opened: 2025-07-01\nsubmitted: 2025-08-01\n# deadline: 2025-08-01\n") > 0
    app = load_portfolio(content).portfolio.applications["hand"]  # the written file still loads, as meant
    assert (app.company, app.status, app.submitted) == ("Hand & Co", "submitted", dt.date(2025, 8, 1))
    assert app.notes == "a note wrapped over two lines, with trailing spaces"
    assert run("check").exit_code == 0


def test_submit_keeps_a_crlf_file_crlf_throughout(content: Path) -> None:
    path = content / "applications" / "hand.yaml"
    path.write_bytes(HAND_WRITTEN.replace("\n", "\r\n").encode("utf-8"))
    assert run("submit", "hand", "--date", "2025-08-01").exit_code == 0
    after = path.read_bytes().decode("utf-8")
    assert "\r\r" not in after and after.count("\n") == after.count("\r\n")
    assert changed_lines(HAND_WRITTEN, after.replace("\r\n", "\n"))[-1] == "+submitted: 2025-08-01"


def test_submit_of_a_new_application_changes_two_lines(content: Path) -> None:
    assert run("new", "application", "fresh", "--company", "Fresh: Inc", "--role", "PM").exit_code == 0
    path = content / "applications" / "fresh.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "# answers:", "answers: [{id: a, versions: [{id: v1, text: Hi.}]}]\n# answers:"
        ),
        encoding="utf-8",
    )
    before = path.read_text("utf-8")
    assert run("submit", "fresh", "--date", "2025-08-01").exit_code == 0
    assert changed_lines(before, path.read_text("utf-8")) == [
        "-status: drafting          # idea, drafting, submitted, interviewing, offer, rejected, withdrawn",
        "+status: submitted         # idea, drafting, submitted, interviewing, offer, rejected, withdrawn",
        "+submitted: 2025-08-01",
    ]
    assert load_portfolio(content).portfolio.applications["fresh"].company == "Fresh: Inc"


def test_a_second_submit_adds_only_its_records_to_the_lock(content: Path) -> None:
    assert run("submit", "zyx-tpm", "--date", "2025-08-01").exit_code == 0
    lock = content / "sent.lock"
    before = lock.read_text("utf-8").replace("  zyx-tpm:\n", "  zyx-tpm:   # my note on zyx\n")
    before = before.replace("applications:\n", "\n# my note on the lock\napplications:\n")
    lock.write_text(before, encoding="utf-8")
    assert run("submit", "acme-pm", "--date", "2025-08-02").exit_code == 0
    after = lock.read_text("utf-8")
    added = [line for line in changed_lines(before, after) if line.startswith("+")]
    # the app; two answers of one record each; its saved posting pinned (postings:, the app, sha256, date)
    assert len(added) == len(changed_lines(before, after)) == 1 + 2 * (1 + 3) + 4
    assert "\n# my note on the lock\napplications:\n  acme-pm:\n" in after
    assert after.index("  acme-pm:") < after.index("  zyx-tpm:   # my note on zyx\n")
    assert set(read_sent(content)) == {("acme-pm", "why-acme"), ("acme-pm", "cover-letter"), ("zyx-tpm", "why-zyx")}


def test_a_file_the_round_trip_cannot_keep_is_left_for_the_owner_to_edit(content: Path) -> None:
    path = content / "applications" / "octal.yaml"
    original = (
        "company: A\nrole: R\nanswers:\n  - id: a\n    limit: {words: 010}\n    versions: [{id: v1, text: Hi.}]\n"
    )
    path.write_text(original, encoding="utf-8")  # PyYAML reads 010 as 8, ruamel.yaml as 10
    result = run("submit", "octal", "--date", "2025-08-01")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: content/applications/octal.yaml: cannot update it without changing other")
    assert path.read_text("utf-8") == original
    assert not (content / "sent.lock").exists()


def test_changed_sent_text_is_an_error_at_the_answer(content: Path) -> None:
    assert run("submit", "zyx-tpm", "--date", "2025-08-01").exit_code == 0
    path = content / "applications" / "zyx-tpm.yaml"
    text = path.read_text("utf-8")
    sent = load_portfolio(content).portfolio.applications["zyx-tpm"].answers[0].final_version.text
    path.write_text(text.replace(sent.strip(), sent.strip() + " Edited."), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    line = line_of(path, "- id: why-zyx")
    assert (
        f"content/applications/zyx-tpm.yaml:{line}:5: error: answer `why-zyx` version `v1` was sent on "
        "2025-08-01; add a new version instead"
    ) in result.stderr.splitlines()


def test_whitespace_only_edit_of_sent_text_is_also_caught(content: Path) -> None:
    assert run("submit", "acme-pm", "--date", "2025-07-10").exit_code == 0
    path = content / "applications" / "acme-pm.yaml"
    path.write_text(path.read_text("utf-8").replace("doing it by hand.\n", "doing it by hand. \n"), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "answer `why-acme` version `v2` was sent on 2025-07-10" in result.stderr


def test_deleted_sent_version_and_answer_are_errors(content: Path) -> None:
    assert run("submit", "acme-pm", "--date", "2025-07-10").exit_code == 0
    path = content / "applications" / "acme-pm.yaml"
    text = path.read_text("utf-8")
    start = text.index("  - id: cover-letter")
    end = text.index("contacts:")
    without_v2 = text[: text.index("      - id: v2")] + text[start:]
    path.write_text(without_v2.replace("    final: v2\n", ""), encoding="utf-8")
    result = run("check")
    assert "error: answer `why-acme` version `v2` was sent on 2025-07-10 and is gone" in result.stderr
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "error: answer `cover-letter` was sent on 2025-07-10 and is gone" in result.stderr


def test_deleted_sent_application_is_an_error_in_the_lock(content: Path) -> None:
    assert run("submit", "acme-pm", "--date", "2025-07-10").exit_code == 0
    (content / "applications" / "acme-pm.yaml").unlink()
    result = run("check")
    assert result.exit_code == 1
    assert "content/sent.lock:6:3: error: application `acme-pm` was sent on 2025-07-10" in result.stderr


def test_new_version_after_submit_is_fine_and_resubmit_appends(content: Path) -> None:
    assert run("submit", "zyx-tpm", "--date", "2025-08-01").exit_code == 0
    path = content / "applications" / "zyx-tpm.yaml"
    app_text = path.read_text("utf-8")
    marker = "    versions:\n"
    at = app_text.index(marker, app_text.index("- id: why-zyx")) + len(marker)
    rest = app_text[at:]
    # append a version v9 after the existing ones of the first answer
    next_answer = rest.find("\n  - id:")
    block_end = at + (next_answer + 1 if next_answer >= 0 else len(rest))
    new_version = "      - id: v9\n        text: |\n          A better answer.\n"
    path.write_text(app_text[:block_end] + new_version + app_text[block_end:], encoding="utf-8")
    assert run("check").exit_code == 0
    result = run("submit", "zyx-tpm", "--date", "2025-09-01")
    assert result.exit_code == 0, result.output
    assert "why-zyx (v9)" in result.stdout
    records = yaml.safe_load((content / "sent.lock").read_text("utf-8"))["applications"]["zyx-tpm"]["why-zyx"]
    assert [(r["version"], r["date"]) for r in records] == [("v1", dt.date(2025, 8, 1)), ("v9", dt.date(2025, 9, 1))]
    assert read_sent(content)[("zyx-tpm", "why-zyx")].version_id == "v9"
    assert "submitted: 2025-09-01" in path.read_text("utf-8")


def test_submitting_again_unchanged_touches_nothing(content: Path) -> None:
    assert run("submit", "acme-pm", "--date", "2025-07-10").exit_code == 0
    files = [content / "sent.lock", content / "applications" / "acme-pm.yaml"]
    before = [f.read_bytes() for f in files]
    result = run("submit", "acme-pm", "--date", "2025-07-20")
    assert result.exit_code == 0
    assert result.stdout.startswith("nothing new to record")
    assert [f.read_bytes() for f in files] == before


def test_submit_keeps_the_files_permissions_and_leaves_no_temporary_file(content: Path) -> None:
    app_file, lock_file = content / "applications" / "acme-pm.yaml", content / "sent.lock"
    app_file.chmod(0o600)  # the owner keeps this file to themself
    before = app_file.read_bytes()
    assert run("submit", "acme-pm", "--date", "2025-07-12").exit_code == 0  # a new `submitted` date
    lock_file.chmod(0o640)
    lock = lock_file.read_bytes()
    assert run("submit", "zyx-tpm", "--date", "2025-07-11").exit_code == 0
    assert app_file.read_bytes() != before and lock_file.read_bytes() != lock  # both were replaced
    assert (app_file.stat().st_mode & 0o777, lock_file.stat().st_mode & 0o777) == (0o600, 0o640)
    assert not [p.name for p in content.rglob("*.tmp")]


def test_submit_refuses_content_with_errors_and_unknown_apps(content: Path) -> None:
    result = run("submit", "acme", "--date", "2025-07-10")
    assert result.exit_code == 2  # wrong usage, as for `pdf` and `cv`
    assert "Error: no application `acme`" in result.stderr and "did you mean `acme-pm`?" in result.stderr
    (content / "stories" / "broken.yaml").write_text("titel: x\n", encoding="utf-8")
    result = run("submit", "acme-pm")
    assert result.exit_code == 1
    assert "unknown field `titel`" in result.stderr
    assert not (content / "sent.lock").exists()


def test_bad_date_is_wrong_usage(content: Path) -> None:
    result = run("submit", "acme-pm", "--date", "10/07/2025")
    assert result.exit_code == 2
    assert not (content / "sent.lock").exists()


GOOD_RECORD = "      - version: v2\n        sha256: " + "a" * 64 + "\n        date: 2025-07-10\n"


@pytest.mark.parametrize(
    "lock, where, fragment",
    [
        (
            "format: 1\napplications:\n  acme-pm:\n    why-acme:\n" + GOOD_RECORD.replace("a" * 64, "xyz"),
            "6:17",
            "`xyz` is not a valid id for `sha256`",
        ),
        ("format: 2\napplications: {}\n", "1:9", "`format` must be one of: 1"),
        ("applications: {}\n", "1:1", "missing required field `format`"),
        (
            "format: 1\napplications:\n  acme-pm:\n    why-acme:\n" + GOOD_RECORD.replace("2025-07-10", "2025-13-01"),
            "7:15",
            "`2025-13-01` is not a real date",
        ),
        ("format: 1\napplication: {}\n", "2:1", "unknown field `application`; did you mean `applications`?"),
        ("format: 1\napplications:\n  acme-pm:\n    why-acme: []\n", "4:15", "`why-acme` needs at least one entry"),
        ("- not a mapping\n", "1:1", "top level must be a mapping"),
        (
            "format: 1\napplications:\n  acme-pm:\n    why-acme:\n      - version: v2\n",
            "5:9",
            "missing required field `sha256`",
        ),
    ],
)
def test_malformed_lock_is_a_positioned_content_error(content: Path, lock: str, where: str, fragment: str) -> None:
    (content / "sent.lock").write_text(lock, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/sent.lock:")]
    assert any(line.startswith(f"content/sent.lock:{where}: error:") and fragment in line for line in lines), lines
