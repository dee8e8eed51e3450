"""The `afisa` console script, driven through main([...]) on the test database."""
from __future__ import annotations

import gzip
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app import cli
from app.auth.passwords import verify_password
from models.kernel.schema import ALL_TABLES
from models.kernel.network_tables import Staff
from models.kernel.tables import Item
from tests.app.cli_env import cli_env, run  # noqa: F401 - the fixture and the helper

PASSWORD = "lasītava-2026"
FACT_COLUMNS = {"session_start", "session_branch", "session_kind", "session_place", "home_delivery", "for_young",
                "session_literacy_area", "counted"}


pytestmark = pytest.mark.usefixtures("cli_env")


def stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


async def _staff(username: str) -> dict | None:
    return await Staff.select(Staff.all_columns(), Staff.branch.slug).where(Staff.username == username).first()


def test_user_add_reads_the_password_from_stdin(branch, monkeypatch, capsys):
    stdin(monkeypatch, PASSWORD + "\n")
    assert cli.main(["user", "add", "zane", "--name", "Zane Ozola", "--role", "librarian", "--branch", "rozupe",
                     "--email", "zane@example.lv", "--password-stdin"]) == 0
    row = run(_staff("zane"))
    assert row["display_name"] == "Zane Ozola" and row["role"] == "librarian" and row["branch.slug"] == "rozupe"
    assert row["email"] == "zane@example.lv" and row["active"]
    assert verify_password(row["password_hash"], PASSWORD)
    assert "zane" in capsys.readouterr().out


def test_user_add_refuses_a_duplicate(branch, monkeypatch, capsys):
    args = ["user", "add", "zane", "--name", "Zane Ozola", "--role", "librarian", "--branch", "rozupe", "--password-stdin"]
    stdin(monkeypatch, PASSWORD + "\n")
    assert cli.main(args) == 0
    stdin(monkeypatch, "cits-parole-2026\n")
    assert cli.main([*args[:2], "Zane", *args[3:]]) == 1
    assert "exists already" in capsys.readouterr().err
    assert verify_password(run(_staff("zane"))["password_hash"], PASSWORD)


@pytest.mark.parametrize(("extra", "password", "message"), [
    (["--role", "librarian", "--branch", "nowhere"], PASSWORD, "no branch with the slug 'nowhere'"),
    (["--role", "librarian"], PASSWORD, "give --branch"),
    (["--role", "coordinator"], "īsa", "at least 10 characters"),
])
def test_user_add_refusals(branch, monkeypatch, capsys, extra, password, message):
    stdin(monkeypatch, password + "\n")
    assert cli.main(["user", "add", "anna", "--name", "Anna", *extra, "--password-stdin"]) == 1
    assert message in capsys.readouterr().err
    assert run(_staff("anna")) is None


def test_user_add_asks_twice_without_stdin(db, monkeypatch, capsys):
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert cli.main(["user", "add", "anna", "--name", "Anna", "--role", "coordinator"]) == 1
    assert "differ" in capsys.readouterr().err
    answers = iter([PASSWORD, PASSWORD])
    assert cli.main(["user", "add", "anna", "--name", "Anna", "--role", "coordinator"]) == 0
    assert run(_staff("anna"))["branch"] is None


def test_user_list_and_disable(librarian, capsys):
    assert cli.main(["user", "list"]) == 0
    assert "Maija Jasinska" in capsys.readouterr().out
    assert cli.main(["user", "disable", "maija"]) == 0
    assert run(_staff("maija"))["active"] is False
    assert cli.main(["user", "disable", "nobody"]) == 1


