"""The personal link signed with the server's key (models/registration/links.py,
models/kernel/signing.py): every mail after the first repeats the link the registration got; a
registration made before the links were signed, an anonymised one and one under another key get
none; the partners' answer links are the same strings they were before the kernel signed them."""
from __future__ import annotations

import secrets
from datetime import datetime, timezone

import pytest

from models.kernel.registration_tables import Registration
from models.kernel.signing import configure, signed_token
from models.kernel.tables import MailMessage
from models.partners import token_for
from models.publishing import TOKEN_SHAPE, hash_token
from models.registration import cancel, cancel_by_staff, erase, registration_by_token
from models.registration.links import registration_link, registration_token
from tests.models.registration import BASE_URL, NOW, SECRET_KEY, make_workshop, open_registration, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")

# an answer link mailed before the partners' tokens moved to models/kernel/signing.py, computed
# with the code of that time: the same request, asked at the same moment, under the same key
PARTNER_KEY = "pinned-secret-key-for-the-partner-link-test-0123456789"
PARTNER_TOKEN = "oqZiGLhYhTVu6mlYGxwOnwL22-STM8YP7qdtJSjz-xU"


@pytest.fixture
async def workshop(reading_room, librarian) -> int:
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="2")
    return item_id


async def row_of(registration_id: int) -> dict:
    return await Registration.select().where(Registration.id == registration_id).first()


async def body_of(key: str) -> str:
    return (await MailMessage.select(MailMessage.body).where(MailMessage.key == key).first())["body"]


def test_partner_token_is_the_one_mailed_before_the_kernel_signed_it():
    configure(PARTNER_KEY)

    assert token_for(17, datetime(2026, 12, 1, 9, 30, 0, 250000, tzinfo=timezone.utc)) == PARTNER_TOKEN
    assert token_for(17, datetime(2026, 12, 1, 9, 30)) == PARTNER_TOKEN  # a naive moment from SQLite is UTC


def test_signed_token_has_the_shape_of_every_personal_link():
    token = signed_token("registration", 5, 1795000000)

    assert TOKEN_SHAPE.fullmatch(token) is not None
    assert token == registration_token(5, datetime.fromtimestamp(1795000000, timezone.utc))
    assert token != signed_token("partner-request", 5, 1795000000)


async def test_registration_link_is_the_link_the_registration_was_given(workshop):
    anna, token = await sign_up(workshop, "Anna Liepa", email="anna@example.lv")

    assert registration_link(await row_of(anna["id"])) == f"{BASE_URL}/r/{token}"
    assert token == registration_token(anna["id"], anna["created_at"])


async def test_registration_link_of_a_registration_made_before_signed_links_is_none(workshop):
    anna, _ = await sign_up(workshop, "Anna Liepa", email="anna@example.lv")
    old_token = secrets.token_urlsafe(32)  # how a token was made before: random, only its hash kept
    await Registration.update({Registration.token_hash: hash_token(old_token)}).where(Registration.id == anna["id"])

    assert registration_link(await row_of(anna["id"])) is None
    assert (await registration_by_token(old_token))["id"] == anna["id"]


async def test_registration_link_under_another_key_is_none_and_opens_nothing(workshop):
    anna, token = await sign_up(workshop, "Anna Liepa", email="anna@example.lv")
    configure("another-server-" + "z" * 40)
    forged = registration_token(anna["id"], anna["created_at"])
    link = registration_link(await row_of(anna["id"]))
    configure(SECRET_KEY)

    assert link is None
    assert forged != token
    assert await registration_by_token(forged) is None


async def test_registration_link_of_an_erased_registration_is_none(workshop):
    anna, token = await sign_up(workshop, "Anna Liepa", email="anna@example.lv")

    await erase(token, now=NOW)

    assert registration_link(await row_of(anna["id"])) is None
    assert await registration_by_token(registration_token(anna["id"], anna["created_at"])) is None


async def test_promoted_mail_carries_the_promoted_partys_own_link(workshop):
    _, anna_token = await sign_up(workshop, "Anna Liepa", 2, email="anna@example.lv")
    ieva, ieva_token = await sign_up(workshop, "Ieva Ozola", email="ieva@example.lv")  # waiting

    await cancel(anna_token, base_url=BASE_URL, now=NOW)

    body = (await body_of(f"registration:{ieva['id']}:promoted")).splitlines()
    assert body[-6:] == [
        "Savu pieteikumu varat apskatīt, mainīt cilvēku skaitu vai atsaukt šeit (konts nav vajadzīgs):", f"{BASE_URL}/r/{ieva_token}", "",
        "Saite ir personīga: nepārsūtiet to citiem. Ja nevarat ierasties, lūdzu, atsauciet pieteikumu, lai vietu saņemtu nākamais rindā.", "",
        "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka"]


async def test_promoted_mail_of_a_registration_made_before_signed_links_points_to_the_first_mail(workshop):
    _, anna_token = await sign_up(workshop, "Anna Liepa", 2, email="anna@example.lv")
    ieva, _ = await sign_up(workshop, "Ieva Ozola", email="ieva@example.lv")  # waiting
    await Registration.update({Registration.token_hash: hash_token(secrets.token_urlsafe(32))}).where(Registration.id == ieva["id"])

    await cancel(anna_token, base_url=BASE_URL, now=NOW)

    body = await body_of(f"registration:{ieva['id']}:promoted")
    assert "/r/" not in body
    assert "Pieteikumu varat apskatīt, mainīt vai atsaukt ar personīgo saiti no pirmās vēstules." in body


async def test_cancelled_by_library_mail_carries_the_link(workshop, librarian):
    anna, token = await sign_up(workshop, "Anna Liepa", email="anna@example.lv")

    await cancel_by_staff(anna["id"], workshop, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    body = (await body_of(f"registration:{anna['id']}:cancelled")).splitlines()
    assert body[-4:] == [
        "Ja jums ir jautājumi, lūdzu, sazinieties ar bibliotēku. Savu pieteikumu varat apskatīt vai dzēst savus datus šeit:",
        f"{BASE_URL}/r/{token}", "", "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka"]
