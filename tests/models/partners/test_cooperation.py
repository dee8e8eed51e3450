"""A partner's cooperation with a library in a year: the prefill's words from what was done
together, the checks before saving (nothing saved when anything is wrong), stale edits refused,
and crediting a partner with no programme item."""
from __future__ import annotations

import asyncio

import pytest

from models.kernel.tables import Partner, PartnerCooperation
from models.kernel.validation import ValidationFailed
from models.partners.cooperation import (
    CooperationDraft,
    cooperation_of,
    counts_for_year,
    parse_year,
    prefill,
    save_cooperation,
    set_credited,
    validate_cooperation,
)

pytestmark = pytest.mark.clock("25.11.2026 12:00")


def activity(title: str, kind: str = "event", times: int = 1) -> dict:
    return {"title": title, "kind": kind, "times": times, "branch_name": "Rožupe", "item_ids": [1], "attendance": None}


def draft(forms: str = "", children: str = "", local_history: str = "", in_children: bool = False, in_local_history: bool = False):
    return CooperationDraft(forms=forms, children_text=children, local_history_text=local_history, in_children=in_children,
                            in_local_history=in_local_history)


async def lncb() -> int:
    return (await Partner.insert(Partner(name="LNCB", type="library")).returning(Partner.id))[0]["id"]


# --- the prefill ---------------------------------------------------------------------------------

def test_prefill_lists_kinds_in_order_with_titles_and_times():
    activities = [activity("Skolēnu zīmējumi", "exhibition"), activity("Esi informēts", "lesson", 3), activity("Dzejas dienas", times=2),
                  activity("Ziemassvētku koncerts")]

    text = prefill(activities)

    assert text == ("Pasākumi: „Dzejas dienas” (2 reizes), „Ziemassvētku koncerts”; izstādes: „Skolēnu zīmējumi”; "
                    "bibliotekārās stundas: „Esi informēts” (3 reizes).")


def test_prefill_without_activities_is_empty():
    assert prefill([]) == ""


def test_prefill_of_book_start_and_deliveries_names_them_with_latvian_plurals():
    text = prefill([activity("Grāmatu kopa", "delivery", 4), activity("Pūčulēnu rīts", "book_start", 12)])

    assert text == "Grāmatu starta nodarbības: „Pūčulēnu rīts” (12 reižu); grāmatu piegādes: „Grāmatu kopa” (4 reizes)."


# --- checks ----------------------------------------------------------------------------------------

def test_validate_cooperation_too_long_text_refused_with_its_limit():
    with pytest.raises(ValidationFailed) as refused:
        validate_cooperation({"forms": "a" * 10_000, "children_text": "Lasīšanas stundas", "in_children": "on"})

    assert refused.value.errors == {"forms": "too_long:2000"}


def test_validate_cooperation_keeps_line_breaks_and_ticks():
    result = validate_cooperation({"forms": " Konsultācijas\r\nPieredze ", "in_local_history": "on"})

    assert result == draft(forms="Konsultācijas\r\nPieredze", in_local_history=True)


@pytest.mark.parametrize("value", ["abc", "1999", "2101", "20266", "２０２６", "-2026"])
def test_parse_year_outside_range_or_not_a_number_refused(value):
    with pytest.raises(ValueError) as refused:
        parse_year(value, 2026)

    assert str(refused.value) == "year_range"


def test_parse_year_blank_is_the_default():
    assert (parse_year("", 2026), parse_year(None, 2026), parse_year(" 2025 ", 2026)) == (2026, 2026, 2025)


# --- saving ----------------------------------------------------------------------------------------

async def test_save_cooperation_first_save_creates_the_record_with_blank_texts_saved_blank(branch, school, librarian):
    version = await save_cooperation(school["id"], branch["id"], 2026, draft(forms="Kopīgi pasākumi", in_children=True),
                                     version=0, staff_id=librarian["id"])

    record = await cooperation_of(school["id"], branch["id"], 2026)
    assert version == 1
    assert (record["forms"], record["children_text"], record["local_history_text"], record["in_children"], record["version"],
            record["updated_by"], record["year_key"]) == ("Kopīgi pasākumi", "", "", True, 1, librarian["id"],
                                                          f"{school['id']}:{branch['id']}:2026")


