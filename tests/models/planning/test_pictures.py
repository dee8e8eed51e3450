"""An item's picture: upright, at most 1600 px, and nothing of the original file kept (no GPS)."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from models.kernel.tables import ItemChange, ItemPicture
from models.kernel.validation import ValidationFailed
from models.kernel.pictures import prepare
from models.planning.pictures import picture_of, remove_picture, save_picture
from models.planning.programme import create_item
from tests.models import make_draft

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_photo(width: int = 4000, height: int = 3000, *, fmt: str = "JPEG") -> bytes:
    """A phone's photo: taken sideways (EXIF orientation 6) with the place it was taken in its GPS tags."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Telefons"  # the camera's maker
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (56.0, 21.0, 0.0), 3: "E", 4: (26.0, 30.0, 0.0)})
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


def test_prepare_turns_a_phone_photo_upright_shrinks_it_and_drops_its_gps():
    picture = prepare(phone_photo())

    kept = Image.open(io.BytesIO(picture.data))
    assert (kept.format, kept.size, (picture.width, picture.height)) == ("JPEG", (1200, 1600), (1200, 1600))
    assert dict(kept.getexif()) == {}
    assert b"Telefons" not in picture.data


def test_prepare_refuses_a_file_that_is_not_a_picture():
    with pytest.raises(ValidationFailed) as refused:
        prepare(b"%PDF-1.7 not a picture")

    assert refused.value.errors == {"picture": "picture_format"}


def test_prepare_puts_a_transparent_poster_on_white():
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")

    picture = prepare(out.getvalue())

    assert Image.open(io.BytesIO(picture.data)).getpixel((10, 10)) == (255, 255, 255)


async def test_a_new_picture_replaces_the_old_and_both_are_in_the_history(branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian), librarian["id"])

    first = await save_picture(item_id, phone_photo(800, 600), "Ziepju gatavošana", librarian["id"])
    second = await save_picture(item_id, phone_photo(600, 800), "Gatavās ziepes", librarian["id"])

    assert first.digest != second.digest
    assert await ItemPicture.count() == 1
    assert await picture_of(item_id) == {"width": 800, "height": 600, "digest": second.digest, "alt": "Gatavās ziepes"}
    assert await remove_picture(item_id, librarian["id"]) is True
    actions = [row["action"] for row in await ItemChange.select(ItemChange.action).where(ItemChange.item == item_id).order_by(ItemChange.id)]
    assert actions == ["created", "picture_added", "picture_added", "picture_removed"]
