"""The shapes the JSON API's areas share, as the OpenAPI schema documents them: errors, a path id,
who is signed in and the reference lists. An area's own shapes are the area's (the item's in
app/planning/api_schemas.py).

Bodies carry only JSON types: what a value means is the domain's to judge (a 422), so the
metadata here documents the rules rather than enforcing them, except for ids."""
from __future__ import annotations

from typing import Annotated

import msgspec
from litestar.params import PathParameter

from models.kernel.metadata import INT32_MAX, doc


# a path id, bounded like the body's ids (FromPath[int] would let 99999999999 reach PostgreSQL)
PathId = Annotated[int, PathParameter(ge=1, le=INT32_MAX)]


class Me(msgspec.Struct):
    id: int
    username: str
    display_name: str
    role: str
    branch: int | None
    language: str


class BranchOut(msgspec.Struct):
    id: int
    name: str
    short_name: str
    slug: str
    address: str
    opening_hours: str
    is_central: bool


class PlaceOut(msgspec.Struct):
    id: int
    branch_id: int
    name: str
    kind: str
    address: str


class PartnerOut(msgspec.Struct):
    id: int
    name: str
    type: str
    branch_id: int | None


class ErrorOut(msgspec.Struct):
    status_code: int
    detail: str


class FieldErrorsOut(msgspec.Struct):
    errors: Annotated[dict[str, str], doc("Field name -> message in the request's language.")]


class StaleOut(msgspec.Struct):
    detail: Annotated[str, doc("Someone else saved the item since the client read it.")]
