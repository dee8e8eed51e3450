"""JSON API: the records Afiša delivers to the lending and statistics core, and their schema.

CoreRecord below mirrors models/core_records.RECORD_SCHEMA field for field, so the OpenAPI
document (/schema/openapi.json, components/schemas/CoreRecord) shows the record a receiver gets;
/api/v1/core/schema answers the JSON Schema itself and needs no login."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.openapi.spec.enums import OpenAPIFormat
from litestar.params import KwargDefinition

from app.api.common import READ
from models.statistics import core_delivery_counts, recent_core_deliveries
from models.statistics import RECORD_SCHEMA
from models.kernel.enums import Kind, PlaceKind
from models.kernel.permissions import is_coordinator

Count = Annotated[int, msgspec.Meta(ge=0)]


def _doc(name: str) -> msgspec.Meta:
    return msgspec.Meta(description=RECORD_SCHEMA["properties"][name].get("description"))


class CoreBranch(msgspec.Struct):
    slug: str
    name: str


class CorePlace(msgspec.Struct):
    name: str
    kind: Literal[tuple(k.value for k in PlaceKind)]  # type: ignore[valid-type]


class CoreAttendance(msgspec.Struct):
    """Headcount in person (children under 18 and adults apart) and online participants apart.
    For lessons and Book Start `total` is the participants."""
    total: Count
    children: Count
    adults: Count
    online: Count


class CoreDeliveryFigures(msgspec.Struct):
    kind: Literal["service_point", "home"]
    items_out: Count
    items_back: Count
    readers_served: Count


class CoreRecord(msgspec.Struct, kw_only=True):
    """One held session of a library programme item, as Afiša POSTs it to AFISA_CORE_URL with the
    header Idempotency-Key equal to `idempotency_key`. The receiver answers 2xx once it has stored
    the record (or already had this key) and keeps, per `record_id`, the highest `version`."""
    schema_version: Literal[1]
    record_id: Annotated[str, _doc("record_id")]
    version: Annotated[int, msgspec.Meta(ge=1, description=RECORD_SCHEMA["properties"]["version"]["description"])]
    idempotency_key: Annotated[str, _doc("idempotency_key")]
    state: Annotated[Literal["held", "withdrawn"], _doc("state")]
    date: Annotated[str, KwargDefinition(format=OpenAPIFormat.DATE, description=_doc("date").description)]
    starts_at: Annotated[str, _doc("starts_at")]
    branch: CoreBranch
    kind: Literal[tuple(k.value for k in Kind)]  # type: ignore[valid-type]
    title: str
    place: CorePlace | None
    outside_library: Annotated[bool, _doc("outside_library")]
    attendance: CoreAttendance
    book_start_kits: Count
    delivery: CoreDeliveryFigures | None
    recorded_at: Annotated[str, KwargDefinition(format=OpenAPIFormat.DATE_TIME, description=_doc("recorded_at").description)]


class CoreDeliveryOut(msgspec.Struct):
    id: int
    key: Annotated[str, msgspec.Meta(description="The Idempotency-Key it is sent with.")]
    record_id: str
    version: int
    status: Annotated[str, msgspec.Meta(description="queued, sending, sent, failed (kept until retried) or superseded (a newer version went instead).")]
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    payload: Annotated[CoreRecord | None, msgspec.Meta(description="The record as delivered; null only if a stored record no longer fits the schema.")]


class CoreDeliveriesOut(msgspec.Struct):
    core_configured: Annotated[bool, msgspec.Meta(description="Whether AFISA_CORE_URL is set; without it records wait, queued.")]
    scope: Annotated[Literal["network", "branch"], msgspec.Meta(description="network for a coordinator, otherwise your own branch.")]
    counts: Annotated[dict[str, int], msgspec.Meta(description="Rows per status.")]
    latest: Annotated[list[CoreDeliveryOut], msgspec.Meta(description="The newest 100 rows, newest first.")]


def _record(payload: Any) -> CoreRecord | None:
    try:
        return msgspec.convert(payload, CoreRecord)
    except msgspec.ValidationError:
        return None


def _out(row: dict) -> CoreDeliveryOut:
    return CoreDeliveryOut(
        id=row["id"], key=row["key"], record_id=row["record_id"], version=row["version"], status=row["status"],
        attempts=row["attempts"], last_error=row["last_error"], created_at=row["created_at"],
        next_attempt_at=row["next_attempt_at"] if row["status"] == "queued" else None, sent_at=row["sent_at"],
        payload=_record(row["payload"]),
    )


class CoreApiController(Controller):
    path = "/core"
    tags = ["statistics core"]

    @get("/schema", summary="JSON Schema of the record delivered to the statistics core")
    async def schema(self) -> dict[str, Any]:
        return RECORD_SCHEMA

    @get("/deliveries", summary="Delivery of held-session records to the statistics core", responses=READ)
    async def deliveries(self, request: Request, staff: NamedDependency[dict]) -> CoreDeliveriesOut:
        branch_id = None if is_coordinator(staff) else (staff["branch"] or 0)  # 0: a librarian without a branch sees none
        return CoreDeliveriesOut(
            core_configured=bool(request.app.state.settings.core_url),
            scope="network" if branch_id is None else "branch",
            counts=await core_delivery_counts(branch_id),
            latest=[_out(row) for row in await recent_core_deliveries(branch_id, 100)],
        )


CORE_API_HANDLERS: list = [CoreApiController]
