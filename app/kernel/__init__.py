"""The web layer's shared kernel, open to every area of app/ (as models/kernel/ is to the domain's):
the app's settings from the environment (`settings.py`), pages and fragments (`web.py`), Jinja and
its filters (`templating.py`), the request's language (`i18n.py`), error pages (`errors.py`), the
write guard for SQLite's lock (`guard.py`), health (`health.py`), the background tasks and the one
process that runs them (`background.py`, `leader.py`), logs with secrets masked (`logs.py`),
static files from memory (`static.py`) and a page to PDF through Chromium (`printing.py`).
It never imports an area of app/."""
