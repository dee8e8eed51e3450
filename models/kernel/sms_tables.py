"""The SMS outbox's table (models/kernel/sms_outbox.py): a text to a phone, committed with the change
that causes it and sent by a background pass through the configured HTTP gateway. Kept beside
models/kernel/tables.py, in the one list of models/kernel/schema.py. A row holds a resident's
phone number: the retention rule and the person's own request delete it with their registration."""
from piccolo.columns import ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from models.kernel.network_tables import Branch
from models.kernel.tables import Item


class SmsMessage(Table):
    """One SMS. `key` names the event it tells ("registration:<id>:remind:<session>"), so a retried
    change or pass never sends it twice, and it goes to the gateway as the Idempotency-Key.
    `send_before`: after it the text is stale (a reminder once the session started) and is not sent."""

    key = Varchar(length=200, unique=True)
    to_number = Varchar(length=20)  # E.164, "+37126000000"
    text = Text()
    language = Varchar(length=2, default="lv")
    item = ForeignKey(references=Item, null=True, index=True, on_delete=OnDelete.cascade)
    branch = ForeignKey(references=Branch, null=True, index=True, on_delete=OnDelete.cascade)
    status = Varchar(length=20, default="queued", index=True)  # queued | sending | sent | failed | expired
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(default=TimestamptzNow(), index=True)
    send_before = Timestamptz(null=True, default=None)
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)


SMS_TABLES: list[type[Table]] = [SmsMessage]
