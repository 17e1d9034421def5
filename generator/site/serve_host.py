"""The live preview answers only requests addressed to it.

A page on any web site can make the browser send requests to
`127.0.0.1:8000`, and with DNS rebinding read the answers: its own name
(`evil.example`) then resolves to this computer, so the request arrives with
`Host: evil.example:8000`. The preview refuses every request whose Host
header is not the address it serves on (or `localhost` for a loopback
address), which rebinding cannot forge.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

_REFUSAL = b"421 Misdirected Request: this preview answers only requests addressed to it.\n"


def refuse_other_hosts(server: LiveReloadServer, config: MkDocsConfig) -> None:
    """Wrap the server's WSGI application (wsgiref's public `set_app`) in the Host check."""
    app = server.get_app()
    if app is None:  # MkDocs sets its app in the constructor; nothing to guard otherwise
        return
    server.set_app(host_checked(app, allowed_hosts(config.dev_addr.host, config.dev_addr.port)))


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values that name this server (lower case)."""
    names = {host.lower()}
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None and address.version == 6:
        names = {f"[{address.compressed}]"}
    if address is not None and address.is_loopback or host.lower() == "localhost":
        names |= {"localhost", "127.0.0.1", "[::1]"}
    return frozenset(f"{name}:{port}" for name in names)


def host_checked(app: WSGIApplication, allowed: frozenset[str]) -> WSGIApplication:
    """`app`, answering 421 to a request whose Host header is not in `allowed`."""

    def checked(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if str(environ.get("HTTP_HOST", "")).lower() not in allowed:
            start_response(
                "421 Misdirected Request",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(_REFUSAL)))],
            )
            return [_REFUSAL]
        return app(environ, start_response)

    return checked
