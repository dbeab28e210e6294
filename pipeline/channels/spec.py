"""One descriptor per channel: everything humas knows about a platform, in the platform's own module.

A ``ChannelSpec`` holds the channel's front-matter block (a strict pydantic model), the offline check
of that block against the platform's limits (the only check: ``humas check`` runs it at PR time), the
environment variables that configure the client and the function that builds the client from them, the
doctor's read-only look at the account, the outbox's request shape, the preview's card, the editor's
fields, the draft scaffold's block and the hosts the client talks to. ``specs.py`` lists the specs;
everything else (the content model, ``humas check``, the registry, the doctor, the outbox, the preview,
the editor and ``humas baru``) reads them from there, so a channel is added by its module and one line.

Everything in this module is declarative or pure: specs are imported by the content model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..content.limits import CheckContext
from ..messages import translated
from ..problems import Problem
from ..validation import StrictModel

if TYPE_CHECKING:
    from .base import Channel, Post
    from .http import Session
    from .progress import Progress
    from .tokens import TokenVault


@dataclass(frozen=True)
class Settings:
    """The environment variables (CI secrets) of a platform. ``required``: all of them, or none; ``optional``
    may be added (and count as configuring it); ``alone``: a variable that configures the platform by
    itself (a short-lived access token) when none of ``required`` is set, or whatever else is set when
    ``alone_wins``."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    alone: tuple[str, ...] = ()
    alone_wins: bool = False
    tuning: tuple[str, ...] = ()
    """Variables that change how the client works (another server, renewal) and configure nothing alone."""
    renews: Callable[[Mapping[str, str]], bool] = lambda env: False
    """Whether the configured token renews itself (then the archive's token key is needed)."""

    def present(self, env: Mapping[str, str]) -> bool:
        return any(env.get(name) for name in (*self.required, *self.optional, *self.alone))

    def missing(self, env: Mapping[str, str]) -> list[str]:
        """The required variables that are missing (none when an ``alone`` variable suffices)."""
        if any(env.get(name) for name in self.alone) and (
            self.alone_wins or not any(env.get(name) for name in self.required)
        ):
            return []
        return [name for name in self.required if not env.get(name)]

    def configured(self, env: Mapping[str, str]) -> bool:
        return self.present(env) and not self.missing(env)


@dataclass(frozen=True)
class Wiring:
    """What every client of a run shares: the HTTP session (one client, the retry policy), the sleep, the
    progress display."""

    session: Session
    sleep: Callable[[float], None]
    progress: Progress


@dataclass(frozen=True)
class PreviewShape:
    """What the preview shows of a post: its text (``text``, counted against ``text_max`` in ``unit``),
    the images of ``images`` and the video of ``video``. ``layout``: a bespoke card of the preview
    (``pipeline/preview``) when the platform crops or folds; else the generic card."""

    text: str = "caption"
    text_max: int = 0
    unit: str = "characters"
    """characters, utf16 or bytes (the preview's words for them)"""
    count: Callable[[str], int] = len
    images: str = ""
    video: str = ""
    layout: str = ""


@dataclass(frozen=True)
class ChannelSpec:
    name: str
    """The key of the channel's block under ``channels:`` in the front-matter."""
    label: str
    block: type[StrictModel]
    check: Callable[[Any, CheckContext], list[Problem]]
    """The offline check of a validated block against the platform's limits: no network."""
    settings: Settings | None = None
    """None: not a social platform (the website)."""
    connect: Callable[[Mapping[str, str], Wiring], Channel] | None = None
    doctor: Callable[[Any, TokenVault | None], list[str]] | None = None
    """What the doctor says of a configured, reachable account (reads only)."""
    outbox: Callable[[Post], dict[str, Any]] | None = None
    """The request the platform's API would receive, for a person who uploads by hand."""
    texts: Callable[[Post], dict[str, str]] = field(
        default=lambda post: {"caption.txt": str(post.fields.get("caption") or post.title)}
    )
    preview: PreviewShape = PreviewShape()
    editor: Callable[[str], list[dict[str, Any]]] = lambda language: []
    """The editor's (Decap CMS) fields of the block, in ``language``."""
    scaffold: Callable[[str], str] = lambda title: ""
    """The block ``humas baru publikasi`` writes (YAML lines below ``channels:``), given the title."""
    hosts: tuple[str, ...] = ()
    docs: str = ""


# -- the editor's field vocabulary (Decap CMS) ---------------------------------------------------------


def max_chars(n: int, message: str) -> list[str]:
    return [f"^[\\s\\S]{{0,{n}}}$", message]


def text_field(name: str, label: str, most: int, language: str, *, widget: str = "text") -> dict[str, Any]:
    hint = translated(language, "at most {n} characters", n=most)
    return {
        "name": name,
        "label": label,
        "widget": widget,
        "required": False,
        "hint": hint,
        "pattern": max_chars(most, hint),
    }


def image_list(name: str, label: str, max_count: int, language: str) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "widget": "list",
        "required": False,
        "max": max_count,
        "field": {"name": "file", "label": translated(language, "Photo"), "widget": "image", "choose_url": False},
    }


def file_field(name: str, label: str) -> dict[str, Any]:
    return {"name": name, "label": label, "widget": "file", "required": False, "choose_url": False}


def select(name: str, label: str, options: list[str]) -> dict[str, Any]:
    return {"name": name, "label": label, "widget": "select", "required": False, "options": options}
