"""External calendars shown over the planner. What other areas may use is imported
here; everything else in this folder is the area's own (tests/test_architecture.py)."""
