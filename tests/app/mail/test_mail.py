"""The outbox sent through a real SMTP server on loopback: delivery, idempotency, a server that
is down or refuses, a crashed sender, no SMTP at all, and the outbox page."""
from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from app.mail.sender import message_id, send_due
from models.kernel import outbox
from models.kernel.tables import MailMessage
from tests.app.conftest import login, post_form
from tests.app.smtp_server import SmtpServer, self_signed_certificate, smtp_server  # noqa: F401 - the fixture

SUBJECT = "Lūdzam apstiprināt: Dzejas dienas Rožupē"
BODY = "Labdien, Ķirsona kungs!\n\nLūdzam apstiprināt dalību pasākumā „Dzejas dienas” 10.09.2026. plkst. 17:00.\n\nAr cieņu,\nRožupes bibliotēka\n"


async def _enqueue(key: str, to: str, branch_id: int | None = None, subject: str = SUBJECT) -> bool:
    return await outbox.enqueue(key=key, to_address=to, to_name="Jānis Ķirsons", subject=subject, body=BODY, branch_id=branch_id)


async def _row(key: str) -> dict:
    return await MailMessage.select().where(MailMessage.key == key).first()


async def _make_due(key: str) -> None:
    """Move time on for one message: its next try is now."""
    await MailMessage.update({MailMessage.next_attempt_at: datetime.now(timezone.utc) - timedelta(seconds=1)}).where(MailMessage.key == key)


@pytest.fixture
def smtp_settings(settings, smtp_server):  # noqa: F811 - the imported fixture
    return replace(settings, smtp_url=smtp_server.url)


async def test_send_due_delivers_each_message_once_in_utf8(db, smtp_settings, smtp_server):  # noqa: F811
    await _enqueue("ask:1", "skola@rozupe.example")
    await _enqueue("ask:2", "kultura@rozupe.example", subject="Atgādinājums: Šļakatas")

    sent = await send_due(smtp_settings)

    assert sent == 2
    first, second = smtp_server.messages
    assert (first["Subject"], second["Subject"]) == (SUBJECT, "Atgādinājums: Šļakatas")
    assert first["From"] == "programma@testserver.local"
    assert first["To"] == "Jānis Ķirsons <skola@rozupe.example>"
    assert first.get_content().replace("\r\n", "\n") == BODY  # SMTP carries CRLF line ends
    assert first.get_content_charset() == "utf-8"
    assert first["Message-ID"] == message_id("ask:1", smtp_settings)
    assert first["Date"] is not None
    assert smtp_server.envelopes == [("programma@testserver.local", ["skola@rozupe.example"]), ("programma@testserver.local", ["kultura@rozupe.example"])]
    assert [(r["status"], r["attempts"]) for r in (await _row("ask:1"), await _row("ask:2"))] == [("sent", 0), ("sent", 0)]


async def test_send_due_twice_sends_nothing_the_second_time(db, smtp_settings, smtp_server):  # noqa: F811
    await _enqueue("ask:1", "skola@rozupe.example")
    await send_due(smtp_settings)

    sent = await send_due(smtp_settings)

    assert sent == 0
    assert len(smtp_server.messages) == 1


async def test_enqueue_same_key_twice_queues_once(db):
    first = await _enqueue("ask:1", "skola@rozupe.example")
    second = await _enqueue("ask:1", "skola@rozupe.example")

    assert (first, second) == (True, False)
    assert await MailMessage.count() == 1


async def test_send_due_in_parallel_sends_each_message_once(db, smtp_settings, smtp_server):  # noqa: F811
    for n in range(4):
        await _enqueue(f"ask:{n}", f"partneris{n}@rozupe.example")

    results = await asyncio.gather(send_due(smtp_settings), send_due(smtp_settings))

    assert sum(results) == 4
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp_server.messages) == [f"partneris{n}@rozupe.example" for n in range(4)]


async def test_send_due_when_server_refuses_midway_keeps_the_rest_queued(db, smtp_settings, smtp_server):  # noqa: F811
    await _enqueue("ask:1", "skola@rozupe.example")
    await _enqueue("ask:2", "kultura@rozupe.example")
    smtp_server.refuse_after = 1
    before = datetime.now(timezone.utc)

    sent = await send_due(smtp_settings)

    after = datetime.now(timezone.utc)
    waiting = await _row("ask:2")
    assert sent == 1
    assert len(smtp_server.messages) == 1
    assert (waiting["status"], waiting["attempts"]) == ("queued", 1)
    assert "451" in waiting["last_error"]
    assert before + outbox.backoff(1) <= waiting["next_attempt_at"] <= after + outbox.backoff(1)


