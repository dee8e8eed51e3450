"""The public programme: what a resident reads without logging in (the network's and each
branch's programme, an item's page with "add to calendar"), the printable A4 poster, and the
script-free fragment a municipality's site frames. Every page reads the programme through
models.publishing.publication, so internal and draft items never reach them."""
from __future__ import annotations

from datetime import datetime, timedelta

import segno
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.publishing import texts as public_text
from app.registration import public_section

from app.publishing import view as public_view
from app.publishing.view import Filters
from app.kernel.web import RowId, page_or_fragment
from models.kernel.clock import local_now, local_today
from models.publishing.publication import Scope, branch_by_slug, items_in_scope, shown_publicly
from models.network import logo_of
from models.planning import item_detail, picture_of
from models.kernel.network_tables import Branch
from models.kernel.tables import Place

EMBED_DAYS = 45
EMBED_LIMIT = 12
EMBED_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; frame-ancestors *; base-uri 'none'; form-action 'none'"


def _base_url(request: Request) -> str:
    return request.app.state.settings.base_url.rstrip("/")


async def _branch(slug: str) -> dict:
    branch = await branch_by_slug(slug)
    if branch is None:
        raise NotFoundException()
    return branch


def _embed_headers(response):
    """The one page another site may frame: this hook replaces the app's, which forbids framing."""
    response.headers["Content-Security-Policy"] = EMBED_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers.pop("X-Frame-Options", None)
    return response


