"""A real HTTP server on loopback that plays the school's and the municipality's calendar
servers, good and bad, for the overlay tests."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ETAG = '"skola-v1"'
LAST_MODIFIED = "Wed, 25 Nov 2026 08:00:00 GMT"


def first_monday_of_next_month(today: date) -> date:
    start = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return start + timedelta(days=(7 - start.weekday()) % 7)


def school_calendar(monday: date) -> bytes:
    """A timed event, an all-day range, a weekly series with one moved and one removed
    session, a cancelled concert, and Latvian letters everywhere."""
    d = lambda offset: (monday + timedelta(days=offset)).strftime("%Y%m%d")  # noqa: E731
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rožupes pamatskola//Kalendārs//LV", "X-WR-CALNAME:Rožupes pamatskola",
        "BEGIN:VEVENT", "UID:sapulce@rozupe.example", f"DTSTART;TZID=Europe/Riga:{d(0)}T100000", f"DTEND;TZID=Europe/Riga:{d(0)}T113000",
        "SUMMARY:Vecāku sapulce „Ēnu diena”", "LOCATION:Aktu zāle", "END:VEVENT",
        "BEGIN:VEVENT", "UID:projekti@rozupe.example", f"DTSTART;VALUE=DATE:{d(2)}", f"DTEND;VALUE=DATE:{d(4)}",
        "SUMMARY:Projektu nedēļa", "END:VEVENT",
        "BEGIN:VEVENT", "UID:sahs@rozupe.example", f"DTSTART;TZID=Europe/Riga:{d(1)}T140000", f"DTEND;TZID=Europe/Riga:{d(1)}T144000",
        "RRULE:FREQ=WEEKLY;COUNT=4", f"EXDATE;TZID=Europe/Riga:{d(15)}T140000", "SUMMARY:Šaha pulciņš", "END:VEVENT",
        "BEGIN:VEVENT", "UID:sahs@rozupe.example", f"RECURRENCE-ID;TZID=Europe/Riga:{d(8)}T140000",
        f"DTSTART;TZID=Europe/Riga:{d(9)}T150000", f"DTEND;TZID=Europe/Riga:{d(9)}T154000", "SUMMARY:Šaha pulciņš (pārcelts)", "END:VEVENT",
        "BEGIN:VEVENT", "UID:koncerts@rozupe.example", f"DTSTART;TZID=Europe/Riga:{d(3)}T180000", f"DTEND;TZID=Europe/Riga:{d(3)}T193000",
        "SUMMARY:Ziemas koncerts", "STATUS:CANCELLED", "END:VEVENT",
        "END:VCALENDAR", "",
    ]
    return "\r\n".join(lines).encode()


Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str | None], bytes]]


class IcsServer:
    def __init__(self, monday: date):
        self.monday = monday
        self.hits: list[tuple[str, dict[str, str]]] = []
        self.routes: dict[str, Route] = {}
        self.reset()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                server.hits.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                status, headers, body = route(self) if route else (404, {}, b"not found")
                self.send_response(status)
                for name, value in headers.items():
                    if value is not None:  # None: leave the header out
                        self.send_header(name, value)
                if "Content-Length" not in headers and status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def reset(self) -> None:
        self.hits.clear()
        self.routes.clear()
        self.routes.update({
            "/skola.ics": self._school, "/garbage.ics": lambda h: (200, {}, bytes(range(256)) * 8),
            "/page.ics": lambda h: (200, {"Content-Type": "text/html"}, b"<!doctype html><html><body>Lapa nav atrasta</body></html>"),
            "/slow.ics": self._slow, "/huge.ics": self._huge,
            "/redirect.ics": lambda h: (302, {"Location": "/skola.ics"}, b""),
            "/loop.ics": lambda h: (302, {"Location": "/loop.ics"}, b""),
        })

    def _school(self, handler) -> tuple[int, dict[str, str], bytes]:
        if handler.headers.get("If-None-Match") == ETAG:
            return 304, {"ETag": ETAG}, b""
        return 200, {"Content-Type": "text/calendar; charset=utf-8", "ETag": ETAG, "Last-Modified": LAST_MODIFIED}, school_calendar(self.monday)

    def _slow(self, handler):
        time.sleep(1.5)
        return 200, {}, school_calendar(self.monday)

    def _huge(self, handler):
        # no Content-Length: only counting while streaming can stop it
        body = school_calendar(self.monday).replace(b"END:VCALENDAR", b"X-PAD:" + b"x" * 200_000 + b"\r\nEND:VCALENDAR")
        return 200, {"Content-Length": None}, body

    def start(self) -> "IcsServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
