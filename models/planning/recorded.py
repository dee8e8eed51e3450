"""Sessions with attendance are the record of what happened: the programme may neither drop
them nor move them into the future until the attendance is removed (models/attendance/). So are
the ticks of who came (models/registration/attendance.py): a session with ticks is not dropped
until they are cleared on the registration list (they are read here from the kernel's table: the
registration area builds on planning, not the other way round)."""
from __future__ import annotations

from models.kernel.registration_tables import RegistrationMark
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


def _refusal(rows: list[dict], field: str, code: str) -> ValidationFailed:
    days = list(dict.fromkeys(row["starts_at"].strftime("%d.%m.%Y.") for row in rows))
    shown = ", ".join(days[:SHOWN_DAYS]) + (f", … ({len(days)})" if len(days) > SHOWN_DAYS else "")
    return ValidationFailed({field: f"{code}:{shown}"})


async def refuse_if_recorded(occurrence_ids: list[int], field: str, code: str) -> None:
    """ValidationFailed({field: "code:dd.mm.yyyy., …"}) when any of these sessions has attendance."""
    rows = await recorded_among(occurrence_ids)
    if rows:
        raise _refusal(rows, field, code)


async def refuse_if_ticked(occurrence_ids: list[int], field: str) -> None:
    """ValidationFailed({field: "ticked_sessions:dd.mm.yyyy., …"}) when anybody was ticked (came or
    not) at any of these sessions: dropping the session would drop the ticks with it."""
    ids = sorted(set(occurrence_ids))
    if not ids:
        return
    rows = await RegistrationMark.select(RegistrationMark.occurrence.starts_at.as_alias("starts_at")).where(
        RegistrationMark.occurrence.is_in(ids)).order_by(RegistrationMark.occurrence.starts_at)
    if rows:
        raise _refusal(rows, field, "ticked_sessions")
