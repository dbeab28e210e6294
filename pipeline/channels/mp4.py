"""The length of an MP4 or QuickTime video, from its movie header box (``moov/mvhd``).

An ISO base media file is a sequence of boxes: a 32-bit size (1: a 64-bit size follows the type; 0:
the box runs to the end of the file), a four-letter type, the payload. ``moov`` may come before or
after the media data (``mdat``), which is skipped, never read. ``mvhd`` holds the movie's
``timescale`` (units per second) and ``duration`` (in those units): version 0 with 32-bit times,
version 1 with 64-bit ones (ISO/IEC 14496-12, 8.2.2).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

UNKNOWN = {0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF}


def duration(path: Path) -> float | None:
    """Seconds, or None when the file has no readable movie header (not an MP4, or damaged)."""
    try:
        with path.open("rb") as handle:
            end = handle.seek(0, 2)
            moov = _find(handle, 0, end, b"moov")
            mvhd = _find(handle, *moov, b"mvhd") if moov else None
            if mvhd is None:
                return None
            handle.seek(mvhd[0])
            head = handle.read(min(32, mvhd[1] - mvhd[0]))
    except OSError:
        return None
    if len(head) >= 20 and head[0] == 0:
        timescale, length = struct.unpack(">II", head[12:20])
    elif len(head) >= 32 and head[0] == 1:
        timescale, length = struct.unpack(">IQ", head[20:32])
    else:
        return None
    if timescale == 0 or length in UNKNOWN:
        return None
    return length / timescale


def _find(handle: BinaryIO, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """(first, end) byte of the payload of the first box of type ``kind`` between ``start`` and ``end``."""
    position = start
    while position + 8 <= end:
        handle.seek(position)
        size, found = struct.unpack(">I4s", handle.read(8))
        header = 8
        if size == 1:
            extended = handle.read(8)
            if len(extended) < 8:
                return None
            size, header = struct.unpack(">Q", extended)[0], 16
        elif size == 0:
            size = end - position
        if size < header or position + size > end:
            return None
        if found == kind:
            return position + header, position + size
        position += size
    return None
