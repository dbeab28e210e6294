"""What each post reached, in ``humas laporan``: per publication and per platform, and a monthly summary
per channel and per bidang.

The figures are the latest reading of each post on ``arsip`` that proves itself for the post its receipt
names (``pipeline.insights.archive.load_latest``); the publications are those whose change was merged in
the report's month (as the rest of the laporan counts them). A platform that counts no reach (YouTube,
TikTok, Threads) shows "-" there, never 0, and a total adds only the figures that exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..archive.lembar import bidang_name, channel_name
from ..archive.record import Record
from ..messages import translated
from .calendar import TEMPLATES
from .mutu_baku import month_of


def thousands(value: int | None, language: str) -> str:
    """1234567 → ``1.234.567`` (Indonesian) or ``1,234,567``; an absent figure is ``-``."""
    if value is None:
        return "-"
    text = f"{value:,}"
    return text.replace(",", ".") if language == "id" else text


@dataclass
class Row:
    publication: str
    title: str
    channel: str
    views: int | None
    reach: int | None
    likes: int | None
    comments: int | None
    read_on: str
    note: str = ""


@dataclass
class Total:
    label: str
    posts: int = 0
    views: int | None = None
    reach: int | None = None

    def add(self, row: Row) -> None:
        self.posts += 1
        if row.views is not None:
            self.views = (self.views or 0) + row.views
        if row.reach is not None:
            self.reach = (self.reach or 0) + row.reach


@dataclass
class Reach:
    rows: list[Row] = field(default_factory=list)
    channels: list[Total] = field(default_factory=list)
    bidang: list[Total] = field(default_factory=list)


def _figure(figures: Mapping[str, Any], name: str) -> int | None:
    value = figures.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def reach_of(
    records: Sequence[Record], latest: Mapping[tuple[str, str], Mapping[str, Any]], *, month: str, timezone: str
) -> Reach:
    """The rows of the month's publications that have figures, and the totals per channel and per bidang."""
    reach = Reach()
    channels: dict[str, Total] = {}
    bidang: dict[str, Total] = {}
    for record in records:
        if month_of(record.model, timezone) != month:
            continue
        for publication in sorted(record.publications):
            for (owner, channel), entry in sorted(latest.items()):
                if owner != publication:
                    continue
                figures = entry.get("figures") or {}
                row = Row(
                    publication,
                    record.model.title or publication,
                    channel,
                    _figure(figures, "views"),
                    _figure(figures, "reach"),
                    _figure(figures, "likes"),
                    _figure(figures, "comments"),
                    str(entry.get("date") or ""),
                    str(figures.get("note") or ""),
                )
                reach.rows.append(row)
                channels.setdefault(channel, Total(channel_name(channel))).add(row)
                for name in record.model.bidang or ["-"]:
                    bidang.setdefault(name, Total(bidang_name(name))).add(row)
    reach.channels = [channels[name] for name in sorted(channels)]
    reach.bidang = [bidang[name] for name in sorted(bidang)]
    return reach


def labels(language: str) -> dict[str, str]:
    return {
        "title": translated(language, "What each post reached"),
        "per_channel": translated(language, "Monthly summary per channel"),
        "per_bidang": translated(language, "Monthly summary per bidang"),
        "publication": translated(language, "Publication"),
        "channel": translated(language, "Channel"),
        "bidang": translated(language, "Bidang"),
        "posts": translated(language, "Posts"),
        "views": translated(language, "Views"),
        "reach": translated(language, "Reach"),
        "likes": translated(language, "Likes"),
        "comments": translated(language, "Comments"),
        "read_on": translated(language, "Read on"),
        "note": translated(
            language,
            "Figures as each platform reports them, from the latest reading kept in the archive. Reach (accounts "
            "that saw a post) is counted by Instagram and Facebook only; YouTube, TikTok and Threads report views.",
        ),
    }


def render_reach(reach: Reach, language: str) -> str:
    """The laporan's section (HTML), or nothing when no publication of the month has figures."""
    if not reach.rows:
        return ""
    return TEMPLATES.get_template("jangkauan.html").render(
        reach=reach,
        labels=labels(language),
        channel_name=channel_name,
        n=lambda value: thousands(value, language),
    )
