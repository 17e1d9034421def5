"""Mutated portfolios through the real `portfolio check`, `build` and `pdf`.

Each example copies the fixture portfolio, breaks or stretches it (wrong
types, odd encodings, huge values, deep nesting, unknown references, text
full of Markdown, HTML, Jinja and Typst syntax) and runs the command line
in-process with click's runner, next to a good site and good packs built
before. Every run either succeeds or exits 1 with positioned
`FILE:LINE:COL: error:` lines, never a traceback; `check` predicts what
`build` and `pdf` do; and a failed run leaves the previous outputs byte for
byte as they were, with nothing left beside them.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.content.yamlsource import YAML_SUFFIXES
from tests.conftest import FIXTURE_PORTFOLIO, TEMPLATE_AND_MARKUP_SYNTAX

YAML_FILES = sorted(p.relative_to(FIXTURE_PORTFOLIO).as_posix() for p in FIXTURE_PORTFOLIO.rglob("*.yaml"))
PAGE = "pages/about.md"
PROBLEM = re.compile(r"^(?P<file>content/[^:]+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (?P<severity>error|warning): \S")
SUMMARY = re.compile(r"^\d+ error\(s\), \d+ warning\(s\)$")
# Lines a run may print besides problems: MkDocs' own warnings and the note on an unencrypted site.
OTHER = ("warning: ", "note: ")

# Valid text that means something to Markdown, HTML, Jinja2, Typst, YAML or a
# terminal; it must be shown as typed, never run.
UNUSUAL = [
    *TEMPLATE_AND_MARKUP_SYNTAX,
    "&amp; &lt; &#x41;",
    "#set text(fill: red)",
    '#panic("boom")',
    "$$ x^2 $$",
    "$x$ @label <label>",
    "\\ ` ``` ~~~ * _ [ ] { } | #",
    "[click](javascript:alert(1)) ![img](/etc/passwd)",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "::: {.warning}\nfenced div\n:::",
    '```{=typst}\n#panic("raw")\n```',
    "```{=html}\n<script>raw()</script>\n```",
    "[^1]\n\n[^1]: a footnote",
    "---\ntitle: front matter?\n---",
    "before\n\n---\n\nafter",
    "[later](#) [colon](#::) [dash](#—) ## Odd {#—}\n\n## Odd {#—}",
    "Wait&#46;&#46;&#46; x-&#63;y",
    "👩🏽‍💻 🚀 e\u0301 日本語",
    "مرحبا بالعالم \u202eevil\u202c שלום",
    "zero\u200bwidth",
    "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 40,
]

special_text = st.text(
    alphabet=st.sampled_from(list("{}%#$@<>&\\`*_[]|~^=:!-+.()\"'/ \nab7é😀שא\u202e\u200b日")), min_size=1, max_size=60
)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


def nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


def _big_text(huge: bool) -> st.SearchStrategy[str]:
    """Many words; with `huge`, up to 200 KB."""
    return st.sampled_from([20_000, 1_000] if huge else [300, 50]).map(lambda n: " ".join(["word{{ 7*7 }}"] * n))


def _values(huge: bool) -> st.SearchStrategy[Any]:
    wrong_types = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.dates(),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.sampled_from(["x", "text", "id"]), st.integers(), max_size=2),
    )
    references = st.one_of(slugs, st.sampled_from(["acme-pm", "../etc/passwd", "Gpu-Playbook", "gpu-playbook "]))
    sizes = [10_000, 1_000] if huge else [300, 50]
    big = st.sampled_from(sizes).flatmap(
        lambda n: st.sampled_from([[f"item {i} {{{{ 7*7 }}}}" for i in range(n)], nested(min(n, 60))])
    )
    return st.one_of(
        wrong_types,
        st.sampled_from(UNUSUAL),
        special_text,
        references,
        st.lists(references, max_size=3),
        _big_text(huge),
        big,
    )


def _paths(data: Any, where: tuple = ()) -> list[tuple]:
    """Every key and list index path in a file's data."""
    found = [where] if where else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*where, index))
    return found


def _get(data: Any, where: tuple) -> Any:
    for key in where:
        data = data[key]
    return data