class PublicController(Controller):
    path = "/"
    include_in_schema = False

    async def _programme(self, request: HTMXRequest, branch: dict | None, view, month, kind, audience) -> Template:
        flt = Filters.read(view, month, kind, audience, local_today())
        context = await public_view.programme(branch, flt, local_today(), request.state.lang)
        context["branches"] = await Branch.select(Branch.name, Branch.short_name, Branch.slug).where(Branch.closed_on.is_null()).order_by(Branch.is_central, ascending=False).order_by(Branch.name)
        context["base_url"] = _base_url(request)
        return page_or_fragment(request, "publishing/public/programme.html", "publishing/public/_programme.html", context)

    @get("/programme")
    async def network(self, request: HTMXRequest, view: FromQuery[str | None] = None, month: FromQuery[str | None] = None,
                      kind: FromQuery[list[str] | None] = None, audience: FromQuery[list[str] | None] = None) -> Template:
        return await self._programme(request, None, view, month, kind, audience)

    @get("/programme/{branch_slug:str}")
    async def branch(self, request: HTMXRequest, branch_slug: FromPath[str], view: FromQuery[str | None] = None, month: FromQuery[str | None] = None,
                     kind: FromQuery[list[str] | None] = None, audience: FromQuery[list[str] | None] = None) -> Template:
        return await self._programme(request, await _branch(branch_slug), view, month, kind, audience)

    @get("/programme/{branch_slug:str}/{item_id:int}")
    async def item(self, request: Request, branch_slug: FromPath[str], item_id: RowId) -> Template:
        branch = await _branch(branch_slug)
        item = await public_view.visible_item(branch, item_id)
        if item is None:
            raise NotFoundException()
        language, base_url = request.state.lang, _base_url(request)
        sessions = public_view.sessions_of([item], language)
        now = local_now()
        upcoming = [s for s in sessions if s["ends_at"] > now] or sessions
        main = next((s for s in upcoming if not s["cancelled"]), upcoming[0])
        context = {
            "branch": branch, "item": item, "sessions": sessions, "upcoming": upcoming, "main": main,
            "links": public_view.calendar_links(item, main, base_url), "feed_path": public_view.feed_path(branch), "base_url": base_url,
            "announcement": public_text.announcement(item, upcoming, base_url + public_view.item_path(item), "lv"),
            "registration": await public_section(request, item),
        }
        # the places left change with every registration, and the form holds this visitor's CSRF token
        headers = {"Cache-Control": "no-store"} if context["registration"] else {}
        return Template(template_name="publishing/public/item.html", context=context, headers=headers)

    @get("/programme/{branch_slug:str}/poster")
    async def poster(self, request: Request, branch_slug: FromPath[str], month: FromQuery[str | None] = None) -> Template:
        branch = await _branch(branch_slug)
        request.state.lang = "lv"  # the poster on the parish stand is in Latvian, whatever the reader's setting
        first = public_view.parse_month(month, local_today()) or local_today().replace(day=1)
        last = public_view.add_months(first, 1)
        items = await items_in_scope(Scope(branch_ids=(branch["id"],)), datetime.combine(first, datetime.min.time()), datetime.combine(last, datetime.min.time()))
        sessions = public_view.sessions_of(items, "lv")
        # exhibitions run for weeks: a list of their own above the dated programme
        long_running = [s for s in sessions if s["all_day"] and s["last_day"] > s["starts_at"].date()]
        dated = [s for s in sessions if s not in long_running]
        by_day = public_view.by_day(dated, first)
        programme_url = f"{_base_url(request)}/programme/{branch['slug']}"
        # a busy month is set smaller so that the address, the hours and the code stay on the one page
        lines = len(long_running) * 2 + sum(1 + len(rows) * 2 for _, rows in by_day)
        context = {
            "branch": branch, "month": first, "heading": public_text.month_locative(first), "exhibitions": long_running,
            "by_day": by_day, "day_phrase": public_text.day_phrase, "programme_url": programme_url,
            "density": "dense" if lines > 24 else "roomy", "logo": await logo_of(branch["id"]),
            # the month's first picture heads the poster (the others are on the web page)
            "poster_picture": next((s for s in dated + long_running if s["item"].get("picture") and not s["cancelled"]), None), "qr_svg": segno.make(programme_url, error="m").svg_inline(scale=3, title=None),
            "prev_month": public_view.add_months(first, -1).strftime("%Y-%m"), "next_month": public_view.add_months(first, 1).strftime("%Y-%m"),
            "base_url": _base_url(request),
        }
        return Template(template_name="publishing/public/poster.html", context=context)

    @get("/programme/{branch_slug:str}/embed-code")
    async def embed_code(self, request: Request, branch_slug: FromPath[str]) -> Template:
        branch = await _branch(branch_slug)
        src = f"{_base_url(request)}/embed/{branch['slug']}"
        title = f"{branch['short_name']}: {public_text.translate('programma', request.state.lang)}"
        snippet = f'<iframe src="{src}" title="{title}" width="100%" height="520" style="border:0;max-width:40rem" loading="lazy"></iframe>'
        return Template(template_name="publishing/public/embed_code.html", context={"branch": branch, "snippet": snippet, "src": f"/embed/{branch['slug']}"})

    @get("/embed/{branch_slug:str}", after_request=_embed_headers)
    async def embed(self, request: Request, branch_slug: FromPath[str]) -> Template:
        branch = await _branch(branch_slug)
        today = local_today()
        start = datetime.combine(today, datetime.min.time())
        items = await items_in_scope(Scope(branch_ids=(branch["id"],)), start, start + timedelta(days=EMBED_DAYS))
        sessions = public_view.sessions_of(items, request.state.lang)[:EMBED_LIMIT]
        context = {"branch": branch, "sessions": sessions, "base_url": _base_url(request), "feed_path": public_view.feed_path(branch)}
        return Template(template_name="publishing/public/embed.html", context=context)

    @get("/items/{item_id:int}/announcement")
    async def staff_announcement(self, request: Request, staff: NamedDependency[dict], item_id: RowId) -> Template:
        """For the planner's item page: the post text, drafts and internal items included (staff only)."""
        item = await item_detail(item_id)
        if item is None:
            raise NotFoundException()
        branch = await Branch.select().where(Branch.id == item["branch"]).first()
        place = await Place.select(Place.address).where(Place.id == item["place"]).first() if item["place"] else None
        item.update(branch_slug=branch["slug"], branch_address=branch["address"], branch_short_name=branch["short_name"], place_address=(place or {}).get("address", ""))
        sessions = sorted(item["occurrences"], key=lambda s: s["starts_at"])
        now = local_now()
        public = shown_publicly(item)
        url = _base_url(request) + public_view.item_path(item) if public else None
        text = public_text.announcement(item, [s for s in sessions if s["ends_at"] > now] or sessions, url, "lv")
        return Template(template_name="publishing/public/_announcement.html",
                        context={"announcement": text, "item": item, "staff_page": True, "public_url": url, "picture": await picture_of(item_id)})
