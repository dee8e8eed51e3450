"""Partners: the directory, confirmation requests, answers, follow-ups and notifications. What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from models.partners.confirmations import AnswerRefused, accept_proposal, answer, ask, request_item, requests_of, revoke, token_for
from models.partners.cooperation import (TEXT_MAX as COOPERATION_TEXT_MAX, CooperationDraft, cooperation_of, counts_for_year,
                                         parse_year as parse_cooperation_year, partner_for as cooperation_partner, partners_for as cooperation_partners,
                                         prefill as cooperation_prefill,
                                         records_of as cooperation_records, save_cooperation, set_credited, validate_cooperation)
from models.partners.directory import (can_edit_partner, contact_of, deactivate_contact, partner_detail, save_contact, save_partner,
                                       set_partner_active, validate_contact, validate_partner)
from models.partners.followups import marks
from models.partners.messages import answer_note, change_word
from models.partners.notifications import item_section

__all__ = [
    "COOPERATION_TEXT_MAX",
    "CooperationDraft",
    "cooperation_of",
    "cooperation_partner",
    "cooperation_partners",
    "cooperation_prefill",
    "cooperation_records",
    "counts_for_year",
    "parse_cooperation_year",
    "save_cooperation",
    "set_credited",
    "validate_cooperation",
    "AnswerRefused",
    "accept_proposal",
    "answer",
    "ask",
    "token_for",
    "request_item",
    "requests_of",
    "revoke",
    "can_edit_partner",
    "contact_of",
    "deactivate_contact",
    "partner_detail",
    "save_contact",
    "save_partner",
    "set_partner_active",
    "validate_contact",
    "validate_partner",
    "answer_note",
    "change_word",
    "item_section",
    "marks",
]
