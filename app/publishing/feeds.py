"""Published iCalendar feeds: the network, a branch, a kind, an audience, a place, a partner's
and a staff member's secret feeds, and one item's .ics. Every one is the public view that
models.publishing.publication defines (or, behind a token, the partner's or the staff member's view),
built by calendars.feed and served by app.publishing.feed_http.

Path parameters are whole segments in Litestar, so each route takes "name.ics" and strips the
suffix; anything unknown answers the same plain 404 (a token's absence must not be told apart
from its revocation)."""
from __future__ import annotations

import os
from datetime import date, datetime
from urllib.parse import urlsplit

from litestar import HttpMethod, Request, Response, route
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from app.publishing.feed_links import FeedLinksController
from app.publishing.feed_http import PRIVATE, PUBLIC, cache_of, feed_response
from app.kernel.i18n import label
from app.registration import places_left_in_words
from app.kernel.web import digits
from calendars.feed import FeedInfo, build_calendar, last_change
from models.publishing import feed_tokens
from models.kernel.clock import local_today
from models.kernel.enums import Audience, Kind, Role
from models.publishing.publication import Scope, branch_by_slug, items_in_scope
from models.kernel.network_tables import Staff
from models.kernel.tables import Item, Partner, Place

KINDS = {kind.value for kind in Kind}
AUDIENCES = {audience.value for audience in Audience}
OPTS = {"skip_session": True, "exclude_from_csrf": True}  # feeds are read by calendar programs, not browsers


def _stem(segment: str) -> str:
    if not segment.endswith(".ics") or len(segment) <= 4:
        raise NotFoundException()
    return segment[:-4]


def organizer_email(request: Request) -> str:
    settings = request.app.state.settings
    configured = settings.extra.get("organizer_email") or os.environ.get("AFISA_ORGANIZER_EMAIL")
    if configured:
        return configured
    host = urlsplit(settings.base_url).hostname or "localhost"
    return f"programma@{host if any(c.isalpha() for c in host) else 'localhost'}"


