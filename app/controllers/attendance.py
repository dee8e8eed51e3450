"""Attendance: the dashboard of sessions that lack it and the form that records it (issue 5)."""
ATTENDANCE_HANDLERS: list = []
