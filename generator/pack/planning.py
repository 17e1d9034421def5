"""Planning a run of packs: each pack's Markdown, cache key and cached bytes (build.py runs them).

A live preview plans every pack again after each saved file, while an
edit changes the views of a few: with `keep_pack_sources()`, each pack's
Markdown is kept for the next run whose view is the same.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.audience import pack_view
from generator.pack.batches import PackSource
from generator.sessionkeep import Kept

if TYPE_CHECKING:
    from generator.pack.build import ExtraPdf, PackRun


@dataclass(frozen=True)
class PlannedPack:
    """A pack as planned: what it is made from, and its bytes when the cache holds them."""

    app_id: str
    source: PackSource
    key: str  # hashed once: looked up when planned, stored under when built
    story_ids: tuple[str, ...]
    cached: bytes | None


def plan_packs(run: PackRun, app_ids: Sequence[str]) -> list[PlannedPack]:
    """Each pack's source and cache key, and its bytes when the cache already holds them."""
    plans = []
    kept, used = _kept_sources.items, {}
    for app_id in app_ids:
        view = pack_view(run.loaded, app_id, run.maker.audience)
        if kept is None:
            source = run.maker.source(view)
        else:
            # A view's pickle holds all of it: an equal one makes the same Markdown.
            digest = hashlib.sha256(pickle.dumps(view, protocol=5)).digest()
            source = used[digest] = kept.get(digest) or run.maker.source(view)
        key = run.maker.key(source)
        cached = run.store.get(run.cache_name(app_id), key) if run.store else None
        plans.append(PlannedPack(app_id, source, key, tuple(view.stories), cached))
    if kept is not None:
        _kept_sources.items = used  # the sources of this run's views only
    return plans


# The source of each pack view of the last run, by a digest of the view (`keep_pack_sources`).
_kept_sources: Kept[bytes, PackSource] = Kept()


def keep_pack_sources(keep: bool = True) -> None:
    """From now on, keep each pack's Markdown for the next run whose view is the same (`portfolio serve`); or no longer.

    A live preview plans every pack again after each saved file, while
    an edit changes the views of a few; the others' Markdown, the bulk
    of planning them, is taken from the last run.
    """
    _kept_sources.keep(keep)


def plan_extra(run: PackRun, extra: ExtraPdf) -> PlannedPack:
    """An extra PDF planned as a pack is (by its file name): its bytes when the cache holds them."""
    cached = run.store.get(extra.name, extra.key) if run.store else None
    return PlannedPack(extra.name, extra.source, extra.key, (), cached)
