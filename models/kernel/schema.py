"""Every table, in foreign-key order: a table comes after the tables it references. Backup and
restore write and read them in this order, the tests empty them in the reverse, Piccolo's app
lists them for its migrations, and models/kernel/db.use_engine points them at one engine."""
from piccolo.table import Table

from models.kernel.network_tables import NETWORK_TABLES
from models.kernel.outreach_tables import OUTREACH_TABLES
from models.kernel.registration_tables import REGISTRATION_TABLES
from models.kernel.sms_tables import SMS_TABLES
from models.kernel.tables import KERNEL_TABLES

ALL_TABLES: list[type[Table]] = [*NETWORK_TABLES, *KERNEL_TABLES, *OUTREACH_TABLES, *REGISTRATION_TABLES, *SMS_TABLES]
