"""The lifespan's sender of held-session records to the statistics core (issue 5)."""
from app.settings import Settings


async def run_core_sender(settings: Settings) -> None:
    return None
