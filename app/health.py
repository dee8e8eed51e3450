import time

from litestar import Request, get

from models.kernel.db import engine_name


CHECKED_FOR = 1.0  # seconds a database check answers for: a monitor polling hard does not load the database
_last_check = {"at": float("-inf")}


@get("/healthz", tags=["system"], skip_session=True, exclude_from_csrf=True)
async def health(request: Request) -> dict[str, str]:
    """Liveness and the database engine in use; a query at most once a second proves the
    database answers (a failing one is a 500, so the monitor sees it)."""
    engine = request.app.state.engine
    if time.monotonic() - _last_check["at"] > CHECKED_FOR:
        await engine.run_ddl("SELECT 1", in_pool=True)
        _last_check["at"] = time.monotonic()
    return {"status": "ok", "database": engine_name(engine)}
