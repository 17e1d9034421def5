"""One frozen SiteOptions per build: from the command line, or from the plugin's settings and the environment."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import get_args

import click
import pytest

from generator.cli import build
from generator.encrypt.password_policy import WeakPasswordError
from generator.site.options import (
    AUDIENCE_ENV,
    CONTENT_ENV,
    SITE_AUDIENCES,
    SiteAudience,
    SiteOptions,
    SiteOptionsError,
    command_options,
    plugin_options,
    serve_environment,
)
from generator.site.plugin import PortfolioConfig
from tests.conftest import run

GENERATOR = Path(__file__).parent.parent / "generator"
PASSWORD = {"PORTFOLIO_PASSWORD": "correct horse battery", "PORTFOLIO_TEST_ONLY_KDF_ITERATIONS": "1000"}


def _plugin_options(environ: dict[str, str], **settings: object) -> SiteOptions:
    given: dict[str, object] = {
        "content": "content",
        "audience": "private",
        "strict": False,
        "history": True,
        "packs": True,
        "speedups": True,
        "serving": False,
    }
    return plugin_options(config_dir=Path("/project"), environ=environ, **{**given, **settings})  # type: ignore[arg-type]


def test_the_site_audiences_are_written_once() -> None:
    assert SITE_AUDIENCES == get_args(SiteAudience) == ("private", "shared")
    (option,) = [p for p in build.params if p.name == "audience"]
    assert isinstance(option.type, click.Choice) and tuple(option.type.choices) == SITE_AUDIENCES
    (scheme,) = [option for name, option in PortfolioConfig._schema if name == "audience"]
    assert tuple(scheme.choices) == SITE_AUDIENCES


def test_options_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SiteOptions().strict = True  # type: ignore[misc]


def test_the_command_line_reads_the_password_once_and_only_for_the_private_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    private = command_options(content_dir=None, audience="private", site_dir=Path("out"), environ=PASSWORD)
    assert private.encryption is not None and private.encryption.iterations == 1000
    assert private.content_dir == tmp_path / "content"  # no mkdocs.yml: content/
    assert private.site_dir == tmp_path / "out"
    assert not command_options(content_dir=None, audience="shared", site_dir=None, environ=PASSWORD).encrypted
    served = command_options(content_dir=None, audience="private", site_dir=None, serving=True, environ=PASSWORD)
    assert not served.encrypted
    with pytest.raises(WeakPasswordError, match="PORTFOLIO_PASSWORD is set but empty"):
        command_options(content_dir=None, audience="private", site_dir=None, environ={"PORTFOLIO_PASSWORD": ""})
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    assert command_options(content_dir=None, audience="private", site_dir=None, environ={}).content_dir is None


def test_plain_mkdocs_takes_the_plugin_settings_and_the_environment() -> None:
    options = _plugin_options({}, content="my-content", audience="shared", strict=True, history=False)
    assert options == SiteOptions(
        content_dir=Path("/project/my-content"), audience="shared", strict=True, history=False
    )
    served = _plugin_options({AUDIENCE_ENV: "shared", CONTENT_ENV: "/elsewhere", **PASSWORD}, serving=True)
    assert (served.audience, served.content_dir, served.encryption) == ("shared", Path("/elsewhere"), None)
    assert _plugin_options(PASSWORD).encrypted
    with pytest.raises(SiteOptionsError, match="^PORTFOLIO_AUDIENCE must be `private` or `shared`, not `everyone`$"):
        _plugin_options({AUDIENCE_ENV: "everyone"})


def test_mkdocs_yml_can_add_strictness_and_leave_things_out_but_not_undo_the_command_line() -> None:
    given = SiteOptions(content_dir=None, strict=False, packs=True)
    merged = given.with_plugin_settings(
        Path("/project"), content="docs", strict=True, history=False, packs=False, speedups=False
    )
    assert merged == SiteOptions(
        content_dir=Path("/project/docs"), strict=True, history=False, packs=False, speedups=False
    )
    strict = SiteOptions(content_dir=Path("/c"), strict=True, packs=False)
    kept = strict.with_plugin_settings(
        Path("/project"), content="docs", strict=False, history=True, packs=True, speedups=True
    )
    assert kept == strict


def test_serve_environment_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AUDIENCE_ENV, "shared")
    monkeypatch.delenv(CONTENT_ENV, raising=False)
    with serve_environment(SiteOptions(content_dir=Path("/c"), audience="private")):
        assert (os.environ[AUDIENCE_ENV], os.environ[CONTENT_ENV]) == ("private", "/c")
    assert os.environ[AUDIENCE_ENV] == "shared" and CONTENT_ENV not in os.environ


def test_only_options_py_names_the_site_environment_variables() -> None:
    naming = sorted(
        path.relative_to(GENERATOR).as_posix()
        for path in GENERATOR.rglob("*.py")
        if "PORTFOLIO_AUDIENCE" in path.read_text() or "PORTFOLIO_CONTENT" in path.read_text()
    )
    assert naming == ["site/options.py"]
    for name in ("cli.py", "site/build.py", "site/plugin.py", "site/freshness.py"):
        assert "os.environ.get" not in (GENERATOR / name).read_text(), name


def test_portfolio_build_takes_the_audience_from_mkdocs_yml_unless_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Mine\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - portfolio:\n      audience: shared\n",
        encoding="utf-8",
    )
    assert command_options(content_dir=None, audience=None, site_dir=None, environ={}).audience == "shared"
    assert command_options(content_dir=None, audience="private", site_dir=None, environ={}).audience == "private"
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\nplugins:\n  - portfolio\n", encoding="utf-8")
    assert command_options(content_dir=None, audience=None, site_dir=None, environ={}).audience == "private"


def test_portfolio_build_refuses_an_audience_it_cannot_read_before_mkdocs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`!ENV [AUDIENCE, shared]` is shared to MkDocs: guessing private would build the private site instead."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Mine\nplugins:\n  - portfolio:\n      audience: !ENV [AUDIENCE, shared]\n", encoding="utf-8"
    )
    result = run("build")
    assert result.exit_code == 1
    assert "mkdocs.yml: the portfolio plugin's `audience:` must be written out" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()
    assert command_options(content_dir=None, audience="shared", site_dir=None, environ={}).audience == "shared"
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\nplugins:\n  - portfolio:\n      audience:\n")
    assert command_options(content_dir=None, audience=None, site_dir=None, environ={}).audience == "private"
