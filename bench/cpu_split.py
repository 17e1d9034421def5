"""The owner's build beside bare Material: wall time, user and system CPU, minor page faults.

    python bench/cpu_split.py               # 11 runs of each, taking turns
    python bench/cpu_split.py --runs 21 --content DIR

Three commands, each a fresh process as bench/run.py runs them, taking
turns: (e) plain `mkdocs build` of the same pages with Material's defaults,
(k) `portfolio build --force` (site, packs, résumé; new site folder, no
pack cache, the user cache as an earlier run left it), and (k) with
`--no-packs`. Prints the medians, and the medians of each run's ratio to
the (e) beside it. The benchmark page's "Why the owner's build stays at
parity" is this script's table.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from steps import BIN, USER_CACHE, prepare_baseline, prepare_full  # noqa: E402

KINDS = {"e": "(e) bare Material", "k": "(k) `portfolio build`", "n": "(k) with `--no-packs`, user cache kept"}


def measure(command: list[str], cwd: Path, cache: Path) -> tuple[float, float, float, int]:
    """Wall seconds, user and system CPU seconds, minor page faults of one command and its children."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(cache)
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{tail}")
    return (
        wall,
        after.ru_utime - before.ru_utime,
        after.ru_stime - before.ru_stime,
        after.ru_minflt - before.ru_minflt,
    )


def one_run(kind: str, content: Path, scratch: Path) -> tuple[float, float, float, int]:
    """One run of (e), (k) or (k) without packs (`n`), in a new folder: a new site, a new copy of the content."""
    fresh = Path(tempfile.mkdtemp(dir=scratch))
    try:
        if kind == "e":
            command = [str(BIN / "mkdocs"), "build", "-q", "-f", str(scratch / "mkdocs.yml"), "-d", str(fresh / "site")]
            return measure(command, scratch, scratch / "baseline-cache")
        shutil.copytree(content, fresh / "content")
        command = [str(BIN / "portfolio"), "build", "--force", "--content", "content", "--site-dir", "site"]
        return measure(command + (["--no-packs"] if kind == "n" else []), fresh, scratch / USER_CACHE)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=HERE.parent / "content")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    content = args.content.absolute()
    scratch = Path(tempfile.mkdtemp(prefix="portfolio-cpu-"))
    # Writing (c)'s pages compiles their templates into a user cache: this folder's, not yours.
    os.environ["XDG_CACHE_HOME"] = str(scratch / "prepare-cache")
    try:
        prepare_baseline(content, scratch, scratch)  # the pages of (c) and a plain mkdocs.yml
        prepare_full(content, scratch, scratch)  # the user cache an earlier run leaves
        runs: dict[str, list[tuple[float, float, float, int]]] = {kind: [] for kind in KINDS}
        for _ in range(args.runs):
            for kind in KINDS:
                runs[kind].append(one_run(kind, content, scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{_when()} · `python bench/cpu_split.py --runs {args.runs}`: medians\n")
    print("| | wall | user CPU | system CPU | minor page faults | beside (e) |\n|---|---|---|---|---|---|")
    for kind, label in KINDS.items():
        rows = runs[kind]
        wall, user, system, faults = (statistics.median(row[i] for row in rows) for i in range(4))
        ratio = statistics.median(row[0] / base[0] for row, base in zip(rows, runs["e"], strict=True))
        print(f"| {label} | {wall:.2f} s | {user:.2f} s | {system:.2f} s | {faults:,.0f} | {ratio:.2f}× |")
    return 0


def _when() -> str:
    """The date, and the commit measured when this is a git checkout."""
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=HERE, capture_output=True, text=True)
    except OSError:  # no git
        done = None
    commit = f" · commit {done.stdout.strip()}" if done is not None and done.returncode == 0 else ""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()) + commit


if __name__ == "__main__":
    sys.exit(main())
