"""What every channel's offline check shares: ``CheckContext`` (where a block sits, its problems, its media),
the ``PlatformLimits`` base, the hashtag and mention patterns and UTF-16 counting; and the website's block.

A platform's own block and limits live in its module (``pipeline/channels/<name>.py``: the block model, the
``<Name>Limits`` class and ``SPEC``); ``humas check`` runs each spec's check at PR time, and nothing else
checks a block. Nothing here is specific to a social platform.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from ..located_yaml import FieldPath, LocatedData
from ..problems import Problem
from ..validation import StrictModel
from .media import IMAGE_KINDS, MB, VIDEO_KINDS, MediaFile, inspect


class WebsiteBlock(StrictModel):
    """The publication's page on the website. Nothing to set: the page is the Markdown body."""


HASHTAG = re.compile(r"(?<![\w&])#\w+")
MENTION = re.compile(r"(?<![\w])@[\w.]+")


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class CheckContext:
    """Where a channel block sits: the draft file, its folder, and the lines of its fields."""

    path: str
    folder: Path
    located: LocatedData
    base: FieldPath

    def problem(self, loc: FieldPath, message: str) -> Problem:
        full = (*self.base, *loc)
        field = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in full).replace(".[", "[")
        return Problem(self.path, self.located.line_of(full), field, message)

    def media(
        self, loc: FieldPath, name: str, allowed: frozenset[str], max_bytes: int, problems: list[Problem]
    ) -> MediaFile | None:
        found = inspect(self.folder, name, allowed, max_bytes)
        if isinstance(found, str):
            problems.append(self.problem(loc, found))
            return None
        return found


class PlatformLimits:
    name: ClassVar[str]
    check: ClassVar[Callable[..., list[Problem]]]


class Website(PlatformLimits):
    name = "website"
    image_kinds = IMAGE_KINDS
    image_max_bytes = 20 * MB
    video_kinds = VIDEO_KINDS

    @classmethod
    def check(cls, block: Any, ctx: CheckContext) -> list[Problem]:
        return []
