"""Server-side sessions whose id changes at login.

Litestar keeps using the id a request's cookie carries; an attacker who planted a cookie on a
shared library computer would then share the librarian's session after she logs in (session
fixation). A login marks the request, and the response stores the session under a new id."""
from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.types import Empty

ROTATE = "afisa.rotate_session"
_NEW_ID = "afisa.new_session_id"


def rotate_session_id(connection: ASGIConnection) -> None:
    connection.scope[ROTATE] = True  # type: ignore[literal-required]


class RotatingSessionBackend(ServerSideSessionBackend):
    def get_session_id(self, connection: ASGIConnection) -> str:
        if connection.scope.get(ROTATE):
            new_id = connection.scope.get(_NEW_ID) or self.generate_session_id()
            connection.scope[_NEW_ID] = new_id  # type: ignore[literal-required]
            return new_id
        return super().get_session_id(connection)

    async def store_in_message(self, scope_session: Any, message: Any, connection: ASGIConnection) -> None:
        """A visitor without a session (the public pages, feeds, static files, the login form)
        gets no session row and no cookie: Litestar wrote one for every such request, a row a
        request that nothing ever deleted. A session emptied by the request is deleted."""
        had_cookie = self.config.key in connection.cookies
        if not scope_session or scope_session is Empty:
            if not had_cookie:
                return
            scope_session = Empty
        await super().store_in_message(scope_session, message, connection)


class RotatingSessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend
