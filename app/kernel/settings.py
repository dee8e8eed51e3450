"""Settings come from the environment (README, "Configuration")."""
from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from models.kernel.db import DEFAULT_DATABASE_URL


def _dev_secret(path: Path) -> str:
    """A secret kept beside the SQLite file, so a demo install survives restarts without setup."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def default_chromium() -> str:
    """Debian's Chromium, else a chromium on PATH, else none (the annual report's PDF then asks
    the user to print the page from the browser)."""
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser") or ""


# how often the background passes run, in seconds (rarely changed; the tests shorten them)
INTERVALS = {"AFISA_MAIL_SECONDS": "mail_interval", "AFISA_CORE_SECONDS": "core_seconds", "AFISA_REMINDER_SECONDS": "reminder_seconds",
             "AFISA_OVERLAY_REFRESH_SECONDS": "overlay_refresh_seconds", "AFISA_LEADER_RETRY_SECONDS": "leader_retry_seconds",
             "AFISA_OUTREACH_SECONDS": "outreach_seconds", "AFISA_REGISTRATION_SECONDS": "registration_seconds",
             "AFISA_SMS_SECONDS": "sms_seconds"}


def _intervals(env) -> dict:
    found = {}
    for name, key in INTERVALS.items():
        if env.get(name):
            try:
                found[key] = float(env[name])
            except ValueError:
                raise ValueError(f"{name} must be a number of seconds, not {env[name]!r}") from None
    return found


def _months(env, name: str, default: int = 12) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= 120:
        raise ValueError(f"{name} must be a number of months from 1 to 120, not {text!r}")
    return int(text)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = ""
    base_url: str = "http://127.0.0.1:8000"
    session_hours: int = 12
    debug: bool = False
    secure_cookies: bool = False
    login_attempts: int = 5
    login_window_minutes: int = 15
    smtp_url: str = ""  # smtp://user:password@host:587 (STARTTLS), smtps://…:465; empty keeps mail in the outbox page
    mail_from: str = ""  # From: of partner mail; defaults to programma@<host of base_url>
    reminder_days: int = 3  # days before an item that unanswered partners are reminded
    allow_private_overlays: bool = False  # external calendars on loopback/private networks (tests, intranets)
    core_url: str = ""  # HTTP(S) endpoint of the lending and statistics core; empty keeps held-session records queued
    core_token: str = ""  # sent as "Authorization: Bearer <token>" to core_url
    sms_url: str = ""  # HTTP(S) endpoint of an SMS gateway (POST {"to", "text"}); empty: no SMS is queued
    sms_token: str = ""  # sent as "Authorization: Bearer <token>" to sms_url
    attendance_reminder_hour: int = 8  # local hour of the morning reminder about sessions lacking attendance
    registration_reminder_hour: int = 8  # local hour, the day before a session, from which the people registered are reminded
    trusted_proxies: str = ""  # the reverse proxies whose X-Forwarded-For is believed ("127.0.0.1", "10.0.0.0/8,…"); none by default
    home_reader_months: int = 12  # a home reader with no delivery for this long is anonymised
    set_repeat_months: int = 12  # a book set's title goes back to the same service point after this long at the earliest
    chromium: str = field(default_factory=default_chromium)  # prints the annual report's PDF (AFISA_CHROMIUM)
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        env = os.environ
        base_url = env.get("AFISA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
        values = dict(
            database_url=env.get("AFISA_DATABASE_URL") or DEFAULT_DATABASE_URL,
            secret_key=env.get("AFISA_SECRET_KEY") or _dev_secret(Path(env.get("AFISA_DATA_DIR", "data")) / "secret_key"),
            base_url=base_url,
            session_hours=int(env.get("AFISA_SESSION_HOURS", "12")),
            debug=env.get("AFISA_DEBUG", "") == "1",
            secure_cookies=base_url.startswith("https://"),
            allow_private_overlays=env.get("AFISA_ALLOW_PRIVATE_OVERLAYS", "") == "1",
            smtp_url=env.get("AFISA_SMTP_URL", ""),
            mail_from=env.get("AFISA_MAIL_FROM", ""),
            reminder_days=int(env.get("AFISA_REMINDER_DAYS", "3")),
            core_url=env.get("AFISA_CORE_URL", ""),
            core_token=env.get("AFISA_CORE_TOKEN", ""),
            sms_url=env.get("AFISA_SMS_URL", "").strip(),
            sms_token=env.get("AFISA_SMS_TOKEN", ""),
            attendance_reminder_hour=int(env.get("AFISA_ATTENDANCE_REMINDER_HOUR", "8")),
            registration_reminder_hour=int(env.get("AFISA_REGISTRATION_REMINDER_HOUR", "8")),
            trusted_proxies=env.get("AFISA_TRUSTED_PROXIES", "").strip(),
            home_reader_months=_months(env, "AFISA_HOME_READER_MONTHS"),
            set_repeat_months=_months(env, "AFISA_SET_REPEAT_MONTHS"),
            # set but empty: no PDF on this server (a small one); not set: the Chromium found
            chromium=env["AFISA_CHROMIUM"].strip() if "AFISA_CHROMIUM" in env else default_chromium(),
            extra=_intervals(env),
        )
        values.update(overrides)
        return cls(**values)
