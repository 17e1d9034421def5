"""What a `portfolio serve` session keeps from one build to the next; a one-off command keeps nothing.

Each kind of work a rebuild repeats (a file's reading, a story or
application page's Markdown, a pack's Markdown) keeps its results in a
`Kept` of its own, switched on for the session by generator/site/preview.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Kept(Generic[K, V]):
    """A mapping kept from one build to the next once `keep()` is called; `items` None: nothing is kept."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: dict[K, V] | None = None

    def keep(self, keep: bool = True) -> None:
        """From now on, keep (a `serve` session; what is kept already stays); or no longer (it goes)."""
        if not keep:
            self.items = None
        elif self.items is None:
            self.items = {}

    def retain(self, wanted: Callable[[K], bool]) -> None:
        """Drop what is kept under a key not `wanted` (a file or story gone since), in place."""
        if self.items is not None:
            for key in [key for key in self.items if not wanted(key)]:
                del self.items[key]
