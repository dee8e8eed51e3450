"""Piccolo tables. Times of programme items are wall-clock times in the library's
time zone (Europe/Riga): recurrence, month grids and clash checks all think in local
time, and only the iCalendar layer converts to UTC."""
from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamp,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

from models.kernel.enums import (
    Audience,
    Confirmation,
    Kind,
    PartnerRole,
    PartnerType,
    PlaceKind,
    Status,
)
from models.kernel.network_tables import Branch, Staff


class Place(Table):
    branch = ForeignKey(references=Branch, null=False)
    name = Varchar(length=200)
    kind = Varchar(length=20, choices=PlaceKind, default=PlaceKind.ROOM)
    address = Varchar(length=300, default="")
    active = Boolean(default=True)
    capacity = Integer(null=True, default=None)
    accessibility = Text(default="")
    equipment = Text(default="")
    contact = Varchar(length=300, default="")  # a venue's or a service point's contact person
    host_partner = ForeignKey(references=LazyTableReference("Partner", module_path=__name__), null=True)
    point_type = Varchar(length=20, default="")  # a service point's: care_home, settlement, school, other
    opened_on = Date(null=True, default=None)
    closed_on = Date(null=True, default=None)


class Partner(Table):
    name = Varchar(length=200)
    type = Varchar(length=20, choices=PartnerType, default=PartnerType.OTHER)
    branch = ForeignKey(references=Branch, null=True)
    notes = Text(default="")
    active = Boolean(default=True)


class PartnerContact(Table):
    """A person at a partner organisation; the only personal data Afiša keeps about partners."""

    partner = ForeignKey(references=Partner, null=False, index=True)
    name = Varchar(length=200)
    role = Varchar(length=200, default="")
    email = Varchar(length=254, default="")
    phone = Varchar(length=40, default="")
    language = Varchar(length=2, default="lv")
    active = Boolean(default=True)


class PartnerCooperation(Table):
    """A partner's cooperation with one library in one year, in the library's own words for the
    annual report: the forms of cooperation (section 11), the children's and the local-history
    tables' words, which of those two tables the partner belongs in, and whether the partner counts
    for the year with no programme item done together (advice, interlibrary loans). In a network
    each library writes its own: `year_key` ("<partner>:<branch>:<year>") keeps one per the three."""

    partner = ForeignKey(references=Partner, null=False, index=True)
    branch = ForeignKey(references=Branch, null=False, index=True)
    year = Integer()
    year_key = Varchar(length=60, unique=True)
    forms = Text(null=True, default=None)  # None: never saved, the prefill stands
    children_text = Text(null=True, default=None)
    local_history_text = Text(null=True, default=None)
    in_children = Boolean(default=False)
    in_local_history = Boolean(default=False)
    credited = Boolean(default=False)
    version = Integer(default=1)
    updated_at = Timestamptz(default=TimestamptzNow())
    updated_by = ForeignKey(references=Staff, null=True)


class Item(Table):
    """A planned thing of any kind; a series when `rrule` is set. Each session is an Occurrence."""

    uid = Varchar(length=80, unique=True)
    branch = ForeignKey(references=Branch, null=False, index=True)
    kind = Varchar(length=20, choices=Kind, default=Kind.EVENT, index=True)
    title = Varchar(length=200)
    description = Text(default="")
    place = ForeignKey(references=Place, null=True)
    all_day = Boolean(default=False)
    starts_at = Timestamp(default=None)
    ends_at = Timestamp(default=None)
    rrule = Varchar(length=300, default="")
    status = Varchar(length=20, choices=Status, default=Status.PLANNED, index=True)
    is_public = Boolean(default=True)
    responsible = ForeignKey(references=Staff, null=True)
    # kind-specific fields (BRIEF: "Kinds add their own fields")
    lesson_class = Varchar(length=80, default="")
    lesson_teacher = Varchar(length=200, default="")
    literacy_area = Varchar(length=30, default="")
    book_start_group = Varchar(length=120, default="")
    age_band = Varchar(length=40, default="")
    exhibition_form = Varchar(length=20, default="")
    delivery_kind = Varchar(length=20, default="")
    # bookkeeping
    version = Integer(default=1)
    sequence = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    created_by = ForeignKey(references=Staff, null=True)


class ItemPicture(Table):
    """An item's picture (a photo, or the event's own poster): resized and stripped of its metadata
    when uploaded (models/planning/pictures.py), kept in the database so that a backup holds it.
    Its address carries `digest`, so a browser or a calendar program keeps it for good."""

    item = ForeignKey(references=Item, unique=True, index=True, on_delete=OnDelete.cascade)
    data = Bytea()
    width = Integer()
    height = Integer()
    digest = Varchar(length=64)
    alt = Varchar(length=300, default="")
    uploaded_at = Timestamptz(default=TimestamptzNow())
    uploaded_by = ForeignKey(references=Staff, null=True, on_delete=OnDelete.set_null)


