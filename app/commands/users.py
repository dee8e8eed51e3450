"""Staff accounts: add, list and disable."""
from __future__ import annotations

import argparse
import asyncio
import getpass
import re
import sys

from app.commands.common import CliError, load_settings, run_migrations, use_database

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")


def _read_password(from_stdin: bool, minimum: int) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise CliError("the two passwords differ")
    if len(password) < minimum:
        raise CliError(f"the password must have at least {minimum} characters")
    return password


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.auth.passwords import MIN_LENGTH, hash_password
    from models.kernel.enums import Role
    from models.kernel.network_tables import Branch, Staff

    username = args.username.strip().lower()
    if not USERNAME.match(username):
        raise CliError("a username is 2–80 characters: lowercase letters, digits and . _ @ -")
    display_name = args.name.strip()
    if not display_name:
        raise CliError("--name must not be empty")
    role = Role(args.role)
    if role == Role.LIBRARIAN and not args.branch:
        raise CliError("a librarian belongs to a branch: give --branch SLUG")
    settings = load_settings()
    use_database(settings.database_url)

    async def check() -> int | None:
        await run_migrations()
        if await Staff.exists().where(Staff.username == username):
            raise CliError(f"a user named {username!r} exists already")
        if not args.branch:
            return None
        row = await Branch.select(Branch.id).where(Branch.slug == args.branch).first()
        if row is None:
            slugs = ", ".join(b["slug"] for b in await Branch.select(Branch.slug).order_by(Branch.slug)) or "none yet"
            raise CliError(f"no branch with the slug {args.branch!r} (known: {slugs})")
        return row["id"]

    branch_id = asyncio.run(check())
    # asked only after the checks, so a typo in the username does not cost a password round
    password = _read_password(args.password_stdin, MIN_LENGTH)

    async def insert() -> None:
        await Staff.insert(Staff(
            username=username, display_name=display_name, email=(args.email or "").strip(),
            password_hash=hash_password(password), role=role.value, branch=branch_id,
        ))

    asyncio.run(insert())
    print(f"User {username!r} added ({role.value}{', ' + args.branch if args.branch else ''}).")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from models.kernel.network_tables import Staff

    settings = load_settings()
    use_database(settings.database_url)

    async def rows() -> list[dict]:
        await run_migrations()
        return await Staff.select(
            Staff.username, Staff.display_name, Staff.role, Staff.email, Staff.active, Staff.branch.slug,
        ).order_by(Staff.username)

    users = asyncio.run(rows())
    if not users:
        print("No users yet. Add one with `afisa user add`.")
        return 0
    print(f"{'USERNAME':<16} {'NAME':<28} {'ROLE':<12} {'BRANCH':<12} {'ACTIVE':<7} EMAIL")
    for u in users:
        print(f"{u['username']:<16} {u['display_name']:<28} {u['role']:<12} {u['branch.slug'] or '—':<12} "
              f"{'yes' if u['active'] else 'no':<7} {u['email']}")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from models.kernel.network_tables import Staff

    settings = load_settings()
    use_database(settings.database_url)
    username = args.username.strip().lower()

    async def disable() -> bool:
        await run_migrations()
        rows = await Staff.update({Staff.active: False}).where(Staff.username == username).returning(Staff.id)
        return bool(rows)

    if not asyncio.run(disable()):
        raise CliError(f"no user named {username!r}")
    print(f"User {username!r} disabled; they can no longer sign in.")
    return 0
