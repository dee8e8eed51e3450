"""`afisa init`: a real network instead of the demo. It names the network and makes its first
coordinator, who then adds the libraries, places and colleagues in the pages. It refuses a database
that already has a network (the demo's included), so it can never take one over."""
from __future__ import annotations

import argparse
import asyncio
import sys

from app.commands.common import CliError, load_settings, run_migrations, use_database
from app.commands.users import USERNAME, _read_password


def _ask(value: str | None, prompt: str, interactive: bool) -> str:
    if value:
        return value.strip()
    if not interactive:
        raise CliError(f"{prompt.rstrip(': ')} is missing: give it as an option (see `afisa init --help`) or run in a terminal")
    return input(prompt).strip()


def cmd_init(args: argparse.Namespace) -> int:
    from app.auth.passwords import MIN_LENGTH, hash_password
    from models.network import is_set_up, set_up

    settings = load_settings()
    use_database(settings.database_url)

    async def already() -> bool:
        await run_migrations()
        return await is_set_up()

    if asyncio.run(already()):
        if args.if_empty:
            print("The database already has a network; nothing to set up.")
            return 0
        raise CliError("the database already has a network (or the demo); `afisa init` sets up an empty one only")
    interactive = sys.stdin.isatty() and not args.password_stdin
    network = _ask(args.network, "The network's name (e.g. Līvānu novada bibliotēkas): ", interactive)
    username = _ask(args.username, "The first coordinator's username: ", interactive).lower()
    display_name = _ask(args.name, "Her or his full name: ", interactive)
    email = (args.email if args.email is not None else (input("Email (optional): ").strip() if interactive else "")).strip()
    if not network or len(network) > 200:
        raise CliError("the network's name is 1–200 characters")
    if not USERNAME.match(username):
        raise CliError("a username is 2–80 characters: lowercase letters, digits and . _ @ -")
    if not display_name or len(display_name) > 200:
        raise CliError("the coordinator's name is 1–200 characters")
    password = _read_password(args.password_stdin, MIN_LENGTH)
    asyncio.run(set_up(network, username, display_name, email, hash_password(password)))
    print(f"{network} is set up. Sign in at {settings.base_url}/login as {username!r}, then add the libraries "
          f"(/libraries), their places (/places) and your colleagues (/staff).")
    return 0