class Occurrence(Table):
    """One session of an item. `recurrence_id` is the start the series rule gave it;
    `starts_at` differs from it once the occurrence has been moved."""

    item = ForeignKey(references=Item, null=False, index=True)
    recurrence_id = Timestamp(default=None)
    starts_at = Timestamp(default=None, index=True)
    ends_at = Timestamp(default=None, index=True)
    cancelled = Boolean(default=False)
    place = ForeignKey(references=Place, null=True)
    note = Varchar(length=500, default="")
    overridden = Boolean(default=False)
    sequence = Integer(default=0)
    updated_at = Timestamptz(default=TimestamptzNow())


class ItemAudience(Table):
    item = ForeignKey(references=Item, null=False, index=True)
    audience = Varchar(length=20, choices=Audience)


class ItemPartner(Table):
    item = ForeignKey(references=Item, null=False, index=True)
    partner = ForeignKey(references=Partner, null=False, index=True)
    role = Varchar(length=20, choices=PartnerRole, default=PartnerRole.PARTICIPANT)
    confirmation = Varchar(length=20, choices=Confirmation, default=Confirmation.NOT_ASKED)


class ItemChange(Table):
    """The history of an item: who did what, when, with the fields that changed."""

    item = ForeignKey(references=Item, null=False, index=True)
    at = Timestamptz(default=TimestamptzNow())
    staff = ForeignKey(references=Staff, null=True)
    action = Varchar(length=40)
    details = JSON(default={})


class PartnerRequest(Table):
    """A request to a partner contact to confirm an item (or a whole series), answered through a
    personal link. The table keeps only a SHA-256 of the link's token."""

    token_hash = Varchar(length=64, unique=True)
    item = ForeignKey(references=Item, null=False, index=True)
    contact = ForeignKey(references=PartnerContact, null=False, index=True)
    item_partner = ForeignKey(references=ItemPartner, null=True)
    state = Varchar(length=20, default="asked")  # asked | confirmed | declined | proposed
    proposed_start = Timestamp(default=None, null=True)
    proposed_end = Timestamp(default=None, null=True)
    note = Text(default="")
    asked_at = Timestamptz(default=TimestamptzNow())
    answered_at = Timestamptz(default=None, null=True)
    reminded_at = Timestamptz(default=None, null=True)
    expires_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(default=None, null=True)
    asked_by = ForeignKey(references=Staff, null=True)


class MailMessage(Table):
    """The outbox: a message is committed with the change that causes it and sent later by a
    background task; `key` makes sending idempotent (one message per event, however often asked)."""

    key = Varchar(length=200, unique=True)
    to_address = Varchar(length=254)
    to_name = Varchar(length=200, default="")
    subject = Varchar(length=300)
    body = Text()
    calendar = Text(default="")  # an .ics sent along as an attachment (a delivery's date)
    language = Varchar(length=2, default="lv")
    item = ForeignKey(references=Item, null=True, index=True)
    branch = ForeignKey(references=Branch, null=True, index=True)
    status = Varchar(length=20, default="queued", index=True)  # queued | sent | failed | kept (no SMTP)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(default=TimestamptzNow(), index=True)
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(default=None, null=True)


class Notification(Table):
    """A note in a librarian's app: a partner answered, a reminder went out. `kind` says which
    (models/kernel/enums.NotificationKind) and `details` holds what it is written from, so that it
    reads in the reader's language; `text` is its Latvian wording when it was written."""

    staff = ForeignKey(references=Staff, null=True, index=True)
    branch = ForeignKey(references=Branch, null=True, index=True)
    item = ForeignKey(references=Item, null=True)
    kind = Varchar(length=40, default="")
    details = JSON(default={})
    text = Varchar(length=500)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    read_at = Timestamptz(default=None, null=True)


