"""The server's logs: uvicorn's access and error lines and Afiša's own, with the secrets a URL
carries masked. An answer link (/answer/<token>) and a private feed (/feeds/private/<token>.ics)
are keys in themselves: whoever reads the log could answer for a partner or read the internal
programme."""
from __future__ import annotations

import copy
import logging
import re

import uvicorn.config

_SECRET_IN_PATH = re.compile(r"(/answer/|/feeds/private/)[^/?#\s\"'.]+")
MASK = r"\1…"


def mask(text: str) -> str:
    return _SECRET_IN_PATH.sub(MASK, text)


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


def log_config() -> dict:
    """uvicorn's logging, every handler behind MaskSecrets, and Afiša's own loggers on the error stream."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["filters"] = {"secrets": {"()": "app.logs.MaskSecrets"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["secrets"]
    config["loggers"]["afisa"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
