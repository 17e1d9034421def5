"""JSON Resume -> profile.yaml -> JSON Resume, for generated documents: every field the profile
models comes back as it went in, and what is written is valid against the official schema."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.audience import shared_view
from generator.content.loader import load_portfolio
from generator.interop.jsonresume import render_jsonresume
from generator.interop.jsonresume_import import read_jsonresume
from generator.interop.profile_fill import fill_profile
from tests.test_interop_jsonresume import official_validator

# Text a person types: letters, digits, punctuation, spaces and Unicode, and strings
# YAML would read as something else if written plain (`yes`, `1:20`, `null`, `#`).
_CHARS = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"))
_WORD = st.text(_CHARS, min_size=1, max_size=12).filter(lambda s: s.strip() == s)
LINE = st.one_of(
    st.lists(_WORD, min_size=1, max_size=5).map(" ".join),
    st.sampled_from(["yes", "No", "null", "1:20", "2020", "0x1F", "# not a comment", "- dash", "'quoted'", "a: b"]),
)
TEXT = st.one_of(
    LINE, st.lists(LINE, min_size=2, max_size=4).map("\n".join), st.lists(LINE, min_size=2, max_size=3).map("\n\n".join)
)
DATE = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])
)
URL = st.from_regex(r"\Ahttps://[a-z]{1,10}\.example\.(com|org)(/[a-z0-9]{1,8})?\Z")


def _maybe(key: str, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(st.just({}), strategy.map(lambda value: {key: value}))


def _record(required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]):
    parts = [st.fixed_dictionaries(required), *(_maybe(key, strategy) for key, strategy in optional.items())]
    return st.tuples(*parts).map(lambda dicts: {k: v for d in dicts for k, v in d.items()})


WORK = _record(
    {"name": LINE, "position": LINE},
    {"location": LINE, "startDate": DATE, "highlights": st.lists(TEXT, min_size=1, max_size=3)},
)
# An end date only with a start date: a job without one is current (`present`), as JSON Resume has it.
WORK = WORK.flatmap(lambda job: _maybe("endDate", DATE).map(lambda end: job | end if "startDate" in job else job))
EDUCATION = _record(
    {"institution": LINE},
    {"studyType": LINE, "area": LINE, "startDate": DATE, "endDate": DATE, "summary": TEXT},
)
SKILL = st.fixed_dictionaries({"name": LINE, "keywords": st.lists(LINE, min_size=1, max_size=4)})
NETWORK = LINE.filter(lambda label: label != "Website")
BASICS = _record(
    {"name": LINE},
    {
        "label": LINE,
        "email": st.emails(),
        "phone": LINE,
        "url": URL,
        "summary": TEXT,
        "location": LINE.map(lambda city: {"city": city}),
        "profiles": st.lists(st.fixed_dictionaries({"network": NETWORK, "url": URL}), min_size=1, max_size=2),
    },
)
RESUMES = _record(
    {"basics": BASICS},
    {
        "work": st.lists(WORK, min_size=1, max_size=3),
        "education": st.lists(EDUCATION, min_size=1, max_size=2),
        "skills": st.lists(SKILL, min_size=1, max_size=2),
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RESUMES)
def test_json_resume_round_trips_through_the_profile(resume: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        content.mkdir()
        source = Path(folder) / "resume.json"
        source.write_text(json.dumps(resume, ensure_ascii=False), encoding="utf-8")
        fill_profile(content, read_jsonresume(source))
        back = render_jsonresume(shared_view(load_portfolio(content)))
    assert list(official_validator().iter_errors(back)) == []
    back.pop("$schema")
    assert back == resume
