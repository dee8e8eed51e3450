"""Statistics pages and downloads (issue 5)."""
STATISTICS_HANDLERS: list = []