def test_demo_if_empty_twice(db, capsys):
    assert cli.main(["demo", "--if-empty"]) == 0
    out = capsys.readouterr().out
    assert "koordinatore" in out and "afisa-demo-2026" in out and "http://bibliotēka.test" in out
    assert f"History for the statistics: {11 + datetime.now(ZoneInfo('Europe/Riga')).month} past months" in out  # last year's 12, this year's before this month
    items = run(Item.count())
    assert items > 0
    assert cli.main(["demo", "--if-empty"]) == 0
    assert "not loaded" in capsys.readouterr().out
    assert cli.main(["demo"]) == 1
    assert "already has a network or programme items" in capsys.readouterr().err
    assert run(Item.count()) == items


async def _counts() -> dict[str, int]:
    return {t._meta.tablename: await t.count() for t in ALL_TABLES}


def test_backup_restore_round_trip(db, tmp_path, capsys):
    assert cli.main(["demo"]) == 0
    before = run(_counts())
    first = tmp_path / "afisa.json.gz"
    assert cli.main(["backup", str(first)]) == 0
    dump = json.load(gzip.open(first, "rt", encoding="utf-8"))
    assert dump["format"] == "afisa-backup"
    assert any(r["title"] == "Stāstu pēcpusdiena „Nu gan savārījām ziepes”" for r in dump["tables"]["item"])

    capsys.readouterr()
    assert cli.main(["restore", str(first)]) == 1
    assert "not empty" in capsys.readouterr().err

    run(cli._empty_all())
    assert sum(run(_counts()).values()) == 0
    assert cli.main(["restore", str(first)]) == 0
    assert run(_counts()) == before

    assert cli.main(["restore", "--force", str(first)]) == 0
    assert run(_counts()) == before
    second = tmp_path / "again.json"
    assert cli.main(["backup", str(second)]) == 0
    assert json.loads(second.read_text(encoding="utf-8"))["tables"] == dump["tables"]


def test_new_rows_continue_after_restored_ids(db, tmp_path, monkeypatch):
    """ids come back as they were, and the next row follows them (PostgreSQL's sequences reset)."""
    assert cli.main(["demo"]) == 0
    path = tmp_path / "b.json"
    assert cli.main(["backup", str(path)]) == 0
    highest = max(s["id"] for s in json.loads(path.read_text(encoding="utf-8"))["tables"]["staff"])
    assert cli.main(["restore", "--force", str(path)]) == 0
    stdin(monkeypatch, PASSWORD + "\n")
    assert cli.main(["user", "add", "jauna", "--name", "Jaunā", "--role", "coordinator", "--password-stdin"]) == 0
    assert run(_staff("jauna"))["id"] == highest + 1


@pytest.mark.clock("03.12.2026 12:00")  # how many sessions the demo's history holds depends on the day
def test_restore_of_a_backup_from_before_the_statistics_facts_fills_them(db, tmp_path):
    assert cli.main(["demo"]) == 0
    path = tmp_path / "old.json"
    assert cli.main(["backup", str(path)]) == 0
    dump = json.loads(path.read_text(encoding="utf-8"))
    held = dump["tables"]["attendance"]
    old = [{k: v for k, v in row.items() if k not in FACT_COLUMNS} for row in held]
    path.write_text(json.dumps({**dump, "tables": {**dump["tables"], "attendance": old}}), encoding="utf-8")

    assert cli.main(["restore", "--force", str(path)]) == 0

    again = tmp_path / "again.json"
    assert cli.main(["backup", str(again)]) == 0
    assert len(held) > 100 and all(row["counted"] for row in held)
    assert json.loads(again.read_text(encoding="utf-8"))["tables"]["attendance"] == held


