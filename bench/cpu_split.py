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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from steps import (  # noqa: E402
    USER_CACHE,
    Usage,
    baseline_command,
    build_command,
    copy_content,
    measure_command,
    prepare_baseline,
    prepare_full,
)

KINDS = {"e": "(e) bare Material", "k": "(k) `portfolio build`", "n": "(k) with `--no-packs`, user cache kept"}


def one_run(kind: str, content: Path, scratch: Path) -> Usage:
    """One run of (e), (k) or (k) without packs (`n`), in a new folder: a new site, a new copy of the content."""
    fresh = Path(tempfile.mkdtemp(dir=scratch))
    try:
        if kind == "e":
            cache = scratch / "baseline-cache"
            return measure_command(baseline_command(scratch, fresh / "site"), scratch, {"XDG_CACHE_HOME": str(cache)})
        command = build_command(copy_content(content, fresh / "content"), fresh / "site", packs=kind == "k")
        return measure_command(command + ["--force"], fresh, {"XDG_CACHE_HOME": str(scratch / USER_CACHE)})
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
        runs: dict[str, list[Usage]] = {kind: [] for kind in KINDS}
        for _ in range(args.runs):
            for kind in KINDS:
                runs[kind].append(one_run(kind, content, scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{_when()} · `python bench/cpu_split.py --runs {args.runs}`: medians\n")
    print("| | wall | user CPU | system CPU | minor page faults | beside (e) |\n|---|---|---|---|---|---|")
    for kind, label in KINDS.items():
        rows = runs[kind]
        wall, user, system = (
            statistics.median(getattr(row, name) for row in rows) for name in ("seconds", "user", "system")
        )
        faults = statistics.median(row.minor_faults for row in rows)
        ratio = statistics.median(row.seconds / base.seconds for row, base in zip(rows, runs["e"], strict=True))
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
