"""``humas due``: whether the scheduled publish run has anything to do now, decided cheaply.

The scheduled workflow runs this first and stops when nothing is due. A **post** is due when an
approved publication has a channel that ``humas publish`` would post to, or resume, now (its
``publish_at`` has come, or a platform deferred it). A **page** is due when an approved publication's
``publish_at`` came within the last ``window`` (two hours by default: the schedule runs hourly, so one
missed run is covered); the website is then rebuilt and deployed, and the page appears. A correction or
takedown a publication's life orders on a post (``pipeline.amend``) is due like a post until its signed
receipt says it is done, unless it waits for a person (an outbox package, a refusal, a post the platform
says it cannot find): a deletion a platform deferred (a 5xx, a daily cap) is sent by the next scheduled run,
not left until the next merge. All are read from main and the archive, verified as ``build`` and
``publish`` verify them. Nothing is written.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .amend.act import Act
from .amend.run import ASK, ActJournal, kind_word, proven_posts
from .approved import approved_publications
from .archive.journal import drop_unproven, receipt_seal
from .archive.record import load_records
from .archive.store import BranchStore
from .build import publish_time
from .git import GitRepo
from .publish import publish

WINDOW = dt.timedelta(hours=2)
POSTING = ("would-publish", "would-resume")


@dataclass
class Due:
    posts: list[str] = field(default_factory=list)
    """``<publication> → <channel>`` that a publish run would post or resume now."""
    pages: list[str] = field(default_factory=list)
    """Publications whose embargo ended within the window: the website must be deployed again."""
    withdrawn: list[tuple[str, str, str]] = field(default_factory=list)
    """(publication, channel, package) of each outbox package of a withdrawn publication: not to be uploaded
    (nothing is due for it)."""


def what_is_due(repo: GitRepo, *, now: dt.datetime, window: dt.timedelta = WINDOW) -> Due:
    due = Due()
    with tempfile.TemporaryDirectory(prefix="humas-due-") as scratch:
        report = publish(repo, outbox=Path(scratch), dry_run=True, now=now)
    due.posts = [f"{a.publication} → {a.channel}" for a in report.actions if a.outcome in POSTING]
    due.posts += pending_acts(repo, report.acts)
    due.withdrawn = sorted((a.publication, a.channel, a.package) for a in report.actions if a.package)
    with approved_publications(repo) as approvals:
        for item in approvals.publications:
            publish_at = publish_time(item, approvals.sop.timezone)
            if publish_at is not None and now - window < publish_at <= now:
                due.pages.append(item.id)
    due.pages.sort()
    return due


def pending_acts(repo: GitRepo, acts: list[Act]) -> list[str]:
    """``<publication> → <channel> (<kind> <act>)`` of each act a publish run would still send now: no
    proven ``done`` receipt, and nothing waiting for a person."""
    if not acts:
        return []
    store = BranchStore(repo)
    records = load_records(store)
    seal = receipt_seal(repo)
    drop_unproven(records, seal)
    posts = proven_posts(records)
    pending = []
    for act in acts:
        found = posts.get((act.publication, act.channel))
        if found is None:
            continue  # the act names no proven post: the publish run refuses it, nothing to send
        record = found[0]
        entry = ActJournal(store, record, act, seal=seal).refresh()
        if entry.state == "done" and seal.unproven(record.path, entry) is None:
            continue
        if entry.state in ("waiting", "failed") or entry.notes.get(ASK):
            continue  # a person does it, or says why not
        pending.append(f"{act.publication} → {act.channel} ({kind_word(act.kind)} {act.act_id})")
    return pending
