"""What the public sees: the public scope of the programme and the feeds' tokens. What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
from __future__ import annotations

from models.publishing.version import programme_version

from models.publishing.feed_tokens import TOKEN_SHAPE, hash_token
from models.publishing.publication import Scope, items_in_scope, shown_publicly

__all__ = [
    "programme_version",
    "TOKEN_SHAPE",
    "hash_token",
    "shown_publicly",
    "Scope",
    "items_in_scope",
]
