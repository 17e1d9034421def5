"""Two versions side by side: the same synthetic content, fresh processes, runs alternating.

    python bench/compare.py OLD_TREE NEW_TREE 200x50,2000x400 load,pages,build 5

Each tree is a checkout with its own `.venv` (`git worktree add ../old REV`,
then `python3 -m venv .venv && .venv/bin/pip install -e .` there); each runs
its own `bench/steps.py` on the content this tree's `bench/synth.py` makes,
so the two measure the same portfolio. Alternating the runs keeps a busy
machine's load out of the ratio; the medians and new/old are printed.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth


def measure(tree: Path, step: str, content: Path) -> float | None:
    """One run of `step` by `tree`'s own code, in a fresh process; None when it failed."""
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryDirectory() as fresh:
        python, steps = tree / ".venv" / "bin" / "python", tree / "bench" / "steps.py"
        folders = ["--content", str(content), "--scratch", scratch, "--fresh", fresh]
        if step == "build":
            subprocess.run([python, steps, "prepare", step, *folders], capture_output=True, cwd=tree, check=False)
        done = subprocess.run(
            [python, steps, "measure", step, *folders], capture_output=True, text=True, cwd=tree, check=False
        )
        try:
            return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])
        except (IndexError, KeyError, ValueError):
            print(f"{tree} {step} failed: {done.stderr[-500:]}", file=sys.stderr)
            return None


def main() -> None:
    old, new = Path(sys.argv[1]).absolute(), Path(sys.argv[2]).absolute()
    sizes = [tuple(int(n) for n in size.split("x")) for size in sys.argv[3].split(",")]
    steps, repeat = sys.argv[4].split(","), int(sys.argv[5])
    work = Path(tempfile.gettempdir()) / "portfolio-compare"
    for stories, applications in sizes:
        content = synth.ensure_portfolio(work, stories, applications)
        for step in steps:
            times: dict[str, list[float]] = {"old": [], "new": []}
            for _ in range(repeat):
                for name, tree in (("old", old), ("new", new)):
                    seconds = measure(tree, step, content)
                    if seconds is not None:
                        times[name].append(seconds)
            if not (times["old"] and times["new"]):
                continue
            a, b = statistics.median(times["old"]), statistics.median(times["new"])
            print(
                f"{stories}x{applications} {step}: old {a:.3f} s, new {b:.3f} s, new/old {b / a:.2f} (medians of {repeat})"
            )


if __name__ == "__main__":
    main()