def _set_value(content: Path, relative: str, pick: int, action: str, value: Any) -> None:
    path = content / relative
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError, yaml.YAMLError):
        return  # an earlier mutation already broke, nested or removed the file
    if not isinstance(data, dict):
        return
    paths = _paths(data)
    if action == "text":  # valid content: a text field gets unusual text
        paths = [where for where in paths if isinstance(_get(data, where), str)] or paths
    where = paths[pick % len(paths)]
    parent = _get(data, where[:-1])
    last = where[-1]
    if action == "delete":
        del parent[last]
    elif action == "add-key" and isinstance(parent, dict):
        parent[f"unknown_{last}"] = value
    elif action == "append" and isinstance(parent[last], list):
        parent[last].append(value)
    else:
        parent[last] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8")


def _change_bytes(content: Path, relative: str, how: str, at: int) -> None:
    path = content / relative
    if not path.is_file():
        return
    raw = path.read_bytes()
    i = at % (len(raw) + 1)
    text = raw.decode("utf-8", "replace")
    changed = {
        "utf-16": lambda: text.encode("utf-16"),  # with a BOM
        "utf-16-le": lambda: text.encode("utf-16-le"),
        "latin-1": lambda: (text + "\nnotes: café crème\n").encode("latin-1", "replace"),
        "nul": lambda: raw[:i] + b"\x00" + raw[i:],
        "lone-surrogate": lambda: raw[:i] + "\ud800".encode("utf-8", "surrogatepass") + raw[i:],
        "control": lambda: raw[:i] + b"\x1b[31m\x07" + raw[i:],
        "utf-8-bom": lambda: b"\xef\xbb\xbf" + raw,
        "crlf": lambda: raw.replace(b"\n", b"\r\n"),
        "truncate": lambda: raw[:i],
        "deep-flow": lambda: raw + b"\nmetrics: " + b"[" * 3000 + b"]" * 3000 + b"\n",
        # as deep as libyaml allows (1,000 levels), far deeper than Python recursion goes
        "deep-block": lambda: raw + b"\nzz_deep:\n" + b"- " * 990 + b"x\n",
    }[how]()
    path.write_bytes(changed)


def _change_files(content: Path, how: str, relative: str) -> None:
    path = content / relative
    if how == "delete":
        path.unlink(missing_ok=True)
    elif how == "bad-id" and path.is_file():
        path.rename(path.with_name("Not An_Id..yaml"))
    elif how == "duplicate-id" and path.is_file():
        shutil.copy(path, path.with_suffix(".yml"))
    elif how == "stray-file":
        (content / "stories" / "notes.txt").write_text("not YAML\n", encoding="utf-8")
    elif how == "stray-folder":
        (content / "applications" / "old").mkdir(exist_ok=True)
    elif how == "empty":
        path.write_bytes(b"")


def mutations(huge: bool) -> st.SearchStrategy[list[tuple]]:
    value = st.tuples(
        st.just("value"),
        st.sampled_from(YAML_FILES),
        st.integers(0, 10_000),
        st.sampled_from(["set", "set", "delete", "add-key", "append"]),
        _values(huge),
    )
    raw = st.tuples(
        st.just("bytes"),
        st.sampled_from([*YAML_FILES, PAGE]),
        st.sampled_from(
            [
                "utf-16",
                "utf-16-le",
                "latin-1",
                "nul",
                "lone-surrogate",
                "control",
                "utf-8-bom",
                "crlf",
                "truncate",
                "deep-flow",
                "deep-block",
            ]
        ),
        st.integers(0, 5_000),
    )
    page_text = st.tuples(st.just("page"), st.sampled_from(UNUSUAL) | special_text)
    files = st.tuples(
        st.just("file"),
        st.sampled_from(["delete", "bad-id", "duplicate-id", "stray-file", "stray-folder", "empty"]),
        st.sampled_from([*YAML_FILES, PAGE]),
    )
    text = st.tuples(
        st.just("value"),
        st.sampled_from(YAML_FILES),
        st.integers(0, 10_000),
        st.just("text"),
        st.one_of(st.sampled_from(UNUSUAL), special_text, _big_text(huge)),
    )
    return st.lists(st.one_of(value, text, text, raw, page_text, files), min_size=1, max_size=3)


def apply_mutations(content: Path, steps: list[tuple]) -> None:
    for step in steps:
        kind, *args = step
        if kind == "value":
            _set_value(content, *args)
        elif kind == "bytes":
            _change_bytes(content, *args)
        elif kind == "page":
            (content / PAGE).write_text(f"# A page\n\n{args[0]}\n", encoding="utf-8")
        else:
            _change_files(content, *args)


def run(*args: str) -> Result:
    """The real command line, in-process, in the current folder, never encrypting."""
    return CliRunner(env={"PORTFOLIO_PASSWORD": None}).invoke(main, list(args), catch_exceptions=True)


