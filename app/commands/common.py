"""What every command shares: the refusal it may print, and the database it works on.

AFISA_DATABASE_URL picks the engine for every command; Piccolo's migrations find it through
models/piccolo_conf.py, so the variable is set before that module is first imported."""
from __future__ import annotations

import contextlib
import io
import os
import sys

from app.kernel.settings import Settings


class CliError(Exception):
    """A refusal the operator can act on: printed without a traceback, exit code 1."""


def load_settings() -> Settings:
    return Settings.from_env()


def use_database(url: str):
    os.environ["AFISA_DATABASE_URL"] = url
    os.environ.setdefault("PICCOLO_CONF", "models.piccolo_conf")
    from models import piccolo_conf
    from models.kernel.db import engine_from_url, use_engine

    engine = engine_from_url(url)
    use_engine(engine)
    # piccolo_conf may have been imported earlier under another URL; migrations read its DB
    piccolo_conf.DB = engine
    return engine


async def run_migrations(quiet: bool = True) -> None:
    """Every command migrates first, so a fresh install needs no separate step; only
    `afisa migrate` shows Piccolo's progress lines."""
    from models.kernel.migrate import migrate

    if not quiet:
        await migrate()
        return
    with contextlib.redirect_stdout(io.StringIO()) as output:
        try:
            await migrate()
        except Exception:
            sys.stdout.write(output.getvalue())
            raise
