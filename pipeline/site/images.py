"""Smaller copies of the publications' pictures, so a phone never downloads a 5 MB original.

Every JPEG, PNG or WebP picture the site shows (covers, gallery) gets JPEG copies at the widths of
``WIDTHS`` that are smaller than the original (JPEG: every browser, and every link preview — WhatsApp,
Facebook, X — reads it; transparency is laid on white); pages show the copy that fits (``srcset``/``sizes``)
and link the original. The copies are cached by the SHA-256 of the original's bytes in a directory
that survives builds (``default_cache_dir()``), so a rebuild resizes nothing it resized before; within a
build a file met twice (a hard link) is hashed once.

A picture Pillow cannot read, an animated one or a very large one (decompression bomb) is shown as it
is, with a warning.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pathlib
import tempfile
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

WIDTHS = (480, 960)
"""A card's thumbnail (and any picture on a phone), and the article's column."""
RESIZABLE = {".jpg", ".jpeg", ".png", ".webp"}
QUALITY = 78
SIZES_DIR = "_ukuran"
"""Where the copies go, inside the publication's folder on the site."""


def default_cache_dir() -> pathlib.Path:
    """``$HUMAS_CACHE_DIR`` or ``$XDG_CACHE_HOME/humas`` or ``~/.cache/humas``, then ``images/``."""
    base = os.environ.get("HUMAS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "humas"
    )
    return pathlib.Path(base) / "images"


@dataclass(frozen=True)
class Picture:
    """A picture as pages show it. Paths are site paths ("2025/wisuda/_ukuran/foto-480.jpg")."""

    original: str
    width: int | None  # of the original; None when unknown (then no srcset)
    height: int | None
    variants: tuple[tuple[str, int], ...] = ()  # (site path, width), narrowest first

    def fitting(self, width: int) -> str:
        """The narrowest copy at least `width` wide (or the original)."""
        for path, w in self.variants:
            if w >= width:
                return path
        return self.original

    def size_of(self, path: str) -> tuple[int, int] | None:
        """(width, height) of the copy at `path` (or of the original), when known."""
        if not self.width or not self.height:
            return None
        for variant, w in self.variants:
            if variant == path:
                return w, max(1, round(self.height * w / self.width))  # as _resize makes it
        return (self.width, self.height) if path == self.original else None


class ImageSizes:
    """Makes (or finds in the cache) the copies of each picture and places them in the docs dir."""

    def __init__(self, cache_dir: pathlib.Path) -> None:
        self.cache_dir = cache_dir
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._digests: dict[tuple[int, int, int, int], str] = {}
        self.resized = 0  # copies made by this build (not found in the cache)

    def picture(self, source: pathlib.Path, site_path: str, docs_dir: pathlib.Path, problems: list[str]) -> Picture:
        """The Picture of `source`, published at `site_path`; its copies are placed under `docs_dir`."""
        if pathlib.PurePosixPath(site_path).suffix.lower() not in RESIZABLE:
            return Picture(site_path, None, None)
        digest = self._digest(source)
        info = self._cached(digest, source, problems, site_path)
        if info is None:
            return Picture(site_path, None, None)
        width, height, widths = info
        folder, name = site_path.rsplit("/", 1) if "/" in site_path else ("", site_path)
        stem = name.rsplit(".", 1)[0]
        variants = []
        for w in widths:
            target_path = f"{folder}/{SIZES_DIR}/{stem}-{w}.jpg" if folder else f"{SIZES_DIR}/{stem}-{w}.jpg"
            target = docs_dir / target_path
            target.parent.mkdir(parents=True, exist_ok=True)
            cached = self._variant_path(digest, w)
            try:
                os.link(cached, target)
            except FileExistsError:
                pass
            except OSError:
                target.write_bytes(cached.read_bytes())
            variants.append((target_path, w))
        return Picture(site_path, width, height, tuple(variants))

    def _digest(self, source: pathlib.Path) -> str:
        stat = source.stat()
        key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        digest = self._digests.get(key)
        if digest is None:
            with open(source, "rb") as fd:
                digest = hashlib.file_digest(fd, "sha256").hexdigest()
            self._digests[key] = digest
        return digest

    def _variant_path(self, digest: str, width: int) -> pathlib.Path:
        return self.cache_dir / digest[:2] / f"{digest}-{width}.jpg"

    def _cached(
        self, digest: str, source: pathlib.Path, problems: list[str], site_path: str
    ) -> tuple[int, int, list[int]] | None:
        index = self.cache_dir / digest[:2] / f"{digest}.json"
        try:
            data = json.loads(index.read_text(encoding="utf-8"))
            widths = [int(w) for w in data["widths"]]
            if all(self._variant_path(digest, w).is_file() for w in widths):
                return int(data["width"]), int(data["height"]), widths
        except (OSError, ValueError, KeyError, TypeError):
            pass
        made = self._resize(digest, source, problems, site_path)
        if made is not None:
            width, height, widths = made
            write_atomically(index, json.dumps({"width": width, "height": height, "widths": widths}).encode())
        return made

    def _resize(
        self, digest: str, source: pathlib.Path, problems: list[str], site_path: str
    ) -> tuple[int, int, list[int]] | None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(source) as opened:
                    if getattr(opened, "is_animated", False):
                        problems.append(f"{site_path}: an animated picture, shown as it is (no smaller copies)")
                        return None
                    picture = ImageOps.exif_transpose(opened)
                    picture.load()
        except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            problems.append(f"{site_path}: not resized, shown as it is ({type(error).__name__}: {error})")
            return None
        width, height = picture.size
        if picture.mode != "RGB":
            rgba = picture.convert("RGBA")
            picture = Image.new("RGB", rgba.size, (255, 255, 255))
            picture.paste(rgba, mask=rgba.getchannel("A"))
        widths = [w for w in WIDTHS if w < width]
        for w in widths:
            copy = picture.resize((w, max(1, round(height * w / width))), Image.Resampling.LANCZOS)
            buffer = _encode(copy)
            write_atomically(self._variant_path(digest, w), buffer)
            self.resized += 1
        return width, height, widths


def _encode(picture: Image.Image) -> bytes:

    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=QUALITY, progressive=True)
    return buffer.getvalue()


def write_atomically(path: pathlib.Path, data: bytes) -> None:
    """Two builds sharing the cache never see a half-written file (the pictures' and the search roots')."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise
