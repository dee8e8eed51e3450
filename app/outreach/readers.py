"""(being written)"""
READER_HANDLERS: list = []
