"""The example text ``humas new`` writes into a draft, defined once: the scaffold writes it, and
``humas check`` reports each value still equal to it (an unedited draft cannot be signed or merged)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

ELLIPSIS = "…"
"""A value to write: the summary, a caption, a description, a plan item's title."""
IKU = "IKU: …"
"""The arahan's third basis: which IKU (Indikator Kinerja Utama) the direction serves."""
NO_ARAHAN = "NAMA-ARAHAN"
"""A rencana's ``arahan`` when the repository has no arahan yet."""
BODY = {
    "publikasi": "Tulis artikel untuk website di sini, dalam Markdown.",
    "pengumuman": "Tulis isi pengumuman di sini, dalam Markdown.",
    "agenda": "Tulis keterangan acara di sini, dalam Markdown.",
    "halaman": "Tulis isi halaman di sini, dalam Markdown.",
    "arahan": "Catatan arahan Direktur.",
    "rencana": "Rencana konten.",
}
VALUES = frozenset({ELLIPSIS, IKU, NO_ARAHAN, "...", "IKU: ..."})


def in_front_matter(data: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(location, value) of every string of the front-matter still equal to an example value."""
    if isinstance(data, str):
        if data.strip() in VALUES:
            yield loc, data
        return
    if isinstance(data, dict):
        items: Iterable[tuple[str | int, Any]] = ((k, v) for k, v in data.items() if isinstance(k, str))
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        if isinstance(value, str):  # a leaf, checked here: no generator for each value
            if value.strip() in VALUES:
                yield (*loc, key), value
        elif isinstance(value, dict | list):
            yield from in_front_matter(value, (*loc, key))


def field_name(loc: tuple[str | int, ...]) -> str:
    """``channels.instagram.caption``, ``dasar[2]``, ``items[0].title``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def body_line(body: str, kind: str) -> int | None:
    """The line (1-based, within the body) of the example body text still in ``body``, or None."""
    example = BODY.get(kind)
    if example is None or example not in body:  # a line holding it holds it: most bodies are read no further
        return None
    for number, line in enumerate(body.split("\n"), start=1):
        if line.strip() == example:
            return number
    return None
