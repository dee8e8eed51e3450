"""Server-side sessions whose id changes at login.

Litestar keeps using the id a request's cookie carries; an attacker who planted a cookie on a
shared library computer would then share the librarian's session after she logs in (session
fixation). A login marks the request, and the response stores the session under a new id."""
from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig

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


class RotatingSessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend
