"""The benchmark: one command, a table of medians, each figure against its target, peak memory.

    python bench/run.py                      # the issue's sizes: owner, 1000x200, 2000x400 (about 25 minutes)
    python bench/run.py --sizes owner --only ekl --repeat 7
    python bench/run.py --quick              # owner and 200x50, 3 runs, no (i)

Each size is a synthetic portfolio (bench/synth.py: N stories, M applications
of 3 answers x 3 versions), or `owner`: this repository's content/. Every
run of every step is a fresh Python process (bench/steps.py), so imports and
caches never carry over and peak memory is that process's maximum resident
set, children (MkDocs, Pandoc) included. At each size the runs of the steps
take turns (d e k l, d e k l, ...), so a figure and the baseline it is
divided by were measured side by side, under the same load.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import KEYS, OWNER, Outcome, Results, render_report, report_from_json, write_json  # noqa: E402
from steps import STEPS  # noqa: E402  (imports nothing of the generator: each step does, in its child)
from synth import ensure_portfolio  # noqa: E402


def run_child(phase: str, step: str, content: Path, scratch: Path, work: Path, timeout: float) -> tuple[dict, float]:
    """Run one step in a new process; return its JSON result and its peak RSS in MB."""
    fresh = Path(tempfile.mkdtemp(prefix=f"{step}-", dir=work))
    out, err = fresh / "stdout.txt", fresh / "stderr.txt"
    command = [
        sys.executable,
        str(HERE / "steps.py"),
        phase,
        step,
        "--content",
        str(content),
        "--scratch",
        str(scratch),
        "--fresh",
        str(fresh),
    ]
    try:
        with out.open("w") as stdout, err.open("w") as stderr:
            # cwd: anything a step leaves in its current folder (caches) goes away with `fresh`.
            env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
            env["XDG_CACHE_HOME"] = str(scratch / "usercache")  # each step's own, kept across its runs
            process = subprocess.Popen(
                command, cwd=fresh, stdout=stdout, stderr=stderr, start_new_session=True, env=env
            )
            deadline = time.monotonic() + timeout
            while True:  # os.wait4 gives this child's own rusage (maxrss of it and its children)
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > deadline:
                    os.killpg(process.pid, signal.SIGKILL)
                    os.wait4(process.pid, 0)
                    process.returncode = -9
                    return {"error": f"timed out after {timeout:.0f} s"}, 0.0
                time.sleep(0.005)
            process.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024  # kB on Linux
        lines = out.read_text().strip().splitlines()
        if process.returncode != 0 or not lines:
            last = err.read_text().strip().splitlines()[-1:]  # a traceback's last line says what failed
            return {"error": f"exit {process.returncode}: " + " ".join(last)}, peak
        return json.loads(lines[-1]), peak
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def measure_steps(
    steps: list[str], content: Path, scratch: Path, work: Path, repeat: int, timeout: float, label: str
) -> dict[str, Outcome]:
    """Each step's runs at one size, the steps taking turns (prepared first, each in its own scratch)."""
    outcomes = {step: Outcome() for step in steps}
    for step in steps:
        (scratch / step).mkdir(parents=True, exist_ok=True)
        if STEPS[step][0] is not None:
            result, _ = run_child("prepare", step, content, scratch / step, work, timeout)
            if "skip" in result or "error" in result:
                outcomes[step].note = result.get("skip") or f"error in setup: {result['error']}"
                _progress(f"{label} {step}: {outcomes[step].note}")
            else:
                outcomes[step].extra.update(result)
    for run in range(1, repeat + 1):
        for step in steps:
            outcome = outcomes[step]
            if outcome.note is not None or (step in ONCE and run > 1):
                continue
            result, peak = run_child("measure", step, content, scratch / step, work, timeout)
            if "skip" in result or "error" in result:
                outcome.note = result.get("skip") or f"error: {result['error']}"
                _progress(f"{label} {step}: {outcome.note}")
                continue
            outcome.seconds.append(result.pop("seconds"))
            if "cpu_seconds" in result:
                outcome.cpu_seconds.append(result.pop("cpu_seconds"))
            outcome.peak_mb.append(peak)
            outcome.extra.update(result)
            _progress(f"{label} {step} run {run}/{repeat}: {outcome.seconds[-1]:.3f} s, {peak:.0f} MB")
    return outcomes


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_size(text: str) -> tuple[int, int]:
    stories, _, applications = text.lower().partition("x")
    return int(stories), int(applications)


