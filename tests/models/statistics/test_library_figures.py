"""Reading the library system's monthly CSV: headings, months, numbers, encodings; every problem
reported with its line, nothing returned half; the import all at once, a month again replacing it."""
from __future__ import annotations

from datetime import date

import pytest

from models.statistics.library_figures import FiguresRejected, MonthFigures, Problem, import_figures, months_of, parse, template_csv
from models.kernel.tables import LibraryFigures

TODAY = date(2026, 11, 25)
HEADER = "mēnesis;apmeklējums;apmeklējums_bērni;izsniegums;izsniegums_bērni;aktīvie_lietotāji;aktīvie_lietotāji_bērni"


def problems_of(text: str | bytes) -> list[Problem]:
    with pytest.raises(FiguresRejected) as rejected:
        parse(text.encode() if isinstance(text, str) else text, today=TODAY)
    return rejected.value.problems


def test_parse_reads_latvian_headings_in_windows_1257():
    data = f"{HEADER}\r\n2026-01;1 234;600;900;300;200;80\r\n".encode("cp1257")

    parsed = parse(data, today=TODAY)

    assert (parsed.encoding, parsed.delimiter) == ("Windows-1257", ";")
    assert parsed.rows == [MonthFigures(2026, 1, 2, {"visits": 1234, "visits_children": 600, "loans": 900, "loans_children": 300,
                                                     "active_users": 200, "active_users_children": 80})]


def test_parse_reads_utf8_with_bom_and_every_month_form():
    text = f"{HEADER}\n2026-01;1;0;1;0;1;0\n02.2026;2;0;2;0;2;0\n03.2026.;3;0;3;0;3;0\n4/2026;4;0;4;0;4;0\n"

    parsed = parse("\ufeff".encode() + text.encode(), today=TODAY)

    assert parsed.encoding == "UTF-8"
    assert [(r.year, r.month, r.values["visits"]) for r in parsed.rows] == [(2026, 1, 1), (2026, 2, 2), (2026, 3, 3), (2026, 4, 4)]


def test_parse_accepts_english_and_spaced_headings_with_commas_and_tabs():
    comma = "Month, Visits ,visits children,LOANS,Loans_Children,active users,Active-Users-Children\n2025-12,10,5,8,4,3,1\n"
    tab = "Mēnesis\tApmeklējums\tApmeklējums bērni\tIzsniegums\tIzsniegums bērni\tAktīvie lietotāji\tAktīvie lietotāji bērni\n2025-12\t10\t5\t8\t4\t3\t1\n"

    rows = [parse(text.encode(), today=TODAY).rows for text in (comma, tab)]

    assert rows[0] == rows[1] == [MonthFigures(2025, 12, 2, {"visits": 10, "visits_children": 5, "loans": 8, "loans_children": 4,
                                                            "active_users": 3, "active_users_children": 1})]


def test_parse_missing_and_unknown_column_named():
    problems = problems_of("mēnesis;apmeklējums;apmeklejums_berni;izsniegums;izsniegums_bērni;aktīvie_lietotāji;skolēni\n2026-01;1;0;1;0;1;0\n")

    assert problems == [Problem("unknown_column", 1, "skolēni"), Problem("missing_column", 1, "aktīvie_lietotāji_bērni")]


def test_parse_wrong_months_each_with_its_line():
    problems = problems_of(f"{HEADER}\n13.2026;1;0;1;0;1;0\n2027-01;1;0;1;0;1;0\n2026-05;1;0;1;0;1;0\n05.2026.;1;0;1;0;1;0\n;1;0;1;0;1;0\n")

    assert problems == [
        Problem("month_format", 2, "mēnesis", "13.2026"), Problem("month_future", 3, "mēnesis", "2027-01"),
        Problem("month_twice", 5, "mēnesis", "05.2026.", "4"), Problem("month_missing", 6, "mēnesis", ""),
    ]


def test_parse_numbers_negative_broken_and_children_above_total():
    problems = problems_of(f"{HEADER}\n2026-01;-5;0;1,5;0;;0\n2026-02;10;11;1;0;1;0\n")

    assert problems == [
        Problem("negative", 2, "apmeklējums", "-5"), Problem("number", 2, "izsniegums", "1,5"),
        Problem("number_missing", 2, "aktīvie_lietotāji", ""), Problem("children_above_total", 3, "apmeklējums_bērni", "11", "10"),
    ]


