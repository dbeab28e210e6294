"""Where drafts live in a repository: the one module that spells the paths below ``content/``.

A publication is ``content/publikasi/<yyyy>/<slug>/index.md`` with its media beside it; its id is
``<yyyy>/<slug>``. An arahan and a rencana are one Markdown file each, directly in their folder.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

ARAHAN = "content/arahan"
RENCANA = "content/rencana"
PUBLIKASI = "content/publikasi"
CONTENT_DIRS = (ARAHAN, RENCANA, PUBLIKASI)
INDEX = "index.md"


def publication_folder(publication: str) -> str:
    """``content/publikasi/<yyyy>/<slug>``: the folder of a publication (its draft and its media)."""
    return f"{PUBLIKASI}/{publication}"


def publication_index(publication: str) -> str:
    """``content/publikasi/<yyyy>/<slug>/index.md``: a publication's draft."""
    return f"{publication_folder(publication)}/{INDEX}"


def arahan_file(name: str) -> str:
    return f"{ARAHAN}/{name}.md"


def rencana_file(name: str) -> str:
    return f"{RENCANA}/{name}.md"


def publication_of(path: str) -> str | None:
    """The publication id (``<yyyy>/<slug>``) a repository path belongs to, if any."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 5 and parts[:2] == ("content", "publikasi") and re.fullmatch(r"\d{4}", parts[2]):
        return f"{parts[2]}/{parts[3]}"
    return None
