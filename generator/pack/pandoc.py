"""Finding and running Pandoc: a pack's Markdown parts to Typst or a Word file.

A pack's Markdown comes in parts (markdown.py): the cover, criteria and
answers, then one part per story. Pandoc reads each part on its own
(`--file-scope`), so a footnote, a link definition or an unclosed code
fence in one story never reaches another, and a part converts the same in
every pack: `typst_parts` converts many parts, of many packs, in one
process, and a run converts a story shared by ten packs once.

The reader of the template's Markdown is CommonMark with only the
extensions the pack template needs (attributes, fenced divs). Content
Markdown fields are in it as code blocks, which Pandoc does not read as
Markdown: each field's blocks are the site's reading of it (fieldast.py),
handed to `untrusted.lua` as JSON in a file of the run, which puts them in
the code blocks' place. So the site and the packs read every field with one
parser, and Pandoc spends about 30% less time on the packs than
when it read each field itself (docs/pages/pack-speed.md). The filter also
shows raw HTML of the
template's Markdown as text and drops attributes (the Typst writer would
run `typst:*` ones as code).
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import os
import re
import secrets
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.content.diagnostics import PortfolioError
from generator.pack.fieldast import field_json
from generator.pack.markdown import split_fields
from generator.pack.pandocpath import remembered

FILTER_DIR = Path(__file__).parent
UNTRUSTED_FILTER = FILTER_DIR / "untrusted.lua"
DOCX_TITLE_FILTER = FILTER_DIR / "docx-title.lua"
SHORTHANDS_FILTER = FILTER_DIR / "typst-shorthands.lua"
CRITERIA_FILTER = FILTER_DIR / "criteria-table.lua"
# What a run reads the parts with (`reading_filter`: the two above), written into the run's folder.
READING_FILTER_NAME = "reading.lua"
# The filters given to Pandoc as they are (the other two reach it through `reading_filter`).
FILTERS = (DOCX_TITLE_FILTER, SHORTHANDS_FILTER)
# The parser of content fields (fieldast.py), whose reading is part of every pack too.
FIELD_READING = (FILTER_DIR / "fieldast.py", FILTER_DIR.parent / "render" / "markdown.py")
FIELD_PARSERS = ("markdown-it-py", "mdit-py-plugins", "linkify-it-py")

_EXTENSIONS = ("attributes", "fenced_divs")
READER = "commonmark" + "".join(f"+{extension}" for extension in _EXTENSIONS)
MINIMUM_VERSION = (3, 1)
# Word files carry a creation time; Pandoc takes it from here (1980-01-01,
# the earliest a zip entry can hold), so the same pack gives the same bytes.
FIXED_EPOCH = "315532800"

# A larger allocation area: a quarter less CPU per pack (measured on Pandoc 3.9).
GHC_RUNTIME_OPTIONS = "-A64m"

INSTALL_HINT = (
    "Pandoc is needed to write packs and was not found. Install the Python package "
    "that bundles it (`pip install pypandoc-binary`), or Pandoc itself "
    "(https://pandoc.org/installing.html, e.g. `apt install pandoc` or `brew install pandoc`), "
    "or point PYPANDOC_PANDOC at a pandoc binary."
)


class PandocMissingError(PortfolioError):
    """No usable Pandoc on this machine."""


class PandocFailedError(PortfolioError):
    """Pandoc refused a pack's Markdown."""


