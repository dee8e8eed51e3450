"""Pages where staff see, renew and revoke secret feed links: her own private feed (/me/feed) and a
partner's feed (/partners/{id}/feed). Only the token's hash is stored, so a link is shown once,
on the page that answers the renewal; afterwards the page says since when a link exists."""
from __future__ import annotations

import segno
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException

from litestar.response import Redirect, Template

from app.kernel.web import RowId, require_branch
from models.publishing import feed_tokens
from models.kernel.network_tables import Branch
from models.kernel.tables import Partner


def feed_links(request: Request, kind: str, token: str) -> dict[str, str]:
    https = f"{request.app.state.settings.base_url}/feeds/{kind}/{token}.ics"
    # a teacher scans the code with her phone instead of typing a 60-character address
    qr = segno.make(https, error="m").svg_inline(scale=4, title=None)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1], "qr_svg": qr}


async def _own_branch(staff: dict) -> dict | None:
    if not staff["branch"]:
        return None
    return await Branch.select(Branch.slug, Branch.short_name).where(Branch.id == staff["branch"]).first()


async def _partner(partner_id: int, staff: dict) -> dict:
    partner = await Partner.select(Partner.id, Partner.name, Partner.branch, Partner.active).where(Partner.id == partner_id).first()
    if partner is None:
        raise NotFoundException()
    # a partner of one branch is that branch's to manage; renewing a network partner's link would
    # break its subscription for every branch, so that is a coordinator's (require_branch(None) refuses others)
    require_branch(staff, partner["branch"])
    return partner


class FeedLinksController(Controller):
    async def _me_page(self, request: Request, staff: dict, links: dict | None = None) -> Template:
        context = {
            "staff": staff, "links": links, "token": await feed_tokens.active_token(feed_tokens.STAFF, staff["id"]),
            "branch": await _own_branch(staff), "base_url": request.app.state.settings.base_url,
        }
        return Template("publishing/feeds/me.html", context=context)

    @get("/me/feed", include_in_schema=False)
    async def me(self, request: Request, staff: NamedDependency[dict]) -> Template:
        return await self._me_page(request, staff)

    @post("/me/feed/renew", include_in_schema=False, status_code=200)
    async def me_renew(self, request: Request, staff: NamedDependency[dict]) -> Template:
        token = await feed_tokens.renew(feed_tokens.STAFF, staff["id"])
        return await self._me_page(request, staff, feed_links(request, "private", token))

    @post("/me/feed/revoke", include_in_schema=False)
    async def me_revoke(self, staff: NamedDependency[dict]) -> Redirect:
        await feed_tokens.revoke(feed_tokens.STAFF, staff["id"])
        return Redirect(path="/me/feed", status_code=303)

    async def _partner_page(self, partner: dict, staff: dict, links: dict | None = None) -> Template:
        context = {
            "staff": staff, "partner": partner, "links": links,
            "token": await feed_tokens.active_token(feed_tokens.PARTNER, partner["id"]),
        }
        return Template("publishing/feeds/partner.html", context=context)

    @get("/partners/{partner_id:int}/feed", include_in_schema=False)
    async def partner(self, partner_id: RowId, staff: NamedDependency[dict]) -> Template:
        return await self._partner_page(await _partner(partner_id, staff), staff)

    @post("/partners/{partner_id:int}/feed/renew", include_in_schema=False, status_code=200)
    async def partner_renew(self, request: Request, partner_id: RowId, staff: NamedDependency[dict]) -> Template:
        partner = await _partner(partner_id, staff)
        token = await feed_tokens.renew(feed_tokens.PARTNER, partner["id"])
        return await self._partner_page(partner, staff, feed_links(request, "partner", token))

    @post("/partners/{partner_id:int}/feed/revoke", include_in_schema=False)
    async def partner_revoke(self, partner_id: RowId, staff: NamedDependency[dict]) -> Redirect:
        partner = await _partner(partner_id, staff)
        await feed_tokens.revoke(feed_tokens.PARTNER, partner["id"])
        return Redirect(path=f"/partners/{partner['id']}/feed", status_code=303)
