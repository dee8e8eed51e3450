"""An item's picture: uploaded from the item page (a phone's camera too), and served at an address
that carries its digest, to residents once the item is public and to staff always."""
from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.kernel.i18n import error_texts, translate
from app.planning.items import item_page
from app.kernel.web import RowId, require_branch, say
from calendars.feed import picture_path
from models.kernel.tables import Item
from models.kernel.validation import ValidationFailed
from models.planning import picture_bytes, remove_picture, save_picture
from models.kernel.pictures import MAX_BYTES
from models.publishing import shown_publicly

YEAR = 365 * 24 * 3600


async def _branch_of(item_id: int) -> dict:
    item = await Item.select(Item.id, Item.branch, Item.is_public, Item.status).where(Item.id == item_id).first()
    if item is None:
        raise NotFoundException()
    return item


class PictureController(Controller):
    include_in_schema = False

    @post("/items/{item_id:int}/picture", request_max_body_size=MAX_BYTES + 64 * 1024)
    async def upload(self, request: Request, staff: NamedDependency[dict], item_id: RowId) -> Redirect | Template:
        require_branch(staff, (await _branch_of(item_id))["branch"])
        form = await request.form()
        upload = form.get("picture")
        raw = await upload.read() if isinstance(upload, UploadFile) else b""
        try:
            await save_picture(item_id, raw, str(form.get("alt") or ""), staff["id"])
        except ValidationFailed as failed:  # back on the item, the message beside the form, nothing else lost
            message = " ".join(error_texts(failed.errors, request.state.lang).values())
            return await item_page(request, staff, item_id, picture_error=message, status_code=422)
        say(request, translate("Attēls pievienots: tas rādās afišā, ierakstā un kalendāru plūsmās.", request.state.lang))
        return Redirect(path=f"/items/{item_id}#picture", status_code=303)

    @post("/items/{item_id:int}/picture/delete")
    async def delete(self, request: Request, staff: NamedDependency[dict], item_id: RowId) -> Redirect:
        require_branch(staff, (await _branch_of(item_id))["branch"])
        if await remove_picture(item_id, staff["id"]):
            say(request, translate("Attēls noņemts.", request.state.lang))
        return Redirect(path=f"/items/{item_id}#picture", status_code=303)

    @get("/pictures/{item_id:int}/{name:str}")
    async def picture(self, request: Request, item_id: RowId, name: FromPath[str]) -> Response:
        """The same 404 for an unknown item, a wrong digest and a picture not yet public."""
        item = await Item.select(Item.id, Item.is_public, Item.status).where(Item.id == item_id).first()
        public = item is not None and shown_publicly(item)
        if item is None or not (public or getattr(request.state, "staff", None)):
            raise NotFoundException()
        digest = name.removesuffix(".jpg")
        data = await picture_bytes(item_id, digest)
        if data is None or picture_path(item_id, digest) != request.url.path:
            raise NotFoundException()
        cache = f"public, max-age={YEAR}, immutable" if public else "private, max-age=3600"
        return Response(content=data, media_type="image/jpeg", headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"})
