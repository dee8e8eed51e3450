"""Feeds over HTTP: headers, conditional requests, caching, visibility and secret links."""
from datetime import timedelta
from email.utils import parsedate_to_datetime

from icalendar import Calendar
from litestar.testing import AsyncTestClient

from app import create_app
from models.publishing.version import forget_version
from models.publishing import feed_tokens
from models.kernel.enums import Role, Status
from models.planning.programme import move_item, set_status
from models.kernel.tables import Item, ItemAudience, ItemChange, ItemPartner, Occurrence, Partner
from tests.app.conftest import login, post_form
from tests.calendars.test_feed import plan
from tests.conftest import ENGINE, at, make_staff

ICS = "text/calendar; charset=utf-8"


def titles(body: bytes) -> list[str]:
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(body).events]


async def test_branch_feed_answers_calendar_with_cache_headers(client, librarian, branch):
    await plan(librarian, branch["id"], "Dzejas dienas")

    response = await client.get("/feeds/rozupe.ics")

    assert response.status_code == 200
    assert response.headers["content-type"] == ICS
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"] == "public, max-age=300"
    assert len(response.headers["etag"]) == 42 and response.headers["etag"].startswith('"')
    assert "set-cookie" not in response.headers
    assert titles(response.content) == ["Dzejas dienas"]


async def test_feed_if_none_match_answers_304(client, librarian, branch):
    await plan(librarian, branch["id"], "Dzejas dienas")
    first = await client.get("/feeds/rozupe.ics")

    again = await client.get("/feeds/rozupe.ics", headers={"If-None-Match": first.headers["etag"]})

    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", first.headers["etag"])


async def test_feed_if_modified_since_answers_304(client, librarian, branch):
    await plan(librarian, branch["id"], "Dzejas dienas")
    first = await client.get("/feeds/rozupe.ics")

    again = await client.get("/feeds/rozupe.ics", headers={"If-Modified-Since": first.headers["last-modified"]})

    assert again.status_code == 304


async def test_feed_head_answers_headers_without_body(client, librarian, branch):
    await plan(librarian, branch["id"], "Dzejas dienas")
    full = await client.get("/feeds/rozupe.ics")

    head = await client.head("/feeds/rozupe.ics")

    assert (head.status_code, head.content, head.headers["content-type"]) == (200, b"", ICS)
    assert (head.headers["etag"], head.headers["content-length"]) == (full.headers["etag"], str(len(full.content)))


async def test_feed_change_is_visible_on_next_request_with_new_etag(client, librarian, branch):
    item_id = await plan(librarian, branch["id"], "Dzejas dienas")
    first = await client.get("/feeds/rozupe.ics")
    await set_status(item_id, Status.CANCELLED, librarian["id"])

    second = await client.get("/feeds/rozupe.ics", headers={"If-None-Match": first.headers["etag"]})

    assert second.status_code == 200
    assert second.headers["etag"] != first.headers["etag"]
    assert titles(second.content) == ["Atcelts: Dzejas dienas"]


async def test_feed_last_modified_never_goes_back_after_a_deletion(client, librarian, branch):
    await plan(librarian, branch["id"], "Vecāks")
    newer = await plan(librarian, branch["id"], "Jaunāks")
    first = await client.get("/feeds/rozupe.ics")
    for table in (Occurrence, ItemAudience, ItemPartner, ItemChange):
        await table.delete().where(table.item == newer)
    await Item.delete().where(Item.id == newer)
    forget_version()  # deleted behind the domain's back: as the programme's version is seen a second later

    second = await client.get("/feeds/rozupe.ics")

    before, after = (parsedate_to_datetime(r.headers["last-modified"]) for r in (first, second))
    assert titles(second.content) == ["Vecāks"]
    assert after == before + timedelta(seconds=1)


async def test_feed_sequence_rises_after_moving_an_item(client, librarian, branch):
    item_id = await plan(librarian, branch["id"], "Dzejas dienas")
    before = Calendar.from_ical((await client.get("/feeds/rozupe.ics")).content).events[0]
    await move_item(item_id, at("02.12.2026 12:00"), librarian["id"])

    after = Calendar.from_ical((await client.get("/feeds/rozupe.ics")).content).events[0]

    assert (int(before["SEQUENCE"]), int(after["SEQUENCE"])) == (0, 1)
    assert after["DTSTART"].dt.replace(tzinfo=None) == at("02.12.2026 12:00")


