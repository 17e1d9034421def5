"""The benchmark's report: a table of medians, then each figure against its target (issue 19)."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# (key, step in steps.py, what it measures, how it is timed)
MEASUREMENTS = [
    ("a", "floor", "floor: libyaml compose + Jinja2 render + write, per file", "in-process"),
    ("b", "load", "load + validate (`load_portfolio`)", "in-process"),
    ("c", "pages", "load + validate + generate + write pages", "in-process"),
    ("d", "build", "`portfolio build --no-packs`, cold", "wall"),
    ("e", "baseline", "same pages, plain MkDocs + Material defaults", "wall"),
    ("k", "full", "`portfolio build`: site, packs, résumé; cold, user cache kept", "wall"),
    ("l", "first", "the same, user cache empty too (a new machine)", "wall"),
    ("h", "rebuild", "`portfolio build` again, nothing changed", "wall"),
    ("f", "pack", "one pack (cold process)", "in-process"),
    ("g", "packs", "all packs, nothing cached", "in-process"),
    ("j", "serve", "`portfolio serve`: save a story → its page shows it", "wall"),
]
KEYS = {key: step for key, step, _, _ in MEASUREMENTS}
OWNER = "owner"  # the size label of the repository's own content/
SYNTHETIC = "NxM"  # in a target: every synthetic size


@dataclass
class Outcome:
    """All runs of one step at one size."""

    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # user + system, children's too (not every step)
    peak_mb: list[float] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    note: str | None = None  # n/a or error text; None when measured

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(self.cpu_seconds) if self.cpu_seconds else None

    @property
    def peak(self) -> float | None:
        return max(self.peak_mb) if self.peak_mb else None


Results = dict[str, dict[str, Outcome]]


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


def _judged(value: float | None, limit: float | None, fmt: str) -> str:
    if value is None:
        return "n/a"
    if limit is None:
        return fmt.format(value)
    return f"{fmt.format(value)} {'ok' if value <= limit else 'MISSED'} (≤ {fmt.format(limit)})"


# name, figure of one size's outcomes, its format, and the target at each size (absent: none there)
Figure = Callable[[dict[str, Outcome]], float | None]
TARGETS: list[tuple[str, Figure, str, dict[str, float]]] = [
    (
        "(k) / (e): the full build vs bare Material",
        lambda r: _ratio(r.get("full"), r.get("baseline")),
        "{:.2f}×",
        {OWNER: 1.0},
    ),
    (
        "(k) / (e) in CPU time (ours uses both cores)",
        lambda r: (k.cpu / e.cpu) if (k := r.get("full")) and (e := r.get("baseline")) and k.cpu and e.cpu else None,
        "{:.2f}×",
        {},
    ),
    ("(l) / (e): the same on a new machine", lambda r: _ratio(r.get("first"), r.get("baseline")), "{:.2f}×", {}),
    (
        "(d) / (e): the site vs bare Material",
        lambda r: _ratio(r.get("build"), r.get("baseline")),
        "{:.3f}×",
        {"1000x200": 0.2, "2000x400": 0.1},
    ),
    ("(h) nothing changed", lambda r: _median(r.get("rebuild")), "{:.3f} s", {OWNER: 0.3}),
    ("(j) save → page shown", lambda r: _median(r.get("serve")), "{:.2f} s", {OWNER: 0.5, "2000x400": 2.0}),
    (
        "(g) per PDF page, 2 cores",
        lambda r: (
            (o.median / o.extra["pages"] * 1000)
            if (o := r.get("packs")) and o.median and o.extra.get("pages")
            else None
        ),
        "{:.1f} ms",
        {SYNTHETIC: 8.0},  # decided on the synthetic packs (14 pages); the owner's 2–5 pages pay fixed costs more
    ),
    (
        "(g) CPU per PDF page (Typst, Pandoc, Python)",
        lambda r: (
            (o.cpu / o.extra["pages"] * 1000) if (o := r.get("packs")) and o.cpu and o.extra.get("pages") else None
        ),
        "{:.1f} ms",
        {},
    ),
    (
        "(c) − (b): generating + writing pages",
        lambda r: (
            (c.median - b.median) if (c := r.get("pages")) and (b := r.get("load")) and c.median and b.median else None
        ),
        "{:.3f} s",
        {},
    ),
]


def _server_cpu(outcome: Outcome) -> str:
    """The server's own CPU time per edit (bench/serving.py): what a busy machine does not change much."""
    cpu = outcome.extra.get("cpu")
    return f" (server CPU per edit: median {statistics.median(cpu):.2f} s)" if cpu else ""


def _limit(limits: dict[str, float], size: str) -> float | None:
    """The target at `size`: its own, else the one for every synthetic size."""
    return limits.get(size, limits.get(SYNTHETIC) if size != OWNER else None)


def _median(outcome: Outcome | None) -> float | None:
    return outcome.median if outcome is not None else None


def render_report(results: Results, memory: tuple[str, Outcome] | None, header: str) -> str:
    sizes = list(results)
    lines = [header, "", "| measurement | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(sizes)]
    for key, step, what, timing in MEASUREMENTS:
        if any(step in results[s] for s in sizes):
            cells = [_cell(results[s].get(step)) for s in sizes]
            lines.append(f"| ({key}) {what} [{timing}] | " + " | ".join(cells) + " |")
    lines += ["", "| figure (target) | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(sizes)]
    for name, figure, fmt, limits in TARGETS:
        cells = [_judged(figure(results[s]), _limit(limits, s), fmt) for s in sizes]
        if any(cell != "n/a" for cell in cells):
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    notes = {
        f"({key}) {o.note or o.extra.get('note')}"
        for key, step, _, _ in MEASUREMENTS
        for s in sizes
        if (o := results[s].get(step)) and (o.note or o.extra.get("note"))
    }
    lines += ["", *sorted(notes)] if notes else []
    serve_runs = [
        f"{s}: " + ", ".join(f"{e:.2f}" for e in o.extra["edits"]) + _server_cpu(o)
        for s in sizes
        if (o := results[s].get("serve")) and o.extra.get("edits")
    ]
    if serve_runs:
        lines += ["", "(j) each edit, in seconds: " + "; ".join(serve_runs)]
    if memory is not None:
        size, outcome = memory
        peak = outcome.peak
        lines += [
            "",
            f"(i) peak memory of `load_portfolio` on {size}: "
            + (_judged(peak, 500, "{:.0f} MB") if peak is not None else outcome.note or "n/a")
            + (f", load {outcome.median:.2f} s" if outcome.median is not None else ""),
        ]
        if outcome.extra.get("build_peak_mb"):
            lines.append(
                f"(i) peak memory of `portfolio build --no-packs` on {size}: {outcome.extra['build_peak_mb']:.0f} MB"
            )
    return "\n".join(lines)


def write_json(path: Path, results: Results, memory: tuple[str, Outcome] | None, header: str) -> None:
    raw: dict = {size: {step: vars(o) for step, o in steps.items()} for size, steps in results.items()}
    raw["header"] = header
    if memory:
        raw["memory"] = {memory[0]: vars(memory[1])}
    path.write_text(json.dumps(raw, indent=2))


def report_from_json(path: Path) -> str:
    raw = json.loads(path.read_text())
    header = raw.pop("header", f"(from {path})")
    memory = next(((size, Outcome(**o)) for size, o in raw.pop("memory", {}).items()), None)
    results = {size: {step: Outcome(**o) for step, o in steps.items()} for size, steps in raw.items()}
    return render_report(results, memory, header)
