"""One benchmark measurement, run in a fresh Python process by bench/run.py.

    python bench/steps.py prepare|measure STEP --content DIR --scratch DIR --fresh DIR

`measure` prints one JSON line: {"seconds": ...} (plus extras), or
{"skip": "..."} when the piece it measures does not exist yet. Only the
measured work is timed; what it needs (a loaded portfolio, a first build)
is done before the clock starts, or once in `prepare`. Peak memory is taken
by the parent from the process's rusage (os.wait4), children included.

`--scratch` persists across the repeats of one step at one size; `--fresh` is
a new empty folder for each run (output, caches), so no run sees another's.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


class NotYet(Exception):
    """The code a step measures is not written yet: the step is reported as n/a."""


def require(module: str, name: str) -> Callable:
    """`module.name`, or NotYet when that module or function does not exist (yet)."""
    try:
        found = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        found = None
    if found is None:
        raise NotYet(f"{module} not implemented yet")
    loaded = importlib.import_module(module)  # a broken module is an error, not n/a
    if not hasattr(loaded, name):
        raise NotYet(f"{module}.{name} not implemented yet")
    return getattr(loaded, name)


def content_files(content: Path) -> list[Path]:
    return [
        content / "profile.yaml",
        *sorted((content / "stories").glob("*.yaml")),
        *sorted((content / "applications").glob("*.yaml")),
    ]


# --- the site's pages ------------------------------------------------------------


def write_pages(pages: Mapping[str, str], docs: Path) -> int:
    """Write what `render_site_pages` returned (docs-relative path -> Markdown) under `docs`."""
    count = 0
    made: set[Path] = set()
    for path, text in pages.items():
        target = docs / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(text, encoding="utf-8")
        count += 1
    return count


def site_pages(content: Path) -> Mapping[str, str]:
    """load + validate + private view + page generation (the work of step c)."""
    render_site_pages = require("generator.site.pages", "render_site_pages")
    from generator.audience import view_for
    from generator.content import load_portfolio

    return render_site_pages(view_for(load_portfolio(content), "private"))


# --- the steps ------------------------------------------------------------------

FLOOR_TEMPLATE = """# {{ title }}
{% for key, value in fields %}
## {{ key }}

{{ value }}
{% endfor %}
"""


def _scalars(node, key: str) -> Iterable[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every scalar of a node tree with the key above it: what a page shows."""
    if hasattr(node, "tag") and isinstance(node.value, str):
        yield key, node.value
    elif node.value and isinstance(node.value[0], tuple):
        for k, v in node.value:
            yield from _scalars(v, k.value)
    else:
        for item in node.value:
            yield from _scalars(item, key)


def measure_floor(content: Path, scratch: Path, fresh: Path) -> dict:
    """(a) The floor: libyaml compose + one Jinja2 render + one write per content file."""
    import jinja2
    import yaml

    template = jinja2.Environment(autoescape=False).from_string(FLOOR_TEMPLATE)
    files = content_files(content)
    out = fresh / "floor"
    out.mkdir()
    start = time.perf_counter()
    for path in files:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        fields = list(_scalars(node, ""))
        title = next((v for k, v in fields if k in ("title", "company", "name")), path.stem)
        (out / f"{path.stem}.md").write_text(template.render(title=title, fields=fields), encoding="utf-8")
    return {"seconds": time.perf_counter() - start, "files": len(files)}


def measure_load(content: Path, scratch: Path, fresh: Path) -> dict:
    """(b) load + validate, the one door."""
    from generator.content import load_portfolio

    start = time.perf_counter()
    portfolio = load_portfolio(content).portfolio
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "stories": len(portfolio.stories), "applications": len(portfolio.applications)}


def measure_pages(content: Path, scratch: Path, fresh: Path) -> dict:
    """(c) load + validate + page generation + writing the pages."""
    require("generator.site.pages", "render_site_pages")
    import generator.content.loader
    import generator.site.pages  # noqa: F401

    start = time.perf_counter()
    pages = site_pages(content)
    generated = time.perf_counter()
    count = write_pages(pages, fresh / "docs")
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "pages": count,
        "writing": round(end - generated, 3),
        "megabytes": round(sum(len(text.encode()) for text in pages.values()) / 1e6, 1),
    }


@dataclass(frozen=True)
class Usage:
    """What one command took: wall seconds, user and system CPU seconds, minor page faults (its children's too)."""

    seconds: float
    user: float
    system: float
    minor_faults: int


def measure_command(command: list[str], cwd: Path, env_extra: dict[str, str] | None = None) -> Usage:
    """Run one command and measure it; its output is kept only when it fails."""
    env = dict(os.environ, **(env_extra or {}))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine: modules compiled once, not at every run
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{tail}")
    return Usage(
        seconds,
        after.ru_utime - before.ru_utime,
        after.ru_stime - before.ru_stime,
        after.ru_minflt - before.ru_minflt,
    )


