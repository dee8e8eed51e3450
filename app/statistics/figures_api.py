"""The library system's monthly figures through the API: list, upload the same CSV the page takes
(sent as JSON text, as every API body is), delete a month imported by mistake."""
from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter

from app.api.common import READ, WRITE, ApiRefusal
from app.api.schemas import INT32_MAX, PathId
from app.kernel.web import require_branch
from models.kernel.clock import local_today
from models.kernel.metadata import doc
from models.statistics import FIGURE_COLUMNS, FiguresRejected, delete_month, import_figures, months_of, parse_figures

MAX_CSV = 1024 * 1024
Year = Annotated[int, msgspec.Meta(ge=2000, le=2100)]


class FiguresUpload(msgspec.Struct, forbid_unknown_fields=True):
    branch_id: Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)]
    # i18n: an example for the OpenAPI document, written as a Latvian library writes it
    csv: Annotated[str, msgspec.Meta(max_length=MAX_CSV), doc(
        "The file's text: the columns of /figures/template.csv (Latvian or English headings); the loans of books and of "
        "periodicals and the interlibrary loans received and sent are optional (a file without them leaves them null).",
        "mēnesis;apmeklējums;apmeklējums_bērni;izsniegums;izsniegums_bērni;aktīvie_lietotāji;aktīvie_lietotāji_bērni\n2026-11;412;96;880;210;151;58\n")]


class MonthOut(msgspec.Struct):
    branch_id: int
    year: int
    month: int
    figures: Annotated[dict[str, int | None], doc("Every figure of the month; null: an optional one the file did not have.")]


class UploadOut(msgspec.Struct):
    months: Annotated[int, doc("How many months were written (a month already there is replaced).")]


class ProblemOut(msgspec.Struct):
    code: str
    line: int | None
    column: str
    value: str
    detail: str


def _month(row: dict) -> MonthOut:
    return MonthOut(branch_id=row["branch"], year=row["year"], month=row["month"], figures={name: row[name] for name in FIGURE_COLUMNS})


class FiguresApiController(Controller):
    path = "/figures"
    tags = ["statistics"]

    @get("/", summary="The library system's months of a year", responses=READ)
    async def index(self, staff: NamedDependency[dict],
                    branch: Annotated[int, QueryParameter(description="The library.", ge=1, le=INT32_MAX)],
                    year: Annotated[int | None, QueryParameter(description="Default: this year.", ge=2000, le=2100)] = None) -> list[MonthOut]:
        return [_month(row) for row in await months_of(branch, year or local_today().year)]

    @post("/", summary="Upload months from the library system (all of the file or nothing)", status_code=201,
          description="A file with problems writes nothing and answers 422 with every problem: "
                      '{"errors": {"csv": "…"}, "problems": [{"code", "line", "column", "value", "detail"}]} (codes as in the README).',
          responses=WRITE)
    async def upload(self, request: Request, staff: NamedDependency[dict], data: JSONBody[FiguresUpload]) -> UploadOut:
        require_branch(staff, data.branch_id)
        try:
            parsed = parse_figures(data.csv.encode("utf-8"))
        except FiguresRejected as rejected:
            problems = [msgspec.structs.asdict(ProblemOut(code=p.code, line=p.line, column=p.column, value=p.value, detail=p.detail))
                        for p in rejected.problems]
            raise ApiRefusal(422, {"errors": {"csv": f"{len(problems)} problem(s): {', '.join(p['code'] for p in problems[:5])}"},
                                   "problems": problems}) from None
        return UploadOut(months=await import_figures(data.branch_id, parsed.rows, staff["id"]))

    @delete("/{branch_id:int}/{year:int}/{month:int}", summary="Delete a month imported by mistake", status_code=200, responses=WRITE)
    async def remove(self, staff: NamedDependency[dict], branch_id: PathId, year: Annotated[int, msgspec.Meta(ge=2000, le=2100)],
                     month: Annotated[int, msgspec.Meta(ge=1, le=12)]) -> UploadOut:
        require_branch(staff, branch_id)
        return UploadOut(months=1 if await delete_month(branch_id, year, month) else 0)


FIGURES_API_HANDLERS = [FiguresApiController]
