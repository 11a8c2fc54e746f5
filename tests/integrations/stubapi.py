"""A stand-in for GitHub's issue-comment API on the loopback interface, recording every request."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Request:
    """One request as the stub received it."""

    method: str
    path: str
    body: dict[str, Any] | None
    authorization: str


@dataclass
class StubGitHub:
    """Serve list, create and update of issue comments; `refuse` answers every write with that status."""

    refuse: int | None = None
    requests: list[Request] = field(default_factory=list)
    comments: dict[int, str] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()

    def answer(self, method: str, path: str, body: dict[str, Any] | None) -> tuple[int, object]:
        """Return the status and reply GitHub would give."""
        if method != "GET" and self.refuse:
            return self.refuse, {"message": "Resource not accessible by integration"}
        if method == "GET" and re.fullmatch(r"/repos/[\w-]+/[\w-]+/issues/\d+/comments\?per_page=100&page=1", path):
            return 200, [{"id": key, "body": text, "user": {"login": "someone"}} for key, text in self.comments.items()]
        if method == "GET":
            return 200, []
        if method == "POST" and body and re.fullmatch(r"/repos/[\w-]+/[\w-]+/issues/\d+/comments", path):
            key = 1000 + len(self.comments)
            self.comments[key] = body["body"]
            return 201, {"id": key, "body": body["body"]}
        found = re.fullmatch(r"/repos/[\w-]+/[\w-]+/issues/comments/(\d+)", path)
        if method == "PATCH" and body and found and int(found[1]) in self.comments:
            self.comments[int(found[1])] = body["body"]
            return 200, {"id": int(found[1]), "body": body["body"]}
        return 404, {"message": "Not Found"}


def _handler(stub: StubGitHub) -> type[BaseHTTPRequestHandler]:
    """Make a request handler class bound to `stub`."""

    class Handler(BaseHTTPRequestHandler):
        def handle_any(self) -> None:
            """Record the request, then answer it as the stub says."""
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            stub.requests.append(Request(self.command, self.path, body, self.headers.get("Authorization", "")))
            status, reply = stub.answer(self.command, self.path, body)
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = handle_any

        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output quiet."""

    return Handler