@dataclass(frozen=True)
class Pandoc:
    """One Pandoc binary and its version (part of every pack's cache key)."""

    path: str
    version: str

    def typst_parts(self, parts: Sequence[str]) -> list[str]:
        """Each part's Markdown as a Typst body, all in one Pandoc process.

        Each part is read on its own (`--file-scope`) and starts with a
        paragraph holding only this call's mark, which the Typst writer
        prints as a line of its own: the output is cut there. A part's
        Typst depends on that part alone (tests/test_pack_parts.py checks
        it against converting the part by itself).
        """
        if not parts:
            return []
        mark = f"PORTFOLIOPART{secrets.token_hex(12)}"  # one word, which no content can hold
        source = _PandocInput.of([f"{mark}\n\n{part}" for part in parts])
        # Unwrapped: a line starts only where a block or a hard break does (fieldast.py `_words`).
        options = ["--to", "typst", "--wrap=none"]
        if source.needs_escapes():
            options += ["--lua-filter", str(SHORTHANDS_FILTER)]
        output = self._run(options, source).decode("utf-8")
        texts = output.split(f"{mark}\n")
        if len(texts) != len(parts) + 1 or texts[0].strip():
            raise PandocFailedError(f"pandoc returned {len(texts) - 1} parts for {len(parts)}")
        return [text.strip("\n") for text in texts[1:]]

    def docx(self, parts: Sequence[str]) -> bytes:
        """A Word document of the parts, read one by one and joined."""
        options = ["--to", "docx", "--lua-filter", str(DOCX_TITLE_FILTER), "--output", "-"]
        return self._run(options, _PandocInput.of(parts))

    def plain(self, parts: Sequence[str]) -> bytes:
        """Plain text of the parts, for pasting into a form (lines unwrapped)."""
        return self._run(["--to", "plain", "--wrap=none"], _PandocInput.of(parts))

    def _run(self, options: list[str], source: _PandocInput) -> bytes:
        """Run Pandoc on the parts, each in a file of its own read with `--file-scope`."""
        nonce = secrets.token_hex(8)
        env = dict(os.environ, SOURCE_DATE_EPOCH=FIXED_EPOCH)
        env.setdefault("GHCRTS", GHC_RUNTIME_OPTIONS)
        # --file-scope prefixes ids and link targets with the file's name; the filter takes it off.
        env["PORTFOLIO_PART_PREFIX"] = f"p{nonce}%-%d+%.md"
        try:
            with tempfile.TemporaryDirectory(prefix="portfolio-pandoc-") as folder:
                return self._run_in(folder, options, source, nonce, env)
        except OSError as exc:  # the temporary folder could not be made or written
            raise PandocFailedError(f"cannot prepare Pandoc's input: {exc}") from None

    def _run_in(self, folder: str, options: list[str], source: _PandocInput, nonce: str, env: dict[str, str]) -> bytes:
        files = []
        for n, markdown in enumerate(source.markdowns):
            files.append(Path(folder) / f"p{nonce}-{n}.md")
            files[-1].write_text(markdown, encoding="utf-8")
        # Each field's blocks as the site's parser reads it, which untrusted.lua puts in its place.
        divs = (f'{{"t":"Div","c":[["{key}",[],[]],{blocks}]}}' for key, blocks in source.fields.items())
        (Path(folder) / "fields.json").write_text(f"[{','.join(divs)}]", encoding="utf-8")
        env["PORTFOLIO_FIELDS"] = "fields.json"
        (Path(folder) / READING_FILTER_NAME).write_text(reading_filter(), encoding="utf-8")
        # --eol=lf: the output is cut at "mark\n" on every system (Pandoc writes CRLF on Windows).
        command = [
            self.path,
            "--from",
            READER,
            "--file-scope",
            "--eol=lf",
            "--lua-filter",
            READING_FILTER_NAME,
            "--quiet",
            *options,
            *(file.name for file in files),
        ]  # relative: the prefix is the name
        try:
            done = subprocess.run(command, capture_output=True, env=env, cwd=folder, check=False)
        except OSError as exc:
            raise PandocMissingError(f"cannot run {self.path}: {exc.strerror}. {INSTALL_HINT}") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
            raise PandocFailedError(f"pandoc failed: {message}")
        return done.stdout


# The entities CommonMark turns into `.` or `?` (HTML5 names none for `-`).
_DOT_OR_QUESTION = re.compile(r"&(?:#0*46|#[xX]0*2[eE]|period);|&(?:#0*63|#[xX]0*3[fF]|quest);|&#0*45;|&#[xX]0*2[dD];")
_ENTITY_CHARS = {"46": ".", "2e": ".", "period": ".", "63": "?", "3f": "?", "quest": "?", "45": "-", "2d": "-"}


def _has_typst_shorthand(markdown: str) -> bool:
    """Whether the text may hold `..` or `-?` once read, which Typst would change.

    Never wrong the other way: a part for which this is False reads the same
    with the filter as without it, so a batch may mix parts of both kinds.
    """
    plain = _DOT_OR_QUESTION.sub(_entity_char, markdown).replace("\\", "")
    return ".." in plain or "-?" in plain


