"""``humas build``: the website of the approved content on main.

Only publications whose bytes carry a complete, re-verified chain are built (``approved.py``); every
other publication on main is left out and the build says which and why.

A publication with a ``publish_at`` still ahead is approved but *held back*: it reaches the website
from that time on (a naive time is a local time of sop.yml's ``timezone``). The build says what it
held back and until when; ``next_due`` tells a scheduled job when the site must next be rebuilt.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .approved import ApprovedPublication, approved_publications, portal_fields
from .git import GitRepo


@dataclass
class BuildOutcome:
    count: int
    out_dir: Path
    seconds: float
    excluded: dict[str, str] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    held: dict[str, dt.datetime] = field(default_factory=dict)
    """Approved publications whose publish_at is still ahead: id -> that time (aware)."""
    language: str = "id"
    timezone: str = "Asia/Jakarta"
    withdrawn: int = 0
    """Withdrawn publications among ``ids`` (only their notice is built): not counted in ``count``."""


def publish_time(item: ApprovedPublication, timezone: str) -> dt.datetime | None:
    """The publication's publish_at as an aware time (a naive one is a local time of `timezone`)."""
    publish_at = item.draft.meta.publish_at
    if publish_at is not None and publish_at.tzinfo is None:
        publish_at = publish_at.replace(tzinfo=ZoneInfo(timezone))
    return publish_at


def split_embargoed(
    publications: Sequence[ApprovedPublication], timezone: str, now: dt.datetime
) -> tuple[list[ApprovedPublication], dict[str, dt.datetime]]:
    """(the publications due at `now`, the held-back ones with their publish_at)."""
    due: list[ApprovedPublication] = []
    held: dict[str, dt.datetime] = {}
    for item in publications:
        publish_at = publish_time(item, timezone)
        if publish_at is not None and publish_at > now:
            held[item.id] = publish_at
        else:
            due.append(item)
    return due, held


def site_publications(
    items: Sequence[ApprovedPublication], timezone: str = "Asia/Jakarta"
) -> list:  # list[SitePublication]
    """What the website receives of each approved publication, with its kind and what the kind adds
    (``approved.portal_fields``)."""
    from .site import SitePublication

    publications = []
    for item in items:
        meta = item.draft.meta
        publications.append(
            SitePublication(
                id=item.id,
                title=meta.title,
                date=meta.date,
                bidang=meta.bidang,
                summary=meta.summary,
                body=item.draft.body,
                image=meta.image,
                folder=item.draft.folder,
                tags=tuple(meta.tags),
                image_alt=meta.image_alt,
                publish_at=publish_time(item, timezone),
                life=item.life,
                **portal_fields(item.id, meta, timezone),
            )
        )
    return publications


def build_website(
    repo: GitRepo,
    *,
    out_dir: Path,
    engine: str = "mkdocs",
    now: dt.datetime | None = None,
    image_cache: Path | None = None,
    editor: Mapping[str, Any] | None = None,
) -> BuildOutcome:
    """``editor``: the web editor's backend (``pipeline.editor.admin``), written at ``/admin/`` of the site."""
    from .site import build_site
    from .site.templating import OVERRIDES, refuse_skipped

    started = time.perf_counter()
    now = now or dt.datetime.now(dt.UTC)
    mkdocs_yml = None
    with approved_publications(repo) as approvals:
        raw = repo.show(approvals.verdict.main, "mkdocs.yml")  # main as verified, its provenance proved
        if raw is not None:
            mkdocs_yml = approvals.root / "mkdocs.yml"
            mkdocs_yml.write_bytes(raw)
            # What mkdocs.yml names beside it (extra CSS, a logo) lives in docs/ on main.
            repo.export(approvals.verdict.main, "docs", approvals.root)
        # The institution's templates, from main as verified too (never from a branch; sistem chain).
        refuse_skipped(repo.export(approvals.verdict.main, OVERRIDES, approvals.root))
        sop = approvals.sop
        due, held = split_embargoed(approvals.publications, sop.timezone, now)
        publications = site_publications(due, sop.timezone)
        report = build_site(
            publications,
            out_dir=out_dir,
            mkdocs_yml=mkdocs_yml,
            language=sop.language,
            institution=sop.institution,
            site_url=sop.site_url,
            bidang_names=sop.bidang,
            engine=engine,
            image_cache=image_cache,
            timezone=sop.timezone,
            now=now,
            templates=approvals.root / OVERRIDES,
        )
        if editor is not None:
            from .editor.admin import write_admin

            write_admin(out_dir, sop, editor)
        excluded = dict(approvals.excluded)
        excluded.update({item.id: item.reason for item in report.excluded})
        built = [p.id for p in publications if p.id not in excluded]
        return BuildOutcome(
            count=len(built) - report.withdrawn,
            out_dir=out_dir,
            seconds=time.perf_counter() - started,
            excluded=excluded,
            ids=built,
            warnings=list(report.warnings),
            held=held,
            language=sop.language,
            timezone=sop.timezone,
            withdrawn=report.withdrawn,
        )


def next_due(repo: GitRepo, now: dt.datetime | None = None) -> dt.datetime | None:
    """The earliest publish_at of an approved publication still ahead of `now` (None when there is none):
    when the website must next be rebuilt. Verifies main as the build does; builds nothing."""
    now = now or dt.datetime.now(dt.UTC)
    with approved_publications(repo) as approvals:
        _, held = split_embargoed(approvals.publications, approvals.sop.timezone, now)
    return min(held.values(), default=None)


HELD = {
    "id": "ditahan: {id}: tampil di situs mulai {when} (publish_at)",
    "en": "held back: {id}: on the website from {when} (publish_at)",
}


def held_lines(outcome: BuildOutcome) -> list[str]:
    """One line per held-back publication, in sop.yml's language, the time in sop.yml's timezone."""
    zone = ZoneInfo(outcome.timezone)
    template = HELD.get(outcome.language, HELD["id"])
    return [
        template.format(id=pid, when=f"{when.astimezone(zone):%Y-%m-%d %H:%M} {outcome.timezone}")
        for pid, when in sorted(outcome.held.items(), key=lambda item: (item[1], item[0]))
    ]


def parse_now(text: str) -> dt.datetime:
    """`--now`: an ISO 8601 time; without an offset it is UTC."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
