"""The content layer: YAML files in, a validated Portfolio (and its bookkeeping) out.

`load_portfolio` is its face: every command and the MkDocs plugin read a
content folder through it, and nothing here knows of sites or packs.
"""

from __future__ import annotations

from generator.content.diagnostics import ContentError
from generator.content.loader import Loaded, load_portfolio, require_content_folder

__all__ = ["ContentError", "Loaded", "load_portfolio", "require_content_folder"]
