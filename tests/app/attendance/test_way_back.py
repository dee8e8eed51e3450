"""The attendance form's way back (`next`) goes only to a path of this site, never to another."""
from __future__ import annotations

import pytest

from app.attendance.controllers import _next


@pytest.mark.parametrize("value, expected", [("/items/7", "/items/7"), ("/\t/evil.example", "/attendance"), ("//evil.example", "/attendance"),
                                             ("/\n/evil.example", "/attendance"), ("https://evil.example", "/attendance")])
def test_attendance_form_goes_back_only_to_a_path_of_this_site(value, expected):
    assert _next(value) == expected