class FeedToken(Table):
    """A secret feed address: a staff member's private feed or a partner's feed. The table keeps
    only a SHA-256 of the token; revoking sets revoked_at and the address answers 404."""

    token_hash = Varchar(length=64, unique=True)
    scope = Varchar(length=20)  # staff | partner
    staff = ForeignKey(references=Staff, null=True, index=True)
    partner = ForeignKey(references=Partner, null=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(default=None, null=True)
    last_used_at = Timestamptz(default=None, null=True)


class ExternalCalendar(Table):
    """Another organisation's .ics (the school's calendar, the municipality's events), shown
    read-only beside a branch's programme and refreshed on a schedule."""

    branch = ForeignKey(references=Branch, null=False, index=True)
    name = Varchar(length=200)
    url = Varchar(length=1000)
    refresh_minutes = Integer(default=360)
    active = Boolean(default=True)
    etag = Varchar(length=200, default="")
    last_modified = Varchar(length=100, default="")
    last_checked_at = Timestamptz(default=None, null=True)
    last_success_at = Timestamptz(default=None, null=True)
    last_error = Text(default="")
    created_by = ForeignKey(references=Staff, null=True)


class ExternalEvent(Table):
    """One occurrence read from an external calendar, in local wall time like Occurrence."""

    calendar = ForeignKey(references=ExternalCalendar, null=False, index=True)
    uid = Varchar(length=300)
    starts_at = Timestamp(default=None, index=True)
    ends_at = Timestamp(default=None, index=True)
    all_day = Boolean(default=False)
    title = Varchar(length=300, default="")
    location = Varchar(length=300, default="")
    status = Varchar(length=20, default="")


class WebSession(Table):
    """Server-side sessions; the cookie carries a random id, the table only its hash."""

    key_hash = Varchar(length=64, unique=True)
    data = Text(default="")
    expires_at = Timestamptz(default=TimestamptzNow(), index=True)


class LoginFailure(Table):
    key = Varchar(length=200, index=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)


class Attendance(Table):
    """What happened at one held session, as the librarian recorded it. One row per session; a
    correction updates the row (version + 1) and the item's history keeps the figures before it.
    For lessons and Book Start `total` is the participants; Book Start's children and kits are
    their own columns. Deliveries record items out/back and readers served (people, for home
    delivery). Online participants are apart from the headcount in the room."""

    occurrence = ForeignKey(references=Occurrence, null=False, unique=True)
    item = ForeignKey(references=Item, null=False, index=True)
    total = Integer(default=0)
    children = Integer(default=0)
    adults = Integer(default=0)
    online = Integer(default=0)
    kits = Integer(default=0)
    items_out = Integer(default=0)
    items_back = Integer(default=0)
    readers_served = Integer(default=0)
    version = Integer(default=1)
    recorded_by = ForeignKey(references=Staff, null=True)
    recorded_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    # What the counting rules ask of the session and its item, copied here so that a year's
    # statistics read one table instead of joining 12,000 sessions to their items and places.
    # models/statistics_facts.refresh() writes them whenever the item's history gets an entry.
    session_start = Timestamp(default=None, null=True, index=True)
    session_branch = Integer(default=None, null=True)
    session_kind = Varchar(length=20, default="")
    session_place = Integer(default=None, null=True)  # the session's own place, else the item's
    home_delivery = Boolean(default=False)
    for_young = Boolean(default=False)  # audiences include pre-school, children or teens
    session_literacy_area = Varchar(length=30, default="")
    counted = Boolean(default=False)  # the session is not cancelled, the item neither cancelled nor a draft


class LibraryFigures(Table):
    """A month's figures from the library system (BIS ALISE), imported from CSV, never computed
    here: door-count visits, loans and active users, each with the children's (under 18) share.
    `period_key` ("<branch id>:<yyyy>-<mm>") makes the month unique per branch, so a second upload
    of the same month replaces it."""

    period_key = Varchar(length=40, unique=True)
    branch = ForeignKey(references=Branch, null=False, index=True)
    year = Integer(index=True)
    month = Integer()
    visits = Integer(default=0)
    visits_children = Integer(default=0)
    loans = Integer(default=0)
    loans_children = Integer(default=0)
    active_users = Integer(default=0)
    active_users_children = Integer(default=0)
    # optional columns of the file: null when the file had none for the month (not 0)
    loans_books = Integer(null=True, default=None)
    loans_periodicals = Integer(null=True, default=None)
    interlibrary_received = Integer(null=True, default=None)  # SBA: documents received from other Latvian libraries
    interlibrary_sent = Integer(null=True, default=None)  # SBA: documents sent to them
    imported_at = Timestamptz(default=TimestamptzNow())
    imported_by = ForeignKey(references=Staff, null=True)


class CoreDelivery(Table):
    """The outbox towards the library's lending and statistics core: one row per version of a
    held session's record, committed with the attendance that makes it. `record_id` is stable
    for the session (a correction is a new version of the same record); `key` (record id and
    version) is the idempotency key the receiver deduplicates by.
    States: queued → sending → sent; failed after too many tries; superseded when a newer
    version of the same record was queued before this one went out."""

    key = Varchar(length=160, unique=True)
    record_id = Varchar(length=140, index=True)
    version = Integer(default=1)
    occurrence = ForeignKey(references=Occurrence, null=True, index=True)
    branch = ForeignKey(references=Branch, null=True, index=True)
    payload = JSON(default={})
    status = Varchar(length=20, default="queued", index=True)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(default=TimestamptzNow(), index=True)
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(default=None, null=True)


# The one list of every table, in foreign-key order: models/kernel/schema.py
KERNEL_TABLES: list[type[Table]] = [
    Partner,
    Place,
    PartnerContact,
    PartnerCooperation,
    Item,
    ItemPicture,
    Occurrence,
    ItemAudience,
    ItemPartner,
    ItemChange,
    PartnerRequest,
    MailMessage,
    Notification,
    FeedToken,
    ExternalCalendar,
    ExternalEvent,
    WebSession,
    LoginFailure,
    Attendance,
    LibraryFigures,
    CoreDelivery,
]
