"""The institution as the site presents it to search engines and share cards: its name, address, logo,
accounts, and the picture a shared link shows when a page has no cover of its own.

- The **logo** (``publisher.logo`` of every NewsArticle, ``logo`` of the Organization) is mkdocs.yml's
  ``theme.logo`` when it is a picture file (PNG, JPEG, WebP, GIF); else the default share picture.
- The **default share picture** (``og:image`` of a page without a cover) is mkdocs.yml's
  ``extra.share_image`` (a PNG, JPEG or WebP file in docs/, at best 1200×630); else ``theme.logo``
  when it is a picture file; else a card humas draws at each build: the institution's name in white on
  the site's primary colour, 1200×630 (``assets/humas/kartu.png``), so that no shared link goes without a
  picture.

Sizes are read from the files (Pillow), for ``og:image:width``/``og:image:height`` and ``ImageObject``.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, features

from . import urls

RASTER = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
CARD = f"{urls.ASSETS}/kartu.png"
CARD_SIZE = (1200, 630)
CARD_COLOUR = "#00695c"  # humas.css: the "custom" primary colour


@dataclass(frozen=True)
class SiteImage:
    path: str  # site path
    width: int
    height: int


@dataclass(frozen=True)
class Publisher:
    """The institution: author and publisher of every publication."""

    name: str
    logo: SiteImage
    share_image: SiteImage
    address: str | None = None
    same_as: tuple[str, ...] = ()  # its accounts (mkdocs.yml extra.social links)


def publisher(
    name: str,
    theme_logo: object,
    share_image: object,
    extra: dict[str, object],
    docs_dir: pathlib.Path,
    *,
    draw: bool = True,
) -> Publisher:
    """The Publisher of a build; draws the default card into `docs_dir` when nothing else serves (and
    `draw`: without site_url no page shows it)."""
    logo = _picture(theme_logo, docs_dir)
    share = _picture(share_image, docs_dir, {".png", ".jpg", ".jpeg", ".webp"}) or logo
    if share is None:
        share = draw_card(name, docs_dir) if draw else SiteImage(CARD, *CARD_SIZE)
    address = extra.get("address")
    social = extra.get("social")
    same_as = tuple(
        str(item["link"])
        for item in (social if isinstance(social, list) else [])
        if isinstance(item, dict) and str(item.get("link", "")).startswith(("https://", "http://"))
    )
    return Publisher(name, logo or share, share, address if isinstance(address, str) else None, same_as)


def _picture(value: object, docs_dir: pathlib.Path, kinds: set[str] = RASTER) -> SiteImage | None:
    """The picture file `value` names in the docs dir (copied there by config.copy_site_assets), or None."""
    if not isinstance(value, str) or not value or "://" in value or value.startswith("/"):
        return None
    if pathlib.PurePosixPath(value).suffix.lower() not in kinds:
        return None
    path = (docs_dir / value).resolve()
    if not path.is_relative_to(docs_dir.resolve()) or not path.is_file():
        return None
    try:
        with Image.open(path) as opened:
            width, height = opened.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return SiteImage(value, width, height)


def draw_card(name: str, docs_dir: pathlib.Path) -> SiteImage:
    """The institution's name, white on the primary colour, 1200×630 (Open Graph's recommended size)."""
    card = Image.new("RGB", CARD_SIZE, CARD_COLOUR)
    draw = ImageDraw.Draw(card)
    font: ImageFont.ImageFont | ImageFont.FreeTypeFont
    font = ImageFont.load_default(size=64) if features.check("freetype2") else ImageFont.load_default()
    lines: list[str] = []
    for word in name.split():  # wrapped to the card's width, margins of 80 pixels
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= CARD_SIZE[0] - 160:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    lines = lines[:4]
    y = (CARD_SIZE[1] - 80 * len(lines)) // 2
    for line in lines:
        draw.text((80, y), line, fill="white", font=font)
        y += 80
    target = docs_dir / CARD
    target.parent.mkdir(parents=True, exist_ok=True)
    card.save(target, "PNG", optimize=True)
    return SiteImage(CARD, *CARD_SIZE)
