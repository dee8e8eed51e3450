"""An item's picture: a photo from the librarian's phone or the event's own poster. Pillow reads
it, turns it upright, shrinks it to at most 1600 px and writes a fresh JPEG, so nothing of the
original file travels on: not its size, not its EXIF (the phone's GPS position, the camera, the
time). One picture per item; a new one replaces the old."""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from models.kernel.clock import utcnow
from models.kernel.db import transaction
from models.kernel.tables import Item, ItemPicture
from models.kernel.validation import ValidationFailed, clean_text
from models.planning.programme import record_and_tell

MAX_BYTES = 12 * 1024 * 1024  # a phone's photo is 3–8 MB
MAX_SIDE = 1600
MAX_PIXELS = 50_000_000  # past this, a "photo" is a decompression bomb, not a picture
READ_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}  # MPO: what some phones call their JPEGs
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class Picture:
    data: bytes
    width: int
    height: int
    digest: str


def prepare(raw: bytes) -> Picture:
    """The picture as Afiša keeps it, or ValidationFailed({"picture": code}) for a file that is not one."""
    if not raw:
        raise ValidationFailed({"picture": "picture_missing"})
    if len(raw) > MAX_BYTES:
        raise ValidationFailed({"picture": "picture_too_large"})
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format not in READ_FORMATS:
                raise ValidationFailed({"picture": "picture_format"})
            image.load()
            upright = ImageOps.exif_transpose(image)
            if upright.mode in ("RGBA", "LA", "P"):
                # a transparent poster on white, as it would be printed
                upright = upright.convert("RGBA")
                flat = Image.new("RGB", upright.size, "white")
                flat.paste(upright, mask=upright.split()[-1])
                upright = flat
            picture = upright.convert("RGB")
            picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            # a new JPEG with nothing but the pixels: no EXIF, no GPS, no ICC profile, no comments
            picture.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        raise ValidationFailed({"picture": "picture_format"}) from None
    data = out.getvalue()
    return Picture(data, picture.width, picture.height, hashlib.sha256(data).hexdigest()[:16])


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
