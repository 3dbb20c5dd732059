"""A loopback HTTP server answering each path with a function the test gives it.

For the fetch tests that need answers the UN stand-in (``fixtures/un_server.py``)
does not give: redirects to other schemes or hosts, plain-text bodies, empty
answers, a body trickled a byte at a time.  Same style: 127.0.0.1 only, a cap
on the number of requests, a timeout on every socket, and every trickle
bounded so that a client that never gives up cannot hang the tests.
"""
from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler
from collections.abc import Callable

from loopback import LoopbackServer

Route = Callable[[BaseHTTPRequestHandler, dict], None]


class RouteServer(LoopbackServer):
    """``routes`` maps a path to ``answer(handler, query)``; other paths get a 404."""

    def __init__(self, routes: dict[str, Route], max_requests: int = 50):
        self.routes = routes
        self.max_requests = max_requests
        self.requests: list[str] = []
        self.stopping = threading.Event()
        super().__init__()

    def answer(self, h: BaseHTTPRequestHandler, method: str) -> None:
        self.requests.append(h.path)
        if len(self.requests) > self.max_requests:
            send(h, 429, b"too many requests in this test", "text/plain")
            return
        parts = urllib.parse.urlsplit(h.path)
        route = self.routes.get(parts.path)
        if route is None:
            send(h, 404, b"not found", "text/plain")
            return
        route(h, dict(urllib.parse.parse_qsl(parts.query)))

    def __exit__(self, *exc) -> None:
        self.stopping.set()        # ends the trickles first, so shutdown does not wait for them
        super().__exit__(*exc)


def send(h: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str | None) -> None:
    h.send_response(status)
    if content_type:
        h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)


def redirect(location: str) -> Route:
    def answer(h, query):
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return answer


def body(data: bytes, content_type: str | None = "application/pdf", status: int = 200) -> Route:
    return lambda h, query: send(h, status, data, content_type)


def by_language(answers: dict[str, Route]) -> Route:
    """Answer the access endpoint according to its ``l=`` parameter (404 for the others)."""
    def answer(h, query):
        route = answers.get(query.get("l", ""))
        if route is None:
            send(h, 404, b"not found", "text/plain")
        else:
            route(h, query)
    return answer


def trickle(server: RouteServer, announced: int, every: float, at_most: int) -> Route:
    """Announce ``announced`` bytes, then send one byte every ``every`` seconds, ``at_most`` in all."""
    def answer(h, query):
        h.send_response(200)
        h.send_header("Content-Type", "application/pdf")
        h.send_header("Content-Length", str(announced))
        h.end_headers()
        h.wfile.flush()
        try:
            for _ in range(at_most):
                if server.stopping.wait(every):
                    break
                h.wfile.write(b"%")
                h.wfile.flush()
        except OSError:          # the client hung up: what a deadline does
            pass
        h.close_connection = True
    return answer
