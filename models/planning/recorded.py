"""Sessions with attendance are the record of what happened: the programme may neither drop
them nor move them into the future until the attendance is removed (models/attendance/)."""
from __future__ import annotations

from models.kernel.tables import Attendance
from models.kernel.validation import ValidationFailed

SHOWN_DAYS = 10


async def recorded_among(occurrence_ids: list[int]) -> list[dict]:
    """The sessions among these that have attendance ({"id", "starts_at"}), oldest first. The
    programme asks before it drops a session or moves it (models/planning/programme.py)."""
    ids = sorted(set(occurrence_ids))
    if not ids:
        return []
    return await Attendance.select(Attendance.occurrence.as_alias("id"), Attendance.occurrence.starts_at.as_alias("starts_at")).where(
        Attendance.occurrence.is_in(ids)).order_by(Attendance.occurrence.starts_at).order_by(Attendance.occurrence)


async def refuse_if_recorded(occurrence_ids: list[int], field: str, code: str) -> None:
    """ValidationFailed({field: "code:dd.mm.yyyy., …"}) when any of these sessions has attendance."""
    rows = await recorded_among(occurrence_ids)
    if rows:
        days = list(dict.fromkeys(row["starts_at"].strftime("%d.%m.%Y.") for row in rows))
        shown = ", ".join(days[:SHOWN_DAYS]) + (f", … ({len(days)})" if len(days) > SHOWN_DAYS else "")
        raise ValidationFailed({field: f"{code}:{shown}"})
