"""Content Markdown to what people read: one dialect, the same on every output.

`markdown.py` holds the one parser of content Markdown and turns a field
into safe HTML (the site); the packs hand the same parser's reading to
Pandoc (generator/pack/fieldast.py), and `plaintext.py` writes it as plain
text (the text pack, the site's Copy buttons). CONTENT.md "Markdown" says what the
dialect is.

Nothing is imported here: importing `templatecache.py` alone does not
import the parser (markdown-it) or the HTML cleaner (nh3).
"""
