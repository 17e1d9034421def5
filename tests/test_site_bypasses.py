"""Configuration that could bypass the audience view is an error at its line; the preview checks Host.

The table runs the real `portfolio build --audience shared` with each refused
extension or plugin in mkdocs.yml; the Host check runs the real
`portfolio serve` and sends it requests with forged and true Host headers.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from generator.site.bypasses import refuse_audience_bypasses
from generator.site.serve_host import allowed_hosts
from tests.conftest import FIXTURE_PORTFOLIO, PROGRAM

HEAD = "site_name: Test\ndocs_dir: content\n"
PLUGIN = "plugins:\n  - search\n  - portfolio:\n      history: false\n      packs: false\n"


def test_snippets_are_refused_at_their_line_by_a_real_build(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    config = HEAD + PLUGIN + "markdown_extensions:\n  - toc\n  - pymdownx.snippets:\n      base_path: [content]\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    done = subprocess.run(
        [PROGRAM, "build", "--audience", "shared"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(
        "mkdocs.yml:10:5: error: Markdown extension `pymdownx.snippets` includes any file into a page"
    ), done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()


@dataclass
class LoadedConfig:
    """What `refuse_audience_bypasses` reads of a loaded MkDocs config (those plugins are not installed here)."""

    config_file_path: str
    markdown_extensions: list[str]
    plugins: dict[str, object] = field(default_factory=dict)


@pytest.mark.parametrize(
    ("config", "extensions", "plugins", "expected"),
    [
        (
            "markdown_extensions:\n  - toc\n  - markdown_include.include:\n      base_path: content\n",
            ["toc", "markdown_include.include"],
            [],
            ["3:5: error: Markdown extension `markdown_include.include`"],
        ),
        (
            "markdown_extensions:\n  - mdx_include\n",
            ["mdx_include"],
            [],
            ["2:5: error: Markdown extension `mdx_include`"],
        ),
        (
            "plugins:\n  - portfolio\n  - macros:\n      include_dir: content\n",
            [],
            ["portfolio", "macros"],
            ["3:5: error: plugin `macros` runs Jinja templates"],
        ),
        (
            "plugins:\n  - include-markdown\n  - portfolio\n",
            [],
            ["include-markdown", "portfolio"],
            ["2:5: error: plugin `include-markdown` includes any file"],
        ),
        (
            "plugins:\n  portfolio: {}\n  table-reader: {}\n  markdownextradata: {}\n",
            [],
            ["portfolio", "table-reader", "markdownextradata"],
            ["3:3: error: plugin `table-reader` reads data files", "4:3: error: plugin `markdownextradata`"],
        ),
        ("plugins:\n  - search\n  - portfolio\n", [], ["material/search", "portfolio"], []),
    ],
)
def test_file_including_configuration_is_refused_at_its_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    extensions: list[str],
    plugins: list[str],
    expected: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    loaded = LoadedConfig(str(tmp_path / "mkdocs.yml"), extensions, dict.fromkeys(plugins))
    if not expected:
        refuse_audience_bypasses(loaded)  # type: ignore[arg-type]
        return
    with pytest.raises(PluginError) as raised:
        refuse_audience_bypasses(loaded)  # type: ignore[arg-type]
    lines = str(raised.value).splitlines()
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=False):
        assert line.startswith("mkdocs.yml:" + start), line


@pytest.mark.parametrize(
    ("host", "port", "allowed", "refused"),
    [
        (
            "127.0.0.1",
            8000,
            ["127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000"],
            ["evil.example:8000", "127.0.0.1:80"],
        ),
        ("::1", 8000, ["[::1]:8000", "localhost:8000"], ["evil.example:8000", "::1:8000"]),
        ("0.0.0.0", 8000, ["0.0.0.0:8000"], ["evil.example:8000", "localhost:8000"]),
    ],
)
def test_the_hosts_the_preview_answers(host: str, port: int, allowed: list[str], refused: list[str]) -> None:
    names = allowed_hosts(host, port)
    assert all(name.lower() in names for name in allowed)
    assert not [name for name in refused if name.lower() in names]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, host: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", "/", skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_portfolio_serve_refuses_a_forged_host_header(tmp_path: Path) -> None:
    """A DNS-rebinding page reaches 127.0.0.1 with its own name in Host: refused."""
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    server = subprocess.Popen(
        [PROGRAM, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = _get(port, f"127.0.0.1:{port}")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.5)
        assert status == 200
        forged, body = _get(port, f"evil.example:{port}")
        assert forged == 421
        assert "Ada" not in body and "MARKER" not in body
        assert _get(port, f"localhost:{port}")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
