"""Two pack templates side by side: Typst's CPU time for the same packs, compiles alternating in one process.

    python bench/templates_ab.py OLD_DIR NEW_DIR [--size 1000x200] [--packs 60]

Each folder holds a `pack.typ` (a copy of generator/pack/templates/ with one
change, say). The packs' Typst bodies are made once, by Pandoc, from the
synthetic portfolio of `--size` (bench/synth.py); then each body is
compiled with both templates, in turns (old-new, new-old, ...), and each
template's compiles are timed in CPU. Alternating in one process keeps
the host's changing speed (a quarter within an hour here) out of the
ratio, which wall-clock runs minutes apart cannot.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import ensure_portfolio


def pack_bodies(content: Path, count: int) -> list[tuple[str, dict[str, str]]]:
    """The Typst body and template inputs of the first `count` recruiter packs."""
    import generator.pack.build as pack_build
    from generator.content import load_portfolio
    from generator.pack import write_packs

    bodies: list[tuple[str, dict[str, str]]] = []
    compile_pdf = pack_build.compile_pdf

    def keep(body: str, template: object, meta: dict[str, str]) -> bytes:
        bodies.append((body, dict(meta)))
        return compile_pdf(body, template, meta)  # type: ignore[arg-type]

    loaded = load_portfolio(content)
    pack_build.compile_pdf = keep  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as out:
            write_packs(loaded, Path(out), app_ids=sorted(loaded.portfolio.applications)[:count], cache=False)
    finally:
        pack_build.compile_pdf = compile_pdf
    return bodies


def compare(folders: list[Path], bodies: list[tuple[str, dict[str, str]]]) -> dict[Path, float]:
    """CPU seconds of each folder's compiles of every body (the first body only warms both)."""
    import typst

    from generator.pack.typst import FIXED_TIMESTAMP, MAIN_PREAMBLE

    compilers = {folder: typst.Compiler(root=str(folder), ignore_system_fonts=True) for folder in folders}
    spent = dict.fromkeys(folders, 0.0)
    for n, (body, meta) in enumerate(bodies):
        for folder in folders if n % 2 == 0 else folders[::-1]:
            start = time.process_time()
            compilers[folder].compile(
                input=(MAIN_PREAMBLE + body).encode(),
                format="pdf",
                sys_inputs=meta,
                timestamp=FIXED_TIMESTAMP,
                pdf_standards="ua-1",
            )
            if n:
                spent[folder] += time.process_time() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--size", default="1000x200")
    parser.add_argument("--packs", type=int, default=60)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "portfolio-bench")
    args = parser.parse_args()
    stories, _, applications = args.size.partition("x")
    content = ensure_portfolio(args.work, int(stories), int(applications))
    bodies = pack_bodies(content, args.packs)
    spent = compare([args.old.resolve(), args.new.resolve()], bodies)
    old, new = spent.values()
    print(f"{len(bodies) - 1} packs at {args.size}: old {old:.2f} s, new {new:.2f} s of CPU; new/old {new / old:.3f}")


if __name__ == "__main__":
    main()
