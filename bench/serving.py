"""(j) The `portfolio serve` round trip: save one story file, wait for its page to show it.

Run by bench/steps.py like every other step, in a fresh process: it copies
the content, starts `portfolio serve` on a free port, waits for the first
build, then times a few edits from the file being written to the served
page holding the new title, and the server's CPU time for each (wall time
depends on what else the machine runs; CPU time much less).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from steps import BIN, copy_content, require


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, wanted: str | None, timeout: float, server: subprocess.Popen) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            log = Path(server.args[server.args.index("--content") + 1]).parent / "serve.log"
            last = log.read_text(errors="replace").strip().splitlines()[-1:] if log.is_file() else []
            raise RuntimeError(f"`portfolio serve` exited {server.returncode}: {' '.join(last)}")
        body = _get(url)
        if body is not None and (wanted is None or wanted in body):
            return
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not show {wanted!r} within {timeout:.0f} s")


def _cpu_seconds(pid: int) -> float | None:
    """CPU time of a process and its waited-for children (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def measure_serve(content: Path, scratch: Path, fresh: Path, edits: int = 5) -> dict:
    """(j) `portfolio serve`: from saving one story file to its page showing the change."""
    require("generator.site.build", "serve_site")
    copied = copy_content(content, fresh / "content")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(BIN / "portfolio"), "serve", "--content", str(copied), "-a", f"127.0.0.1:{port}"]
    with (fresh / "serve.log").open("w") as log:
        server = subprocess.Popen(command, cwd=fresh, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        story = min((copied / "stories").glob("*.yaml"))
        url = f"http://127.0.0.1:{port}/stories/{story.stem}/"
        _wait_for(url, None, 1800, server)
        times, cpu = [], []
        for n in range(edits):
            marker = f"benchedit{n}z{os.getpid()}"
            text = re.sub(
                r"^title: .*$", f'title: "{marker}"', story.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE
            )
            time.sleep(1.5)  # let the watcher settle between edits
            start, used = time.perf_counter(), _cpu_seconds(server.pid)
            story.write_text(text, encoding="utf-8")
            _wait_for(url, marker, 900, server)
            times.append(time.perf_counter() - start)
            now = _cpu_seconds(server.pid)
            if used is not None and now is not None:
                cpu.append(now - used)  # the server's own work, however busy the machine is
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    return {"seconds": statistics.median(times), "edits": times, "cpu": cpu}
