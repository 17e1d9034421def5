"""The content layer: YAML files in, a validated Portfolio (and its bookkeeping) out.

`load_portfolio` is its face: every command and the MkDocs plugin read a
content folder through it, and nothing here knows of sites or packs.

The loader (and with it pydantic and the models, a tenth of a second) is
imported when first used, not with this package: a build with nothing to
do, or a command that only reports an error, does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.diagnostics import ContentError, require_content_folder

if TYPE_CHECKING:
    from generator.content.loader import Loaded, load_portfolio

__all__ = ["ContentError", "Loaded", "load_portfolio", "require_content_folder"]


def __getattr__(name: str) -> object:
    if name in ("Loaded", "load_portfolio"):
        from generator.content import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
