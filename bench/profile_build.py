"""Where a cold `portfolio build` spends its time, phase by phase (the docs' speed page shows it).

    python bench/profile_build.py                 # the owner's content/, 7 runs, medians
    python bench/profile_build.py --content DIR --runs 5

Each run is a fresh process building a fresh copy of the content into a new
site folder, with no build stamp and no pack cache; the user cache
(compiled templates, spelling answers) is kept from a first run, as on any
machine that ran the tool before. The phases are read off MkDocs' and the
plugin's own steps, with a clock around each; the packs, résumé and calendar
are made in a process forked before MkDocs is imported
(generator/site/sitefiles.py), timed in it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PHASES = [
    ("start", "Python starts, imports the command line (click, generator)"),
    ("loader", "imports the content's loader (pydantic models)"),
    ("early", "build stamp key, folders, load + validate the content, fork"),
    ("imports", "imports MkDocs, Material, the plugin"),
    ("config", "reads mkdocs.yml, plugins' on_config, lists the theme's files"),
    ("generate", "the pages' Markdown, git history (on_files)"),
    ("markdown", "Markdown → HTML, every page (Python-Markdown)"),
    ("templates", "Material's templates: 404, sitemap"),
    ("pages", "Material's page template + search index, every page"),
    ("wait", "waits for the packs, résumé and calendar"),
    ("finish", "search index written, site swapped in, stamp"),
    ("exit", "Python exits (after the command's last step)"),
]

# Runs in the child: wraps the steps with a clock and prints the marks as JSON.
CHILD = r"""
import json, os, sys, time
T = {"t0": time.perf_counter(), "started": time.time()}
def mark(name):
    T.setdefault(name, time.perf_counter())
def total(name, function):
    def timed(*a, **k):
        start = time.perf_counter()
        try:
            return function(*a, **k)
        finally:
            T[name] = T.get(name, 0.0) + time.perf_counter() - start
    return timed
import generator.cli
mark("cli")
import gc
gc.disable()  # as `portfolio build` imports it: no cycle collection meanwhile (generator/site/build.py)
import generator.site.sitefiles as S  # what `portfolio build` imports first (before MkDocs)
gc.enable()
mark("loader")
_make = S.SiteFiles._make
def side_make(self):
    start = time.perf_counter()
    try:
        return _make(self)
    finally:
        with open(os.environ["SIDE_TIME"], "w") as out:
            out.write(json.dumps([start - T["t0"], time.perf_counter() - start]))
S.SiteFiles._make = side_make
import generator.site.build as SB
_load_configuration = SB._load_configuration
def load_configuration(*a, **k):
    # MkDocs, Material and the plugin are imported here (after the fork); then wrapped.
    mark("imports_start")
    import material, mkdocs.config, mkdocs.commands.build as B
    import generator.site.plugin as P
    mark("imports")
    for event in ("on_files", "on_nav", "on_post_build"):
        original = getattr(P.PortfolioPlugin, event)
        def wrapped(self, *a, _o=original, _e=event, **k):
            mark(_e + "_start")
            result = _o(self, *a, **k)
            mark(_e + "_end")
            return result
        setattr(P.PortfolioPlugin, event, wrapped)
    B._populate_page = total("markdown_sum", B._populate_page)
    B._build_theme_template = total("templates_sum", B._build_theme_template)
    B._build_page = total("pages_sum", B._build_page)
    return _load_configuration(*a, **k)
SB._load_configuration = load_configuration
sys.argv = ["portfolio", "build", "--force", "--content", sys.argv[1], "--site-dir", sys.argv[2]]
pid, hard_exit = os.getpid(), os._exit
def report_and_exit(code):
    # `portfolio` (generator.cli.run) ends with os._exit once the command is done: the marks go out first.
    if os.getpid() == pid:  # not the forked process making the packs, which ends so too
        mark("done")
        T["ended"] = time.time()
        print(json.dumps(T), flush=True)
    hard_exit(code)
os._exit = report_and_exit
generator.cli.run()
"""


def one_run(content: Path, work: Path, user_cache: Path) -> dict[str, float]:
    """Phase durations (seconds) of one cold build, and the side process's time."""
    fresh = Path(tempfile.mkdtemp(dir=work))
    try:
        shutil.copytree(content, fresh / "content")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(XDG_CACHE_HOME=str(user_cache), SIDE_TIME=str(fresh / "side.txt"))
        start, started = time.perf_counter(), time.time()
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(fresh / "content"), str(fresh / "site")],
            cwd=fresh,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        wall, ended = time.perf_counter() - start, time.time()
        marks = json.loads(done.stdout.strip().splitlines()[-1])
        side = json.loads((fresh / "side.txt").read_text())
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    # Python's start (before the first line of CHILD) and exit (after its last), on the wall clock.
    return _phases(marks, wall, side, marks["started"] - started, ended - marks["ended"])


def _phases(m: dict[str, float], wall: float, side: list[float], before: float, after: float) -> dict[str, float]:
    def at(name: str) -> float:
        return m[name] - m["t0"]

    return {
        "start": before + at("cli"),
        "loader": at("loader") - at("cli"),
        "early": at("imports_start") - at("loader"),
        "imports": at("imports") - at("imports_start"),
        "config": at("on_files_start") - at("imports"),
        "generate": at("on_files_end") - at("on_files_start"),
        "markdown": m.get("markdown_sum", 0.0),
        "templates": m.get("templates_sum", 0.0),
        "pages": m.get("pages_sum", 0.0),
        "wait": at("on_post_build_end") - at("on_post_build_start"),
        "finish": at("done") - at("on_post_build_end"),
        "exit": after,
        "other": at("on_post_build_start")
        - at("on_files_end")
        - m.get("markdown_sum", 0.0)
        - m.get("templates_sum", 0.0)
        - m.get("pages_sum", 0.0),
        "total": wall,
        "side_start": before + side[0],
        "side": side[1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=HERE.parent / "content")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="portfolio-profile-"))
    try:
        user_cache = work / "usercache"
        one_run(args.content.absolute(), work, user_cache)  # fills the user cache, as any earlier run did
        runs = [one_run(args.content.absolute(), work, user_cache) for _ in range(args.runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(f"`python bench/profile_build.py --runs {args.runs}`: medians of {args.runs} cold builds (ms)\n")
    print("| phase | ms | share |\n|---|---|---|")
    for key, what in [*PHASES, ("other", "MkDocs' own steps between these")]:
        print(f"| {what} | {median[key] * 1000:.0f} | {median[key] / median['total']:.0%} |")
    print(f"| **the whole command** | **{median['total'] * 1000:.0f}** | |")
    print(
        f"\nMeanwhile, in the forked process: packs, résumé and calendar, {median['side'] * 1000:.0f} ms,"
        f" from {median['side_start'] * 1000:.0f} ms on."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
