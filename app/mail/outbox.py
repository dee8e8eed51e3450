"""The outbox page: the mail Afiša sends or keeps, for the librarian to read, copy and retry.
A librarian sees her branch's mail; a coordinator sees the whole network's."""
from __future__ import annotations

from models.kernel.i18n import N_

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException

from litestar.response import Redirect, Template

from app.overlays import format_moment
from app.kernel.web import RowId, require_branch
from models.kernel import outbox
from models.kernel.permissions import can_edit_branch, is_coordinator

# the template passes the label through _(); app/locale/ has the English
STATUS_LABELS = (
    ("queued", N_("gaida")),
    ("sending", N_("sūta")),
    ("sent", N_("nosūtīts")),
    ("failed", N_("neizdevās — ar kļūdu")),
    ("kept", N_("saglabāts (pasta serveris nav iestatīts)")),
)


# a failure in words a librarian reads; the exception itself stays under "technical details" for IT
FAILURE_WORDS = (
    (("SMTPRecipientsRefused",), N_("Pasta serveris nepieņēma adresāta e-pasta adresi. Pārbaudiet to.")),
    (("SMTPDataError", "SMTPSenderRefused"), N_("Pasta serveris atteicās nosūtīt šo vēstuli.")),
    (("SMTPAuthenticationError",), N_("Pasta serveris nepieņēma Afišas pieteikšanos. Sazinieties ar IT speciālistu.")),
    (("OSError", "ConnectionRefusedError", "TimeoutError", "SMTPServerDisconnected", "SMTPConnectError", "gaierror", "socket"),
     N_("Neizdevās sazināties ar pasta serveri. Afiša mēģinās vēlreiz.")),
)
FAILURE_OTHER = N_("Vēstuli neizdevās nosūtīt.")


def failure_words(error: str | None) -> str:
    kind = (error or "").split(":", 1)[0].strip()
    return next((words for names, words in FAILURE_WORDS if kind in names), FAILURE_OTHER) if error else ""


# an answer link is a key: shown only while a mail waits for the librarian to send it by hand
# (kept without SMTP, or failed) and only to staff who may act for its branch


def _view(row: dict, staff: dict) -> dict:
    if not (row["status"] in ("kept", "failed") and can_edit_branch(staff, row["branch"])):
        row["body"] = outbox.mask_personal_links(row["body"])
    row["status_label"] = dict(STATUS_LABELS).get(row["status"], row["status"])
    row["created_label"] = format_moment(row["created_at"])
    row["sent_label"] = format_moment(row["sent_at"])
    row["next_label"] = format_moment(row["next_attempt_at"]) if row["status"] == "queued" else ""
    row["can_retry"] = row["status"] == "failed" or row["status"] == "kept"
    row["error_words"] = failure_words(row.get("last_error"))
    return row


class OutboxController(Controller):
    path = "/outbox"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request, staff: NamedDependency[dict]) -> Template:
        everyone = is_coordinator(staff)
        rows = await outbox.messages_of(staff["branch"], everyone=everyone)
        settings = request.app.state.settings
        return Template(template_name="mail/outbox/page.html", context={
            "messages": [_view(r, staff) for r in rows], "smtp_configured": bool(settings.smtp_url), "everyone": everyone,
            "retried": request.query_params.get("retried") == "1",
        })

    @post("/{message_id:int}/retry")
    async def retry(self, staff: NamedDependency[dict], message_id: RowId) -> Redirect:
        row = await outbox.get_message(message_id)
        if row is None:
            raise NotFoundException()
        require_branch(staff, row["branch"])
        retried = await outbox.requeue(message_id)
        # a plain form post; the redirect keeps a reload from posting again
        return Redirect(path="/outbox" + ("?retried=1" if retried else ""), status_code=303)
