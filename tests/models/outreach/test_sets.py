"""A set's list of titles: typed or pasted one book a line, or the library system's CSV export;
checked whole and saved whole, or refused with every problem and its line."""
from __future__ import annotations

import pytest

from models.outreach import (
    MAX_TITLES, TitleLine, TitleProblem, TitlesRejected, add_titles, parse_csv, parse_pasted, replace_titles, save_set, titles_of, validate_set,
)

pytestmark = pytest.mark.clock("02.02.2026 09:00")


async def make_set(branch: dict, librarian: dict, care_centre: dict) -> int:
    return await save_set(await validate_set({"branch_id": branch["id"], "name": "Klasika", "receiver": "service_point",
                                              "place_id": care_centre["id"]}, librarian))


def refused(parse, data) -> list[TitleProblem]:
    with pytest.raises(TitlesRejected) as rejected:
        parse(data)
    return rejected.value.problems


# --- the library system's CSV ---------------------------------------------------------------------

def test_parse_csv_windows_1257_with_latvian_headings():
    data = "Svītrkods;Autors;Nosaukums\r\n000123;Rūdolfs Blaumanis;Zagļi\r\n000124;Žanis Grīva;Ģimenes ēnā\r\n".encode("cp1257")

    titles = parse_csv(data)

    assert titles == [TitleLine("000123", "Rūdolfs Blaumanis", "Zagļi"), TitleLine("000124", "Žanis Grīva", "Ģimenes ēnā")]


def test_parse_csv_columns_in_any_order_and_utf8_with_a_bom():
    data = "\ufeffNosaukums,Inv. nr.,Autors\nAka,A-17,Regīna Ezera\n".encode("utf-8")

    assert parse_csv(data) == [TitleLine("A-17", "Regīna Ezera", "Aka")]


def test_parse_csv_problems_with_their_lines_refuse_the_whole_file():
    data = "Svītrkods;Autors;Nosaukums\n000123;Rūdolfs Blaumanis;Zagļi\n000124;Jānis Poruks;\n00 12;Regīna Ezera;Aka\n".encode("cp1257")

    assert refused(parse_csv, data) == [TitleProblem("title_missing", 3), TitleProblem("barcode_invalid", 4, "00 12")]


def test_parse_csv_without_a_title_column():
    assert refused(parse_csv, "Svītrkods;Autors\n000123;Blaumanis\n".encode("cp1257")) == [
        TitleProblem("no_title_column", 1, "Svītrkods;Autors")]


def test_parse_csv_empty_file():
    assert refused(parse_csv, b"\n\n") == [TitleProblem("empty")]


# --- pasted lines ---------------------------------------------------------------------------------

def test_parse_pasted_reads_each_way_of_writing_a_book():
    text = "Rūdolfs Blaumanis — Zagļi\nJānis Poruks: Kukažiņa\n\nLāčplēsis\n000125;Regīna Ezera;Aka\nAnna Sakse - Pret kalnu\n"

    assert parse_pasted(text) == [TitleLine("", "Rūdolfs Blaumanis", "Zagļi"), TitleLine("", "Jānis Poruks", "Kukažiņa"),
                                  TitleLine("", "", "Lāčplēsis"), TitleLine("000125", "Regīna Ezera", "Aka"),
                                  TitleLine("", "Anna Sakse", "Pret kalnu")]


def test_parse_pasted_lists_every_problem_with_its_line():
    text = "Rūdolfs Blaumanis — Zagļi\n\n" + "x" * 301 + "\nAka\n12;Regīna Ezera;Nolemtība\n"

    assert refused(parse_pasted, text) == [TitleProblem("title_too_long", 3, "x" * 40), TitleProblem("barcode_invalid", 5, "12")]


def test_parse_pasted_the_same_barcode_twice():
    text = "000123;Rūdolfs Blaumanis;Zagļi\n000124;Jānis Poruks;Kukažiņa\n000123;Regīna Ezera;Aka"

    assert refused(parse_pasted, text) == [TitleProblem("barcode_twice", None, "000123")]


def test_parse_pasted_more_than_the_most_titles():
    text = "\n".join(f"Grāmata {n}" for n in range(MAX_TITLES + 1))

    assert (MAX_TITLES, refused(parse_pasted, text)) == (500, [TitleProblem("too_many_titles", None, "500")])


def test_parse_pasted_exactly_the_most_titles():
    assert len(parse_pasted("\n".join(f"Grāmata {n}" for n in range(500)))) == 500


def test_parse_pasted_nothing():
    assert refused(parse_pasted, "\n  \n") == [TitleProblem("empty")]


# --- saving whole ------------------------------------------------------------------------------------

async def test_replace_titles_saves_the_list_in_order(branch, librarian, care_centre):
    set_id = await make_set(branch, librarian, care_centre)
    await replace_titles(set_id, parse_pasted("Ziedonis — Epifānijas\nBelševica — Bille"))

    count = await replace_titles(set_id, parse_pasted("A1001;Blaumanis;Zagļi\nA1002;Poruks;Kukažiņa\nA1003;Ezera;Aka"))

    assert count == 3
    assert [(t["position"], t["barcode"], t["title"]) for t in await titles_of(set_id)] == [
        (0, "A1001", "Zagļi"), (1, "A1002", "Kukažiņa"), (2, "A1003", "Aka")]


async def test_add_titles_refuses_a_barcode_already_in_the_set_and_adds_nothing(branch, librarian, care_centre):
    set_id = await make_set(branch, librarian, care_centre)
    await replace_titles(set_id, parse_pasted("A1001;Blaumanis;Zagļi"))

    with pytest.raises(TitlesRejected) as rejected:
        await add_titles(set_id, parse_pasted("A1002;Poruks;Kukažiņa\nA1001;Blaumanis;Zagļi"))

    assert rejected.value.problems == [TitleProblem("barcode_twice", None, "A1001")]
    assert [t["barcode"] for t in await titles_of(set_id)] == ["A1001"]


async def test_add_titles_past_the_most_titles_adds_nothing(branch, librarian, care_centre):
    set_id = await make_set(branch, librarian, care_centre)
    await replace_titles(set_id, parse_pasted("\n".join(f"Grāmata {n}" for n in range(499))))

    with pytest.raises(TitlesRejected) as rejected:
        await add_titles(set_id, parse_pasted("Aka\nZagļi"))

    assert (rejected.value.problems, len(await titles_of(set_id))) == ([TitleProblem("too_many_titles", None, "500")], 499)


def test_parse_pasted_a_quoted_title_with_semicolons_is_one_title():
    assert parse_pasted('"Stāsti; dzeja; esejas"') == [TitleLine("", "", "Stāsti; dzeja; esejas")]
