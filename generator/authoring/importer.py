"""`portfolio import NOTE.md`: "Why <Company>" sections of a note become application files.

Rules (also in the README):
- every heading reading "Why <Company>" (any level) starts an application; its
  section runs to the next heading of the same or a higher level;
- a paragraph (or sub-heading, or quote) that ends with "?" (and is at most
  50 words) or states a limit becomes an answer's prompt, with that limit;
- the prose after it becomes that answer's first version, verbatim, from its
  first to its last line (all drafts in one version: the note cannot say
  reliably where one draft ends); a sub-heading "Draft 2"/"Version 2"/"v2"
  starts another version of the same answer;
- a bullet list with no prose around it (or three or more short lines without
  punctuation, a list written without bullets) becomes a `talking-points` answer;
- the note's date becomes `opened`; the role is unknown, so it reads "To confirm".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.authoring.notes import (
    Block,
    Note,
    Section,
    find_sections,
    is_bare_list,
    is_draft_heading,
    parse_limit,
    prompt_text,
    read_note,
)
from generator.authoring.scaffold import APPLICATION_SCHEMA_LINE, content_folder, existing_file, write_new_file
from generator.authoring.yamldoc import dump_document, literal
from generator.content import require_content_folder
from generator.content.diagnostics import PortfolioError, display_path
from generator.content.model import SLUG, Application, slugify
from generator.content.yamlsource import SAFE_LOADER

ROLE_PLACEHOLDER = "To confirm"


class NothingToImport(PortfolioError):
    """The note has no "Why <Company>" heading."""


@dataclass
class DraftAnswer:
    """An answer being assembled from a section."""

    id: str = ""
    title: str | None = None
    kind: str = "answer"
    prompt: str | None = None
    limit: tuple[int | None, int | None] = (None, None)
    versions: list[list[Block]] = field(default_factory=lambda: [[]])
    points: str | None = None  # talking points text, when converted from bare lines

    @property
    def has_text(self) -> bool:
        return self.points is not None or any(self.versions)


@dataclass
class PlannedFile:
    """One application file the import would write."""

    app_id: str
    company: str
    path: Path
    text: str
    answers: int


def import_note(note_path: Path, content_dir: Path, *, dry_run: bool = False) -> list[PlannedFile]:
    """Write one application file per "Why" section of the note; never overwrite.

    Returns the files written (or, with `dry_run`, the files that would be).
    """
    try:
        text = note_path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PortfolioError(f"{note_path} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise PortfolioError(f"cannot read {note_path}: {exc.strerror}") from None
    note = read_note(text, note_path.stem)
    sections = find_sections(note)
    if not sections:
        raise NothingToImport(
            f'nothing to import: no heading in {note_path} reads "Why <Company>" (for example `## Why Acme`)'
        )
    folder = content_dir / "applications" if dry_run else content_folder(content_dir, "applications")
    if dry_run:
        require_content_folder(content_dir)
    source_name = note_path.name
    planned: list[PlannedFile] = []
    taken: set[str] = set()
    for section in sections:
        app_id = _free_id(slugify(section.company) or "application", folder, taken)
        taken.add(app_id)
        answers = _answers(section)
        body = render_application(section, answers, note, source_name)
        _assert_valid(body)
        planned.append(PlannedFile(app_id, section.company, folder / f"{app_id}.yaml", body, len(answers)))
    if not dry_run:
        for item in planned:
            write_new_file(item.path, item.text)
    return planned


def _assert_valid(text: str) -> None:
    """What import writes must load as an Application; anything else is a bug here."""
    data = yaml.load(text, Loader=SAFE_LOADER)
    Application.model_validate(data)


def _free_id(base: str, folder: Path, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... when a file or this import already uses it."""
    candidate, n = base, 1
    while candidate in taken or existing_file(folder, candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _answers(section: Section) -> list[DraftAnswer]:
    """Prompts, drafts and talking points of one section, in the note's order."""
    blocks = section.blocks
    roles = [_role(block) for block in blocks]
    answers: list[DraftAnswer] = []
    current: DraftAnswer | None = None
    points: DraftAnswer | None = None  # the talking-points answer being extended
    for k, (block, role) in enumerate(zip(blocks, roles, strict=True)):
        if role in ("list", "bare-list") and _attached(k, blocks, roles):
            role = "prose"
        if role == "prompt":
            current = DraftAnswer(prompt=prompt_text(block), limit=parse_limit(prompt_text(block) or ""))
            answers.append(current)
            points = None
        elif role == "draft":
            if current is not None and current.versions[-1]:
                current.versions.append([])
        elif role in ("list", "bare-list"):
            if current is not None and current.prompt and not current.has_text:
                current.kind = "talking-points"
                _add_points(current, block, role)
                current, points = None, current
                continue
            if points is None:
                points = DraftAnswer(kind="talking-points")
                answers.append(points)
            _add_points(points, block, role)
        else:
            if current is None or current.kind == "talking-points":
                current = DraftAnswer()
                answers.append(current)
            current.versions[-1].append(block)
            points = None
    _name_answers(answers, section.company)
    return [a for a in answers if a.has_text or a.prompt]


def _role(block: Block) -> str:
    if prompt_text(block) is not None:
        return "prompt"
    if is_draft_heading(block):
        return "draft"
    if block.kind == "list":
        return "list"
    if is_bare_list(block):
        return "bare-list"
    return "prose"


def _attached(k: int, blocks: list[Block], roles: list[str]) -> bool:
    """Whether the list at `k` belongs to the prose around it rather than standing alone."""
    before = blocks[k - 1] if k > 0 and roles[k - 1] == "prose" else None
    after = blocks[k + 1] if k + 1 < len(blocks) and roles[k + 1] == "prose" else None
    if before is not None and (not blocks[k].blank_before or before.text.rstrip().endswith(":")):
        return True
    if after is not None and not after.blank_before:
        return True
    stops = ("prompt", "draft")
    prose_before = any(r == "prose" for r in _run(roles[:k][::-1], stops))
    prose_after = any(r == "prose" for r in _run(roles[k + 1 :], stops))
    return prose_before and prose_after


def _run(roles: list[str], stops: tuple[str, ...]) -> list[str]:
    out = []
    for role in roles:
        if role in stops:
            break
        out.append(role)
    return out


def _add_points(answer: DraftAnswer, block: Block, role: str) -> None:
    if role == "bare-list":
        text = "\n".join(f"- {line.strip()}" for line in block.text.split("\n")) + "\n"
    else:
        text = block.text.rstrip() + "\n"
    answer.points = (answer.points + "\n" if answer.points else "") + text


def _name_answers(answers: list[DraftAnswer], company: str) -> None:
    used: set[str] = set()
    why_id = f"why-{slugify(company)}".rstrip("-")
    for answer in answers:
        if answer.kind == "talking-points" and not answer.prompt:
            base = "talking-points"
        elif why_id not in used and SLUG.match(why_id):
            base, answer.title = why_id, f"Why {company}"
        else:
            words = slugify(answer.prompt or "").split("-")[:5]
            base = "-".join(w for w in words if w) or "answer"
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        answer.id = candidate
        used.add(candidate)


def render_application(section: Section, answers: list[DraftAnswer], note: Note, source_name: str) -> str:
    """The YAML text of one imported application, commented for review."""
    document = CommentedMap(company=section.company, role=ROLE_PLACEHOLDER, status="drafting")
    if note.date is not None:
        document["opened"] = note.date
    if answers:
        document["answers"] = CommentedSeq(_answer(answer, note) for answer in answers)
    heading_line = section.heading.start + 1
    header = [
        APPLICATION_SCHEMA_LINE,
        f'# Imported by `portfolio import` from {source_name} ("{section.heading.text}", line {heading_line}).',
        "# Review it: the text below is the note's, verbatim; split drafts into versions as you like.",
    ]
    document.yaml_set_start_comment("\n".join(line.removeprefix("# ") for line in header))
    document.yaml_set_comment_before_after_key(
        "role", before='The note does not name the role: replace "To confirm" with the role\'s title.'
    )
    return dump_document(document)


def _answer(answer: DraftAnswer, note: Note) -> CommentedMap:
    entry = CommentedMap(id=answer.id)
    if answer.title:
        entry["title"] = answer.title
    if answer.kind != "answer":
        entry["kind"] = answer.kind
    if answer.prompt:
        entry["prompt"] = literal(answer.prompt + "\n")
    words, chars = answer.limit
    if words or chars:
        entry["limit"] = CommentedMap([("words", words)] if words else [])
        if chars:
            entry["limit"]["chars"] = chars
        entry["limit"].fa.set_flow_style()
    texts = [answer.points] if answer.points is not None else [_verbatim(v, note) for v in answer.versions if v]
    entry["versions"] = CommentedSeq(_version(n, text, note) for n, text in enumerate(texts or ["To write.\n"], 1))
    if not texts:
        entry.yaml_set_comment_before_after_key(
            "versions", after="The note has no draft for this prompt yet.", after_indent=6
        )
    return entry


def _version(number: int, text: str, note: Note) -> CommentedMap:
    version = CommentedMap(id=f"v{number}")
    if note.date is not None:
        version["date"] = note.date
    version["text"] = literal(text)
    return version


def _verbatim(blocks: list[Block], note: Note) -> str:
    """The note's lines from the first block to the last, exactly as written."""
    return "\n".join(note.lines[blocks[0].start : blocks[-1].end]) + "\n"


def describe(planned: PlannedFile, dry_run: bool) -> str:
    """One line per file, as the command prints it."""
    verb = "would write" if dry_run else "wrote"
    return f"{verb} {display_path(planned.path)} ({planned.company}, {planned.answers} answer(s))"
