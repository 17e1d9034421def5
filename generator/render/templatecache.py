"""Compiled Jinja2 templates kept between runs, as Python keeps `.pyc` files.

Compiling templates is a fixed cost of every build: Material's theme
(about 60 templates) alone takes about 0.2 s, a fifth of the owner's whole
build, and it is the same work every time. Jinja2's own
`FileSystemBytecodeCache` keeps each compiled template in a file named by
the template's name and path and checked against a hash of its source.

What a template compiles to also depends on its environment: its settings
and extensions, and its filters (Jinja applies a filter to a constant when
compiling). So each environment keeps its templates in a folder of its own,
named by a hash of Python's and Jinja2's versions, this tool's own files
(code_fingerprint: any edit), the environment's settings, filters and
tests, and whatever else the caller names (MkDocs' and Material's versions
for the theme). The pages are the same bytes with or without the cache; a
cache that cannot be read or written is not used (usercache.py).
"""

from __future__ import annotations

import hashlib
import sys

import jinja2

from generator.usercache import code_fingerprint, user_cache


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's cache, where a file that cannot be read or written means compiling again, never an error."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def keep_compiled(env: jinja2.Environment, *also: str) -> jinja2.Environment:
    """Give `env` the cache of compiled templates made for exactly this environment (see above)."""
    folder = user_cache(f"templates/{_environment_key(env, also)}")
    env.bytecode_cache = _QuietCache(str(folder)) if folder is not None else None
    return env


def _environment_key(env: jinja2.Environment, also: tuple[str, ...]) -> str:
    settings = [
        sys.version,
        jinja2.__version__,
        code_fingerprint(),
        *also,
        repr(
            (
                env.block_start_string,
                env.block_end_string,
                env.variable_start_string,
                env.variable_end_string,
                env.comment_start_string,
                env.comment_end_string,
                env.line_statement_prefix,
                env.line_comment_prefix,
                env.trim_blocks,
                env.lstrip_blocks,
                env.newline_sequence,
                env.keep_trailing_newline,
                env.optimized,
                env.is_async,
                _name(env.autoescape),
                _name(env.finalize),
                _name(env.undefined),
                sorted(env.extensions),
            )
        ),
        *(
            f"{kind}:{name}={_name(function)}"
            for kind, table in (("filter", env.filters), ("test", env.tests))
            for name, function in sorted(table.items())
        ),
    ]
    return hashlib.sha256("\0".join(settings).encode()).hexdigest()[:24]


def _name(value: object) -> str:
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"
    return repr(value)
