"""Outreach: book sets and their rotation, home readers, delivery rounds (the pages). What other
areas of the web layer may use is imported here."""
from __future__ import annotations

from app.outreach.texts import error_texts as outreach_error_texts
from app.outreach.texts import problem_texts

__all__ = ["outreach_error_texts", "problem_texts"]
