"""Signing in and out, sessions, passwords (web). What other areas may use is imported here."""
from __future__ import annotations

from app.auth.controllers import sign_in
from app.auth.passwords import MIN_LENGTH, hash_password, verify_password

__all__ = ["MIN_LENGTH", "hash_password", "sign_in", "verify_password"]
