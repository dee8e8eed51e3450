"""A planner cell's markup, built in Python: a busy month has a hundred of them, and printing
each through a Jinja macro (a dozen escaped values apiece) was half the planner's time."""
from __future__ import annotations

from markupsafe import Markup, escape


DRAGGABLE = ' draggable="true"'


def chip_html(s: dict, *, branch_tag: bool) -> Markup:
    """One session as the <li> the month, week and agenda views list (see planner/_session.html)."""
    e = escape
    dialog = (f' hx-get="/items/{s["item_id"]}/edit?occurrence={s["id"]}" hx-target="#dialog-body" hx-swap="innerHTML"'
              if s["editable"] else "")
    parts = [
        # an editable session can be dragged to another day (static/js/afisa.js; Alt+arrow keys on the keyboard)
        f'<li class="{e(s["css"])}" data-occurrence="{s["id"]}"{DRAGGABLE if s["editable"] else ""}>',
        f'<a href="/items/{s["item_id"]}"{dialog} title="{e(s["tooltip"])}">',
        f'<span class="branch-tag">{e(s["branch_name"])}</span>' if branch_tag else "",
        f'<time datetime="{e(s["iso"])}">{e(s["time_label"])}</time><span class="title">{e(s["title"])}</span>',
        f'<span class="range">{e(s["range_label"])}</span>' if s["range_label"] else "",
        f' <span class="visually-hidden">{e(s["spoken"])}</span>',
        (f'<span class="partner-mark" aria-hidden="true" title="{e(s["partner_mark"])}">{e(s["partner_symbol"])}</span>'
         if s["partner_mark"] else ""),
        (f'<span class="badge{" badge-cancelled" if s["badge_cancelled"] else ""}" aria-hidden="true">{e(s["badge"])}</span>'
         if s["badge"] else ""),
        "</a></li>",
    ]
    return Markup("".join(parts))
