"""Content Markdown to what people read: one dialect, the same on every output.

`markdown.py` turns one Markdown field into safe HTML (the site); the packs
read the same dialect with Pandoc (generator/pack/pandoc.py,
generator/pack/untrusted.lua). CONTENT.md "Markdown" says what the dialect is.

Nothing is imported here: the packs use `templatecache.py` alone, and need
not import the site's Markdown parser (markdown-it) with it.
"""
