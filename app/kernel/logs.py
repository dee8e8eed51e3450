"""The server's logs: uvicorn's access and error lines and Afiša's own, with the secrets a URL
carries masked. An answer link (/answer/<token>), a private feed (/feeds/private/<token>.ics) and
a resident's registration link (/r/<token>) are keys in themselves: whoever reads the log could
answer for a partner, read the internal programme or cancel someone's registration."""
from __future__ import annotations

import copy
import json
import logging
import re

import uvicorn.config

_SECRET_IN_PATH = re.compile(r"(/answer/|/welcome/|/feeds/private/|/r/)[^/?#\s\"'.]+")
MASK = r"\1…"
TOKEN_FEEDS = ("/feeds/private/", "/feeds/partner/")


def mask(text: str) -> str:
    return _SECRET_IN_PATH.sub(MASK, text)


class QuietRoutine(logging.Filter):
    """Drops the access lines of routine answers that went well: static files, health checks and
    the polls of public feeds (a calendar program asks every few minutes). A monitor, every page's
    CSS and a school's subscribers would otherwise be most of the log, and writing them a good part
    of the cost of answering them. Token feeds (a partner's, a colleague's) stay in the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            path, status = str(record.args[2]), record.args[4]
            routine = path.startswith(("/static/", "/healthz")) or (path.startswith("/feeds/") and not path.startswith(TOKEN_FEEDS))
            return not (routine and isinstance(status, int) and status < 400)
        return True


class MaskSecrets(logging.Filter):
    """Masks the tokens in a record's message and arguments (uvicorn's access line keeps the path
    in its arguments, Afiša's error lines in the message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: mask(value) if isinstance(value, str) else value for key, value in record.args.items()}
        return True


class JsonLines(logging.Formatter):
    """One JSON object a line (AFISA_LOG_FORMAT=json), for a log collector: time, level, logger,
    message, and the request's fields on access lines."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname.lower(), "logger": record.name,
                 "message": record.getMessage()}
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, path, _version, status = record.args
            entry.update(client=client, method=method, path=path, status=status)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def log_config(log_format: str = "") -> dict:
    """uvicorn's logging, every handler behind MaskSecrets, and Afiša's own loggers on the error
    stream; log_format "json" writes JSON lines instead of text."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    if log_format == "json":
        config["formatters"] = {"json": {"()": "app.kernel.logs.JsonLines"}}
        for handler in config["handlers"].values():
            handler["formatter"] = "json"
    config["filters"] = {"secrets": {"()": "app.kernel.logs.MaskSecrets"}, "routine": {"()": "app.kernel.logs.QuietRoutine"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["routine", "secrets"]
    config["loggers"]["afisa"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
