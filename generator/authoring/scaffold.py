"""`portfolio new`: commented starting files that pass `portfolio check` as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.authoring.yamldoc import scalar_text
from generator.content import require_content_folder
from generator.content.diagnostics import PortfolioError
from generator.content.model import SLUG

STORY_SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/story.schema.json"
APPLICATION_SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/application.schema.json"


class FileExistsProblem(PortfolioError):
    """A file that would be written is already there; nothing is ever overwritten."""


def check_id(item_id: str, kind: str) -> None:
    """Refuse an id that cannot be a file stem (CONTENT.md: `^[a-z0-9]+(-[a-z0-9]+)*$`)."""
    if not SLUG.match(item_id):
        raise PortfolioError(
            f"`{item_id}` is not a valid {kind} id: use lowercase letters, digits and single "
            "hyphens, like `gpu-maintenance-playbook`"
        )


def content_folder(content_dir: Path, folder: str) -> Path:
    """`content_dir/folder`, created if needed; the content folder itself must exist."""
    require_content_folder(content_dir)
    target = content_dir / folder
    target.mkdir(exist_ok=True)
    return target


def existing_file(folder: Path, item_id: str) -> Path | None:
    """The file that already holds `item_id` (`.yaml` or `.yml`), if any."""
    for suffix in (".yaml", ".yml"):
        if (folder / f"{item_id}{suffix}").exists():
            return folder / f"{item_id}{suffix}"
    return None


def write_new_file(path: Path, text: str) -> None:
    """Create `path` with `text`; refuse, without touching it, if it exists."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise FileExistsProblem(f"{path} already exists; it was not overwritten") from None


def write_story_scaffold(content_dir: Path, story_id: str) -> Path:
    """Write `stories/<story_id>.yaml`; returns its path."""
    check_id(story_id, "story")
    folder = content_folder(content_dir, "stories")
    taken = existing_file(folder, story_id)
    if taken is not None:
        raise FileExistsProblem(f"{taken} already exists; it was not overwritten")
    path = folder / f"{story_id}.yaml"
    write_new_file(path, render_story(story_id))
    return path


def write_application_scaffold(
    content_dir: Path, app_id: str, company: str, role: str, today: dt.date | None = None
) -> Path:
    """Write `applications/<app_id>.yaml`; returns its path."""
    check_id(app_id, "application")
    for name, value in (("company", company), ("role", role)):
        if not value.strip():
            raise PortfolioError(f"--{name} must not be empty")
    folder = content_folder(content_dir, "applications")
    taken = existing_file(folder, app_id)
    if taken is not None:
        raise FileExistsProblem(f"{taken} already exists; it was not overwritten")
    path = folder / f"{app_id}.yaml"
    write_new_file(path, render_application(company, role, today or dt.date.today()))
    return path


def title_from_id(item_id: str) -> str:
    return item_id.replace("-", " ").capitalize()


def render_story(story_id: str) -> str:
    """The text of a new story file."""
    return f"""{STORY_SCHEMA_LINE}
# A career story, told as Situation, Task, Action, Result (STAR).
# Replace the example text; delete the sections you do not need (at least one
# of situation/task/action/result must stay). Lines starting with # are
# comments: uncomment a field by removing its "# ".
# Everything here is shared with recruiters who get a pack that uses this
# story, except `notes`, which only you see. `visibility: private` hides it all.
title: {scalar_text(title_from_id(story_id))}
# summary: One sentence a recruiter can skim.
# org: Where it happened
# role: Your role there
# start: 2024-03          # YYYY, YYYY-MM or YYYY-MM-DD
# end: present            # or a date
# tags: [infrastructure, writing]
situation: |
  What was going on, for whom, and why did it matter? (Markdown)
# task: |
#   What you were asked, or chose, to do.
action: |
  What you did, step by step, in the first person.
result: |
  What changed because of it, with numbers if you have them.
# metrics:
#   - 5,000+ GPUs
#   - 80% less toil
# visibility: private     # keep the whole story to yourself
# notes: |
#   Only you see this: sources, caveats, numbers you cannot share.
"""


def render_application(company: str, role: str, opened: dt.date) -> str:
    """The text of a new application file."""
    return f"""{APPLICATION_SCHEMA_LINE}
# One application: a company, a role, and the answers you send them.
# Lines starting with # are comments: uncomment a field by removing its "# ".
# Private (only you see them): status, dates, contacts, notes, and every
# version of an answer except the final one.
company: {scalar_text(company)}
role: {scalar_text(role)}
status: drafting          # idea, drafting, submitted, interviewing, offer, rejected, withdrawn
opened: {opened.isoformat()}
# deadline: {opened.isoformat()}
# url: https://example.com/jobs/123      # the posting
# criteria:               # what the posting asks for, and the stories that show it
#   - text: Can hold their own with top engineers.
#     stories: [gpu-maintenance-playbook]
# answers:
#   - id: why-company     # lowercase letters, digits and hyphens
#     title: Why this company
#     prompt: |
#       The question exactly as they ask it. In 300 words or less.
#     limit: {{words: 300}}   # and/or {{chars: 2000}}
#     stories: [gpu-maintenance-playbook]
#     versions:           # oldest first; the last one is sent unless `final:` names another
#       - id: v1
#         date: {opened.isoformat()}
#         text: |
#           Your answer, in Markdown.
# contacts:
#   - name: Jane Doe
#     role: Recruiter
#     email: jane@example.com
# notes: |
#   Anything for your eyes only.
"""
