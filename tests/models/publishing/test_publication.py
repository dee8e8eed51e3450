from models.kernel.enums import Status
from models.planning.programme import create_item, set_status
from models.publishing.publication import Scope, items_in_scope
from models.planning.validation import validate_item


async def plan(staff, branch_id, title, *, status="published", is_public=True, **extra):
    raw = {"kind": "event", "title": title, "branch_id": branch_id, "start_date": "01.12.2026.", "start_time": "10:00",
           "end_date": "01.12.2026.", "end_time": "11:00", "status": status, "is_public": is_public, **extra}
    return await create_item(await validate_item(raw, staff), staff["id"])


async def test_public_scope_shows_published_and_cancelled_but_not_drafts_or_internal(librarian, branch):
    await plan(librarian, branch["id"], "Publicēts")
    await plan(librarian, branch["id"], "Melnraksts", status="draft")
    await plan(librarian, branch["id"], "Plānots", status="planned")
    await plan(librarian, branch["id"], "Iekšējs", is_public=False)
    cancelled = await plan(librarian, branch["id"], "Atcelts")
    await set_status(cancelled, Status.CANCELLED, librarian["id"])

    items = await items_in_scope(Scope(branch_ids=(branch["id"],)))

    assert [i["title"] for i in items] == ["Publicēts", "Atcelts"]


async def test_partner_scope_includes_internal_lessons_of_that_partner(librarian, branch, school):
    await plan(librarian, branch["id"], "Stunda 4. klasei", status="planned", is_public=False, kind="lesson", lesson_class="4. klase", partners=[(school["id"], "participant")])
    await plan(librarian, branch["id"], "Cits pasākums")

    items = await items_in_scope(Scope(partner_id=school["id"], include_internal=True))

    assert [i["title"] for i in items] == ["Stunda 4. klasei"]


async def test_audience_and_place_scopes(librarian, branch, reading_room, care_centre):
    await plan(librarian, branch["id"], "Senioriem lasītavā", audiences=["seniors"], place_id=reading_room["id"])
    await plan(librarian, branch["id"], "Bērniem Rožlejās", audiences=["children"], place_id=care_centre["id"])

    seniors = await items_in_scope(Scope(audiences=("seniors",)))
    at_care_centre = await items_in_scope(Scope(place_id=care_centre["id"]))

    assert [i["title"] for i in seniors] == ["Senioriem lasītavā"]
    assert [i["title"] for i in at_care_centre] == ["Bērniem Rožlejās"]


async def test_programme_version_is_kept_a_second_and_forgotten_when_this_process_changes_it(branch, librarian):
    from models.kernel.clock import utcnow
    from models.kernel.tables import Item, ItemChange
    from models.publishing.version import programme_version

    item_id = await plan(librarian, branch["id"], "Pirmais")
    first = await programme_version()
    await ItemChange.insert(ItemChange(item=item_id, action="updated", details={}, at=utcnow()))  # another worker's change
    kept = await programme_version()
    await plan(librarian, branch["id"], "Otrs")
    told = await programme_version()

    assert (kept, told != first, await Item.count()) == (first, True, 2)
