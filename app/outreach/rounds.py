"""(being written)"""
ROUND_HANDLERS: list = []
