"""The institution's repository, as this repository holds it: one source for ``humas init``.

``sop.yml``, ``mkdocs.yml``, ``CODEOWNERS``, ``.github/workflows/`` and what the workflows install from
(``pyproject.toml``, ``requirements.lock``) live at the top of this repository, where the institution
edits them. A built package carries the same files in ``pipeline/skeleton/`` (pyproject.toml's
``force-include``); an editable install or a checkout reads them at the top of the repository. The same
holds for the example's portal content (``STARTER``).
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

FILES = ("sop.yml", "mkdocs.yml", "CODEOWNERS", "pyproject.toml", "requirements.lock")
FOLDERS = (".github/workflows",)
STARTER = ("content/halaman", "content/pengumuman", "content/agenda")
"""The example institution's portal content (its standing pages, an announcement, an agenda item), as this
repository's content/ holds it: ``humas demo`` signs it through the SOP."""


def root() -> Traversable:
    packaged = resources.files("pipeline").joinpath("skeleton")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def read(name: str) -> bytes:
    """A skeleton file by its path in the repository, e.g. ``sop.yml`` or ``.github/workflows/gate.yml``."""
    node = root()
    for part in name.split("/"):
        node = node.joinpath(part)
    return node.read_bytes()


def files() -> dict[str, bytes]:
    """{path: bytes} of every skeleton file (workflows included), as ``humas init`` writes them."""
    found = {name: read(name) for name in FILES if _exists(name)}
    for folder in FOLDERS:
        node = root()
        for part in folder.split("/"):
            node = node.joinpath(part)
        if node.is_dir():
            for child in sorted(node.iterdir(), key=lambda c: c.name):
                if child.is_file() and child.name.endswith((".yml", ".yaml")):
                    found[f"{folder}/{child.name}"] = child.read_bytes()
    return found


def _exists(name: str) -> bool:
    node = root()
    for part in name.split("/"):
        node = node.joinpath(part)
    return node.is_file()


def starter() -> dict[str, bytes]:
    """{path: bytes} of the example's portal content (``STARTER``), every file below those folders."""
    found: dict[str, bytes] = {}
    for folder in STARTER:
        node = root()
        for part in folder.split("/"):
            node = node.joinpath(part)
        if node.is_dir():
            found.update(_tree(node, folder))
    return dict(sorted(found.items()))


def _tree(node: Traversable, prefix: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for child in node.iterdir():
        path = f"{prefix}/{child.name}"
        if child.is_dir():
            found.update(_tree(child, path))
        elif child.is_file() and child.name != ".gitkeep":
            found[path] = child.read_bytes()
    return found