def _run(command: list[str], cwd: Path, env_extra: dict[str, str] | None = None) -> dict[str, float]:
    """Wall time (`seconds`) and CPU time (`cpu_seconds`: user + system, its children's too) of one command."""
    usage = measure_command(command, cwd, env_extra)
    return {"seconds": usage.seconds, "cpu_seconds": usage.user + usage.system}


def _children_cpu() -> float:
    """CPU seconds of every child process waited for so far (and of theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    """CPU seconds of this process (every thread) and of the children it waited for."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime + _children_cpu()


def build_command(content: Path, site: Path, packs: bool) -> list[str]:
    """`portfolio build`, with packs switched off when asked and possible."""
    command = [str(BIN / "portfolio"), "build", "--content", str(content), "--site-dir", str(site)]
    flag = no_packs_option() if not packs else None
    return command + [flag] if flag else command


def no_packs_option() -> str | None:
    """The `portfolio build` flag that skips packs, from its --help (None: no such flag)."""
    require("generator.site.build", "build_site")
    help_text = _build_help()
    return next((f for f in ("--no-pdf", "--no-packs", "--skip-packs", "--no-pack") if f in help_text), None)


def copy_content(content: Path, target: Path) -> Path:
    """A private copy: caches kept beside the content folder start empty."""
    shutil.copytree(content, target)
    return target


PACK_CACHE = Path(".portfolio-cache") / "packs"  # in the current folder (generator/pack/build.py)


def prepare_build(content: Path, scratch: Path, fresh: Path) -> dict:
    """Without a way to skip packs, fill a pack cache that each run of (d) starts from."""
    if no_packs_option() is not None:
        return {}
    write_packs = require("generator.pack", "write_packs")
    from generator.content import load_portfolio

    shutil.rmtree(scratch, ignore_errors=True)
    copied = copy_content(content, scratch / "content")
    os.chdir(scratch)  # this throwaway process only: the pack cache is kept in the current folder
    write_packs(load_portfolio(copied), scratch / "pdf", audience="recruiter")
    return {"warm_pack_cache": True}


def measure_build(content: Path, scratch: Path, fresh: Path) -> dict:
    """(d) `portfolio build` without packs, cold: own content copy, new site folder, no stamp.

    When `portfolio build` has no option to skip packs, its packs come from
    a warm pack cache instead (so they cost a cache lookup and a copy each).
    """
    flag = no_packs_option()
    command = build_command(copy_content(content, fresh / "content"), fresh / "site", packs=False)
    result: dict = {}
    if flag is None and (scratch / PACK_CACHE).is_dir():
        shutil.copytree(scratch / PACK_CACHE, fresh / PACK_CACHE)
        result["note"] = "`portfolio build` has no option to skip packs: its packs came from a warm pack cache"
    if "--force" in _build_help():
        command.append("--force")
    result.update(_run(command, fresh, {"XDG_CACHE_HOME": str(fresh / "cache")}))
    result["pdfs_in_site"] = len(list((fresh / "site").rglob("*.pdf")))
    return result


@functools.cache
def _build_help() -> str:
    return subprocess.run([str(BIN / "portfolio"), "build", "--help"], capture_output=True, text=True).stdout


BASELINE_CONFIG = "site_name: Baseline\ntheme:\n  name: material\n"


