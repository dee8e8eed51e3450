"""Registration (web): places, the waiting list and residents' registrations without accounts.
What other areas may use is imported here: the public item page's section and the places left in
words for the item's feed entry; everything else in this folder is the area's own
(tests/test_architecture.py)."""
from __future__ import annotations

from app.registration.feed import places_left_in_words
from app.registration.public import public_section

__all__ = ["places_left_in_words", "public_section"]
