"""Outreach: book sets and their rotation at service points, home delivery readers and the day's
delivery rounds (issue 14). What other areas may use is imported here; everything else in this
folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from models.outreach.notices import Notice, due_notices, notice_text, queue_notice, stage_of
from models.outreach.readers import (
    CARRIERS, PARTS_OF_DAY, RETENTION_MONTHS, ReaderDraft, already_read, anonymise_inactive, can_see, due_readers, erase_reader,
    export_reader, is_due, reader_detail, readers_of, save_reader, validate_reader,
)
from models.outreach.rotation import (
    HORIZON_DAYS, REPEAT_MONTHS, OpenDays, Proposal, accept_proposal, lend_set, open_days, placement_detail, planned_deliveries,
    proposals, recent_titles, return_set,
)
from models.outreach.rounds import (
    finish_round, finish_stop, move_stop, plan_round, reopen_stop, round_detail, round_of, rounds_of, set_bring,
)
from models.outreach.sets import (
    MAX_TITLES, RECEIVERS, SetDraft, TitleLine, TitleProblem, TitlesRejected, add_titles, parse_csv, parse_pasted, remove_title,
    replace_titles, save_set, set_active, set_detail, sets_of, title_key, titles_of, validate_set,
)

__all__ = [
    "CARRIERS", "HORIZON_DAYS", "MAX_TITLES", "Notice", "OpenDays", "PARTS_OF_DAY", "Proposal", "REPEAT_MONTHS", "RECEIVERS",
    "RETENTION_MONTHS", "ReaderDraft", "SetDraft", "TitleLine", "TitleProblem", "TitlesRejected", "accept_proposal", "add_titles",
    "already_read", "anonymise_inactive", "can_see", "due_notices", "due_readers", "erase_reader", "export_reader", "finish_round",
    "finish_stop", "is_due", "lend_set", "move_stop", "notice_text", "open_days", "parse_csv", "parse_pasted", "placement_detail",
    "plan_round", "planned_deliveries", "proposals", "queue_notice", "reader_detail", "readers_of", "recent_titles", "remove_title",
    "reopen_stop", "replace_titles", "return_set", "round_detail", "round_of", "rounds_of", "save_reader", "save_set", "set_active",
    "set_bring", "set_detail", "sets_of", "stage_of", "title_key", "titles_of", "validate_reader", "validate_set",
]
