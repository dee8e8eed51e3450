"""The network's set-up: the installation, its libraries (hours, closures, logo, population per
year) and the staff who sign in, with the log of who changed them. Kept beside models/kernel/tables.py,
which references them; listed first in models/kernel/schema.py."""
from piccolo.columns import JSON, Boolean, Bytea, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from models.kernel.enums import Role


class Network(Table):
    """The library network this installation serves: one row, written by `afisa init` (or the demo)."""

    name = Varchar(length=200)
    created_at = Timestamptz(default=TimestamptzNow())



class Branch(Table):
    name = Varchar(length=200)
    short_name = Varchar(length=80)
    slug = Varchar(length=80, unique=True)
    address = Varchar(length=300, default="")
    # free text as the library wrote it before weekly hours were kept (the demo, older rows)
    opening_hours = Text(default="")
    is_central = Boolean(default=False)
    phone = Varchar(length=40, default="")
    email = Varchar(length=254, default="")
    # weekday (0 = Monday) -> [["09:00", "18:00"], …]; a weekday left out is a closed day
    weekly_hours = JSON(default={})
    population = Integer(null=True, default=None)  # residents of its territory (the report's coverage)
    children_population = Integer(null=True, default=None)  # of them under 18
    closed_on = Date(null=True, default=None)  # a closed branch keeps its history and statistics



class BranchLogo(Table):
    """A library's logo for its poster, made ready like an item's picture (models/kernel/pictures.py)."""

    branch = ForeignKey(references=Branch, unique=True, index=True, on_delete=OnDelete.cascade)
    data = Bytea()
    width = Integer()
    height = Integer()
    digest = Varchar(length=64)
    uploaded_at = Timestamptz(default=TimestamptzNow())



class BranchClosure(Table):
    """Days a branch is closed beyond public holidays: an inventory week, a renovation."""

    branch = ForeignKey(references=Branch, null=False, index=True)
    first_day = Date()
    last_day = Date()
    reason = Varchar(length=200, default="")



class BranchPopulation(Table):
    """A branch's residents and, of them, children under 18 in one year, as the official statistics
    portal's table RIG010 gives them, for the report's coverage; a year without its own row takes the
    branch's population. `year_key` ("<branch id>:<yyyy>") makes the year unique per branch."""

    year_key = Varchar(length=40, unique=True)
    branch = ForeignKey(references=Branch, null=False, index=True)
    year = Integer()
    population = Integer()
    children = Integer(null=True, default=None)



class Staff(Table):
    username = Varchar(length=80, unique=True)
    display_name = Varchar(length=200)
    email = Varchar(length=254, default="")
    password_hash = Varchar(length=255)
    role = Varchar(length=20, choices=Role, default=Role.LIBRARIAN)
    branch = ForeignKey(references=Branch, null=True)
    language = Varchar(length=2, default="lv")
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())



class StaffToken(Table):
    """A one-time link to set a password: an invitation or a reset. Only a SHA-256 of the token is
    kept; it works once and until it expires."""

    staff = ForeignKey(references=Staff, null=False, index=True)
    purpose = Varchar(length=20)  # invitation | reset
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz(default=TimestamptzNow())
    used_at = Timestamptz(null=True, default=None)
    created_by = ForeignKey(references=Staff, null=True)



class AdminChange(Table):
    """Who changed a library, a place or a staff account, when, and from what to what."""

    subject = Varchar(length=20, index=True)  # branch | place | staff
    subject_id = Integer(index=True)
    at = Timestamptz(default=TimestamptzNow())
    staff = ForeignKey(references=Staff, null=True)
    action = Varchar(length=40)
    details = JSON(default={})



NETWORK_TABLES: list[type[Table]] = [
    Network,
    Branch,
    BranchLogo,
    BranchClosure,
    BranchPopulation,
    Staff,
    StaffToken,
    AdminChange,
]
