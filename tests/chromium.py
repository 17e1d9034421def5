"""How the browser tests start Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach
# Google's hosts, which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing a page asks for leaves the machine: every address but the loopback goes to a
    # proxy nobody listens on. The tests record each request and fail on any that is not
    # local; this only makes sure none gets out meanwhile. (Playwright's request routing
    # would do the same from Python, but it turns off Chromium's cache, so every page
    # loaded Material's assets again.)
    "--proxy-server=http://127.0.0.1:9",
]
TIMEOUT_MS = 20_000
