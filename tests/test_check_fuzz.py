"""Random YAML and random mutations of a valid portfolio: diagnostics, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.diagnostics import ContentError
from generator.content.loader import load_portfolio
from tests.conftest import FIXTURE_PORTFOLIO

FILES = sorted(p.relative_to(FIXTURE_PORTFOLIO).as_posix() for p in FIXTURE_PORTFOLIO.rglob("*.yaml"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates().map(str),
    st.sampled_from(["2026-13-45", "present", "!!python/object:x", "*a", "&a", "{", "- "]),
)
data = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
yamlish = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>#'\"\n 	,?%@`\\é\x00\x85\ufeff")), max_size=120)


def _assert_diagnosed(content: Path) -> None:
    try:
        load_portfolio(content)
    except ContentError as exc:
        assert exc.errors, "a ContentError must carry at least one error"
        for problem in exc.problems:
            assert problem.position.line >= 1 and problem.position.column >= 1
            assert problem.file.is_relative_to(content.absolute())
            assert problem.message


def _with_file(relative: str, payload: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(FIXTURE_PORTFOLIO, content)
        (content / relative).write_bytes(payload)
        _assert_diagnosed(content)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(relative=st.sampled_from(FILES), text=yamlish)
def test_random_yaml_text_gives_diagnostics(relative: str, text: str) -> None:
    _with_file(relative, text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(relative=st.sampled_from(FILES), value=data)
def test_random_yaml_data_gives_diagnostics(relative: str, value: object) -> None:
    _with_file(relative, yaml.safe_dump(value, allow_unicode=True).encode())


@SETTINGS
@given(
    relative=st.sampled_from(FILES),
    ops=st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "replace", "bytes", "truncate", "indent"]),
            st.integers(min_value=0, max_value=200),
            scalars | st.binary(max_size=6),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_portfolio_gives_diagnostics(relative: str, ops: list) -> None:
    lines = (FIXTURE_PORTFOLIO / relative).read_bytes().split(b"\n")
    for op, at, value in ops:
        i = at % max(len(lines), 1)
        if op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "replace" and lines and b":" in lines[i]:
            key = lines[i].split(b":", 1)[0]
            new = value if isinstance(value, bytes) else yaml.safe_dump(value).split("\n")[0].encode()
            lines[i] = key + b": " + new
        elif op == "bytes":
            lines.insert(i, value if isinstance(value, bytes) else str(value).encode())
        elif op == "truncate":
            lines = lines[:i]
        elif op == "indent" and lines:
            lines[i] = b"   " + lines[i]
    _with_file(relative, b"\n".join(lines))
