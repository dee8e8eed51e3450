"""A real SMS gateway on loopback for the SMS tests, in the shape of tests/app/core_server.py: it
takes POSTed JSON {"to", "text"}, checks the bearer token, and keeps each Idempotency-Key's text
once (a key seen before is answered 200 and not texted again). `answers` scripts what the next
requests get: (status, stored first?) — a 500 after storing is the case that forces a resend."""
from __future__ import annotations

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SmsGateway:
    def __init__(self, *, token: str = ""):
        self.token = token
        self.answers: list[tuple[int, bool]] = []  # popped one a request; empty: 200, stored
        self.lock = threading.Lock()
        self.texted: dict[str, dict] = {}  # Idempotency-Key -> the body texted under it
        self.applied: Counter[str] = Counter()  # key -> times texted (must stay 1)
        self.requests: list[dict] = []  # every request: its headers and body
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms"

    def start(self) -> "SmsGateway":
        handler = type("Handler", (_Handler,), {"gateway": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def take(self, key: str, body: dict) -> None:
        with self.lock:
            if key not in self.texted:
                self.texted[key] = body
                self.applied[key] += 1


class _Handler(BaseHTTPRequestHandler):
    gateway: SmsGateway
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802 - the stdlib's name
        gateway = self.gateway
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with gateway.lock:
            gateway.requests.append({"headers": dict(self.headers), "body": body})
            status, stored = gateway.answers.pop(0) if gateway.answers else (200, True)
        if gateway.token and self.headers.get("Authorization") != f"Bearer {gateway.token}":
            return self._answer(401, {"error": "unauthorised"})
        key = self.headers.get("Idempotency-Key", "")
        if not key or not isinstance(body, dict) or set(body) != {"to", "text"} or self.headers.get("Content-Type") != "application/json":
            return self._answer(400, {"error": "bad key, body or type"})
        if stored:
            gateway.take(key, body)
        # a refusal may repeat the number, as real gateways do: the sender must not log it
        return self._answer(status, {"status": "ok" if status < 400 else f"failed for {body['to']}"})
