"""The annual report as a Word document (python-docx): the title page, then the report's sections
as real headings (Heading 1-4, so that Word's navigation pane and table of contents see them),
its tables with a header row repeated on every page and its lists, on A4.

The same content as the page (app/statistics/annual_report.py builds it once). The file is the
same for the same data on the same day: its dates are the clock's day, not the moment, and the
zip keeps no times of its own, so a library that downloads it twice gets one file."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app.statistics.report_document import AnnualReport, Block, ReportTable

LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}
TABLE_FONT = Pt(9)


def _language(document, lang: str) -> None:
    """Word's spelling and hyphenation language for the whole text: python-docx has no property
    for it, so the Normal style's run properties get a <w:lang>."""
    properties = document.styles["Normal"].element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), LANGUAGE_TAGS.get(lang, lang))
    properties.append(tag)


def _repeat_header(row) -> None:
    """The header row repeats at the top of every page the table runs onto (python-docx has no property for it)."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _write_cell(target, text: str, *, bold: bool = False, right: bool = False, indent: bool = False) -> None:
    paragraph = target.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = TABLE_FONT
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if indent:
        paragraph.paragraph_format.left_indent = Mm(4)


def _table(document, table: ReportTable) -> None:
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headings))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    _repeat_header(header)
    for column, text in enumerate(table.headings):
        _write_cell(header.cells[column], text, bold=True, right=table.numeric[column])
    last = len(table.rows) - 1
    for index, values in enumerate(table.rows):
        row = grid.rows[index + 1]
        total = table.total_last and index == last
        of_which = bool(table.levels and table.levels[index])
        for column, text in enumerate(values):
            _write_cell(row.cells[column], text, bold=total, right=table.numeric[column], indent=of_which and column == 0)
    document.add_paragraph()  # Word joins two tables that touch


def _block(document, block: Block) -> None:
    if block.kind == "heading":
        document.add_heading(block.text, level=min(block.level, 9))
    elif block.kind == "note":
        document.add_paragraph().add_run(block.text).italic = True
    elif block.kind == "list":
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif block.kind == "table":
        _table(document, block.table)
    else:
        document.add_paragraph(block.text)


def _title_page(document, report: AnnualReport) -> None:
    library = document.add_paragraph()
    library.alignment = WD_ALIGN_PARAGRAPH.CENTER
    library.paragraph_format.space_before = Mm(60)
    run = library.add_run(report.library)
    run.font.size, run.bold = Pt(16), True
    title = document.add_paragraph(report.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in report.lines:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _fixed_times(data: bytes, moment: datetime) -> bytes:
    """The zip again with every entry dated `moment`: python-docx dates them when it saves."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=moment.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, entry.external_attr
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()


def to_docx(report: AnnualReport, made: datetime) -> bytes:
    """`made`: the document's date (the day it is made, from models/kernel/clock.py)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Mm(25), Mm(15), Mm(20), Mm(20)
    document.styles["Normal"].font.size = Pt(11)
    _language(document, report.lang)
    properties = document.core_properties
    properties.title, properties.subject, properties.author, properties.last_modified_by = report.title, report.library, "Afiša", "Afiša"
    properties.created = properties.modified = properties.last_printed = made
    properties.revision, properties.language = 1, LANGUAGE_TAGS.get(report.lang, report.lang)
    _title_page(document, report)
    for block in report.blocks:
        _block(document, block)
    out = io.BytesIO()
    document.save(out)
    return _fixed_times(out.getvalue(), made)
