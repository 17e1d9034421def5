"""The inline scripts a built page may run, as Content-Security-Policy hashes.

The service worker answers every decrypted page with a policy that runs
scripts only from the site itself and inline scripts only by hash
(assets/service-worker.js). The hashes are taken here, at build time, from
the page as the theme wrote it: Material puts a few small inline scripts in
`<head>` and at the end of `<body>`. A script inside `<article>` (the page's
content) is never hashed, so even if one got through the escaping of
content, it would not run.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

# Script types a browser runs (an empty or missing type is JavaScript too).
_JAVASCRIPT_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
}


def csp_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    # A browser hashes the text as parsed: line breaks normalised to \n, in UTF-8.
    text = script.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_script_hashes(html: str) -> list[str]:
    """CSP hashes of the page's own inline scripts (outside `<article>`), in order, without repeats."""
    finder = _InlineScripts()
    finder.feed(_outside_articles(html))
    finder.close()
    return list(dict.fromkeys(csp_hash(script) for script in finder.scripts))


def _outside_articles(html: str) -> str:
    """The page without its content: what comes before the first `<article` and after the last `</article>`.

    Parsing only the theme's part keeps this fast on long pages; the parser
    below still skips any `<article>` in what is left.
    """
    lowered = html.lower()
    start = lowered.find("<article")
    end = lowered.rfind("</article")
    if start == -1 or end < start:
        return html
    close = html.find(">", end)
    return html[:start] + ("" if close == -1 else html[close + 1 :])


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # script text is raw: no character references
        self.scripts: list[str] = []
        self._article_depth = 0
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._article_depth += 1
        elif tag == "script":
            values = dict(attrs)
            kind = (values.get("type") or "").strip().lower()
            runs = "src" not in values and kind in _JAVASCRIPT_TYPES
            self._current = [] if runs and self._article_depth == 0 else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._article_depth > 0:
            self._article_depth -= 1
        elif tag == "script":
            if self._current is not None:
                self.scripts.append("".join(self._current))
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)