async def test_send_due_when_server_is_down_loses_nothing_and_delivers_once_when_back(db, smtp_settings, smtp_server):  # noqa: F811
    await _enqueue("ask:1", "skola@rozupe.example")
    await _enqueue("ask:2", "kultura@rozupe.example")
    smtp_server.stop()

    sent_while_down = await send_due(smtp_settings)
    rows_while_down = [await _row("ask:1"), await _row("ask:2")]
    smtp_server.start()
    sent_before_backoff = await send_due(smtp_settings)
    await _make_due("ask:1")
    await _make_due("ask:2")
    sent_when_back = await send_due(smtp_settings)
    sent_again = await send_due(smtp_settings)

    assert sent_while_down == 0
    assert [(r["status"], r["attempts"]) for r in rows_while_down] == [("queued", 1), ("queued", 1)]
    assert all(r["next_attempt_at"] > datetime.now(timezone.utc) for r in rows_while_down)
    assert (sent_before_backoff, sent_when_back, sent_again) == (0, 2, 0)
    assert [m["Message-ID"] for m in smtp_server.messages] == [message_id("ask:1", smtp_settings), message_id("ask:2", smtp_settings)]
    assert [(await _row(k))["status"] for k in ("ask:1", "ask:2")] == ["sent", "sent"]


async def test_send_due_when_server_rejects_for_good_marks_failed_at_once(db, smtp_settings, smtp_server):  # noqa: F811
    await _enqueue("ask:1", "skola@rozupe.example")
    smtp_server.refuse_after, smtp_server.refuse_reply = 0, "554 5.7.1 Rejected"

    await send_due(smtp_settings)

    row = await _row("ask:1")
    assert (row["status"], row["attempts"]) == ("failed", 1)


async def test_claim_when_taken_by_another_sender_is_refused(db):
    await _enqueue("ask:1", "skola@rozupe.example")
    message = await _row("ask:1")

    results = (await outbox.claim(message["id"]), await outbox.claim(message["id"]))

    assert results == (True, False)


async def test_send_due_after_a_crashed_sender_sends_the_stale_claim(db, smtp_settings, smtp_server):  # noqa: F811
    await _enqueue("ask:1", "skola@rozupe.example")
    await outbox.claim((await _row("ask:1"))["id"])
    sent_while_claimed = await send_due(smtp_settings)
    await _make_due("ask:1")  # the claim's few minutes are over

    sent_after_timeout = await send_due(smtp_settings)

    assert (sent_while_claimed, sent_after_timeout) == (0, 1)
    assert len(smtp_server.messages) == 1


async def test_send_due_without_smtp_keeps_messages_for_the_outbox_page(librarian_client, settings, branch):
    await _enqueue("ask:1", "skola@rozupe.example", branch["id"])

    sent = await send_due(settings)
    page = await librarian_client.get("/outbox")

    assert (sent, (await _row("ask:1"))["status"], page.status_code) == (0, "kept", 200)
    assert 'id="outbox-no-smtp"' in page.text
    assert SUBJECT in page.text
    assert "Ķirsona kungs" in page.text
    assert "saglabāts (pasta serveris nav iestatīts)" in page.text


async def test_outbox_of_another_branch_is_not_shown(client, branch, other_librarian):
    await _enqueue("ask:1", "skola@rozupe.example", branch["id"])
    await login(client, other_librarian)

    page = await client.get("/outbox")

    assert page.status_code == 200
    assert SUBJECT not in page.text
    assert "Pasta kastītē vēl nav vēstuļu." in page.text


async def test_outbox_for_a_coordinator_shows_every_branch(client, branch, other_branch, coordinator):
    await _enqueue("ask:1", "skola@rozupe.example", branch["id"], subject="Rožupes vēstule")
    await _enqueue("ask:2", "skola@rudzati.example", other_branch["id"], subject="Rudzātu vēstule")
    await login(client, coordinator)

    page = await client.get("/outbox")

    assert page.text.index("Rudzātu vēstule") < page.text.index("Rožupes vēstule")  # newest first


async def test_outbox_without_login_goes_to_the_login_page(client):
    page = await client.get("/outbox", follow_redirects=False)

    assert (page.status_code, page.headers["location"]) == (302, "/login?next=/outbox")


async def test_retry_of_a_failed_message_queues_it_again(librarian_client, branch):
    await _enqueue("ask:1", "skola@rozupe.example", branch["id"])
    message = await _row("ask:1")
    await outbox.mark_failed(message["id"], outbox.MAX_ATTEMPTS, "SMTPDataError: (554, b'Rejected')")

    response = await post_form(librarian_client, f"/outbox/{message['id']}/retry", {}, htmx=False)

    row = await _row("ask:1")
    assert response.status_code == 200
    assert response.url.path == "/outbox"
    assert (row["status"], row["attempts"]) == ("queued", 0)
    assert row["next_attempt_at"] <= datetime.now(timezone.utc)


async def test_retry_of_another_branchs_message_is_forbidden(client, other_branch, librarian):
    await _enqueue("ask:1", "skola@rudzati.example", other_branch["id"])
    message = await _row("ask:1")
    await outbox.mark_failed(message["id"], outbox.MAX_ATTEMPTS, "error")
    await login(client, librarian)

    response = await post_form(client, f"/outbox/{message['id']}/retry", {}, htmx=False)

    assert response.status_code == 403
    assert (await _row("ask:1"))["status"] == "failed"