def prepare_baseline(content: Path, scratch: Path, fresh: Path) -> dict:
    """Write the pages of (c) into a plain MkDocs project with Material defaults."""
    docs = scratch / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    count = write_pages(site_pages(content), docs)
    (scratch / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    return {"pages": count}


def measure_baseline(content: Path, scratch: Path, fresh: Path) -> dict:
    """(e) the same Markdown through plain `mkdocs build`, Material defaults."""
    if not (scratch / "mkdocs.yml").is_file():
        raise NotYet("baseline pages not written (needs render_site_pages)")
    return _run(baseline_command(scratch, fresh / "site"), scratch)


def baseline_command(scratch: Path, site: Path) -> list[str]:
    """Plain `mkdocs build` of the project `prepare_baseline` wrote into `scratch`."""
    return [str(BIN / "mkdocs"), "build", "-q", "-f", str(scratch / "mkdocs.yml"), "-d", str(site)]


def measure_pack(content: Path, scratch: Path, fresh: Path) -> dict:
    """(f) one recruiter pack in a new process, uncached (portfolio loaded before the clock)."""
    write_packs = require("generator.pack", "write_packs")
    from generator.content import load_portfolio

    loaded = load_portfolio(content)
    app_id = min(loaded.portfolio.applications)
    start = time.perf_counter()
    write_packs(loaded, fresh / "pdf", app_ids=[app_id], cache=False)
    return {"seconds": time.perf_counter() - start}


def measure_packs(content: Path, scratch: Path, fresh: Path) -> dict:
    """(g) every application's recruiter pack, in parallel, uncached."""
    write_packs = require("generator.pack", "write_packs")
    from generator.content import load_portfolio

    loaded = load_portfolio(content)
    cpu, start = _own_cpu(), time.perf_counter()
    written = write_packs(loaded, fresh / "pdf", cache=False)
    seconds, cpu = time.perf_counter() - start, _own_cpu() - cpu
    from generator.pack.pagecount import count_pdf_pages

    pages = sum(count_pdf_pages(path) for path in written)
    return {"seconds": seconds, "cpu_seconds": cpu, "packs": len(written), "pages": pages, "workers": os.cpu_count()}


def prepare_rebuild(content: Path, scratch: Path, fresh: Path) -> dict:
    """A first full `portfolio build` (packs included) that the no-change rebuild follows."""
    require("generator.site.build", "build_site")
    for old in ("content", "site", ".portfolio-cache", "cache"):
        shutil.rmtree(scratch / old, ignore_errors=True)
    copied = copy_content(content, scratch / "content")
    seconds = _run(
        build_command(copied, scratch / "site", packs=True), scratch, {"XDG_CACHE_HOME": str(scratch / "cache")}
    )["seconds"]
    return {"first_build": seconds, "pdfs_in_site": len(list((scratch / "site").rglob("*.pdf")))}


def measure_rebuild(content: Path, scratch: Path, fresh: Path) -> dict:
    """(h) `portfolio build` again with nothing changed (wall time of the whole command)."""
    if not (scratch / "site").is_dir():
        raise NotYet("no first build to rebuild")
    command = build_command(scratch / "content", scratch / "site", packs=True)
    return _run(command, scratch, {"XDG_CACHE_HOME": str(scratch / "cache")})


USER_CACHE = "usercache"  # compiled templates and Hunspell's answers (generator/usercache.py)


def prepare_full(content: Path, scratch: Path, fresh: Path) -> dict:
    """Fill a user cache folder as any earlier run of `portfolio` does (for (k))."""
    shutil.rmtree(scratch / USER_CACHE, ignore_errors=True)
    copied = copy_content(content, scratch / "first" / "content")
    seconds = _run(
        build_command(copied, scratch / "first" / "site", packs=True) + ["--force"],
        scratch / "first",
        {"XDG_CACHE_HOME": str(scratch / USER_CACHE)},
    )["seconds"]
    shutil.rmtree(scratch / "first")
    return {"warming_build": seconds}


def measure_full(content: Path, scratch: Path, fresh: Path) -> dict:
    """(k) `portfolio build`: site, packs and résumé; new site folder, no build stamp, no pack cache.

    The user cache (compiled templates, spelling answers) is as any earlier
    run of the tool on this machine left it.
    """
    return _full_build(content, fresh, scratch / USER_CACHE)


def measure_first(content: Path, scratch: Path, fresh: Path) -> dict:
    """(l) as (k), with an empty user cache too: the first build on a new machine."""
    return _full_build(content, fresh, fresh / USER_CACHE)


def _full_build(content: Path, fresh: Path, user_cache: Path) -> dict:
    command = build_command(copy_content(content, fresh / "content"), fresh / "site", packs=True) + ["--force"]
    timed = _run(command, fresh, {"XDG_CACHE_HOME": str(user_cache)})
    return {**timed, "pdfs_in_site": len(list((fresh / "site").rglob("*.pdf")))}


STEPS: dict[str, tuple[Callable | None, Callable]] = {
    "floor": (None, measure_floor),
    "load": (None, measure_load),
    "pages": (None, measure_pages),
    "build": (prepare_build, measure_build),
    "baseline": (prepare_baseline, measure_baseline),
    "pack": (None, measure_pack),
    "packs": (None, measure_packs),
    "rebuild": (prepare_rebuild, measure_rebuild),
    "full": (prepare_full, measure_full),
    "first": (None, measure_first),
    "memory": (None, measure_load),
    "serve": (None, lambda *folders: __import__("serving").measure_serve(*folders)),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["prepare", "measure"])
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--scratch", type=Path, required=True)
    parser.add_argument("--fresh", type=Path, required=True)
    args = parser.parse_args()
    sys.modules.setdefault("steps", sys.modules[__name__])  # one module, one NotYet, for serving.py too
    prepare, measure = STEPS[args.step]
    function = measure if args.phase == "measure" else prepare
    try:
        result = function(args.content.absolute(), args.scratch.absolute(), args.fresh.absolute()) if function else {}
    except NotYet as exc:
        result = {"skip": f"n/a ({exc})"}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
