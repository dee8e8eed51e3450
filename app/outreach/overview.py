"""(being written)"""
OVERVIEW_HANDLERS: list = []