def test_parse_thousands_only_in_groups_of_three():
    assert [(p.code, p.value) for p in problems_of(f"{HEADER}\n2026-01;12 34;0;1;0;1;0\n")] == [("number", "12 34")]


def test_parse_bytes_no_encoding_reads():
    assert problems_of(HEADER.encode() + b"\n2026-01;1;0;1;0;1;\x81\n") == [Problem("encoding")]


def test_parse_empty_and_heading_only():
    assert (problems_of(" \n\n"), problems_of(HEADER + "\n")) == ([Problem("empty")], [Problem("no_rows")])


def test_parse_ignores_excels_trailing_delimiters_and_blank_lines():
    parsed = parse(f"{HEADER};;\n\n2026-01;1;0;1;0;1;0;;\n;;;;;;\n".encode(), today=TODAY)

    assert [(r.year, r.month) for r in parsed.rows] == [(2026, 1)]


def test_template_parses_once_filled():
    lines = template_csv(TODAY).replace(";;;;;;", ";1;0;2;0;3;0")

    parsed = parse(b"\xef\xbb\xbf" + lines.encode(), today=TODAY)

    assert len(parsed.rows) == 12 and [(parsed.rows[0].year, parsed.rows[0].month), (parsed.rows[-1].year, parsed.rows[-1].month)] == [
        (TODAY.year - 1, TODAY.month), (TODAY.year, TODAY.month - 1)]


def test_parse_refuses_the_month_that_has_not_ended_and_a_number_of_twenty_digits():
    problems = problems_of(f"{HEADER}\n{TODAY.year}-{TODAY.month:02d};1;0;1;0;1;0\n2026-01;99999999999999999999;0;1;0;1;0\n")

    assert [(p.code, p.line, p.value) for p in problems] == [
        ("month_not_ended", 2, f"{TODAY.year}-{TODAY.month:02d}"), ("number_too_large", 3, "99999999999999999999")]


async def test_import_writes_all_months_and_a_second_upload_replaces(db, branch, librarian):
    first = parse(f"{HEADER}\n2026-01;10;5;8;4;3;1\n2026-02;20;5;8;4;3;1\n".encode(), today=TODAY).rows
    again = parse(f"{HEADER}\n2026-02;25;6;9;5;4;2\n".encode(), today=TODAY).rows

    await import_figures(branch["id"], first, librarian["id"])
    count = await import_figures(branch["id"], again, librarian["id"])

    months = await months_of(branch["id"], 2026)
    assert count == 1
    assert [(m["period_key"], m["visits"], m["active_users_children"]) for m in months] == [
        (f"{branch['id']}:2026-01", 10, 1), (f"{branch['id']}:2026-02", 25, 2)]
    assert months[0]["imported_by_name"] == "Maija Jasinska"


async def test_import_of_other_branch_keeps_months_apart(db, branch, other_branch):
    rows = parse(f"{HEADER}\n2026-01;10;5;8;4;3;1\n".encode(), today=TODAY).rows

    await import_figures(branch["id"], rows, None)
    await import_figures(other_branch["id"], rows, None)

    assert await LibraryFigures.count() == 2
    assert len(await months_of(None, 2026)) == 2


def test_parse_reads_excels_unicode_text_in_utf16():
    data = f"{HEADER.replace(';', chr(9))}\r\n2026-03\t5\t1\t4\t1\t3\t1\r\n".encode("utf-16")

    parsed = parse(data, today=TODAY)

    assert (parsed.encoding, parsed.delimiter, [(r.month, r.values["visits"]) for r in parsed.rows]) == ("UTF-16", "\t", [(3, 5)])


def test_parse_a_cell_too_large_for_csv_is_a_problem_not_an_error():
    problems = problems_of(f'{HEADER}\n2026-01;"{"9" * 200_000};0;1;0;1;0\n')

    assert [(p.code, p.line) for p in problems] == [("csv", 2)]


# --- the optional columns: loans of books and of periodicals, interlibrary loans (SBA) -------------