async def test_feed_bytes_are_identical_across_app_instances(client, settings, librarian, branch):
    await plan(librarian, branch["id"], "Dzejas dienas")
    first = await client.get("/feeds/network.ics")
    other = create_app(settings, engine=ENGINE)

    async with AsyncTestClient(app=other, base_url="http://testserver.local") as second_client:
        second = await second_client.get("/feeds/network.ics")

    assert (second.content, second.headers["etag"], second.headers["last-modified"]) == (
        first.content, first.headers["etag"], first.headers["last-modified"])


async def test_public_feeds_hide_drafts_and_internal_items_that_the_private_feed_shows(client, librarian, branch):
    await plan(librarian, branch["id"], "Publisks")
    await plan(librarian, branch["id"], "Melnraksts", status="draft")
    await plan(librarian, branch["id"], "Sanāksme", is_public=False)
    token = await feed_tokens.renew(feed_tokens.STAFF, librarian["id"])

    public = await client.get("/feeds/rozupe.ics")
    network = await client.get("/feeds/network/kind/event.ics")
    private = await client.get(f"/feeds/private/{token}.ics")

    assert titles(public.content) == titles(network.content) == ["Publisks"]
    assert sorted(titles(private.content)) == ["Melnraksts", "Publisks", "Sanāksme"]
    assert private.headers["cache-control"] == "private, max-age=300"


async def test_partner_feed_contains_the_schools_internal_lesson(client, librarian, branch, school):
    await plan(librarian, branch["id"], "Stunda 4. klasei", status="planned", is_public=False, kind="lesson",
               lesson_class="4. klase", partners=[(school["id"], "participant")])
    await plan(librarian, branch["id"], "Cits pasākums")
    token = await feed_tokens.renew(feed_tokens.PARTNER, school["id"])

    response = await client.get(f"/feeds/partner/{token}.ics")

    assert (response.status_code, titles(response.content)) == (200, ["Stunda 4. klasei"])


async def test_revoked_renewed_and_unknown_tokens_answer_404(client, librarian, school):
    old = await feed_tokens.renew(feed_tokens.STAFF, librarian["id"])
    new = await feed_tokens.renew(feed_tokens.STAFF, librarian["id"])
    partner = await feed_tokens.renew(feed_tokens.PARTNER, school["id"])
    await feed_tokens.revoke(feed_tokens.PARTNER, school["id"])

    codes = [(await client.get(url)).status_code for url in (
        f"/feeds/private/{old}.ics", f"/feeds/partner/{partner}.ics", f"/feeds/partner/{new}.ics",
        "/feeds/private/" + "A" * 43 + ".ics", "/feeds/private/short.ics", f"/feeds/private/{new}.ics",
    )]

    assert codes == [404, 404, 404, 404, 404, 200]


async def test_unknown_branch_kind_audience_or_place_answers_404(client, branch, other_branch, reading_room):
    urls = ["/feeds/nav.ics", "/feeds/rozupe/kind/koncerts.ics", "/feeds/network/audience/visi.ics", "/feeds/rozupe",
            f"/feeds/rudzati/place/{reading_room['id']}.ics", "/feeds/rozupe/place/x.ics", "/feeds/item/nav@afisa.ics"]

    codes = [(await client.get(url)).status_code for url in urls]
    found = [(await client.get(url)).status_code for url in (
        "/feeds/rozupe/audience/children.ics", "/feeds/network/kind/lesson.ics", f"/feeds/rozupe/place/{reading_room['id']}.ics")]

    assert (codes, found) == ([404] * 7, [200, 200, 200])


async def test_item_ics_is_an_attachment_only_for_public_items(client, librarian, branch):
    public = await plan(librarian, branch["id"], "Dzejas dienas")
    internal = await plan(librarian, branch["id"], "Sanāksme", is_public=False)
    uids = {row["id"]: row["uid"] for row in await Item.select(Item.id, Item.uid)}

    shown = await client.get(f"/feeds/item/{uids[public]}.ics")
    hidden = await client.get(f"/feeds/item/{uids[internal]}.ics")

    assert shown.headers["content-disposition"] == f'attachment; filename="afisa-{public}.ics"'
    assert (titles(shown.content), hidden.status_code) == (["Dzejas dienas"], 404)


