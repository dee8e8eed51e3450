"""A real SMTP server (aiosmtpd) on loopback that collects what Afiša sends. Other tests use it:
`from tests.app.smtp_server import smtp_server` makes the fixture available in a test module.

`server.messages` holds each received message parsed (email.message.EmailMessage, so
msg["Subject"] is decoded and msg.get_content() is the text); `server.envelopes` the SMTP
envelope (MAIL FROM, RCPT TO) of each. `server.refuse_after = n` answers `refuse_reply` (451) to every
message after the first n; `stop()` and `start()` take the server down and bring it back on the same port."""
from __future__ import annotations

import socket
import ssl
import subprocess
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed_certificate(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1 (its own CA), made by the openssl command; returns (cert, key)."""
    cert, key = str(folder / "smtp-cert.pem"), str(folder / "smtp-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", key, "-out", cert,
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key


class SmtpServer:
    """tls=None: plain SMTP; "starttls": offers STARTTLS and AUTH (user "biblioteka", any password
    in self.password); "implicit": TLS from the first byte, as smtps:// on port 465."""

    def __init__(self, tls: str | None = None, certificate: tuple[str, str] | None = None) -> None:
        self.tls, self.certificate = tls, certificate
        self.password = "slepens-vārds"
        self.logins: list[tuple[str, str]] = []
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse_after: int | None = None
        self.refuse_reply = "451 4.3.0 Try again later"
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        if self.refuse_after is not None and len(self.messages) >= self.refuse_after:
            return self.refuse_reply
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        return AuthResult(success=(login, password) == ("biblioteka", self.password))

    def start(self) -> None:
        options: dict = {}
        if self.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*self.certificate)
            if self.tls == "starttls":
                options = {"tls_context": context, "authenticator": self._authenticate, "auth_require_tls": True}
            else:
                options = {"ssl_context": context, "authenticator": self._authenticate, "auth_require_tls": False}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()