def assert_diagnosed(result: Result, command: str) -> None:
    """Success, or exit 1 with positioned problems only; never a traceback."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"`portfolio {command}` raised instead of reporting:\n{trace}")
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if result.exit_code == 0:
        return
    strange = [line for line in lines if not (PROBLEM.match(line) or SUMMARY.match(line) or line.startswith(OTHER))]
    assert not strange, f"`portfolio {command}` printed unpositioned lines:\n" + "\n".join(lines)
    assert any(m and m["severity"] == "error" for m in map(PROBLEM.match, lines)), result.stderr


def snapshot(folder: Path) -> dict[str, str]:
    """Every file (and folder) under `folder`, with a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def good_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good site (with its packs) and good packs, built once from the fixture."""
    root = tmp_path_factory.mktemp("good")
    shutil.copytree(FIXTURE_PORTFOLIO, root / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        for args in (["build", "--site-dir", "out/site"], ["pdf", "--out", "out/packs"]):
            result = run(*args)
            assert result.exit_code == 0, result.output
    assert (root / "out" / "site" / "pdf" / "acme-pm.pdf").is_file()
    return root / "out"


def _workspace(base: Path, good: Path | None) -> Path:
    root = Path(tempfile.mkdtemp(dir=base))
    shutil.copytree(FIXTURE_PORTFOLIO, root / "content")
    if good is not None:
        shutil.copytree(good, root / "out", symlinks=True)
    return root


CHECK_SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
BUILD_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


@pytest.mark.slow
@CHECK_SETTINGS
@given(steps=mutations(huge=True))
# Bugs found by this test, always tried again:
@example(steps=[("bytes", "stories/secret-side-project.yaml", "deep-block", 0)])  # RecursionError
@example(steps=[("value", "applications/acme-pm.yaml", 2, "set", "| a | b |\n|---|---|")])  # a two-line problem
@example(steps=[("bytes", "stories/teaching-ml.yaml", "nul", 200)])  # reader error without position
@example(steps=[("bytes", PAGE, "latin-1", 0)])  # a hand-written page: unchecked
def test_check_reports_positioned_problems_for_any_mutation(
    steps: list[tuple], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path, None)
    try:
        apply_mutations(root / "content", steps)
        monkeypatch.chdir(root)
        assert_diagnosed(run("check"), "check")
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
@BUILD_SETTINGS
@given(steps=mutations(huge=False))
@example(steps=[("bytes", PAGE, "latin-1", 0)])  # found: a traceback from MkDocs reading the page
# found: an application written as `<id>.yml` has its pack like any other
@example(steps=[("file", "duplicate-id", "applications/acme-pm.yaml"), ("file", "delete", "applications/acme-pm.yaml")])
def test_build_and_pdf_replace_their_outputs_whole_or_not_at_all(
    steps: list[tuple], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good_outputs: Path
) -> None:
    root = _workspace(tmp_path, good_outputs)
    try:
        apply_mutations(root / "content", steps)
        monkeypatch.chdir(root)
        before = {name: snapshot(root / "out" / name) for name in ("site", "packs")}
        checked = run("check")
        assert_diagnosed(checked, "check")
        event(f"check exits {checked.exit_code}")
        for name, args in (("site", ["build", "--site-dir", "out/site"]), ("packs", ["pdf", "--out", "out/packs"])):
            result = run(*args)
            assert_diagnosed(result, args[0])
            # `check` says whether the content builds: no surprise failure (or success) later.
            assert result.exit_code == checked.exit_code, (args, checked.output, result.output)
            assert sorted(p.name for p in (root / "out").iterdir()) == ["packs", "site"]  # no staging left
            output = root / "out" / name
            if result.exit_code == 1:
                assert snapshot(output) == before[name], f"a failed `{args[0]}` changed {name}/"
            else:
                assert (output / "index.html").is_file() if name == "site" else True
                assert not [p for p in output.rglob(".*")], "temporary files left in the output"
                applications = (root / "content" / "applications").iterdir()
                wanted = {p.stem + ".pdf" for p in applications if p.suffix in YAML_SUFFIXES}
                if name == "site":  # the site's packs are exactly its applications', and the résumé
                    assert {p.name for p in (output / "pdf").glob("*")} == wanted | {"cv.pdf"}
                else:  # `pdf` writes its packs and leaves other files in the folder alone
                    assert wanted <= {p.name for p in output.iterdir()}
    finally:
        shutil.rmtree(root, ignore_errors=True)
