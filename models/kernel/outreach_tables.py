"""The outreach area's tables (models/outreach/): book sets and where they are, home-delivery
readers, and the delivery rounds. Kept beside models/kernel/tables.py, in the one list of
models/kernel/schema.py. A home reader's row is the only personal data of a library's readers
Afiša keeps: what the delivery needs, until the retention rule or the reader's request blanks it."""
from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from models.kernel.network_tables import Branch, Staff
from models.kernel.tables import Item, Occurrence, Partner, Place


class BookSet(Table):
    """A set of books lent as a whole ("grāmatu kopa", the "Bibliokofers"): to a service point in
    rotation, to an interest group or to a partner. `place` is the service point it stands for."""

    branch = ForeignKey(references=Branch, null=False, index=True)
    name = Varchar(length=200)
    theme = Varchar(length=300, default="")
    receiver = Varchar(length=20, default="service_point")  # service_point | group | partner
    place = ForeignKey(references=Place, null=True)
    partner = ForeignKey(references=Partner, null=True)
    group_name = Varchar(length=200, default="")
    target_size = Integer(default=0)
    rotation_days = Integer(default=60)
    active = Boolean(default=True)
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())


class BookSetTitle(Table):
    """One book of a set, as the library system knows it (barcode, author, title)."""

    book_set = ForeignKey(references=BookSet, null=False, index=True, on_delete=OnDelete.cascade)
    position = Integer(default=0)
    barcode = Varchar(length=40, default="")
    author = Varchar(length=200, default="")
    title = Varchar(length=300)


class SetPlacement(Table):
    """A set out of the library: where, since when, due back when, and once back what was missing.
    `titles` is what went out (the set's list that day), so a set edited later keeps its history
    and "not to the same place within N months" reads what really went there."""

    book_set = ForeignKey(references=BookSet, null=False, index=True)
    branch = ForeignKey(references=Branch, null=False, index=True)
    place = ForeignKey(references=Place, null=True, index=True)
    partner = ForeignKey(references=Partner, null=True)
    group_name = Varchar(length=200, default="")
    placed_on = Date()
    due_on = Date()
    returned_on = Date(null=True, default=None)
    delivery = ForeignKey(references=Occurrence, null=True, on_delete=OnDelete.set_null)  # the session that takes it out
    collection = ForeignKey(references=Occurrence, null=True, on_delete=OnDelete.set_null)  # the one that brings it back
    # their items: a single item moved to another day gets a new session, and the placement follows it there
    delivery_item = ForeignKey(references=Item, null=True, on_delete=OnDelete.set_null)
    collection_item = ForeignKey(references=Item, null=True, on_delete=OnDelete.set_null)
    titles = JSON(default=[])  # [{"barcode", "author", "title"}]
    missing = JSON(default=[])  # of those, what did not come back
    repeat_allowed = Boolean(default=False)  # titles there within the rotation's months were asked for
    created_at = Timestamptz(default=TimestamptzNow())
    created_by = ForeignKey(references=Staff, null=True, on_delete=OnDelete.set_null)
    returned_by = ForeignKey(references=Staff, null=True, on_delete=OnDelete.set_null)


class HomeReader(Table):
    """A reader the library brings books to. Only what the job needs; `anonymised_at` set means the
    personal fields are blank and only the counts (rounds, loans' number) are left."""

    branch = ForeignKey(references=Branch, null=False, index=True)
    reader_number = Varchar(length=40, default="")  # the library system's
    name = Varchar(length=200, default="")
    address = Varchar(length=300, default="")
    phone = Varchar(length=40, default="")
    carrier = Varchar(length=20, default="librarian")  # librarian | neighbour | relative | social_worker | postman
    carrier_name = Varchar(length=200, default="")
    carrier_phone = Varchar(length=40, default="")
    weekday = Integer(null=True, default=None)  # 0 = Monday
    part_of_day = Varchar(length=20, default="")  # morning | afternoon
    every_weeks = Integer(default=2)
    books_per_visit = Integer(default=5)
    skips = JSON(default=[])  # [["2026-12-20", "2027-01-06"], …] no delivery on these days
    kinds = Varchar(length=300, default="")
    subjects = Varchar(length=300, default="")
    authors = Varchar(length=300, default="")
    large_print = Boolean(default=False)
    language = Varchar(length=60, default="")
    notes = Text(default="")
    consent_on = Date(null=True, default=None)
    consent_note = Varchar(length=300, default="")
    started_on = Date(null=True, default=None)
    last_visit_on = Date(null=True, default=None)
    active = Boolean(default=True)
    anonymised_at = Timestamptz(null=True, default=None)
    anonymised_why = Varchar(length=20, default="")  # retention | request
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())


class DeliveryRound(Table):
    """A day's round: the service points and home readers visited, in order."""

    branch = ForeignKey(references=Branch, null=False, index=True)
    day = Date(index=True)
    day_key = Varchar(length=40, unique=True)  # "<branch id>:<yyyy-mm-dd>": one round a day per branch, however many ask at once
    home_session = ForeignKey(references=Occurrence, null=True, on_delete=OnDelete.set_null)  # the day's home-delivery item
    finished_at = Timestamptz(null=True, default=None)
    finished_by = ForeignKey(references=Staff, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(default=TimestamptzNow())
    created_by = ForeignKey(references=Staff, null=True, on_delete=OnDelete.set_null)


class RoundStop(Table):
    """One stop of a round: a service point's delivery session, or a home reader."""

    round = ForeignKey(references=DeliveryRound, null=False, index=True, on_delete=OnDelete.cascade)
    position = Integer(default=0)
    place = ForeignKey(references=Place, null=True)
    session = ForeignKey(references=Occurrence, null=True, on_delete=OnDelete.set_null)
    reader = ForeignKey(references=HomeReader, null=True, index=True)
    bring = JSON(default=[])  # a home reader's chosen titles [{"barcode", "author", "title"}]
    done_at = Timestamptz(null=True, default=None)
    items_out = Integer(default=0)
    items_back = Integer(default=0)
    readers_served = Integer(default=0)


class HomeLoan(Table):
    """A title brought to a home reader: what the librarian sees as "already read"."""

    reader = ForeignKey(references=HomeReader, null=False, index=True, on_delete=OnDelete.cascade)
    stop = ForeignKey(references=RoundStop, null=True, on_delete=OnDelete.set_null)
    returned_stop = ForeignKey(references=RoundStop, null=True, on_delete=OnDelete.set_null)  # the visit that took it back
    delivered_on = Date()
    returned_on = Date(null=True, default=None)
    barcode = Varchar(length=40, default="")
    author = Varchar(length=200, default="")
    title = Varchar(length=300)


OUTREACH_TABLES: list[type[Table]] = [BookSet, BookSetTitle, SetPlacement, HomeReader, DeliveryRound, RoundStop, HomeLoan]
