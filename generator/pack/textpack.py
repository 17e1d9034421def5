"""`portfolio pdf --format txt`: a pack as plain text, for pasting into application forms.

Each answer's final version under its title and prompt, with its counts
(counting.py, the same numbers the site shows), as plain text
(render/plaintext.py: no Markdown syntax, bullets as `- `).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.atomic import write_atomically
from generator.audience import AnyView, pack_view
from generator.content.counting import measure
from generator.content.loader import Loaded
from generator.content.model import Answer
from generator.outputnames import PackAudience, pack_file_name
from generator.render.plaintext import plain_text


def render_text_pack(view: AnyView) -> str:
    """The plain text of the pack of the one application in `view`."""
    ((application),) = view.applications.values()
    sections = [f"{view.profile.name}: {application.role}, {application.company}"]
    for answer in application.answers:
        sections.append(_answer_section(answer))
    return "\n\n\n".join(sections) + "\n"


def _answer_section(answer: Answer) -> str:
    final = answer.final_version
    lines = [answer.display_title]
    if answer.prompt:
        lines += ["", "Prompt: " + plain_text(answer.prompt)]
    counts = []
    for m in measure(final.text, answer.limit):
        unit = "characters" if m.unit == "chars" else "words"
        counts.append(f"{m.count} of {m.limit} {unit}" if m.limit else f"{m.count} {unit}")
    lines += ["", f"Answer ({'; '.join(counts)}):", "", plain_text(final.text)]
    return "\n".join(lines)


def write_text_packs(loaded: Loaded, out_dir: Path, app_ids: Sequence[str], audience: PackAudience) -> list[Path]:
    """Write `<out_dir>/<app-id>.txt` for each application; each file appears whole or not at all."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for app_id in app_ids:
        target = out_dir / pack_file_name(app_id, audience, "txt")
        view = pack_view(loaded, app_id, "private") if audience == "private" else pack_view(loaded, app_id)
        write_atomically(target, render_text_pack(view))
        written.append(target)
    return written
