"""The calendar of a month: publications on main by their posting time (``publish_at``, else ``date``)
with each channel's state from the archive, and the planned items of the rencana by their target date.

Read from main (the approved side) and the records' receipts; written beside the Mutu Baku report.
"""

from __future__ import annotations

import calendar as month_grid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape

from ..archive.lembar import upload_of, upload_state_label
from ..content.load import front_matter
from ..content.paths import INDEX, PUBLICATION_DIRS, RENCANA, publication_of
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


def read_entries(repo: GitRepo, sop: Sop, receipts: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> list[Entry]:
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
    plans: list[tuple[str, dict[str, Any]]] = []
    for path, sha in sorted(wanted.items()):
        meta = front_matter(blobs.get(sha, b""))
        if not meta:
            continue
        if path.startswith(f"{RENCANA}/"):
            plans.append((path.rsplit("/", 1)[1][:-3], meta))
            continue
        entry = _publication_entry(path, meta, sop, receipts)
        if entry is not None:
            found.append(entry)
            if isinstance(meta.get("rencana"), str):
                realised.add(meta["rencana"])
    for name, meta in plans:
        found.extend(_plan_entries(name, meta, sop, realised))
    return sorted(found, key=lambda e: (e.day, e.time, e.kind, e.title))


def _publication_entry(
    path: str, meta: Mapping[str, Any], sop: Sop, receipts: Mapping[str, Mapping[str, Mapping[str, Any]]]
) -> Entry | None:
    """A publication on its day (publish_at, else date), each channel with its state; None without a day."""
    publication = publication_of(path)
    when = _when(meta.get("publish_at") or meta.get("date"), sop.timezone)
    if publication is None or when is None:
        return None
    found_channels = meta.get("channels")
    channels: dict[str, Any] = found_channels if isinstance(found_channels, dict) else {}
    states = []
    for channel in channels:
        receipt = receipts.get(publication, {}).get(channel)
        if channel == "website":
            states.append((channel, ""))
        else:
            state = upload_of(publication, channel, receipt).state if receipt else "new"
            states.append((channel, upload_state_label(state, sop.language)))
    return Entry(
        when[0],
        "publikasi",
        str(meta.get("title") or publication),
        str(meta.get("bidang") or ""),
        tuple(states),
        when[1],
        publication,
    )


def _plan_entries(name: str, meta: Mapping[str, Any], sop: Sop, realised: set[str]) -> list[Entry]:
    """Each item of a rencana with a target day, planned or realised (a publication names it)."""
    plan_labels = calendar_labels(sop.language)
    found = []
    for item in meta.get("items") or []:
        if not isinstance(item, dict):
            continue
        when = _when(item.get("target"), sop.timezone)
        if when is None:
            continue
        ref = f"{name}#{item.get('id')}"
        state = plan_labels["realised"] if ref in realised else plan_labels["planned"]
        planned = tuple((str(c), "") for c in item.get("channels") or [])
        found.append(
            Entry(
                when[0],
                "rencana",
                f"{item.get('title') or item.get('id')} ({state})",
                str(item.get("bidang") or ""),
                planned,
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
