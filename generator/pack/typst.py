"""Compiling a pack's Typst body into a PDF, in-process, with the pack template.

The template is `overrides/pack/pack.typ`: the user's own in the current
folder when there is one, else the built-in one in `templates/` beside this
file. Fonts come only from the `typst` package and from `fonts/` folders
beside the templates: system fonts are ignored, so
the same content makes the same PDF on any machine.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import typst

from generator.content.diagnostics import PortfolioError, display_path

TEMPLATE_NAME = "pack.typ"
BUILTIN_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
# Where a user's own template (and its `fonts/`) goes, under the current folder.
USER_TEMPLATE_DIR = Path("overrides") / "pack"
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
# The PDF's clock (1980-01-01) for templates that ask for the date; ours sets none.
FIXED_TIMESTAMP = 315532800
# The file Typst compiles: the template's `pack` wrapped around Pandoc's body.
# A link to a label that is not in the pack exactly once (a story link the
# owner typed, to a story this pack leaves out) prints as its text: Typst
# would refuse the whole pack. Pandoc reads a pack in parts, so only the
# whole pack, here, can tell.
#
# Pandoc's Typst writer presumes a few definitions of its own template (which
# packs do not use): a `---` line in an answer is `#horizontalrule`.
MAIN_PREAMBLE = (
    "#let horizontalrule = align(center, line(length: 40%, stroke: 0.5pt + luma(65%)))\n"
    "#show link: it => if type(it.dest) == label {\n"
    "  context if query(it.dest).len() == 1 { it } else { it.body }\n"
    "} else { it }\n"
    '#import "pack.typ": pack\n'
    "#show: pack.with(sys.inputs)\n\n"
)
# The résumé's template (cv.typ) defines `cv(meta, body)` the same way.
CV_TEMPLATE_NAME = "cv.typ"
TYPST_VERSION = importlib.metadata.version("typst")
# Tagged, with the title shown and the language set: what screen readers
# and applicant-tracking systems read best (tests/test_pdf_text.py).
PDF_STANDARD: Literal["ua-1"] = "ua-1"


# A Typst compiler's folder (its root), font folders and font files.
CompilerKey = tuple[Path, tuple[Path, ...], tuple[Path, ...]]


class TypstFailedError(PortfolioError):
    """Typst could not compile a pack (usually a mistake in a customised template)."""


@dataclass(frozen=True)
class PackTemplate:
    """The folder holding `pack.typ` (Typst's root) and the font folders to use.

    `font_files` is what those folders held when the template was found: a
    compiler is reused only for the same fonts.
    """

    root: Path
    font_dirs: tuple[Path, ...]
    font_files: tuple[Path, ...] = ()
    name: str = TEMPLATE_NAME  # `pack.typ`, or `cv.typ` for the résumé

    @property
    def path(self) -> Path:
        return self.root / self.name

    @property
    def compiler_key(self) -> CompilerKey:
        """What a Typst compiler for it is made with: one serves every template in the same folder, with the same fonts."""
        return self.root, self.font_dirs, self.font_files

    @property
    def preamble(self) -> str:
        """The main file's start: the pack's preamble, importing this template's function."""
        function = Path(self.name).stem
        return MAIN_PREAMBLE.replace('"pack.typ": pack', f'"{self.name}": {function}').replace(
            "pack.with(", f"{function}.with("
        )

    def fingerprint(self) -> str:
        """A hash of everything the template can read: its .typ files and font list."""
        digest = hashlib.sha256(TYPST_VERSION.encode())
        for source in sorted(self.root.rglob("*.typ")):
            digest.update(str(source.relative_to(self.root)).encode() + b"\0" + source.read_bytes())
        for font in self.font_files:
            stat = font.stat()
            digest.update(f"{font}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        return digest.hexdigest()


def find_template(folder: Path | None = None, name: str = TEMPLATE_NAME) -> PackTemplate:
    """`overrides/pack/<name>` in `folder` (default: the current one), else the built-in."""
    builtin_fonts = BUILTIN_TEMPLATE_DIR / "fonts"
    user_root = ((folder or Path.cwd()) / USER_TEMPLATE_DIR).resolve()
    font_dirs: tuple[Path, ...]
    if (user_root / name).is_file():
        root, font_dirs = user_root, (user_root / "fonts", builtin_fonts)
    else:
        root, font_dirs = BUILTIN_TEMPLATE_DIR, (builtin_fonts,)
    font_files = sorted(
        path
        for font_dir in font_dirs
        if font_dir.is_dir()
        for path in font_dir.rglob("*")
        if path.suffix.lower() in FONT_SUFFIXES
    )
    return PackTemplate(root=root, font_dirs=font_dirs, font_files=tuple(font_files), name=name)


# Idle compilers by root and fonts (the packs' and the résumé's share them):
# fonts load once per compiler, and a compiler that has compiled before is
# warm (about ten times faster than a new one). A compiler serves one thread
# at a time, so each compile takes one out.
_idle: dict[CompilerKey, list[typst.Compiler]] = {}
_idle_lock = threading.Lock()


def compile_pdf(body: str, template: PackTemplate, meta: dict[str, str]) -> bytes:
    """The PDF of a Typst body wrapped in the template; `meta` becomes `sys.inputs`."""
    source = (template.preamble + body).encode("utf-8")
    compiler = _take_compiler(template)
    try:
        try:
            return _compile(compiler, source, meta, PDF_STANDARD)
        except typst.TypstError:
            # PDF/UA-1 refuses text the fonts cannot print (a 🚀, 東京): such a
            # pack is made tagged but without the claim, and the glyph check
            # (glyphs.py) warns about those characters. Any other error
            # happens again here and is reported.
            return _compile(compiler, source, meta, None)
    except typst.TypstError as exc:
        raise TypstFailedError(_describe(exc, template)) from None
    finally:
        with _idle_lock:
            _idle.setdefault(template.compiler_key, []).append(compiler)


def _compile(compiler: typst.Compiler, source: bytes, meta: dict[str, str], standard: Literal["ua-1"] | None) -> bytes:
    pdf = compiler.compile(
        input=source, format="pdf", sys_inputs=dict(meta), timestamp=FIXED_TIMESTAMP, pdf_standards=standard
    )
    assert isinstance(pdf, bytes)
    return pdf


def _take_compiler(template: PackTemplate) -> typst.Compiler:
    with _idle_lock:
        idle = _idle.get(template.compiler_key)
        if idle:
            return idle.pop()
    fonts = [str(path) for path in template.font_dirs if path.is_dir()]
    return typst.Compiler(root=str(template.root), font_paths=fonts, ignore_system_fonts=True)


def _describe(error: typst.TypstError, template: PackTemplate) -> str:
    """Typst's message, with its source excerpt (file:line:col) when it gives one."""
    message = (getattr(error, "message", None) or str(error)).strip()
    details = (getattr(error, "diagnostic", None) or "").strip().splitlines()[1:]
    hints = [f"hint: {hint}" for hint in getattr(error, "hints", None) or []]
    excerpt = "".join(f"\n    {line}" for line in [*details, *hints] if line.strip())
    return f"typst: {message} (template {display_path(template.path)}){excerpt}"
