"""JSON API: the records delivered to the statistics core, and their schema (issue 5)."""
CORE_API_HANDLERS: list = []
