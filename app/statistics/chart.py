"""Monthly bar charts as inline SVG (the page's Content-Security-Policy forbids inline styles, and
SVG attributes print as they are): this year's bar beside last year's, for every month of the
period, with the numbers in the SVG's <desc> for screen readers and a table beside it."""
from __future__ import annotations

from dataclasses import dataclass

HEIGHT = 160  # the bars' area
TOP = 18  # room for the value above the tallest bar
BOTTOM = 22  # room for the month labels
LEFT = 8
SLOT = 44  # one month: two bars and a gap
BAR = 16


@dataclass
class Bar:
    x: int
    y: float
    width: int
    height: float
    value: int
    which: str  # this | last


def _nice_top(value: int) -> int:
    """A round top of the scale a bit above the largest value (so bars never touch the top)."""
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    return ((value // step) + 1) * step


def bar_chart(labels: list[str], this: list[int], last: list[int]) -> dict:
    top = _nice_top(max(this + last + [0]))
    bars, ticks = [], []
    for index, (name, now, then) in enumerate(zip(labels, this, last)):
        left = LEFT + index * SLOT
        for offset, value, which in ((2, then, "last"), (2 + BAR + 2, now, "this")):
            height = round(HEIGHT * value / top, 1)
            bars.append(Bar(left + offset, TOP + HEIGHT - height, BAR, height, value, which))
        ticks.append({"x": left + 2 + BAR + 1, "label": name})
    return {
        "bars": bars, "ticks": ticks, "top": top, "width": LEFT * 2 + SLOT * len(labels),
        "height": TOP + HEIGHT + BOTTOM, "baseline": TOP + HEIGHT, "label_y": TOP + HEIGHT + 15,
    }
