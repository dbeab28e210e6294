"""``humas publish``: post approved, not yet published content to its channels, exactly once.

For every approved publication (``approved.py``) and each of its social channels: skip it when the
archive holds a receipt; otherwise claim it in the archive (a compare-and-swap with a lease: a second
run at the same time skips it as ``busy``), then publish through the configured platform client or, by
default, the outbox; record the receipt, or the failure with what a person should do. A claim left by
a run that was killed is reconciled with the platform before anything is sent again, and before any
fresh post the platform is asked whether the publication is already there (a receipt deleted from the
archive proves nothing). An outbox package waits (``waiting``) until a person records the post's URL
with ``humas outbox uploaded``. ``--dry-run`` only says what would happen.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from .amend.act import Act
from .amend.claimed import settle_claim, unsettled
from .amend.plan import planned_acts
from .approved import Approvals, ApprovedPublication, approved_publications
from .archive.journal import ArchiveJournal, ClaimLost, ReceiptSeal, drop_unproven, receipt_seal, receipt_state
from .archive.models import ReceiptEntry
from .archive.record import Record, load_records
from .archive.store import BranchStore
from .channels.base import AwaitingUpload, Channel, ChannelError, Post, Receipt
from .channels.outbox import OutboxChannel, withdraw_package
from .channels.runner import is_due
from .channels.runner import run_channel as default_runner
from .channels.tokens import attach_vault
from .content.model import SOCIAL_CHANNELS
from .git import GitRepo
from .messages import _
from .problems import ConfigError
from .site.media import select_media


@dataclass
class Action:
    publication: str
    channel: str
    outcome: str
    """published | resumed | already | scheduled | deferred | failed | waiting | busy | withdrawn | check |
    would-publish | would-resume | would-wait | would-settle"""
    detail: str = ""
    package: str | None = None
    """A withdrawn publication's outbox package that must not be uploaded (``withdrawn``)."""


@dataclass
class PublishReport:
    actions: list[Action] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    """Receipts on arsip that prove nothing, ignored (each names its file)."""
    acts: list[Act] = field(default_factory=list)
    """What the publications' corrections and withdrawals order on their posts (``pipeline.amend``)."""

    @property
    def failed(self) -> list[Action]:
        """What this run could not post: refused (a person must act) or deferred (a later run posts)."""
        return [a for a in self.actions if a.outcome in ("failed", "deferred", "check")]


def outcome_words() -> dict[str, str]:
    """What became of each post, one word each in the language of sop.yml (the first column of publish)."""
    return {
        "published": _("published"),
        "resumed": _("resumed"),
        "already": _("already"),
        "scheduled": _("scheduled"),
        "deferred": _("deferred"),
        "failed": _("failed"),
        "waiting": _("waiting"),
        "busy": _("busy"),
        "check": _("check-account"),
        "withdrawn": _("withdrawn"),
        "would-publish": _("would-publish"),
        "would-resume": _("would-resume"),
        "would-wait": _("would-wait"),
        "would-settle": _("would-settle"),
    }


def page_url(site_url: str | None, publication: str) -> str | None:
    return f"{site_url.rstrip('/')}/{publication}/" if site_url else None


def make_post(
    approvals: Approvals, item: ApprovedPublication, channel: str, taken: Mapping[str, str] | None = None
) -> Post:
    meta = item.draft.meta
    block = getattr(meta.channels, channel)
    fields = block.model_dump(mode="json", exclude_none=True) if block is not None else {}
    base = page_url(approvals.sop.site_url, item.id)
    folder = item.draft.folder
    media = {m.name: f"{base}{quote(m.name)}" for m in select_media(folder)[0]} if base else {}
    publish_at = meta.publish_at
    if publish_at is not None and publish_at.tzinfo is None:  # a local time of the institution
        publish_at = publish_at.replace(tzinfo=ZoneInfo(approvals.sop.timezone))
    return Post(
        publication=item.id,
        channel=channel,
        title=meta.title,
        fields=fields,
        folder=folder,
        body=item.draft.body,
        date=meta.date.isoformat(),
        bidang=meta.bidang,
        page_url=base,
        media_urls=media,
        publish_at=publish_at,
        content_hash=item.approval.tree,
        approved_at=_merged_at(item.approval.record),
        taken={post_id: owner for post_id, owner in (taken or {}).items() if owner != item.id},
    )


def posts_taken(records: list[Record], channel: str) -> dict[str, str]:
    """Post ids of ``channel`` that proven ``done`` receipts give to a publication (id → publication): a
    lookup for another publication never takes one of them. Read after unproven receipts were dropped."""
    taken: dict[str, str] = {}
    for record in records:
        for publication, by_channel in record.receipts.items():
            entry = by_channel.get(channel)
            if entry is not None and entry.posted:
                taken[str(entry.post_id)] = publication
    return taken


