"""A title: one line of printable text (it becomes a commit subject, a page title, a post title)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from ..messages import _


def _one_line(value: str) -> str:
    if value.isprintable():  # the usual title: nothing to name
        return value
    bad = sorted({f"U+{ord(ch):04X}" for ch in value if not ch.isprintable()})
    if bad:
        raise ValueError(
            _(
                "contains a line break or control character ({characters}): a title is one line of printable text",
                characters=", ".join(bad),
            )
        )
    return value


Title = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_one_line)]
"""A title: one line of printable text (it becomes a commit subject, a page title, a post title)."""
