"""An item's picture: a photo from the librarian's phone or the event's own poster, made ready by
models/kernel/pictures.py (upright, at most 1600 px, no EXIF or GPS). One picture per item; a new
one replaces the old."""
from __future__ import annotations

from models.kernel.clock import utcnow
from models.kernel.db import transaction
from models.kernel.pictures import Picture, prepare
from models.kernel.tables import Item, ItemPicture
from models.kernel.validation import ValidationFailed, clean_text
from models.planning.programme import record_and_tell


async def save_picture(item_id: int, raw: bytes, alt: str, staff_id: int | None) -> Picture:
    """Keep the item's picture (replacing any earlier one) with its description for those who cannot see it."""
    try:
        alt = clean_text(alt or "", 300)
    except ValueError as error:
        raise ValidationFailed({"alt": str(error)}) from None
    picture = prepare(raw)
    async with transaction():
        await ItemPicture.delete().where(ItemPicture.item == item_id)
        await ItemPicture.insert(ItemPicture(item=item_id, data=picture.data, width=picture.width, height=picture.height,
                                             digest=picture.digest, alt=alt, uploaded_at=utcnow(), uploaded_by=staff_id))
        # calendar programs read LAST-MODIFIED; the version is left alone, so an open edit form stays valid
        await Item.update({Item.updated_at: utcnow()}).where(Item.id == item_id)
        # a picture is part of what the feeds publish (RFC 7986 IMAGE): their ETag must change with it
        await record_and_tell(item_id, staff_id, "picture_added", {"picture": f"{picture.width}×{picture.height}"},
                              changes={"picture": [None, picture.digest]})
    return picture


async def remove_picture(item_id: int, staff_id: int | None) -> bool:
    async with transaction():
        gone = await ItemPicture.delete().where(ItemPicture.item == item_id).returning(ItemPicture.id)
        if gone:
            await record_and_tell(item_id, staff_id, "picture_removed", {}, changes={"picture": ["", None]})
    return bool(gone)


async def picture_of(item_id: int) -> dict | None:
    """The picture's facts without its bytes (for pages)."""
    return await ItemPicture.select(ItemPicture.width, ItemPicture.height, ItemPicture.digest, ItemPicture.alt).where(
        ItemPicture.item == item_id).first()


async def pictures_of(item_ids: list[int]) -> dict[int, dict]:
    if not item_ids:
        return {}
    rows = await ItemPicture.select(ItemPicture.item, ItemPicture.width, ItemPicture.height, ItemPicture.digest, ItemPicture.alt).where(
        ItemPicture.item.is_in(sorted(set(item_ids))))
    return {row["item"]: row for row in rows}


async def picture_bytes(item_id: int, digest: str) -> bytes | None:
    row = await ItemPicture.select(ItemPicture.data).where((ItemPicture.item == item_id) & (ItemPicture.digest == digest)).first()
    return bytes(row["data"]) if row else None
