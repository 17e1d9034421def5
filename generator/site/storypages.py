"""Story pages, rendered from what they show alone, and kept between `portfolio serve` rebuilds.

A story page (story.md.j2) shows its story, where applications use it,
its file's history and the anchors of its tags on the tag page (and its
links depend on MkDocs' `use_directory_urls`). It is
rendered from a context holding those and nothing else: the templates'
StrictUndefined makes reading anything more (another story, the whole
view) fail, so what the context holds is all the page depends on.

With `keep_story_pages()` (a serve session), each page's Markdown is kept
under a key made of that context: the story and each using application by
identity (a load gives the same model object for a file whose bytes did
not change: generator/content/filecache.py), the rest by value. A rebuild
renders again only the story pages whose key changed. A one-off build
keeps nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from generator.audience import AnyView, RecruiterApplication, StoryUse, is_private
from generator.content.model import Application, Story
from generator.sessionkeep import Kept
from generator.site.history import FileHistory

TEMPLATE = "story.md.j2"

Uses = list[tuple[str, Application | RecruiterApplication, list[StoryUse]]]


@dataclass(frozen=True)
class StoryPageView:
    """All of the view a story page may read."""

    is_private: bool


class Same:
    """An object compared by identity (and kept alive by the key that holds it)."""

    __slots__ = ("item",)

    def __init__(self, item: object) -> None:
        self.item = item

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.item is self.item

    def __hash__(self) -> int:
        return id(self.item)


def story_page(
    view: AnyView,
    story_id: str,
    story: Story,
    uses: Uses,
    history: FileHistory | None,
    tag_anchors: Mapping[str, str],
    directory_urls: bool,
) -> tuple[dict[str, object], Hashable]:
    """The page's whole template context (its path aside), and the key of its Markdown."""
    private = is_private(view)
    anchors = {tag: tag_anchors[tag] for tag in story.tags}
    context: dict[str, object] = {
        "view": StoryPageView(private),
        "story_id": story_id,
        "story": story,
        "uses": uses,
        "history": history,
        "tag_anchors": anchors,
        "directory_urls": directory_urls,  # for the addresses of its links (pages.py's `link` filter)
    }
    used = tuple((app_id, Same(app), tuple(app_uses)) for app_id, app, app_uses in uses)
    key = (TEMPLATE, story_id, Same(story), private, tuple(anchors.items()), used, history, directory_urls)
    return context, key


# Page key -> Markdown, of the last build's story and application pages.
_kept: Kept[Hashable, str] = Kept()


def keep_story_pages(keep: bool = True) -> None:
    """From now on, keep each story and application page's Markdown for the next build (`portfolio serve`); or no longer."""
    _kept.keep(keep)


def kept_page(key: Hashable | None) -> str | None:
    """The Markdown kept under `key`, if any."""
    return _kept.items.get(key) if _kept.items is not None and key is not None else None


def keep_pages(made: Sequence[tuple[Hashable | None, str]]) -> None:
    """Keep this build's pages that have a key (story and application pages, only them) for the next one, when keeping."""
    if _kept.items is not None:
        _kept.items = {key: markdown for key, markdown in made if key is not None}
