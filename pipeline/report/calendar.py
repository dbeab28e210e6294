"""The calendar of a month: publications on main by their posting time (``publish_at``, else ``date``)
with each channel's state from the archive, and the planned items of the rencana by their target date.

Read from main (the approved side) and the records' receipts; written beside the Mutu Baku report.
"""

from __future__ import annotations

import calendar as month_grid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape

from ..archive.lembar import upload_of, upload_state_label
from ..archive.models import Receipts
from ..content.load import Draft, draft_of
from ..content.model import Rencana
from ..content.paths import INDEX, PUBLICATION_DIRS, RENCANA
from ..git import GitRepo
from ..messages import translated
from ..sop.config import Sop

MAIN = "main"
TEMPLATES = Environment(  # the report's templates (laporan and kalender)
    loader=PackageLoader("pipeline.report", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def calendar_labels(language: str) -> dict[str, Any]:
    """The calendar's headings in ``language`` (sop.yml's); ``days``: Monday first."""
    return {
        "title": translated(language, "Publication calendar"),
        "days": [
            translated(language, "Mon"),
            translated(language, "Tue"),
            translated(language, "Wed"),
            translated(language, "Thu"),
            translated(language, "Fri"),
            translated(language, "Sat"),
            translated(language, "Sun"),
        ],
        "publikasi": translated(language, "Publication"),
        "rencana": translated(language, "Plan"),
        "planned": translated(language, "planned"),
        "realised": translated(language, "realised"),
        "list": translated(language, "List"),
        "day": translated(language, "Date"),
        "what": translated(language, "Content"),
        "channels": translated(language, "Channels"),
        "none": translated(language, "Nothing scheduled."),
    }


@dataclass(frozen=True)
class Entry:
    day: date
    kind: str
    """publikasi | rencana"""
    title: str
    bidang: str
    channels: tuple[tuple[str, str], ...]
    """(channel, state as a person reads it)"""
    time: str = ""
    ref: str = ""
    """The publication id, or ``rencana-file#item``."""


def _when(value: object, timezone: str) -> tuple[date, str] | None:
    zone = ZoneInfo(timezone)
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=zone)
        local = moment.astimezone(zone)
        return local.date(), local.strftime("%H:%M")
    if isinstance(value, date):
        return value, ""
    if isinstance(value, str):
        try:
            return _when(datetime.fromisoformat(value.replace("Z", "+00:00")), timezone)
        except ValueError:
            return None
    return None


def read_entries(repo: GitRepo, sop: Sop, receipts: Receipts) -> list[Entry]:
    """Every publication on main and every rencana item with a date; ``receipts``: {publication: {channel: …}}."""
    if repo.rev(MAIN) is None:
        return []
    entries = repo.tree_entries(MAIN, [*PUBLICATION_DIRS, RENCANA])
    wanted = {
        path: sha
        for path, sha in entries.items()
        if path.endswith(f"/{INDEX}") or (path.startswith(f"{RENCANA}/") and path.endswith(".md"))
    }
    blobs = repo.read_blobs(wanted.values())
    found: list[Entry] = []
    realised: set[str] = set()
    plans: list[Draft] = []
    for path, sha in sorted(wanted.items()):
        draft, _problems = draft_of(blobs.get(sha, b""), path)
        if draft is None:
            continue
        if draft.kind == "rencana":
            plans.append(draft)
            continue
        entry = _publication_entry(draft, sop, receipts)
        if entry is not None:
            found.append(entry)
            if isinstance(getattr(draft.meta, "rencana", None), str):
                realised.add(draft.meta.rencana)
    for plan in plans:
        found.extend(_plan_entries(plan.id, plan.meta, sop, realised))
    return sorted(found, key=lambda e: (e.day, e.time, e.kind, e.title))


def _publication_entry(draft: Draft, sop: Sop, receipts: Receipts) -> Entry | None:
    """A publication on its day (publish_at, else date), each channel with its state; None without a day.
    A field that did not validate is absent from ``draft.meta`` (``partial``): read with ``getattr``."""
    publication, meta = draft.id, draft.meta
    when = _when(getattr(meta, "publish_at", None) or getattr(meta, "date", None), sop.timezone)
    if when is None:
        return None
    channels = getattr(meta, "channels", None)
    states = []
    for channel in channels.names() if channels is not None else []:
        receipt = receipts.get(publication, {}).get(channel)
        if channel == "website":
            states.append((channel, ""))
        else:
            state = upload_of(publication, channel, receipt).state if receipt else "new"
            states.append((channel, upload_state_label(state, sop.language)))
    return Entry(
        when[0],
        "publikasi",
        getattr(meta, "title", None) or publication,
        getattr(meta, "bidang", None) or "",
        tuple(states),
        when[1],
        publication,
    )


def _plan_entries(name: str, meta: Rencana, sop: Sop, realised: set[str]) -> list[Entry]:
    """Each item of a rencana with a target day, planned or realised (a publication names it)."""
    plan_labels = calendar_labels(sop.language)
    found = []
    for item in getattr(meta, "items", None) or []:  # absent: the list did not validate
        when = _when(item.target, sop.timezone)
        if when is None:
            continue
        ref = f"{name}#{item.id}"
        state = plan_labels["realised"] if ref in realised else plan_labels["planned"]
        found.append(
            Entry(
                when[0],
                "rencana",
                f"{item.title} ({state})",
                item.bidang,
                tuple((str(c), "") for c in item.channels),
                "",
                ref,
            )
        )
    return found


def render_calendar(entries: Sequence[Entry], month: str, sop: Sop, *, title: str) -> str:
    """A month grid (Monday first) with each day's entries, and the same entries as a list."""
    year, number = (int(part) for part in month.split("-"))
    inside = [e for e in entries if (e.day.year, e.day.month) == (year, number)]
    weeks = month_grid.Calendar(firstweekday=0).monthdatescalendar(year, number)
    by_day: dict[date, list[Entry]] = {}
    for entry in inside:
        by_day.setdefault(entry.day, []).append(entry)
    return TEMPLATES.get_template("kalender.html").render(
        labels=calendar_labels(sop.language),
        language=sop.language,
        sop=sop,
        title=title,
        weeks=weeks,
        month=number,
        by_day=by_day,
        entries=inside,
    )