@pytest.mark.clock("03.12.2026 12:00")  # the demo's spring workshops of 2025 and 2026 are both held
def test_restore_of_a_backup_from_before_the_ticks_per_session_keeps_who_came(db, tmp_path):
    assert cli.main(["demo"]) == 0
    path = tmp_path / "old.json"
    assert cli.main(["backup", str(path)]) == 0
    dump = json.loads(path.read_text(encoding="utf-8"))
    ticks = {(row["registration"], row["occurrence"], row["came"]) for row in dump["tables"]["registration_mark"]}
    came_of = {row["registration"]: row["came"] for row in dump["tables"]["registration_mark"]}
    # as a backup made before the migration held them: one `came` on the registration, no marks
    old = [{**row, "came": came_of.get(row["id"])} for row in dump["tables"]["registration"]]
    tables = {**{name: rows for name, rows in dump["tables"].items() if name != "registration_mark"}, "registration": old}
    path.write_text(json.dumps({**dump, "tables": tables}), encoding="utf-8")

    assert cli.main(["restore", "--force", str(path)]) == 0

    again = tmp_path / "again.json"
    assert cli.main(["backup", str(again)]) == 0
    restored = json.loads(again.read_text(encoding="utf-8"))["tables"]["registration_mark"]
    assert len(ticks) == 11  # the demo's two spring workshops: five and six parties ticked
    assert {(row["registration"], row["occurrence"], row["came"]) for row in restored} == ticks


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    assert cli.main(["restore", str(path)]) == 1
    assert "not an Afiša backup" in capsys.readouterr().err


def test_migrate(db, capsys):
    assert cli.main(["migrate"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_backup_is_private_and_holds_no_session_and_no_live_answer_or_registration_link(db, tmp_path):
    from models.kernel.clock import utcnow
    from models.kernel.sms_tables import SmsMessage
    from models.kernel.tables import MailMessage, WebSession

    async def arrange():
        await WebSession.insert(WebSession(key_hash="a" * 64, data='{"staff_id": 1}', expires_at=utcnow()))
        await MailMessage.insert(MailMessage(key="ask:1", to_address="inese@skola.lv", subject="Lūdzam apstiprināt",
                                             body="Atbildiet šeit:\nhttp://bibliotēka.test/answer/Sl3penaSaite123\n", status="kept",
                                             created_at=utcnow(), next_attempt_at=utcnow()))
        await SmsMessage.insert(SmsMessage(key="registration:1:remind:2", to_number="+37126000000",
                                           text="Atgādinājums. Pieteikums: http://bibliotēka.test/r/Sl3penaSaite123", next_attempt_at=utcnow()))

    run(arrange())
    path = tmp_path / "private.json.gz"

    assert cli.main(["backup", str(path)]) == 0

    dump = json.load(gzip.open(path, "rt", encoding="utf-8"))
    assert (path.stat().st_mode & 0o777, "web_session" in dump["tables"]) == (0o600, False)
    assert [m["body"] for m in dump["tables"]["mail_message"]] == ["Atbildiet šeit:\nhttp://bibliotēka.test/answer/…\n"]
    assert [m["text"] for m in dump["tables"]["sms_message"]] == ["Atgādinājums. Pieteikums: http://bibliotēka.test/r/…"]


@pytest.mark.parametrize("tables", [{"item": "nav saraksts"}, {"item": [1, 2]}, {"staff": [{"id": "x", "username": None}]}])
def test_restore_of_a_damaged_backup_says_so_and_changes_nothing(db, tmp_path, capsys, tables):
    path = tmp_path / "bojats.json"
    path.write_text(json.dumps({"format": "afisa-backup", "version": 1, "tables": tables}), encoding="utf-8")

    code = cli.main(["restore", "--force", str(path)])

    assert (code, "Traceback" in capsys.readouterr().err) == (1, False)


def test_backup_into_a_folder_keeps_the_newest_n(db, tmp_path, time_machine):
    folder = tmp_path / "backups"
    written = []
    for hour in (1, 2, 3):
        time_machine.move_to(f"2027-01-0{hour}T02:00:00+00:00", tick=False)
        assert cli.main(["backup", "--keep", "2", str(folder)]) == 0
        written.append(sorted(path.name for path in folder.iterdir()))

    assert written[-1] == ["afisa-2027-01-02T020000.json.gz", "afisa-2027-01-03T020000.json.gz"]
    assert [len(names) for names in written] == [1, 2, 2]
