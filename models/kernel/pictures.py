"""Pictures as Afiša keeps them: Pillow reads an uploaded photo or poster, turns it upright,
shrinks it and writes a fresh JPEG, so nothing of the original file travels on: not its size,
not its EXIF (the phone's GPS position, the camera, the time). An item's picture
(models/planning/pictures.py) and a library's logo (models/network/branches.py) both go through here."""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from models.kernel.validation import ValidationFailed

MAX_BYTES = 12 * 1024 * 1024  # a phone's photo is 3–8 MB
MAX_PIXELS = 50_000_000  # past this, a "photo" is a decompression bomb, not a picture
READ_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}  # MPO: what some phones call their JPEGs
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class Picture:
    data: bytes
    width: int
    height: int
    digest: str


def prepare(raw: bytes, max_side: int = 1600) -> Picture:
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
            picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            # a new JPEG with nothing but the pixels: no EXIF, no GPS, no ICC profile, no comments
            picture.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        raise ValidationFailed({"picture": "picture_format"}) from None
    data = out.getvalue()
    return Picture(data, picture.width, picture.height, hashlib.sha256(data).hexdigest()[:16])
