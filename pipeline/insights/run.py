"""``humas jangkauan baca``: read what each published post reached, and keep it on ``arsip``.

The posts are the archive's ``done`` receipts that prove themselves (``drop_unproven``): the post id always
comes from the receipt, never from the platform's listing, and a post id that two publications' receipts
claim is read for neither. A post recorded by hand (``humas outbox uploaded``: its id is a URL) and a
TikTok post without a public id are named, not asked about.

Each configured platform is asked through its channel client (``pipeline.channels.registry``; renewed
tokens are kept as ``humas publish`` keeps them). A platform that refuses (a missing permission, a token
refused) or fails for a while (429 and 5xx beyond the client's retries, a timeout) is reported with what
to do and the others are still read: nothing is half-written, since every reading of the run goes to
``arsip`` in one commit at the end. The run signs its files before it asks any platform (it stops with a
configuration error when it cannot).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..archive.journal import ReceiptSeal, drop_unproven, receipt_seal
from ..archive.models import ReceiptEntry
from ..archive.record import Record, load_records
from ..archive.store import BranchStore
from ..channels.base import Channel, ChannelError, PermanentError
from ..channels.progress import NoProgress
from ..channels.registry import configured_channels
from ..channels.tokens import attach_vault
from ..git import GitRepo
from ..messages import _
from ..problems import ConfigError
from .archive import PUBLICATION, Reading, signed_files
from .base import Figures, Reader, by_hand
from .facebook import FacebookReader
from .instagram import InstagramReader
from .threads import ThreadsReader
from .tiktok import TikTokReader
from .youtube import YouTubeReader

if TYPE_CHECKING:
    import httpx


def readers() -> dict[str, Callable[[Any], Reader]]:
    """The reader of each platform, made from its channel client."""
    return {
        "instagram": InstagramReader,
        "facebook": FacebookReader,
        "tiktok": TikTokReader,
        "youtube": YouTubeReader,
        "threads": ThreadsReader,
    }


@dataclass(frozen=True)
class Post:
    publication: str
    channel: str
    post_id: str
    record: str
    receipt: ReceiptEntry


def published_posts(records: list[Record]) -> tuple[dict[tuple[str, str], Post], list[str]]:
    """{(publication, channel): its post} from the records' ``done`` receipts (call ``drop_unproven`` first;
    a later record's receipt of the same publication wins, as in the laporan), and a warning for each post id
    that receipts of two publications claim (read for neither)."""
    posts: dict[tuple[str, str], Post] = {}
    for record in records:
        for publication, channels in record.receipts.items():
            for channel, receipt in channels.items():
                if channel not in readers() or receipt.state != "done":
                    continue
                post_id = receipt.post_id or ""
                if post_id and PUBLICATION.fullmatch(publication) and ".." not in publication:
                    posts[(publication, channel)] = Post(publication, channel, post_id, record.path, receipt)
    owners: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, post in posts.items():
        owners.setdefault((post.channel, post.post_id), []).append(key)
    warnings = []
    for (channel, post_id), keys in sorted(owners.items()):
        if len(keys) > 1:
            for key in keys:
                del posts[key]
            warnings.append(
                _(
                    "{channel}: the post {post} is receipted for {publications}; its figures are given to none of them",
                    channel=channel,
                    post=post_id,
                    publications=", ".join(sorted(p for p, _c in keys)),
                )
            )
    return posts, warnings


@dataclass
class Outcome:
    post: Post
    figures: Figures | None = None
    skipped: str = ""


@dataclass
class Refusal:
    platform: str
    error: ChannelError


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)
    """The files written to arsip."""

    @property
    def code(self) -> int:
        """2 when a platform refuses for a reason a person fixes (a permission, a token), else 0: a platform
        that fails for a while is read again on the next run."""
        return 2 if any(isinstance(r.error, PermanentError) for r in self.refusals) else 0


def read_reach(
    repo: GitRepo,
    env: Mapping[str, str] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    now: datetime | None = None,
    timezone: str = "Asia/Jakarta",
) -> Run:
    env = os.environ if env is None else env
    moment = now or datetime.now(UTC)
    store = BranchStore(repo)
    records = load_records(store)
    seal = receipt_seal(repo, env)
    run = Run(warnings=drop_unproven(records, seal))
    posts, doubled = published_posts(records)
    run.warnings += doubled
    signer = _signer(seal)  # before any platform is asked: a run that cannot sign stops here
    channels = configured_channels(env, transport=transport, sleep=sleep, progress=NoProgress())
    attach_vault(channels.values(), store, env)
    for platform, make in readers().items():
        mine = {key: post for key, post in sorted(posts.items()) if post.channel == platform}
        if mine:
            _read_platform(run, platform, make, channels.get(platform), mine)
    day = moment.astimezone(ZoneInfo(timezone)).date().isoformat()
    readings = [
        Reading(
            o.post.publication, o.post.channel, o.post.post_id, o.post.record, moment.isoformat(), day, o.figures.dump()
        )
        for o in run.outcomes
        if o.figures is not None
    ]
    if readings:
        files = signed_files(readings, seal, signer)
        store.write(dict(files), f"jangkauan: {len(files)} reading(s) of {day}")
        run.stored = sorted(files)
    return run


def _signer(seal: ReceiptSeal) -> Callable[[bytes], str] | None:
    if seal.on_trust:
        return None
    if seal.make_signer is None:
        raise ConfigError(_("this command cannot sign receipts"))
    return seal.make_signer()


def _read_platform(
    run: Run, platform: str, make: Callable[[Any], Reader], channel: Channel | None, posts: dict[tuple[str, str], Post]
) -> None:
    if channel is None:
        for post in posts.values():
            run.outcomes.append(Outcome(post, skipped=_("{platform} is not configured here", platform=platform)))
        return
    reader = make(channel)
    asked: dict[str, Post] = {}
    for post in posts.values():
        why = (
            _("recorded by hand, without the platform's id")
            if by_hand(post.receipt)
            else reader.unreadable(post.post_id, post.receipt)
        )
        if why:
            run.outcomes.append(Outcome(post, skipped=why))
        else:
            asked[post.post_id] = post
    if not asked:
        return
    try:
        found = reader.read({post_id: post.receipt for post_id, post in asked.items()})
    except ChannelError as error:  # a missing permission (MissingPermission), a refused token, 429/5xx, a timeout
        run.refusals.append(Refusal(platform, error))
        return
    for post_id, post in asked.items():
        figures = found.get(post_id)
        if post_id in reader.refused:
            run.outcomes.append(Outcome(post, skipped=reader.refused[post_id].message))
        elif figures is None:
            run.outcomes.append(
                Outcome(post, skipped=_("the platform did not answer for this post (deleted or hidden?)"))
            )
        else:
            run.outcomes.append(Outcome(post, figures=figures))
