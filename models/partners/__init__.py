"""Partners: the directory, confirmation requests, answers, follow-ups and notifications. What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from models.partners.confirmations import AnswerRefused, accept_proposal, answer, ask, configure as configure_tokens, request_item, requests_of, revoke, token_for
from models.partners.directory import (can_edit_partner, contact_of, deactivate_contact, partner_detail, save_contact, save_partner,
                                       set_partner_active, validate_contact, validate_partner)
from models.partners.followups import marks
from models.partners.messages import answer_note, change_word
from models.partners.notifications import item_section

__all__ = [
    "AnswerRefused",
    "accept_proposal",
    "answer",
    "ask",
    "configure_tokens",
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
