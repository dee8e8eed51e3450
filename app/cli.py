"""The `afisa` console script: serve, migrate, demo, init, user, backup and restore.

The commands themselves live in app/commands/; here they get their arguments, and a CliError
becomes a message and exit code 1."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.commands.backup import cmd_backup, cmd_restore
from app.commands.backup import empty_all as _empty_all  # noqa: F401 - tests/app/commands/test_cli.py empties the database through cli._empty_all
from app.commands.common import CliError
from app.commands.instance import cmd_demo, cmd_migrate, cmd_serve
from app.commands.setup import cmd_init
from app.commands.users import cmd_user_add, cmd_user_disable, cmd_user_list


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="afisa",
        description="Afiša: the programme planner of a public library network. "
                    "The database comes from AFISA_DATABASE_URL (default: sqlite:///data/afisa.sqlite3).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="migrate the database, then run the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="processes serving requests (the background tasks run in one of them)")
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser("migrate", help="bring the database to the current schema")
    migrate.set_defaults(func=cmd_migrate)

    demo = sub.add_parser("demo", help="load the Rožupe demo (this month and next) into an empty database")
    demo.add_argument("--if-empty", action="store_true", help="do nothing, successfully, when the database has a programme")
    demo.set_defaults(func=cmd_demo)

    init = sub.add_parser("init", help="set up a real network in an empty database: its name and first coordinator")
    init.add_argument("--network", help="the network's name, e.g. \"Līvānu novada bibliotēkas\"")
    init.add_argument("--username", help="the first coordinator's username")
    init.add_argument("--name", help="the coordinator's full name")
    init.add_argument("--email", default=None)
    init.add_argument("--password-stdin", action="store_true", help="read the password from the first line of standard input")
    init.add_argument("--if-empty", action="store_true", help="do nothing, successfully, when the database has a network")
    init.set_defaults(func=cmd_init)

    user = sub.add_parser("user", help="manage staff accounts")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_sub.add_parser("add", help="add a staff account (asks for the password twice)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="display name, e.g. \"Maija Jasinska\"")
    add.add_argument("--role", required=True, choices=["librarian", "coordinator"])
    add.add_argument("--branch", help="branch slug, e.g. rozupe (required for a librarian)")
    add.add_argument("--email", default="")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of standard input")
    add.set_defaults(func=cmd_user_add)
    listing = user_sub.add_parser("list", help="list staff accounts")
    listing.set_defaults(func=cmd_user_list)
    disable = user_sub.add_parser("disable", help="stop an account from signing in (its history stays)")
    disable.add_argument("username")
    disable.set_defaults(func=cmd_user_disable)

    backup = sub.add_parser("backup", help="write every table to a JSON file (.gz compresses it)")
    backup.add_argument("file", help="a file, or with --keep a folder that holds the dated backups")
    backup.add_argument("--keep", type=int, default=0, help="write afisa-<date>.json.gz into the folder and keep the newest N")
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="load a backup into an empty database")
    restore.add_argument("file")
    restore.add_argument("--force", action="store_true", help="empty a non-empty database first")
    restore.set_defaults(func=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as error:
        print(f"afisa: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
