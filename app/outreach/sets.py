"""(being written)"""
SET_HANDLERS: list = []