async def test_retry_without_csrf_token_is_refused(librarian_client, branch):
    await _enqueue("ask:1", "skola@rozupe.example", branch["id"])
    message = await _row("ask:1")
    await outbox.mark_failed(message["id"], outbox.MAX_ATTEMPTS, "error")

    response = await librarian_client.post(f"/outbox/{message['id']}/retry")

    assert response.status_code == 403
    assert (await _row("ask:1"))["status"] == "failed"


@pytest.mark.parametrize("tls,scheme", [("starttls", "smtp"), ("implicit", "smtps")])
async def test_send_due_over_tls_logs_in_with_the_urls_user(db, settings, tmp_path, monkeypatch, tls, scheme):
    cert, key = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", cert)  # the sender verifies the server against the default trust store
    server = SmtpServer(tls=tls, certificate=(cert, key))
    server.start()
    try:
        await _enqueue("ask:1", "skola@rozupe.example")
        url = f"{scheme}://biblioteka:{quote(server.password)}@127.0.0.1:{server.port}"

        sent = await send_due(replace(settings, smtp_url=url))
    finally:
        server.stop()

    assert sent == 1
    assert server.logins == [("biblioteka", "slepens-vārds")]
    assert server.messages[0]["Subject"] == SUBJECT


async def test_a_message_that_cannot_be_built_fails_alone_and_the_rest_go(db, smtp_server):
    from app.mail.sender import send_due
    from app.kernel.settings import Settings
    from models.kernel.outbox import enqueue
    from models.kernel.tables import MailMessage

    await enqueue(key="bad", to_address="skola@example.lv", subject="Dzeja\r\nBcc: evil@example.com", body="x")
    await enqueue(key="good", to_address="skola@example.lv", subject="Dzejas dienas", body="Labdien!")
    settings = Settings(database_url="", secret_key="x" * 50, smtp_url=smtp_server.url)

    sent = await send_due(settings)

    rows = {r["key"]: r["status"] for r in await MailMessage.select(MailMessage.key, MailMessage.status)}
    assert sent == 1
    assert rows == {"bad": "failed", "good": "sent"}
    assert [m["Subject"] for m in smtp_server.messages] == ["Dzejas dienas"]


async def test_a_sent_message_no_longer_holds_the_partners_link(db, smtp_server):
    from app.mail.sender import send_due
    from app.kernel.settings import Settings
    from models.kernel.outbox import enqueue
    from models.kernel.tables import MailMessage

    link = "http://127.0.0.1:8000/answer/" + "Ab3_" * 11
    await enqueue(key="ask:1", to_address="skola@example.lv", subject="Lūdzam apstiprināt", body=f"Atbildiet šeit: {link}\n")

    await send_due(Settings(database_url="", secret_key="x" * 50, smtp_url=smtp_server.url))

    stored = await MailMessage.select(MailMessage.body).first()
    assert link in smtp_server.messages[0].get_content()
    assert stored["body"] == "Atbildiet šeit: http://127.0.0.1:8000/answer/…\n"


async def test_outbox_shows_an_answer_link_only_while_the_mail_waits_for_her(librarian_client, settings, branch):
    link_body = "Atbildiet šeit:\nhttp://testserver.local/answer/Sl3penaSaite{n}\n"
    await outbox.enqueue(key="ask:kept", to_address="inese@skola.lv", subject="Lūdzam apstiprināt", body=link_body.format(n=1), branch_id=branch["id"])
    await send_due(settings)  # no SMTP: kept, for her to send by hand
    await outbox.enqueue(key="ask:queued", to_address="janis@skola.lv", subject="Lūdzam apstiprināt", body=link_body.format(n=2), branch_id=branch["id"])

    page = await librarian_client.get("/outbox")

    assert ("/answer/Sl3penaSaite1" in page.text, "/answer/Sl3penaSaite2" in page.text, page.text.count("/answer/…")) == (True, False, 1)


def test_build_names_the_language_and_keeps_an_ics_in_utf8_with_crlf():
    from email import message_from_bytes, policy

    from app.mail.sender import build
    from app.kernel.settings import Settings

    calendar = "BEGIN:VCALENDAR\r\nSUMMARY:Grāmatu kopas maiņa: „Rožlejas”\r\nEND:VCALENDAR\r\n"
    row = {"to_name": "Anna", "to_address": "anna@rozlejas.lv", "subject": "Kopa", "key": "rotation:1", "language": "en", "body": "Hello",
           "calendar": calendar}

    mail = message_from_bytes(build(row, Settings(base_url="https://afisa.livani.lv")).as_bytes(), policy=policy.default)

    [attachment] = list(mail.iter_attachments())
    assert mail["Content-Language"] == "en"
    assert (attachment.get_content_type(), attachment.get_param("charset"), attachment.get_param("method")) == ("text/calendar", "utf-8", "PUBLISH")
    assert attachment.get_content() == calendar
