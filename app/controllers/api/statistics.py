"""JSON API for statistics (issue 5)."""
STATISTICS_API_HANDLERS: list = []
