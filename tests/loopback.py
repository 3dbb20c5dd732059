"""The part every loopback test server shares: an HTTP server on 127.0.0.1, a random port.

Handlers are quiet (no request log in the test output) and every socket has a
timeout, so a client that stops reading cannot hang a test.  A subclass
answers in ``answer(handler, method)``; ``METHODS`` lists the HTTP methods it
serves (others get Python's own 501).
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

#: seconds a handler waits on its socket (long enough for a loaded 2-core machine)
SOCKET_TIMEOUT = 10


class LoopbackServer:
    METHODS: tuple[str, ...] = ("GET",)

    def __init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            timeout = SOCKET_TIMEOUT

            def log_message(self, *args):  # keep test output clean
                pass

        for method in self.METHODS:
            setattr(Handler, f"do_{method}", lambda h, m=method: server.answer(h, m))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.timeout = SOCKET_TIMEOUT
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def answer(self, h: BaseHTTPRequestHandler, method: str) -> None:
        raise NotImplementedError

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