async def test_save_cooperation_text_equal_to_prefill_follows_the_prefill(branch, school):
    prefills = {"forms": "Pasākumi: „Dzejas dienas”.", "children_text": "Pasākumi: „Dzejas dienas”.", "local_history_text": ""}

    await save_cooperation(school["id"], branch["id"], 2026, draft(forms="Pasākumi: „Dzejas dienas”.", children="Savi vārdi"),
                           version=0, prefills=prefills)

    record = await cooperation_of(school["id"], branch["id"], 2026)
    assert (record["forms"], record["children_text"], record["local_history_text"]) == (None, "Savi vārdi", None)


async def test_save_cooperation_stale_version_refused_and_nothing_saved(branch, school):
    await save_cooperation(school["id"], branch["id"], 2026, draft(forms="Pirmā"), version=0)
    await save_cooperation(school["id"], branch["id"], 2026, draft(forms="Otrā"), version=1)

    with pytest.raises(ValidationFailed) as refused:
        await save_cooperation(school["id"], branch["id"], 2026, draft(forms="Novecojusī"), version=1)

    record = await cooperation_of(school["id"], branch["id"], 2026)
    assert refused.value.errors == {"form": "stale"}
    assert (record["forms"], record["version"]) == ("Otrā", 2)


async def test_save_cooperation_second_first_save_refused_as_stale(branch, school):
    await save_cooperation(school["id"], branch["id"], 2026, draft(forms="Pirmā"), version=0)

    with pytest.raises(ValidationFailed) as refused:
        await save_cooperation(school["id"], branch["id"], 2026, draft(forms="Arī pirmā"), version=0)

    assert refused.value.errors == {"form": "stale"}
    assert await PartnerCooperation.count() == 1


async def test_save_cooperation_unknown_partner_refused(branch):
    with pytest.raises(ValidationFailed) as refused:
        await save_cooperation(9999, branch["id"], 2026, draft(forms="Teksts"), version=0)

    assert refused.value.errors == {"partner_id": "unknown"}
    assert await PartnerCooperation.count() == 0


async def test_set_credited_credits_and_uncredits_keeping_the_words(branch):
    partner = await lncb()
    await set_credited(partner, branch["id"], 2026, True)
    await save_cooperation(partner, branch["id"], 2026, draft(forms="SBA pakalpojumu izmantošana."), version=1)

    credited = await cooperation_of(partner, branch["id"], 2026)
    await set_credited(partner, branch["id"], 2026, False)
    uncredited = await cooperation_of(partner, branch["id"], 2026)

    assert (credited["credited"], credited["forms"], credited["version"]) == (True, "SBA pakalpojumu izmantošana.", 2)
    assert (uncredited["credited"], uncredited["forms"], uncredited["version"]) == (False, "SBA pakalpojumu izmantošana.", 3)


async def test_counts_for_year_only_credited_or_with_words(branch, school):
    partner = await lncb()
    await set_credited(partner, branch["id"], 2026, True)
    await save_cooperation(school["id"], branch["id"], 2026, draft(in_local_history=True), version=0)

    credited = await cooperation_of(partner, branch["id"], 2026)
    ticked_only = await cooperation_of(school["id"], branch["id"], 2026)

    assert (counts_for_year(credited), counts_for_year(ticked_only), counts_for_year(None)) == (True, False, False)



async def test_save_cooperation_two_first_saves_at_once_one_wins_the_other_is_stale(branch, school):
    results = await asyncio.gather(
        save_cooperation(school["id"], branch["id"], 2026, draft(forms="Pirmā"), version=0),
        save_cooperation(school["id"], branch["id"], 2026, draft(forms="Otrā"), version=0), return_exceptions=True)

    outcomes = sorted(result.errors["form"] if isinstance(result, ValidationFailed) else str(result) for result in results)
    assert outcomes == ["1", "stale"]
    assert await PartnerCooperation.count() == 1
