from litestar import Request, get

from models.kernel.db import engine_name


@get("/healthz", tags=["system"], skip_session=True, exclude_from_csrf=True)
async def health(request: Request) -> dict[str, str]:
    """Liveness and the database engine in use; the query proves the database answers."""
    engine = request.app.state.engine
    await engine.run_ddl("SELECT 1", in_pool=True)
    return {"status": "ok", "database": engine_name(engine)}
