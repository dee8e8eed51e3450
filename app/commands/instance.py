"""Bringing an instance up: serve, migrate, and the demo programme."""
from __future__ import annotations

import argparse
import os
import asyncio
import gc
import re

from app.commands.common import CliError, load_settings, run_migrations, use_database


async def _item_count() -> int:
    from models.kernel.tables import Item

    return await Item.count()


def cmd_serve(args: argparse.Namespace) -> int:
    if not os.environ.get("AFISA_BASE_URL"):
        # the links in mail and on the pages lead where the server listens (`--port 8101`), unless set;
        # in the environment, so that each of several workers reads the same
        host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
        os.environ["AFISA_BASE_URL"] = f"http://{host}:{args.port}"
    settings = load_settings()
    use_database(settings.database_url)
    asyncio.run(run_migrations(quiet=False))
    import uvicorn

    from app import create_app
    from app.kernel.logs import log_config

    # X-Forwarded-For is believed only from the proxies named in AFISA_TRUSTED_PROXIES: from anyone
    # else it would let a guesser pick the address the login and answer limits count
    options = dict(host=args.host, port=args.port, proxy_headers=bool(settings.trusted_proxies),
                   forwarded_allow_ips=settings.trusted_proxies or None, log_config=log_config(os.environ.get("AFISA_LOG_FORMAT", "")))
    if args.workers > 1:
        # each worker builds its app from the environment; one of them runs the background tasks (app/kernel/leader.py)
        uvicorn.run("app:create_app", factory=True, workers=args.workers, **options)
        return 0
    app = create_app(settings)
    # what is loaded by now (Litestar, the templates, holidays, Babel) stays for the process's life:
    # out of the collector's sight, a full collection no longer walks it, and a network's statistics
    # page, which builds thousands of rows, no longer stalls 150 ms every sixteenth request
    gc.collect()
    gc.freeze()
    uvicorn.run(app, **options)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = load_settings()
    use_database(settings.database_url)
    asyncio.run(run_migrations(quiet=False))
    print(f"Database is up to date ({_redacted(settings.database_url)}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.auth.passwords import hash_password
    from models.kernel.clock import local_today
    from app.commands.demo.build import load_demo
    from models.kernel.signing import configure as configure_signed_links

    settings = load_settings()
    use_database(settings.database_url)

    async def run() -> dict | None:
        from models.network import is_set_up

        await run_migrations()
        if await _item_count() > 0 or await is_set_up():  # never into a real network, even one with no programme yet
            return None
        today = local_today()
        configure_signed_links(settings.secret_key, settings.base_url)  # the demo's links are the app's: a reminder repeats them
        return await load_demo(today, hash_password, history=True, base_url=settings.base_url)

    result = asyncio.run(run())
    if result is None:
        if args.if_empty:
            print("The database already has a network or a programme; demo data not loaded.")
            return 0
        raise CliError("the database already has a network or programme items; the demo loads only into an empty database "
                       "(use `afisa demo --if-empty` to skip quietly)")
    print(f"Demo loaded: {result['branches']} branches, {result['places']} places, {result['partners']} partners, "
          f"{result['items']} items with {result['occurrences']} sessions "
          f"({result['from'].strftime('%d.%m.%Y.')}–{result['to'].strftime('%d.%m.%Y.')}).")
    past = result["history"]
    if past["months"]:
        print(f"History for the statistics: {past['months']} past months with attendance for {past['attendance']} sessions "
              f"(the last few wait on /attendance) and {past['figures']} months of library-system figures.")
    print(f"Open {settings.base_url}/ and sign in with the password {result['password']!r} as:")
    for login in result["logins"]:
        print(f"  {login['username']:<14} {login['display_name']} ({login['role']}, {login['branch']})")
    if not result["logins"]:
        print("  (the demo accounts existed already and keep their own passwords)")
    return 0


def _redacted(url: str) -> str:
    return re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)