def _merged_at(record: Record) -> datetime | None:
    try:
        moment = datetime.fromisoformat(record.model.merged_at)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def publish(
    repo: GitRepo,
    *,
    outbox: Path,
    dry_run: bool = False,
    channels: Mapping[str, Channel] | None = None,
    now: datetime | None = None,
    run_channel: Callable[[Channel, Post, Any], Receipt] | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> PublishReport:
    now = now or datetime.now(UTC)
    configured = dict(channels or {})
    runner = run_channel or default_runner
    run_id = os.environ.get("GITHUB_RUN_ID") or f"local-{os.getpid()}-{int(now.timestamp())}"
    report = PublishReport()
    store = BranchStore(repo)
    attach_vault(configured.values(), store)
    with approved_publications(repo) as approvals:
        report.excluded = dict(approvals.excluded)
        all_records = load_records(store)
        seal = receipt_seal(repo)
        report.warnings = drop_unproven(all_records, seal)
        taken: dict[str, dict[str, str]] = {}
        report.acts = planned_acts(approvals.publications, all_records, repo, approvals.verdict.main)
        for item in sorted(approvals.publications, key=lambda p: (p.draft.meta.date, p.id)):
            for channel in item.draft.meta.channels.names():
                if channel not in SOCIAL_CHANNELS:
                    continue
                holder, entry = receipt_state(all_records, item.id, channel)
                if entry.state == "done":
                    if not item.life.withdrawn:  # a withdrawn publication's posts: only their deletion is told
                        report.actions.append(Action(item.id, channel, "already", entry.post_id or ""))
                    continue
                if item.life.withdrawn:
                    if holder is not None and unsettled(entry) and not dry_run:
                        post = make_post(
                            approvals, item, channel, taken.setdefault(channel, posts_taken(all_records, channel))
                        )
                        journal = ArchiveJournal(store, holder, item.id, channel, previous=entry, seal=seal)
                        _settle(report, item, configured.get(channel), post, journal, run_id, outbox)
                    else:
                        action = _withdrawn(item, channel, entry, outbox, approvals, dry_run=dry_run)
                        report.actions.append(action)
                        if holder is not None and action.package and entry.state == "waiting" and not dry_run:
                            journal = ArchiveJournal(store, holder, item.id, channel, previous=entry, seal=seal)
                            _mark_withdrawn(report, item, journal, action.package)
                    continue
                client = configured.get(channel) or OutboxChannel(channel, outbox, approvals.sop.language)
                post = make_post(approvals, item, channel, taken.setdefault(channel, posts_taken(all_records, channel)))
                if entry.state == "waiting" and isinstance(client, OutboxChannel):
                    # the package waits for a person: (re)write it if this machine lacks it, nothing more
                    message = client.waiting_message(post, write=not dry_run)
                    report.actions.append(Action(item.id, channel, "waiting", message))
                    continue
                if not is_due(client, post, now):
                    report.actions.append(Action(item.id, channel, "scheduled", item.draft.meta.publish_at.isoformat()))
                    continue
                if dry_run:
                    outcome = {"claimed": "would-resume", "waiting": "would-wait"}.get(entry.state, "would-publish")
                    target = "outbox" if channel not in configured else channel
                    report.actions.append(Action(item.id, channel, outcome, target))
                    continue
                journal = ArchiveJournal(
                    store, holder or item.approval.record, item.id, channel, previous=entry, seal=seal
                )
                report.actions.append(_publish_one(client, post, journal, run_id, runner, say, seal))
    return report


def _withdrawn(
    item: ApprovedPublication,
    channel: str,
    entry: ReceiptEntry,
    outbox: Path,
    approvals: Approvals,
    *,
    dry_run: bool,
) -> Action:
    """The line of a withdrawn publication's channel that has no post to delete (and, in a dry run, of one whose
    claim would be settled first): its waiting outbox package is emptied and marked not to upload."""
    if unsettled(entry):  # a dry run: what the run would do
        detail = _(
            "a cut-off run left its post unsettled: it would be looked up on {channel}, then deleted if found (or a "
            "person asked to look at the account)",
            channel=channel,
        )
        return Action(item.id, channel, "would-settle", detail)
    if entry.state in ("waiting", "withdrawn"):  # its package waited for a person: it must not be uploaded now
        package, detail = _withdraw_package(item, channel, outbox, approvals, write=not dry_run)
        named = (entry.details or {}).get("package")  # as the receipt names it (a dry run's outbox is elsewhere)
        return Action(item.id, channel, "withdrawn", detail, package=named if isinstance(named, str) else package)
    return Action(item.id, channel, "withdrawn")  # withdrawn before this channel got it: never posted now


def _withdraw_package(
    item: ApprovedPublication, channel: str, outbox: Path, approvals: Approvals, *, write: bool
) -> tuple[str, str]:
    """Empty a withdrawn publication's waiting outbox package and leave the notice not to upload it
    (``channels.outbox.withdraw_package``); the package's name and the detail of its line."""
    withdrawal = item.life.withdrawal
    assert withdrawal is not None
    date = withdrawal.at.astimezone(ZoneInfo(approvals.sop.timezone)).date().isoformat()
    package = withdraw_package(
        outbox, item.id, channel, language=approvals.sop.language, reason=withdrawal.reason, date=date, write=write
    )
    if not write:
        return package, _("its outbox package {package} would be emptied and marked: do not upload it", package=package)
    return package, _("its outbox package {package} is emptied and marked: do not upload it", package=package)


def _mark_withdrawn(report: PublishReport, item: ApprovedPublication, journal: ArchiveJournal, package: str) -> None:
    """Record on ``arsip`` that the emptied package of a withdrawn publication is not to be uploaded (a signed
    ``withdrawn`` receipt, compare-and-swap on the ``waiting`` one: a person who records the upload at the same
    time wins, and the withdrawal then deletes that post)."""
    withdrawal = item.life.withdrawal
    assert withdrawal is not None
    current = journal.refresh()
    if current.state not in ("waiting", "withdrawn"):
        return  # recorded meanwhile: the next run reads it
    try:
        journal.withdrawn(package, withdrawal.record)
    except ClaimLost:
        return  # changed meanwhile: the next run reads it
    except ConfigError as error:  # this run cannot sign: the package is emptied, the receipt stays waiting
        report.warnings.append(error.message)


def _settle(
    report: PublishReport,
    item: ApprovedPublication,
    client: Channel | None,
    post: Post,
    journal: ArchiveJournal,
    run_id: str,
    outbox: Path,
) -> None:
    """A withdrawn publication's post whose claim a cut-off run left: found on the platform, its deletion is
    planned; else a person is told to look (``pipeline.amend.claimed``)."""
    withdrawal = item.life.withdrawal
    assert withdrawal is not None
    asked = None if isinstance(client, OutboxChannel) else client
    settled = settle_claim(asked, post, journal, run=run_id, withdrawal=withdrawal.record, outbox=outbox)
    if settled.act is not None:
        report.acts.append(settled.act)
    else:
        report.actions.append(Action(item.id, post.channel, settled.outcome, settled.detail))


def _publish_one(
    client: Channel,
    post: Post,
    journal: ArchiveJournal,
    run_id: str,
    runner: Callable[[Channel, Post, Any], Receipt],
    say: Callable[[str], None],
    seal: ReceiptSeal,
) -> Action:
    if not isinstance(client, OutboxChannel):
        seal.ready()  # a post's receipt must be signed: fail before the platform is called, not after
    claim = journal.acquire(run_id)
    if claim == "done":
        return Action(post.publication, post.channel, "already", str(journal.entry.post_id or ""))
    if claim == "busy":
        holder = journal.entry.run or "?"
        say(f"{post.publication} → {post.channel}: busy: another run ({holder}) holds the claim")
        return Action(post.publication, post.channel, "busy", _("another run ({run}) is posting it", run=holder))
    resumed = journal.previous_state == "claimed"
    try:
        return _run(client, post, journal, runner, say, resumed)
    except ClaimLost as lost:  # another run took the claim over: it settles the post; write nothing more
        say(f"{post.publication} → {post.channel}: busy: {lost.message}")
        return Action(post.publication, post.channel, "busy", lost.message)


def _run(
    client: Channel,
    post: Post,
    journal: ArchiveJournal,
    runner: Callable[[Channel, Post, Any], Receipt],
    say: Callable[[str], None],
    resumed: bool,
) -> Action:
    try:
        receipt = runner(client, post, journal)
    except ClaimLost:
        raise
    except AwaitingUpload as waiting:
        journal.waiting(waiting.package)
        say(f"{post.publication} → {post.channel}: {waiting.message}")
        return Action(post.publication, post.channel, "waiting", waiting.message)
    except ChannelError as error:
        detail = error.message + (f" — {error.action}" if error.action else "")
        if error.retryable:
            # A cap, a quota, an outage, or an answer that never came: the claim stays, so the next run
            # asks the platform what became of this attempt before anything is sent again.
            journal.deferred(error.message, error.action, error.platform_message)
            say(f"{post.publication} → {post.channel}: deferred: {error.message}")
            return Action(post.publication, post.channel, "deferred", detail)
        journal.failed(error.message, error.action, error.platform_message)
        say(f"{post.publication} → {post.channel}: failed: {error.message}")
        return Action(post.publication, post.channel, "failed", detail)
    journal.done(receipt, post.content_hash or None)
    say(f"{post.publication} → {post.channel}: {receipt.post_id}")
    if receipt.details.get("found"):  # already on the platform, though the archive had no receipt
        return Action(
            post.publication,
            post.channel,
            "already",
            _("{post} (found on {channel})", post=receipt.post_id, channel=post.channel),
        )
    return Action(post.publication, post.channel, "resumed" if resumed else "published", receipt.post_id)
