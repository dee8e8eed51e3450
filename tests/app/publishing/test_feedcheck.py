"""Every kind of feed, served by a running app on the demo data, through the eight parsers of
../shared/tools/feedcheck (ical.js, icalendar, recurring-ical-events, khal, Radicale, libical,
calcurse, node-ical). The tools live outside the repo and are installed by its setup.sh; where
they are missing the test skips and says how to install them."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from models.publishing import feed_tokens
from models.kernel.clock import local_today
from app.commands.demo.build import load_demo
from models.kernel.network_tables import Staff
from models.kernel.tables import Item, Partner, Place
from tests.conftest import password_hash

FEEDCHECK = Path(__file__).resolve().parents[4] / "shared" / "tools" / "feedcheck"
CHECK = FEEDCHECK / "check_feed.sh"
TOOLS_PYTHON = Path.home() / ".cache" / "afisa-feedcheck" / "venv" / "bin" / "python"
FEEDS = [
    "branch", "network", "branch_kind", "network_kind", "branch_audience", "network_audience",
    "place", "service_point", "partner", "private", "item",
]


@pytest.fixture
def feedcheck() -> Path:
    if not CHECK.exists():
        pytest.skip(f"{CHECK} is missing: the cross-parser check lives in the shared tools folder beside the repo")
    if not TOOLS_PYTHON.exists():
        pytest.skip(f"{TOOLS_PYTHON} is missing: run {FEEDCHECK / 'setup.sh'} once to install the parsers")
    return CHECK


@pytest.fixture
async def demo_paths(db) -> dict[str, str]:
    await load_demo(local_today(), lambda _password: password_hash())
    school = await Partner.select(Partner.id).where(Partner.name == "Rožupes pamatskola").first()
    maija = await Staff.select(Staff.id).where(Staff.username == "maija").first()
    hall = await Place.select(Place.id).where(Place.name == "Izstāžu zāle").first()
    care = await Place.select(Place.id).where(Place.name.like("%Rožlejas%")).first()
    exhibition = await Item.select(Item.uid).where((Item.kind == "exhibition") & (Item.status == "published")).first()
    return {
        "branch": "/feeds/rozupe.ics", "network": "/feeds/network.ics",
        "branch_kind": "/feeds/rozupe/kind/event.ics", "network_kind": "/feeds/network/kind/exhibition.ics",
        "branch_audience": "/feeds/rozupe/audience/children.ics", "network_audience": "/feeds/network/audience/seniors.ics",
        "place": f"/feeds/rozupe/place/{hall['id']}.ics", "service_point": f"/feeds/rozupe/place/{care['id']}.ics",
        "partner": f"/feeds/partner/{await feed_tokens.renew(feed_tokens.PARTNER, school['id'])}.ics",
        "private": f"/feeds/private/{await feed_tokens.renew(feed_tokens.STAFF, maija['id'])}.ics",
        "item": f"/feeds/item/{exhibition['uid']}.ics",
    }


@pytest.fixture
def live_feeds(demo_paths, live_server) -> dict[str, str]:
    return {name: live_server.url + path for name, path in demo_paths.items()}


# the live server comes from the browser tests' fixture: uvicorn in a thread, on the test database
from tests.live_server import live_server  # noqa: E402,F401


@pytest.mark.parametrize("feed", FEEDS)
def test_feedcheck_passes_every_parser_for_the_demo_feed(feedcheck, live_feeds, feed):
    run = subprocess.run([str(feedcheck), "--year", str(local_today().year), live_feeds[feed]],
                         capture_output=True, text=True, timeout=300)

    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    assert (run.returncode, last.startswith("feed ok: 8/8 parsers")) == (0, True), run.stdout[-3000:]
