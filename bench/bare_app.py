"""The reference for bench/floor.py: a bare Litestar app with one JSON route, served the same way."""
from litestar import Litestar, get


@get("/")
async def index() -> dict:
    return {"ok": True}


app = Litestar(route_handlers=[index])