def feed_horizon(today: date) -> datetime:
    """Feeds carry what ends after the first day of the month three months back: a year of a
    network's programme would outgrow the 1 MB clients accept, and the horizon moves once a
    month, so the bytes stay the same between changes of the data within a month."""
    month = today.month - 3
    return datetime(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


async def _serve(request: Request, name: str, scope: Scope, *, cache_control: str = PUBLIC,
                 only_uid: str | None = None, filename: str | None = None) -> Response:
    async def build():
        items = await items_in_scope(scope, since=feed_horizon(local_today()))
        if only_uid is not None:
            items = [item for item in items if item["uid"] == only_uid]
            if not items:
                raise NotFoundException()
        places = {row["id"]: row for row in await Place.select(Place.id, Place.name, Place.address)}
        kind_labels = {code: label(code, "lv") for code in KINDS}
        info = FeedInfo(name=name, base_url=request.app.state.settings.base_url, organizer_email=organizer_email(request),
                        kind_labels=kind_labels, places=places, places_left=await places_left_in_words(item["id"] for item in items))
        return build_calendar(items, info), last_change(items)

    public = cache_control == PUBLIC and only_uid is None
    feed = await cache_of(request).get(request.url.path, build, public=public)
    return feed_response(request, feed, cache_control=cache_control, filename=filename)


async def _branch(slug: str) -> dict:
    branch = await branch_by_slug(slug)
    if branch is None:
        raise NotFoundException()
    return branch


def _known(value: str, codes: set[str]) -> str:
    if value not in codes:
        raise NotFoundException()
    return value


async def _area(slug: str) -> tuple[tuple[int, ...] | None, str]:
    """A branch slug or "network": the branch ids of a scope and the feed's name."""
    if slug == "network":  # i18n: a feed has one name for every subscriber, in the library's language
        return None, "Afiša · Visas bibliotēkas"
    branch = await _branch(slug)
    return (branch["id"],), f"Afiša · {branch['short_name']}"


GET_HEAD = [HttpMethod.GET, HttpMethod.HEAD]


@route("/feeds/{segment:str}", http_method=GET_HEAD, opt=OPTS, include_in_schema=False)
async def area_feed(request: Request, segment: FromPath[str]) -> Response:
    branch_ids, name = await _area(_stem(segment))
    return await _serve(request, name, Scope(branch_ids=branch_ids))


@route("/feeds/{slug:str}/kind/{segment:str}", http_method=GET_HEAD, opt=OPTS, include_in_schema=False)
async def kind_feed(request: Request, slug: FromPath[str], segment: FromPath[str]) -> Response:
    kind = _known(_stem(segment), KINDS)
    branch_ids, name = await _area(slug)
    return await _serve(request, f"{name} · {label(kind, 'lv')}", Scope(branch_ids=branch_ids, kinds=(kind,)))


@route("/feeds/{slug:str}/audience/{segment:str}", http_method=GET_HEAD, opt=OPTS, include_in_schema=False)
async def audience_feed(request: Request, slug: FromPath[str], segment: FromPath[str]) -> Response:
    audience = _known(_stem(segment), AUDIENCES)
    branch_ids, name = await _area(slug)
    return await _serve(request, f"{name} · {label(audience, 'lv')}", Scope(branch_ids=branch_ids, audiences=(audience,)))


@route("/feeds/{slug:str}/place/{segment:str}", http_method=GET_HEAD, opt=OPTS, include_in_schema=False)
async def place_feed(request: Request, slug: FromPath[str], segment: FromPath[str]) -> Response:
    place_id = _stem(segment)
    branch = await _branch(slug)
    number = digits(place_id)
    place = await Place.select().where(Place.id == number).first() if number is not None else None
    if place is None or place["branch"] != branch["id"]:
        raise NotFoundException()
    # what is held at the place, whichever branch planned it (the care centre sees every visit)
    return await _serve(request, f"Afiša · {branch['short_name']} · {place['name']}", Scope(place_id=place["id"]))


@route("/feeds/partner/{segment:str}", http_method=GET_HEAD, opt=OPTS, include_in_schema=False)
async def partner_feed(request: Request, segment: FromPath[str]) -> Response:
    token = await feed_tokens.resolve(_stem(segment), feed_tokens.PARTNER)
    partner = await Partner.select().where(Partner.id == token["partner"]).first() if token else None
    if partner is None or not partner["active"]:
        raise NotFoundException()
    scope = Scope(partner_id=partner["id"], include_internal=True)
    return await _serve(request, f"Afiša · {partner['name']}", scope, cache_control=PRIVATE)


@route("/feeds/private/{segment:str}", http_method=GET_HEAD, opt=OPTS, include_in_schema=False)
async def private_feed(request: Request, segment: FromPath[str]) -> Response:
    token = await feed_tokens.resolve(_stem(segment), feed_tokens.STAFF)
    staff = await Staff.select().where(Staff.id == token["staff"]).first() if token else None
    if staff is None or not staff["active"]:
        raise NotFoundException()
    network = staff["role"] == Role.COORDINATOR.value or staff["branch"] is None
    scope = Scope(branch_ids=None if network else (staff["branch"],), include_internal=True, include_drafts=True)
    # i18n: a feed has one name for every subscriber, in the library's language
    return await _serve(request, f"Afiša · {staff['display_name']} (iekšējais)", scope, cache_control=PRIVATE)


@route("/feeds/item/{segment:str}", http_method=GET_HEAD, opt=OPTS, include_in_schema=False)
async def item_feed(request: Request, segment: FromPath[str]) -> Response:
    uid = _stem(segment)
    item = await Item.select(Item.id, Item.title, Item.branch, Item.kind).where(Item.uid == uid).first()
    if item is None:
        raise NotFoundException()
    # the public scope of the item's branch and kind decides whether it may be shown at all
    scope = Scope(branch_ids=(item["branch"],), item_ids=(item["id"],))
    return await _serve(request, item["title"], scope, only_uid=uid, filename=f"afisa-{item['id']}.ics")


FEED_HANDLERS: list = [area_feed, kind_feed, audience_feed, place_feed, partner_feed, private_feed, item_feed, FeedLinksController]
