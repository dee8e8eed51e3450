"""`afisa init`: from an empty database to a network with its first coordinator, never over one."""
from __future__ import annotations

import io

import pytest

from app import cli
from app.auth.passwords import verify_password
from models.kernel.network_tables import Network, Staff
from models.kernel.tables import Item
from tests.app.cli_env import cli_env, run  # noqa: F401 - the fixture and the helper

INIT = ["init", "--network", "Līvānu novada bibliotēkas", "--username", "anna", "--name", "Anna Ozola", "--email", "anna@livani.lv",
        "--password-stdin"]


pytestmark = pytest.mark.usefixtures("cli_env")


def test_init_names_the_network_and_its_first_coordinator(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("ļoti-slepena-parole\n"))

    code = cli.main(INIT)

    staff = run(Staff.select(Staff.username, Staff.role, Staff.branch, Staff.password_hash).first())
    assert (code, run(Network.select(Network.name).first())) == (0, {"name": "Līvānu novada bibliotēkas"})
    assert (staff["username"], staff["role"], staff["branch"]) == ("anna", "coordinator", None)
    assert verify_password(staff["password_hash"], "ļoti-slepena-parole")
    assert "http://bibliotēka.test/login" in capsys.readouterr().out


def test_init_refuses_a_database_with_a_network_and_the_demo_refuses_one_too(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("ļoti-slepena-parole\n"))
    assert cli.main(INIT) == 0
    capsys.readouterr()

    again = cli.main(INIT)
    quietly = cli.main(["init", "--if-empty"])
    demo = cli.main(["demo", "--if-empty"])

    assert (again, quietly, demo) == (1, 0, 0)
    assert "already has a network" in capsys.readouterr().err
    assert (run(Staff.count()), run(Item.count())) == (1, 0)


def test_init_without_a_terminal_names_what_is_missing(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    code = cli.main(["init", "--network", "Tīkls"])

    assert code == 1
    assert "The first coordinator's username is missing" in capsys.readouterr().err
    assert run(Network.count()) == 0
