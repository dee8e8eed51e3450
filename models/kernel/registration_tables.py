"""The registration area's tables (models/registration/): an item's places and waiting list.
Kept beside models/kernel/tables.py, in the one list of models/kernel/schema.py. A registration
holds a resident's name and a phone or an email until the retention rule or the person's own
request blanks them; the counts (state, party, who came) stay for the statistics."""
from piccolo.columns import Boolean, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from models.kernel.network_tables import Staff
from models.kernel.tables import Item, Occurrence


class RegistrationSetup(Table):
    """An item's registration: one per item, so a series (a Book Start cycle) registers once for
    all its sessions. Its row is also the lock every change of the item's registrations takes
    first (models/registration/common.lock_setup), so places are counted by one writer at a time."""

    item = ForeignKey(references=Item, null=False, unique=True, index=True, on_delete=OnDelete.cascade)
    capacity = Integer(default=0)  # people: a party of 3 takes 3
    party_max = Integer(default=1)
    opens_at = Timestamptz(null=True, default=None)  # None: open now
    closes_at = Timestamptz(null=True, default=None)  # None: until the first session starts
    waiting_list = Boolean(default=True)
    waiting_limit = Integer(null=True, default=None)  # parties; None: no limit
    ask_age_band = Boolean(default=False)
    retention_days = Integer(default=30)
    active = Boolean(default=True)
    version = Integer(default=1)
    updated_at = Timestamptz(default=TimestamptzNow())
    updated_by = ForeignKey(references=Staff, null=True, on_delete=OnDelete.set_null)


class Registration(Table):
    """A party registered for an item or waiting for a place. `token_hash` is the SHA-256 of the
    personal link's token (the token itself is never stored); null once anonymised, when the
    link no longer opens anything. `queued_at` orders the waiting list."""

    item = ForeignKey(references=Item, null=False, index=True, on_delete=OnDelete.cascade)
    token_hash = Varchar(length=64, unique=True, null=True, default=None)
    name = Varchar(length=200, default="")
    phone = Varchar(length=40, default="")
    email = Varchar(length=254, default="")
    party = Integer(default=1)
    age_band = Varchar(length=40, default="")
    state = Varchar(length=20, default="registered", index=True)  # registered | waiting | cancelled
    queued_at = Timestamptz(default=TimestamptzNow())
    created_at = Timestamptz(default=TimestamptzNow())
    changed_at = Timestamptz(default=TimestamptzNow())
    language = Varchar(length=2, default="lv")
    anonymised_at = Timestamptz(null=True, default=None)


class RegistrationMark(Table):
    """Who came to one session: the tick „atnāca” (or „neatnāca”) of a registration at a session of
    its item, so each session of a series (a Book Start cycle) has its own. No row: not ticked.
    `key` is "<registration>:<occurrence>", one mark per registration and session."""

    registration = ForeignKey(references=Registration, null=False, index=True, on_delete=OnDelete.cascade)
    occurrence = ForeignKey(references=Occurrence, null=False, index=True, on_delete=OnDelete.cascade)
    came = Boolean(default=True)
    key = Varchar(length=40, unique=True)
    marked_at = Timestamptz(default=TimestamptzNow())
    marked_by = ForeignKey(references=Staff, null=True, on_delete=OnDelete.set_null)


REGISTRATION_TABLES: list[type[Table]] = [RegistrationSetup, Registration, RegistrationMark]
