"""A real statistics-core receiver on loopback for the delivery tests: it stores records by their
Idempotency-Key (a key seen before is answered 200 and not applied again), keeps the highest
version of each record, and fails about half of the requests at random — before storing (500), or
after storing (500, or the connection dropped without an answer: the case that forces a resend).
It can be stopped and started again on the same port, and counts how often each key was applied."""
from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class CoreServer:
    def __init__(self, *, failure_rate: float = 0.0, seed: int = 5, token: str = ""):
        self.failure_rate = failure_rate
        self.token = token
        self.fixed_status: int | None = None  # answer every request with this status (nothing stored)
        self.hold_seconds = 0.0  # wait this long after storing, before answering
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.applied: Counter[str] = Counter()  # key -> times stored (must end at 1 each)
        self.requests: Counter[str] = Counter()  # key -> requests received
        self.records: dict[str, dict] = {}  # record_id -> the highest version stored
        self.headers: list[dict[str, str]] = []
        self.received = threading.Event()
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/records"

    def start(self) -> "CoreServer":
        handler = type("Handler", (_Handler,), {"core": self})
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

    def _fate(self) -> str:
        """ok, or how this request fails: before storing, after storing, or by dropping the line."""
        with self.lock:
            roll = self.random.random()
        if roll >= self.failure_rate:
            return "ok"
        return ("fail_before", "fail_after", "drop_after")[int(roll / self.failure_rate * 3) % 3]

    def store(self, key: str, record: dict) -> bool:
        """Apply a record once per key; True when the key was new."""
        with self.lock:
            self.requests[key] += 1
            if key in self.applied:
                return False
            self.applied[key] += 1
            current = self.records.get(record["record_id"])
            if current is None or current["version"] < record["version"]:
                self.records[record["record_id"]] = record
            return True


class _Handler(BaseHTTPRequestHandler):
    core: CoreServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: without this each answer waits 40 ms

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
        core = self.core
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with core.lock:
            core.headers.append(dict(self.headers))
        core.received.set()
        if core.token and self.headers.get("Authorization") != f"Bearer {core.token}":
            return self._answer(401, {"error": "unauthorised"})
        if core.fixed_status is not None:
            return self._answer(core.fixed_status, {"error": "refused by the test"})
        key = self.headers.get("Idempotency-Key", "")
        try:
            record = json.loads(body)
        except ValueError:
            return self._answer(400, {"error": "not JSON"})
        if not key or record.get("idempotency_key") != key or self.headers.get("Content-Type") != "application/json":
            return self._answer(400, {"error": "bad key or type"})
        fate = core._fate()
        if fate == "fail_before":
            return self._answer(500, {"error": "down before storing"})
        new = core.store(key, record)
        if core.hold_seconds:
            time.sleep(core.hold_seconds)
        if fate == "fail_after":
            return self._answer(503, {"error": "stored, but the answer failed"})
        if fate == "drop_after":
            self.close_connection = True  # no answer at all: the sender cannot know it arrived
            return None
        return self._answer(201 if new else 200, {"stored": new})
