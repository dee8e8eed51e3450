"""The personal link in the mails after the first: the promoted party's mail and the day-before
reminder open the person's own registration page; a token signed with another key and the
link of erased data get the same 404 as any wrong link."""
from __future__ import annotations

from datetime import datetime

import pytest

from app.registration.background import registration_pass
from models.kernel.clock import LIBRARY_TZ
from models.kernel.registration_tables import Registration
from models.kernel.signing import configure
from models.kernel.tables import MailMessage
from models.registration.links import registration_token
from tests.app.registration import LINK, post_link, register_form, token_of, turn_on, workshop

pytestmark = pytest.mark.clock("25.11.2026 12:00")


async def mail_body(key_ending: str) -> str:
    [row] = await MailMessage.select(MailMessage.body).where(MailMessage.key.like(f"%:{key_ending}%"))
    return row["body"]


async def registration_id(name: str) -> int:
    return (await Registration.select(Registration.id).where(Registration.name == name).first())["id"]


async def test_promoted_partys_mail_link_opens_its_own_registration(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="1")
    anna = token_of(await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv"))
    ieva = token_of(await register_form(client, item_id, name="Ieva Ozola", email="ieva@example.lv"))  # waiting

    await post_link(client, anna, "cancel")
    links = LINK.findall(await mail_body("promoted"))
    page = await client.get(f"/r/{links[0]}")

    assert links == [ieva]
    assert page.status_code == 200
    assert "Ieva Ozola" in page.text and "Anna Liepa" not in page.text


async def test_reminders_link_opens_its_own_registration(client, branch, librarian, _fixed_clock):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    anna = token_of(await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv"))
    await register_form(client, item_id, name="Ieva Ozola", email="ieva@example.lv")

    _fixed_clock.move_to(datetime(2026, 12, 2, 8, 30, tzinfo=LIBRARY_TZ))  # the day before the workshop of 03.12.2026
    await registration_pass()
    [row] = await MailMessage.select(MailMessage.body).where(MailMessage.key.like(f"registration:{await registration_id('Anna Liepa')}:remind:%"))
    links = LINK.findall(row["body"])
    page = await client.get(f"/r/{links[0]}")

    assert links == [anna]
    assert page.status_code == 200
    assert "Anna Liepa" in page.text and "Ieva Ozola" not in page.text


async def test_token_signed_with_another_key_gets_the_404_of_any_wrong_link(client, settings, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    token = token_of(await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv"))
    row = await Registration.select(Registration.id, Registration.created_at).first()
    configure("another-server-" + "z" * 40)
    forged = registration_token(row["id"], row["created_at"])
    configure(settings.secret_key, settings.base_url)

    answers = [await client.get(f"/r/{forged}"), await client.get("/r/" + "A" * 43), await post_link(client, forged, "cancel")]
    own = await client.get(f"/r/{token}")

    assert forged != token
    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert len({answer.text for answer in answers}) == 1
    assert own.status_code == 200
    assert await Registration.select(Registration.state).first() == {"state": "registered"}


async def test_derived_link_after_delete_my_data_gets_the_404_of_any_wrong_link(client, settings, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    token = token_of(await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv"))
    row = await Registration.select(Registration.id, Registration.created_at).first()

    await post_link(client, token, "erase")
    derived = registration_token(row["id"], row["created_at"])
    answers = [await client.get(f"/r/{derived}"), await client.get("/r/" + "A" * 43)]

    assert derived == token
    assert [answer.status_code for answer in answers] == [404, 404]
    assert answers[0].text == answers[1].text
