"""The readable files of an encrypted site: unlock page, 404 page and service worker.

They are the same for every site and every build (nothing in them comes
from the site), so a finished site can be checked against them byte for byte.
"""

from __future__ import annotations

import json
from importlib import resources

from generator.encrypt.page_scripts import csp_hash

BLOB_DIR = "encrypted"
PARAMS_FILE = f"{BLOB_DIR}/params.json"
SERVICE_WORKER_FILE = "unlock-sw.js"
UNLOCK_PAGES = ("index.html", "404.html")
PUBLIC_FILES = (*UNLOCK_PAGES, SERVICE_WORKER_FILE, PARAMS_FILE)


def render_unlock_page() -> str:
    """The one readable page: asks for the password and hands it to the worker."""
    script = _asset("common.js") + "\n" + _asset("unlock.js")
    style = _asset("unlock.css")
    for inline in (script, style):
        if "</" in inline or "\r" in inline:
            raise AssertionError("inline asset must not contain '</' or CR")  # would end it or change its hash
    # Set in the page itself, so it holds however the host serves it.
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {csp_hash(script)}",
            f"style-src {csp_hash(style)}",
            "connect-src 'self'",
            "worker-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return _asset("unlock.html").replace("/*POLICY*/", policy).replace("/*STYLE*/", style).replace("/*SCRIPT*/", script)


def render_service_worker() -> str:
    page_script = _asset("page-lock.js")
    if "</" in page_script or "\r" in page_script:
        raise AssertionError("the page script must not contain '</' or CR")
    return (
        _asset("common.js")
        + "\n"
        + _asset("crypto.js")
        + "\n"
        + _asset("service-worker.js")
        .replace("__PAGE_SCRIPT_HASH__", _js_string(csp_hash(page_script)))
        .replace("__PAGE_SCRIPT__", _js_string(page_script))
    )


def _js_string(text: str) -> str:
    return json.dumps(text).replace("<", "\\u003c")


def _asset(name: str) -> str:
    return (resources.files("generator.encrypt") / "assets" / name).read_text(encoding="utf-8")