FULL = f"{HEADER};izsniegums_grāmatas;izsniegums_periodika;sba_saņemts;sba_nosūtīts"
NONE_OPTIONAL = {"loans_books": None, "loans_periodicals": None, "interlibrary_received": None, "interlibrary_sent": None}


def test_parse_old_columns_only_leaves_the_optional_figures_out():
    parsed = parse(f"{HEADER}\n2026-01;10;5;8;4;3;1\n".encode(), today=TODAY)

    assert parsed.rows == [MonthFigures(2026, 1, 2, {"visits": 10, "visits_children": 5, "loans": 8, "loans_children": 4,
                                                     "active_users": 3, "active_users_children": 1})]


def test_parse_optional_columns_in_latvian_and_english_read_the_same():
    latvian = f"{FULL}\n2026-01;700;200;900;120;300;90;400;480;9;3\n"
    english = ("month;visits;visits_children;loans;loans_children;active_users;active_users_children;"
               "loans_books;loans_periodicals;interlibrary_received;interlibrary_sent\n2026-01;700;200;900;120;300;90;400;480;9;3\n")
    plain = "mēnesis;apmeklējums;apmeklējums_bērni;izsniegums;izsniegums_bērni;aktīvie_lietotāji;aktīvie_lietotāji_bērni;" \
            "Izsniegums gramatas;IZSNIEGUMS PERIODIKA;SBA sanemts;sba-nosutits\n2026-01;700;200;900;120;300;90;400;480;9;3\n"

    rows = [parse(text.encode(), today=TODAY).rows[0].values for text in (latvian, english, plain)]

    assert rows[0] == rows[1] == rows[2] == {"visits": 700, "visits_children": 200, "loans": 900, "loans_children": 120, "active_users": 300,
                                             "active_users_children": 90, "loans_books": 400, "loans_periodicals": 480,
                                             "interlibrary_received": 9, "interlibrary_sent": 3}


def test_parse_optional_column_with_an_empty_cell_has_no_figure_that_month():
    parsed = parse(f"{HEADER};sba_saņemts\n2026-01;10;5;8;4;3;1;\n2026-02;10;5;8;4;3;1;0\n".encode(), today=TODAY)

    assert [r.values["interlibrary_received"] for r in parsed.rows] == [None, 0]


def test_parse_optional_columns_refuse_the_whole_file_with_each_line():
    problems = problems_of(f"{FULL}\n2026-01;10;5;100;4;3;1;60;41;0;0\n2026-02;10;5;8;4;3;1;-1;x;1,5;\n2026-03;10;5;8;4;3;1;9;;0;0\n")

    assert problems == [
        Problem("loan_parts_above_total", 2, "izsniegums_grāmatas + izsniegums_periodika", "101", "100"),
        Problem("negative", 3, "izsniegums_grāmatas", "-1"), Problem("number", 3, "izsniegums_periodika", "x"),
        Problem("number", 3, "sba_saņemts", "1,5"),
        Problem("loan_parts_above_total", 4, "izsniegums_grāmatas", "9", "8"),
    ]


async def test_import_without_the_optional_columns_stores_null_not_zero(db, branch):
    rows = parse(f"{HEADER}\n2026-01;10;5;8;4;3;1\n".encode(), today=TODAY).rows

    await import_figures(branch["id"], rows, None)

    stored = await LibraryFigures.select(*[getattr(LibraryFigures, name) for name in NONE_OPTIONAL]).first()
    assert stored == NONE_OPTIONAL


async def test_import_again_with_only_the_old_columns_replaces_the_month_whole(db, branch):
    await import_figures(branch["id"], parse(f"{FULL}\n2026-01;10;5;8;4;3;1;4;4;2;1\n".encode(), today=TODAY).rows, None)

    await import_figures(branch["id"], parse(f"{HEADER}\n2026-01;11;5;8;4;3;1\n".encode(), today=TODAY).rows, None)

    [month] = await months_of(branch["id"], 2026)
    assert (month["visits"], {name: month[name] for name in NONE_OPTIONAL}) == (11, NONE_OPTIONAL)


def test_template_has_the_optional_columns_last():
    assert template_csv(TODAY).splitlines()[:2] == [FULL, f"{TODAY.year - 1}-{TODAY.month:02d}" + ";" * 10]
