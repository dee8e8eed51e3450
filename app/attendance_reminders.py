"""The lifespan's morning reminder about held sessions that still lack attendance (issue 5)."""
from app.settings import Settings


async def run_attendance_reminders(settings: Settings) -> None:
    return None
