"""The table of broken content (tests/test_check_errors.py, tests/test_file_reads.py): a file in, the positioned message out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

STORY_OK = "title: A story\naction: Did a thing.\n"
APP_HEAD = "company: Acme AI\nrole: Product Manager\n"


@dataclass
class Case:
    id: str
    files: dict[str, str | bytes]  # path under content/ -> new text (None-like "" keeps)
    where: str  # "FILE:LINE:COL" relative to the working folder
    fragment: str
    remove: list[str] = field(default_factory=list)
    args: list[str] = field(default_factory=list)

    def write(self, content: Path) -> None:
        """Break the portfolio in `content` as this case does."""
        for relative in self.remove:
            (content / relative).unlink()
        for relative, text in self.files.items():
            path = content / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")


CASES = [
    Case(
        "typo-did-you-mean",
        {"stories/s.yaml": "titel: A story\naction: x\n"},
        "content/stories/s.yaml:1:1",
        "unknown field `titel`; did you mean `title`?",
    ),
    Case(
        "missing-required",
        {"stories/s.yaml": "summary: No title\naction: x\n"},
        "content/stories/s.yaml:1:1",
        "missing required field `title`",
    ),
    Case(
        "duplicate-key",
        {"stories/s.yaml": "title: A\naction: x\ntitle: B\n"},
        "content/stories/s.yaml:3:1",
        "duplicate key `title` (first at line 1)",
    ),
    Case(
        "impossible-date",
        {"applications/a.yaml": APP_HEAD + "opened: 2026-13-45\n"},
        "content/applications/a.yaml:3:9",
        "`2026-13-45` is not a real date",
    ),
    Case(
        "python-tag",
        {"stories/s.yaml": STORY_OK + "summary: !!python/object/apply:os.system ['true']\n"},
        "content/stories/s.yaml:3:10",
        "tag `tag:yaml.org,2002:python/object/apply:os.system` is not allowed",
    ),
    Case(
        "custom-tag",
        {"stories/s.yaml": STORY_OK + "summary: !include other.yaml\n"},
        "content/stories/s.yaml:3:10",
        "tag `!include` is not allowed",
    ),
    Case(
        "alias-bomb",
        {
            "stories/s.yaml": STORY_OK
            + "".join(
                f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]\n" if i else "l0: &l0 [lol]\n" for i in range(9)
            )
        },
        "content/stories/s.yaml:1:1",
        "expands to more than",
    ),
    Case(
        "recursive-alias",
        {"stories/s.yaml": STORY_OK + "tags: &t [a, *t]\n"},
        "content/stories/s.yaml:3:7",
        "an alias refers to a value that contains it",
    ),
    Case("not-utf8", {"stories/s.yaml": b"title: Caf\xe9\naction: x\n"}, "content/stories/s.yaml:1:11", "not UTF-8"),
    Case("empty-file", {"stories/s.yaml": ""}, "content/stories/s.yaml:1:1", "file is empty"),
    Case(
        "top-level-list",
        {"stories/s.yaml": "- title: A\n"},
        "content/stories/s.yaml:1:1",
        "top level must be a mapping",
    ),
    Case(
        "yaml-syntax", {"stories/s.yaml": 'title: "unclosed\naction: x\n'}, "content/stories/s.yaml:3:1", "invalid YAML"
    ),
    Case(
        "bad-file-stem",
        {"stories/My_Story.yaml": STORY_OK},
        "content/stories/My_Story.yaml:1:1",
        "like `my-story.yaml`",
    ),
    Case(
        "stray-file",
        {"stories/notes.txt": "hello"},
        "content/stories/notes.txt:1:1",
        "only YAML files belong in stories/",
    ),
    Case(
        "unknown-story-answer",
        {
            "applications/a.yaml": APP_HEAD
            + "answers:\n  - id: why\n    stories: [gpu-playbok]\n    versions:\n      - id: v1\n        text: Hi.\n"
        },
        "content/applications/a.yaml:5:15",
        "unknown story `gpu-playbok`; did you mean `gpu-playbook`?",
    ),
    Case(
        "unknown-story-criterion",
        {"applications/a.yaml": APP_HEAD + "criteria:\n  - text: Curious.\n    stories:\n      - nowhere\n"},
        "content/applications/a.yaml:6:9",
        "unknown story `nowhere`",
    ),
    Case(
        "duplicate-answer-id",
        {
            "applications/a.yaml": APP_HEAD
            + "answers:\n  - id: why\n    versions: [{id: v1, text: A}]\n  - id: why\n    versions: [{id: v1, text: B}]\n"
        },
        "content/applications/a.yaml:6:9",
        "duplicate answer id `why`",
    ),
    Case(
        "duplicate-version-id",
        {
            "applications/a.yaml": APP_HEAD
            + "answers:\n  - id: why\n    versions:\n      - id: v1\n        text: A\n      - id: v1\n        text: B\n"
        },
        "content/applications/a.yaml:8:13",
        "duplicate version id `v1`",
    ),
    Case(
        "final-names-no-version",
        {
            "applications/a.yaml": APP_HEAD
            + "answers:\n  - id: why\n    final: v3\n    versions:\n      - id: v1\n        text: A\n      - id: v2\n        text: B\n"
        },
        "content/applications/a.yaml:5:12",
        "`final` names no version of answer `why`: `v3`",
    ),
    Case("missing-profile", {}, "content/profile.yaml:1:1", "missing profile.yaml", remove=["profile.yaml"]),
    Case(
        "status-enum",
        {"applications/a.yaml": APP_HEAD + "status: sent\n"},
        "content/applications/a.yaml:3:9",
        "must be one of: idea, drafting, submitted",
    ),
    Case(
        "kind-enum",
        {
            "applications/a.yaml": APP_HEAD
            + "answers:\n  - id: why\n    kind: essay\n    versions: [{id: v1, text: A}]\n"
        },
        "content/applications/a.yaml:5:11",
        "`kind` must be one of: answer, cover-letter, referral, talking-points",
    ),
    Case(
        "visibility-enum",
        {"stories/s.yaml": STORY_OK + "visibility: secret\n"},
        "content/stories/s.yaml:3:13",
        "`visibility` must be one of: shared, private",
    ),
    Case(
        "posting-url-scheme",
        {"applications/a.yaml": APP_HEAD + "url: javascript:alert(1)\n"},
        "content/applications/a.yaml:3:6",
        "is not a web or mail link",
    ),
    Case(
        "profile-link-scheme",
        {"profile.yaml": "name: Ada\nlinks:\n  - label: Files\n    url: ftp://example.org\n"},
        "content/profile.yaml:4:10",
        "is not a web or mail link",
    ),
    Case(
        "profile-link-too-long",
        {"profile.yaml": "name: Ada\nlinks:\n  - label: Site\n    url: https://example.org/" + "a" * 2000 + "\n"},
        "content/profile.yaml:4:10",
        "characters long: keep it under 2,000",
    ),
    Case(
        "profile-email-not-an-address",
        {"profile.yaml": "name: Ada\nemail: 'word{{ 7*7 }}'\n"},
        "content/profile.yaml:2:8",
        "`email`: not an email address",
    ),
    Case(
        "empty-versions",
        {"applications/a.yaml": APP_HEAD + "answers:\n  - id: why\n    versions: []\n"},
        "content/applications/a.yaml:5:15",
        "`versions` needs at least one entry",
    ),
    Case(
        "answer-id-not-slug",
        {"applications/a.yaml": APP_HEAD + "answers:\n  - id: Why Acme\n    versions: [{id: v1, text: A}]\n"},
        "content/applications/a.yaml:4:9",
        "`Why Acme` is not a valid id",
    ),
    Case(
        "limit-not-number",
        {
            "applications/a.yaml": APP_HEAD
            + "answers:\n  - id: why\n    limit: {words: many}\n    versions: [{id: v1, text: A}]\n"
        },
        "content/applications/a.yaml:5:20",
        "`words` should be a whole number",
    ),
    Case(
        "limit-negative",
        {
            "applications/a.yaml": APP_HEAD
            + "answers:\n  - id: why\n    limit:\n      words: -5\n    versions: [{id: v1, text: A}]\n"
        },
        "content/applications/a.yaml:6:14",
        "`words` must be greater than 0",
    ),
    Case(
        "story-without-star",
        {"stories/s.yaml": "title: Only a title\n"},
        "content/stories/s.yaml:1:1",
        "needs at least one of `situation`, `task`, `action`, `result`",
    ),
    Case(
        "merge-key",
        {"stories/s.yaml": "base: &b {org: X}\ntitle: A\naction: x\n<<: *b\n"},
        "content/stories/s.yaml:4:1",
        "merge keys (`<<`) are not supported",
    ),
    Case(
        "tags-not-list",
        {"stories/s.yaml": STORY_OK + "tags: infra\n"},
        "content/stories/s.yaml:3:7",
        "`tags` should be a list",
    ),
    Case(
        "dateish-bad-month",
        {"stories/s.yaml": STORY_OK + "start: 2023-13\n"},
        "content/stories/s.yaml:3:8",
        "`start`: `2023-13` is not a real date (month must be in 1..12)",
    ),
    Case(
        "version-missing-text",
        {
            "applications/a.yaml": APP_HEAD
            + "answers:\n  - id: why\n    versions:\n      - id: v1\n        note: forgot\n"
        },
        "content/applications/a.yaml:6:9",
        "missing required field `text`",
    ),
    Case(
        "nul-escape-in-text",
        {"stories/s.yaml": 'title: A story\naction: "Did\\0 # Injected heading"\n'},
        "content/stories/s.yaml:2:9",
        "control character U+0000",
    ),
    Case(
        "escape-control-in-answer",
        {
            "applications/a.yaml": APP_HEAD
            + 'answers:\n  - id: why\n    versions:\n      - {id: v1, text: "a\\x1b[31m"}\n'
        },
        "content/applications/a.yaml:6:24",
        "control character U+001B",
    ),
    Case(
        "integer-too-long",
        {"applications/a.yaml": APP_HEAD + "pack_pages: " + "9" * 5001 + "\n"},
        "content/applications/a.yaml:3:13",
        "a number of 5,001 digits is too long",
    ),
    Case(
        "over-limit-strict",
        {
            "applications/a.yaml": APP_HEAD
            + "answers:\n  - id: why\n    limit: {words: 3}\n    versions:\n      - id: v1\n        text: one two three four five\n"
        },
        "content/applications/a.yaml:8:15",
        "is 5 words, 2 over the limit of 3",
        args=["--strict"],
    ),
    Case(
        "submitted-without-date-strict",
        {"applications/a.yaml": APP_HEAD + "status: interviewing\n"},
        "content/applications/a.yaml:3:9",
        "no `submitted` date",
        args=["--strict"],
    ),
    Case(
        "dictionary-not-utf8",
        {"dictionary.txt": b"Perplexity\n\xff\xfe\n"},
        "content/dictionary.txt:2:1",
        "this file is not UTF-8 text",
    ),
    Case(
        "story-id-index-is-the-stories-page",
        {"stories/index.yaml": STORY_OK},
        "content/stories/index.yaml:1:1",
        "`index` is the name of a page the site makes itself",
    ),
    Case(
        "application-id-cv-is-the-resume",
        {"applications/cv.yaml": APP_HEAD},
        "content/applications/cv.yaml:1:1",
        "`cv` is the name of a page the site makes itself",
    ),
    Case(
        "event-id-index-is-the-application-page",
        {"applications/a.yaml": APP_HEAD + "events:\n  - id: index\n    kind: call\n    at: 2025-07-22\n"},
        "content/applications/a.yaml:4:9",
        "`index` is taken by the application's page",
    ),
]
