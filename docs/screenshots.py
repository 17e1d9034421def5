"""Make the README's and the docs' screenshots from this repository's content.

    python docs/screenshots.py [--app APP-ID]

writes `docs/pages/img/dashboard.png` (the private site's home page, in
headless Chromium) and `docs/pages/img/pack.png` (the first page of a
recruiter pack, by pdftoppm). Run it from anywhere, with the project
installed; it builds into a temporary folder and leaves `site/` alone.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "pages" / "img"
CHROMIUM = "/usr/bin/chromium"
PORTFOLIO = str(Path(sys.executable).with_name("portfolio"))


def build_site(work: Path) -> Path:
    """The private site of `content/`, without packs, built into `work/site`."""
    site = work / "site"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    subprocess.run(
        [PORTFOLIO, "build", "--no-packs", "--force", "--site-dir", str(site)], cwd=ROOT, check=True, env=env
    )
    return site


def shoot_dashboard(site: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        page.emulate_media(color_scheme="light")
        page.goto((site / "index.html").as_uri())
        page.screenshot(path=str(out))
        browser.close()


def shoot_pack(app_id: str, work: Path, out: Path) -> None:
    packs = work / "packs"
    subprocess.run([PORTFOLIO, "pdf", app_id, "--out", str(packs)], cwd=ROOT, check=True)
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(packs / f"{app_id}.pdf"), str(stem)],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="perplexity-apm", help="The application whose pack is shown.")
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shoot_dashboard(build_site(work), IMAGES / "dashboard.png")
        shoot_pack(args.app, work, IMAGES / "pack.png")
    for name in ("dashboard.png", "pack.png"):
        print(f"wrote {IMAGES / name}")


if __name__ == "__main__":
    main()
