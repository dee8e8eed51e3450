"""The metadata of a msgspec field: its documentation, which the OpenAPI schema shows (never a
constraint the decoder enforces), and the bounds of a database id, which the decoder does enforce."""
from __future__ import annotations

import msgspec

# the largest PostgreSQL integer: an id beyond it can only be a wrong one (400, not a database error)
INT32_MAX = 2**31 - 1


def doc(description: str, *examples) -> msgspec.Meta:
    """A field's documentation, with the examples the OpenAPI document shows (none by default)."""
    return msgspec.Meta(description=description or None, examples=list(examples) or None)


def choices(enum_type) -> str:
    return ", ".join(member.value for member in enum_type)


def row_id(description: str = "") -> msgspec.Meta:
    return msgspec.Meta(ge=1, le=INT32_MAX, description=description or None)
