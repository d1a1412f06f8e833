"""The community's logo: an image kept in the community file and printed beside its name on the
agenda.

A logo is a PNG or JPEG file of at most :data:`MAX_BYTES` and :data:`MAX_SIDE` pixels a side that
Pillow (which reportlab prints images with) reads whole. It is stored as it was chosen (never
re-encoded) in its own one-row table (:class:`~copdesk.models.CommunityLogo`), so that reading the
community never loads it.

:func:`set_logo`, :func:`clear_logo` and :func:`store_logo` each commit one transaction and change
nothing when they refuse; :func:`get_logo` reads the image, :func:`logo_info` only what describes
it. Every refusal is a :class:`~copdesk.errors.CopdeskError` in the user's language.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from copdesk.db import committed
from copdesk.errors import FileProblem, ValidationError
from copdesk.i18n import _, window
from copdesk.models import CommunityLogo

MAX_BYTES = 2 * 1024 * 1024  # 2 MB: a logo, not a photo album
MAX_SIDE = 6000  # pixels: beyond this an image costs hundreds of MB to decode
# Pillow's name for the format -> the kind stored (MPO: a camera's JPEG with a second picture).
KINDS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg"}
COMMUNITY_ID = 1


@dataclass(frozen=True)
class Logo:
    """A logo: its kind ("png"/"jpeg"), size in pixels and SHA-256 digest, and the image itself.

    ``data`` is None for a logo read with :func:`logo_info`: the one stored in the file, not
    loaded. Two logos are equal when they are the same image (same digest).
    """

    kind: str
    width: int
    height: int
    digest: str
    data: bytes | None = field(default=None, compare=False, repr=False)

    @property
    def loaded(self) -> bool:
        return self.data is not None


def logo_from_bytes(data: bytes, name: str | os.PathLike[str]) -> Logo:
    """Check an image (``name``, its file, says which in messages) and describe it; FileProblem if
    it is not a PNG or JPEG copdesk can print, ValidationError if it is too large."""
    label = str(name)
    if len(data) > MAX_BYTES:
        raise ValidationError(_too_large(label), field="logo")
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            kind = KINDS.get(image.format or "")
            width, height = image.size
            if kind is None or not (width and height):
                raise ValueError(image.format)
            if max(width, height) > MAX_SIDE:
                raise OverflowError
            image.load()  # a truncated or damaged file fails here, not when printing
        from reportlab.lib.utils import ImageReader

        if ImageReader(io.BytesIO(data)).getSize() != (width, height):
            raise ValueError("reportlab reads it differently")
    except OverflowError:
        raise ValidationError(_too_large(label), field="logo") from None
    except Exception:  # noqa: BLE001 - any reason Pillow or reportlab cannot read it
        raise FileProblem(
            _("The logo {path} is not a PNG or JPEG image copdesk can print.").format(path=label)
        ) from None
    return Logo(kind, width, height, hashlib.sha256(data).hexdigest(), bytes(data))


def _too_large(label: str) -> str:
    return _(
        "The logo {path} is too large: choose an image of at most {megabytes} MB "
        "and {pixels} pixels a side."
    ).format(
        path=label,
        megabytes=window().format_number(MAX_BYTES // (1024 * 1024)),
        pixels=window().format_number(MAX_SIDE),
    )


def read_logo_file(path: str | os.PathLike[str]) -> Logo:
    """Read and check an image file as a logo (nothing is stored)."""
    target = Path(path)
    if not target.is_file():
        raise FileProblem(_("The logo {path} does not exist.").format(path=target))
    try:
        if target.stat().st_size > MAX_BYTES:
            raise ValidationError(_too_large(str(target)), field="logo")
        data = target.read_bytes()
    except PermissionError:
        raise FileProblem(_("You are not allowed to read {path}.").format(path=target)) from None
    except OSError as exc:
        raise FileProblem(
            _("The file {path} could not be read ({reason}).").format(
                path=target, reason=exc.strerror or exc
            )
        ) from None
    return logo_from_bytes(data, target)


def logo_info(db: Session) -> Logo | None:
    """The stored logo without its image (cheap: the image is not read), None if there is none."""
    row = db.execute(
        select(CommunityLogo.kind, CommunityLogo.width, CommunityLogo.height, CommunityLogo.digest)
    ).first()
    return Logo(*row) if row is not None else None


def get_logo(db: Session) -> Logo | None:
    """The stored logo with its image, None if there is none."""
    row = db.scalar(select(CommunityLogo))
    if row is None:
        return None
    return Logo(row.kind, row.width, row.height, row.digest, bytes(row.data))


def put_logo(db: Session, logo: Logo | None) -> None:
    """Make ``logo`` the stored one, or remove it (None), without committing.

    A logo without its image must be the one already stored (it is then kept as it is); one with
    its image must come from :func:`logo_from_bytes` (which checks it) or :func:`get_logo`.
    """
    if logo == logo_info(db):
        return  # the same image (or none, as before)
    if logo is None:
        row = db.get(CommunityLogo, COMMUNITY_ID)
        if row is not None:
            db.delete(row)
        return
    if logo.data is None:
        # a description of a logo this file no longer holds: nothing to write it from
        raise ValueError("a logo without its image must be the stored one")
    if logo.kind not in set(KINDS.values()) or hashlib.sha256(logo.data).hexdigest() != logo.digest:
        raise ValueError("a logo must be made by logo_from_bytes")
    row = db.get(CommunityLogo, COMMUNITY_ID)
    if row is None:
        row = CommunityLogo(community_id=COMMUNITY_ID)
        db.add(row)
    row.kind, row.width, row.height = logo.kind, logo.width, logo.height
    row.data, row.digest = logo.data, logo.digest


def store_logo(db: Session, logo: Logo | None) -> Logo | None:
    """Make ``logo`` the community's logo (None: remove it), in one committed transaction."""
    with committed(db):
        put_logo(db, logo)
    return logo_info(db)


def set_logo(db: Session, path: str | os.PathLike[str]) -> Logo:
    """Store the image file at ``path`` as the community's logo; nothing changes if it is refused."""
    logo = read_logo_file(path)
    store_logo(db, logo)
    return logo


def clear_logo(db: Session) -> bool:
    """Remove the community's logo; False if it had none."""
    had = logo_info(db) is not None
    store_logo(db, None)
    return had