# Issue 19's targets, each where it is set: the owner's build, no-change build and
# serve; the site at both big sizes; serve at 2000x400; packs per page at 1000x200.
DEFAULT_ONLY = "owner:dehklgj,1000x200:deg,2000x400:dej,i"
ONCE = {"serve"}  # measured once a size: a run is five edits already


def measurements_by_size(only: str, labels: list[str]) -> dict[str, str]:
    """`--only`: letters for every size, or `SIZE:LETTERS` pairs (a bare `i` asks for (i))."""
    if ":" not in only:
        return {label: only for label in labels}
    chosen = {label: "" for label in labels}
    for part in only.split(","):
        size, _, keys = part.rpartition(":")
        for label in [size] if size else labels:
            if label in chosen:
                chosen[label] += keys
    return chosen


def size_content(label: str, args: argparse.Namespace) -> Path:
    """The content folder of a size: the owner's, or a synthetic one (written once, kept in --work)."""
    if label == OWNER:
        return Path(args.owner_content).absolute()
    stories, applications = parse_size(label)
    _progress(f"{label}: writing the synthetic portfolio (cached in {args.work})")
    return ensure_portfolio(args.work, stories, applications, args.seed)


def machine_facts() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import importlib.metadata as m; print('mkdocs', m.version('mkdocs'), "
                "'· material', m.version('mkdocs-material'), '· pydantic', m.version('pydantic'), "
                "'· PyYAML', m.version('PyYAML'))"
            ),
        ],
        check=False,
        capture_output=True,
        text=True,
    ).stdout.strip()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores ({cpu}) · "
        f"Python {platform.python_version()} · {versions} · load average at the end {load}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", default="owner,1000x200,2000x400", help="owner or NxM (N stories, M applications),..."
    )
    parser.add_argument("--repeat", default="5,3,3", help="runs per step: one number, or one per size")
    parser.add_argument(
        "--only",
        default=DEFAULT_ONLY,
        help="measurements to run: letters for every size (dekl), or SIZE:LETTERS,... (all: abcdefghijkl)",
    )
    parser.add_argument("--memory-size", default="10000x2000", help="size for (i), or `none`")
    parser.add_argument("--owner-content", default=str(HERE.parent / "content"), help="the content of size `owner`")
    parser.add_argument("--quick", action="store_true", help="owner and 200x50, 3 runs, no (i)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "portfolio-bench",
        help="where synthetic portfolios are kept between runs",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before one run is killed")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--from-json", type=Path, help="print the report of an earlier --json file, run nothing")
    args = parser.parse_args(argv)
    if args.from_json:
        print(report_from_json(args.from_json))
        return 0
    if args.quick:
        args.sizes, args.repeat, args.memory_size = "owner,200x50", "3", "none"
        args.only = "dehklgj" if args.only == DEFAULT_ONLY else args.only
    labels = args.sizes.split(",")
    repeats = [int(r) for r in args.repeat.split(",")]
    if len(repeats) == 1:
        repeats *= len(labels)
    if len(repeats) != len(labels):
        parser.error("--repeat takes one number or one per size")
    args.work.mkdir(parents=True, exist_ok=True)
    runs = args.work / "runs"
    runs.mkdir(exist_ok=True)

    results: Results = {}
    only = measurements_by_size(args.only, labels)
    for label, repeat in zip(labels, repeats, strict=True):
        content = size_content(label, args)
        scratch = (args.work / "owner-scratch") if label == OWNER else content.parent / "scratch"
        steps = [step for key, step in KEYS.items() if key in only[label]]
        results[label] = measure_steps(steps, content, scratch, runs, repeat, args.timeout, label)
    memory = None
    if any("i" in keys for keys in only.values()) and args.memory_size != "none":
        content = size_content(args.memory_size, args)
        scratch = content.parent / "scratch"
        memory = (
            args.memory_size,
            measure_steps(["memory"], content, scratch, runs, 1, args.timeout, args.memory_size)["memory"],
        )

    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    header = f"{machine_facts()}\n\n`{command.strip()}` (medians; peak RSS is the largest of the runs)"
    print(render_report(results, memory, header))
    if args.json:
        write_json(args.json, results, memory, header)
    return 0


if __name__ == "__main__":
    sys.exit(main())
