"""The benchmark: one command, a table of medians, ratios against targets and peak memory.

    python bench/run.py --sizes 20x5,200x50,2000x400 --repeat 5,5,3
    python bench/run.py --quick            # 20x5 and 200x50, 3 runs; no (i) memory or (j) serve run

Each size is a synthetic portfolio (bench/synth.py: N stories, M applications
of 3 answers x 3 versions). Every run of every step is a fresh Python process
(bench/steps.py), so imports and caches never carry over and peak memory is
that process's maximum resident set, children (MkDocs, Pandoc) included.
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
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from steps import STEPS  # noqa: E402  (imports nothing of the generator: each step does, in its child)
from synth import ensure_portfolio  # noqa: E402

# (key, step in steps.py, what it measures, how it is timed)
MEASUREMENTS = [
    ("a", "floor", "floor: libyaml compose + Jinja2 render + write, per file", "in-process"),
    ("b", "load", "load + validate (`load_portfolio`)", "in-process"),
    ("c", "pages", "load + validate + generate + write pages", "in-process"),
    ("d", "build", "`portfolio build`, no packs, cold", "wall"),
    ("e", "baseline", "same pages, plain MkDocs + Material defaults", "wall"),
    ("f", "pack", "one pack (cold process)", "in-process"),
    ("g", "packs", "all packs, nothing cached", "in-process"),
    ("h", "rebuild", "`portfolio build`, nothing changed", "wall"),
]
KEYS = {key: step for key, step, _, _ in MEASUREMENTS}


@dataclass
class Outcome:
    """All runs of one step at one size."""

    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    note: str | None = None  # n/a or error text; None when measured

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def peak(self) -> float | None:
        return max(self.peak_mb) if self.peak_mb else None


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
            process = subprocess.Popen(command, cwd=fresh, stdout=stdout, stderr=stderr, start_new_session=True)
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


def measure_step(
    step: str, content: Path, scratch: Path, work: Path, repeat: int, timeout: float, label: str
) -> Outcome:
    outcome = Outcome()
    scratch.mkdir(parents=True, exist_ok=True)
    if STEPS[step][0] is not None:
        result, _ = run_child("prepare", step, content, scratch, work, timeout)
        if "skip" in result or "error" in result:
            outcome.note = result.get("skip") or f"error in setup: {result['error']}"
            _progress(f"{label} {step}: {outcome.note}")
            return outcome
        outcome.extra.update(result)
    for run in range(1, repeat + 1):
        result, peak = run_child("measure", step, content, scratch, work, timeout)
        if "skip" in result or "error" in result:
            outcome.note = result.get("skip") or f"error: {result['error']}"
            _progress(f"{label} {step}: {outcome.note}")
            break
        outcome.seconds.append(result.pop("seconds"))
        outcome.peak_mb.append(peak)
        outcome.extra.update(result)
        _progress(f"{label} {step} run {run}/{repeat}: {outcome.seconds[-1]:.3f} s, {peak:.0f} MB")
    return outcome


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_size(text: str) -> tuple[int, int]:
    stories, _, applications = text.lower().partition("x")
    return int(stories), int(applications)


# --- the report -------------------------------------------------------------------


def _cell(outcome: Outcome | None) -> str:
    if outcome is None:
        return "not run"
    if outcome.median is None:
        return "error" if outcome.note and outcome.note.startswith("error") else "n/a"
    return f"{outcome.median:.3f} s · {outcome.peak:.0f} MB"


def _ratio(top: Outcome | None, bottom: Outcome | None) -> float | None:
    if top and bottom and top.median is not None and bottom.median:
        return top.median / bottom.median
    return None


def _verdict(value: float | None, limit: float, fmt: str, size: str | None = None) -> str:
    """The value, judged against `limit` (only at the target size when one is given)."""
    if value is None:
        return "n/a"
    if size is not None and size != TARGET_SIZE:
        return fmt.format(value)
    return f"{fmt.format(value)} {'ok' if value <= limit else 'MISSED'}"


TARGET_SIZE = "2000x400"  # the targets for the site, the packs and the rebuild are set here


def render_report(
    results: dict[str, dict[str, Outcome]],
    memory: tuple[str, Outcome] | None,
    serve: tuple[str, Outcome] | None,
    header: str,
) -> str:
    sizes = list(results)
    lines = [header, "", "| measurement | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(sizes)]
    for key, step, what, timing in MEASUREMENTS:
        cells = [_cell(results[s].get(step)) for s in sizes]
        lines.append(f"| ({key}) {what} [{timing}] | " + " | ".join(cells) + " |")
    derived = {
        "floor per content file": [
            f"{o.median / o.extra['files'] * 1000:.3f} ms" if (o := results[s].get("floor")) and o.median else "n/a"
            for s in sizes
        ],
        "(c) − (b): generating + writing pages": [
            f"{c.median - b.median:.3f} s"
            if (c := results[s].get("pages"))
            and (b := results[s].get("load"))
            and c.median is not None
            and b.median is not None
            else "n/a"
            for s in sizes
        ],
        "(c): of which writing the pages (last run)": [
            f"{o.extra['writing']:.3f} s for {o.extra['megabytes']:.1f} MB"
            if (o := results[s].get("pages")) and "writing" in o.extra
            else "n/a"
            for s in sizes
        ],
        "(b) / (a) load vs floor": [_fmt(_ratio(results[s].get("load"), results[s].get("floor"))) for s in sizes],
        "(c) / (a) target ≤ 2.5": [
            _verdict(_ratio(results[s].get("pages"), results[s].get("floor")), 2.5, "{:.2f}×") for s in sizes
        ],
        "(d) / (e) target ≤ 0.2 at 2000x400": [
            _verdict(_ratio(results[s].get("build"), results[s].get("baseline")), 0.2, "{:.3f}×", s) for s in sizes
        ],
        "(g) per pack, target ≤ 0.06 s at 2000x400": [
            _verdict(o.median / o.extra["packs"], 0.06, "{:.3f} s", s)
            if (o := results[s].get("packs")) and o.median
            else "n/a"
            for s in sizes
        ],
        "(h) target < 0.5 s at 2000x400": [
            _verdict(o.median, 0.5, "{:.3f} s", s) if (o := results[s].get("rebuild")) and o.median else "n/a"
            for s in sizes
        ],
        "first full build with packs (1 run, wall)": [
            f"{o.extra['first_build']:.2f} s"
            if (o := results[s].get("rebuild")) and "first_build" in o.extra
            else "n/a"
            for s in sizes
        ],
    }
    lines += ["", "| ratio / target | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(sizes)]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in derived.items()]
    notes = {
        f"({key}) {o.note or o.extra.get('note')}"
        for key, step, _, _ in MEASUREMENTS
        for s in sizes
        if (o := results[s].get(step)) and (o.note or o.extra.get("note"))
    }
    if notes:
        lines += ["", *sorted(notes)]
    if memory is not None:
        size, outcome = memory
        peak = outcome.peak
        lines += [
            "",
            f"(i) peak memory loading {size}: "
            + (_verdict(peak, 500, "{:.0f} MB") + " (target < 500 MB)" if peak is not None else outcome.note or "n/a")
            + (f", load {outcome.median:.2f} s" if outcome.median is not None else ""),
        ]
    if serve is not None:
        name, outcome = serve
        edits = outcome.extra.get("edits")
        lines += [
            f"(j) `portfolio serve` on {name} (a copy), saving a story until its page shows it: "
            + (
                _verdict(outcome.median, serve_target(name), "{:.2f} s", name if name[:1].isdigit() else None)
                + f" (target ≤ {serve_target(name)} s; median of "
                + ", ".join(f"{e:.2f}" for e in edits)
                + ")"
                + (f"; server CPU per edit {statistics.median(cpu):.2f} s" if (cpu := outcome.extra.get("cpu")) else "")
                if outcome.median is not None
                else outcome.note or "n/a"
            )
        ]
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}×"


def report_from_json(path: Path) -> str:
    raw = json.loads(path.read_text())
    header = raw.pop("header", f"(from {path})")
    memory = next(((size, Outcome(**o)) for size, o in raw.pop("memory", {}).items()), None)
    serve = next(((name, Outcome(**o)) for name, o in raw.pop("serve", {}).items()), None)
    results = {size: {step: Outcome(**o) for step, o in steps.items()} for size, steps in raw.items()}
    return render_report(results, memory, serve, header)


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
    parser.add_argument("--sizes", default="20x5,200x50,2000x400", help="NxM,...: N stories, M applications")
    parser.add_argument("--repeat", default="5", help="runs per step: one number, or one per size (5,5,3)")
    parser.add_argument("--only", default="abcdefghij", help="measurements to run, e.g. abc (default: all)")
    parser.add_argument("--memory-size", default="10000x2000", help="size for (i), or `none`")
    parser.add_argument(
        "--serve-content",
        default=str(HERE.parent / "content"),
        help="content folder copied for (j), the serve round trip (default: the owner's), NxM (synthetic), or `none`",
    )
    parser.add_argument("--quick", action="store_true", help="20x5 and 200x50, 3 runs, no (i) or (j)")
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
        args.sizes, args.repeat, args.memory_size = "20x5,200x50", "3", "none"
        args.only = args.only.replace("j", "")
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    repeats = [int(r) for r in args.repeat.split(",")]
    if len(repeats) == 1:
        repeats *= len(sizes)
    if len(repeats) != len(sizes):
        parser.error("--repeat takes one number or one per size")
    args.work.mkdir(parents=True, exist_ok=True)
    runs = args.work / "runs"
    runs.mkdir(exist_ok=True)

    results: dict[str, dict[str, Outcome]] = {}
    for (stories, applications), repeat in zip(sizes, repeats, strict=True):
        if not any(key in args.only for key in KEYS):
            break  # only (i) or (j): no portfolio of these sizes is needed
        label = f"{stories}x{applications}"
        _progress(f"{label}: writing the synthetic portfolio (cached in {args.work})")
        content = ensure_portfolio(args.work, stories, applications, args.seed)
        scratch = content.parent / "scratch"
        results[label] = {}
        for key, step, _, _ in MEASUREMENTS:
            if key in args.only:
                results[label][step] = measure_step(step, content, scratch / step, runs, repeat, args.timeout, label)
    memory = None
    if "i" in args.only and args.memory_size != "none":
        stories, applications = parse_size(args.memory_size)
        label = f"{stories}x{applications}"
        _progress(f"{label}: writing the synthetic portfolio (cached in {args.work})")
        content = ensure_portfolio(args.work, stories, applications, args.seed)
        memory = (
            label,
            measure_step("memory", content, content.parent / "scratch" / "memory", runs, 1, args.timeout, label),
        )

    serve = None
    if "j" in args.only and args.serve_content != "none":
        name, content = serve_content(args.serve_content, args.work, args.seed)
        scratch = args.work / "serve-scratch"
        serve = (name, measure_step("serve", content, scratch, runs, 1, args.timeout, name))

    command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    header = f"{machine_facts()}\n\n`{command.strip()}` (medians; peak RSS is the largest of the runs)"
    print(render_report(results, memory, serve, header))
    if args.json:
        write_json(args.json, results, memory, serve, header)
    return 0


def serve_content(value: str, work: Path, seed: int) -> tuple[str, Path]:
    """(j)'s content: a folder (copied), or NxM for a synthetic portfolio of that size."""
    if not Path(value).is_dir() and value.lower().replace("x", "").isdigit():
        stories, applications = parse_size(value)
        _progress(f"{stories}x{applications}: writing the synthetic portfolio (cached in {work})")
        return f"{stories}x{applications}", ensure_portfolio(work, stories, applications, seed)
    content = Path(value).absolute()
    return f"{content.name}/", content


def serve_target(name: str) -> float:
    """(j)'s target in seconds: 2 s on a synthetic portfolio (issue 19 sets it at 2000x400), 0.5 s on a folder."""
    return 2.0 if name[:1].isdigit() else 0.5


def write_json(
    path: Path,
    results: dict[str, dict[str, Outcome]],
    memory: tuple[str, Outcome] | None,
    serve: tuple[str, Outcome] | None,
    header: str,
) -> None:
    raw: dict = {size: {step: vars(o) for step, o in steps.items()} for size, steps in results.items()}
    raw["header"] = header
    if memory:
        raw["memory"] = {memory[0]: vars(memory[1])}
    if serve:
        raw["serve"] = {serve[0]: vars(serve[1])}
    path.write_text(json.dumps(raw, indent=2))


if __name__ == "__main__":
    sys.exit(main())
