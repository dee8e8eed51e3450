"""The domain of Afiša: tables, enums and the rules that need no HTTP.

Layer order (imports only go down this list): models -> calendars -> app.
Nothing in this package imports litestar or app.
"""
import os

os.environ.setdefault("PICCOLO_CONF", "models.piccolo_conf")
