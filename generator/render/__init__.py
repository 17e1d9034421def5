"""Content Markdown to what people read: one dialect, the same on every output.

`markdown.py` turns one Markdown field into safe HTML (the site); the packs
read the same dialect with Pandoc (generator/pack/pandoc.py,
generator/pack/untrusted.lua). CONTENT.md "Markdown" says what the dialect is.
"""

from __future__ import annotations

from generator.render.markdown import CONTENT_TAGS, render_field_html

__all__ = ["CONTENT_TAGS", "render_field_html"]
