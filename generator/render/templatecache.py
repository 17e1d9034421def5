"""Compiled Jinja2 templates kept between runs, as Python keeps `.pyc` files.

Compiling templates is a fixed cost of every build: Material's theme
(about 60 templates) alone takes about 0.2 s, a fifth of the owner's whole
build, and it is the same work every time. Jinja2's own
`FileSystemBytecodeCache` keeps each compiled template in a file named by
the template's name and path and checked against a hash of its source, so
an edited template (an override, a new Material) is compiled again; the
pages are the same bytes with or without it.

The folder is `templates/` in the user's cache folder (usercache.py);
when it cannot be used, templates are compiled as before.
"""

from __future__ import annotations

import jinja2

from generator.usercache import user_cache


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """The user's cache of compiled templates, or None when it cannot be used."""
    folder = user_cache("templates")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None