async def test_my_feed_page_renews_shows_once_and_revokes_the_link(librarian_client):
    empty = await librarian_client.get("/me/feed")
    renewed = await post_form(librarian_client, "/me/feed/renew", {}, htmx=False)
    link = renewed.text.split('id="feed-https" type="text" readonly value="')[1].split('"')[0]
    path = link.removeprefix("http://testserver.local")
    works = await librarian_client.get(path)
    later = await librarian_client.get("/me/feed")
    await post_form(librarian_client, "/me/feed/revoke", {}, htmx=False)

    revoked = await librarian_client.get(path)

    assert "Aktīvas saites nav." in empty.text and 'href="/me/feed"' in empty.text
    assert ("webcal://testserver.local" + path) in renewed.text
    assert (works.status_code, revoked.status_code) == (200, 404)
    assert link not in later.text


async def test_partner_feed_page_is_for_the_partners_branch_only(client, librarian, other_librarian, school, branch):
    await Partner.update({Partner.branch: branch["id"]}).where(Partner.id == school["id"])
    await login(client, other_librarian)
    forbidden = await post_form(client, f"/partners/{school['id']}/feed/renew", {}, htmx=False)
    await client.post("/logout", headers={"x-csrftoken": client.cookies["csrftoken"]})
    await login(client, librarian)

    renewed = await post_form(client, f"/partners/{school['id']}/feed/renew", {}, htmx=False)

    assert (forbidden.status_code, renewed.status_code) == (403, 200)
    assert "/feeds/partner/" in renewed.text and school["name"] in renewed.text


async def test_feed_link_pages_need_login(client):
    response = await client.get("/me/feed")

    assert response.url.path == "/login"


async def test_coordinator_private_feed_covers_the_network(client, branch, other_branch, librarian, other_librarian):
    coordinator = await make_staff("anna", Role.COORDINATOR, None)
    await plan(librarian, branch["id"], "Rožupē")
    await plan(other_librarian, other_branch["id"], "Rudzātos", status="draft")
    token = await feed_tokens.renew(feed_tokens.STAFF, coordinator["id"])

    response = await client.get(f"/feeds/private/{token}.ics")

    assert sorted(titles(response.content)) == ["Rožupē", "Rudzātos"]


async def test_renewed_link_comes_with_a_qr_code_to_scan(librarian_client):
    renewed = await post_form(librarian_client, "/me/feed/renew", {}, htmx=False)
    later = await librarian_client.get("/me/feed")

    assert 'aria-label="QR kods ar saiti uz kalendāru"><svg' in renewed.text
    assert "<svg" not in later.text


def test_feed_horizon_is_the_first_day_three_months_back():
    from datetime import date, datetime

    from app.publishing.feeds import feed_horizon

    assert feed_horizon(date(2026, 11, 25)) == datetime(2026, 8, 1)
    assert feed_horizon(date(2027, 2, 3)) == datetime(2026, 11, 1)


async def test_feed_leaves_out_items_that_ended_before_the_horizon_but_keeps_whole_series(client, librarian, branch):
    from models.planning.programme import create_item
    from models.planning.validation import validate_item

    old = {"kind": "event", "title": "Sen aizmirsts pasākums", "branch_id": branch["id"], "start_date": "10.01.2020.", "start_time": "10:00",
           "end_date": "10.01.2020.", "end_time": "11:00", "status": "published", "is_public": True}
    series = {**old, "title": "Gara sērija", "start_date": "06.01.2020.", "end_date": "06.01.2020.", "repeat": "monthly", "until": "31.12.2040."}
    await create_item(await validate_item(old, librarian), librarian["id"])
    await create_item(await validate_item(series, librarian), librarian["id"])

    response = await client.get(f"/feeds/{branch['slug']}.ics")

    assert "Sen aizmirsts" not in response.text
    assert "SUMMARY:Gara sērija" in response.text
    assert "EXDATE" not in response.text