# In a field's blocks: what typst-shorthands.lua escapes (a paragraph that starts with a block marker, `..`, `-?`).
_FIELD_ESCAPES = re.compile(r'\{"t":"(?:Para|Plain)","c":\[\{"t":"Str","c":"(?:[-+/]|=+|\d+\.)"\}|\.\.|-\?')


@dataclass(frozen=True)
class _PandocInput:
    """What one Pandoc run reads: each part's Markdown without its fields' text, and every field's blocks by key."""

    markdowns: list[str]
    fields: dict[str, str]  # key -> the field's blocks, as JSON (fieldast.py)

    @classmethod
    def of(cls, parts: Sequence[str]) -> _PandocInput:
        markdowns: list[str] = []
        fields: dict[str, str] = {}
        for part in parts:
            try:
                markdown, found = split_fields(part)
            except ValueError as exc:  # a template that wrote a field otherwise than `field_block`
                raise PandocFailedError(f"cannot read the pack's Markdown: {exc}") from None
            markdowns.append(markdown)
            fields.update((key, field_json(text)) for key, text in found.items() if key not in fields)
        return cls(markdowns, fields)

    def needs_escapes(self) -> bool:
        """Whether typst-shorthands.lua has anything to escape, in the template's Markdown or a field's blocks.

        A field's blocks may hold what its Markdown does not show (`a-[](#)? b` reads `a-? b`).
        """
        return any(_has_typst_shorthand(markdown) for markdown in self.markdowns) or any(
            _FIELD_ESCAPES.search(blocks) for blocks in self.fields.values()
        )


def _entity_char(match: re.Match[str]) -> str:
    name = match.group(0)[1:-1].lstrip("#").lower().lstrip("x").lstrip("0")
    return _ENTITY_CHARS[name]


@functools.cache
def reading_filter() -> str:
    """untrusted.lua's passes, then criteria-table.lua's, as one Lua filter: one Lua state a run.

    Pandoc starts a Lua state for each `--lua-filter` file (about 6 ms of a
    run's CPU). Each file is a chunk of its own here (a function), as it
    would be alone. Written into the run's folder and named relative to it,
    as fields.json is: Lua's own file functions (`dofile`) cannot open every
    path on Windows, where Pandoc's own reading of a filter can.
    """
    chunks = [path.read_text(encoding="utf-8") for path in (UNTRUSTED_FILTER, CRITERIA_FILTER)]
    return (
        "-- generator/pack/untrusted.lua, then criteria-table.lua (pandoc.py `reading_filter`).\n"
        f"local reading = (function()\n{chunks[0]}\nend)()\n"
        f"table.insert(reading, (function()\n{chunks[1]}\nend)())\n"
        "return reading\n"
    )


def reading_fingerprint() -> bytes:
    """What reading a pack's Markdown depends on besides Pandoc: the filters, and the fields' parser and its version.

    `reading_filter` holds untrusted.lua and criteria-table.lua, each read once.
    """
    sources = reading_filter().encode() + b"".join(path.read_bytes() for path in (*FILTERS, *FIELD_READING))
    return sources + " ".join(importlib.metadata.version(name) for name in FIELD_PARSERS).encode()


def find_pandoc() -> Pandoc:
    """The Pandoc that `pypandoc` finds (its bundled binary, or a newer one on PATH); remembered (pandocpath.py)."""
    path, version = remembered(_ask_pypandoc)
    numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if numbers < MINIMUM_VERSION:
        wanted = ".".join(map(str, MINIMUM_VERSION))
        raise PandocMissingError(f"Pandoc {version} at {path} is too old; packs need {wanted} or newer. {INSTALL_HINT}")
    return Pandoc(path=path, version=version)


def _ask_pypandoc() -> tuple[str, str]:
    try:
        import pypandoc
    except ImportError:
        raise PandocMissingError(INSTALL_HINT) from None
    # pypandoc logs a traceback for a pandoc it finds but cannot run; our message says it all.
    pypandoc_log = logging.getLogger("pypandoc")
    was_disabled, pypandoc_log.disabled = pypandoc_log.disabled, True
    try:
        return str(pypandoc.get_pandoc_path()), str(pypandoc.get_pandoc_version())
    except OSError:
        raise PandocMissingError(INSTALL_HINT) from None
    finally:
        pypandoc_log.disabled = was_disabled
