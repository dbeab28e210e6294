"""What ``humas channels doctor`` says about reading what posts reached (a small hook in its loop).

Whether a token may read figures is known only by asking: Meta, TikTok and Google name no permission of a
token to a reader of it without another credential. So the doctor reads the figures of the newest post the
archive receipts (and proves) for the platform, and a refusal names the exact permission to grant
(``MissingPermission``: ``instagram_manage_insights`` or ``instagram_business_manage_insights``,
``read_insights``, ``threads_manage_insights``, TikTok's ``video.list``, YouTube's ``youtube.readonly``), never
a guess. With no archive or no post yet there is nothing to ask about, and it says nothing.

It also names the YouTube videos YouTube made another privacy than their receipts asked (``privacy_lines``):
the channel module cannot read the archive itself (the archive reads the content model, which reads the
channels' descriptors), and only receipts that prove themselves may make the doctor tell a person to change a
video's privacy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..archive.journal import drop_unproven, receipt_seal
from ..archive.record import load_records
from ..archive.store import BranchStore
from ..channels.base import ChannelError
from ..channels.tokens import TokenVault
from ..channels.youtube import privacy_differs
from ..git import repository_around
from ..messages import _
from ..problems import HumasError
from .base import MissingPermission, by_hand
from .run import Post, published_posts, readers


def _proven(platform: str, vault: TokenVault | None, where: Path | None) -> list[Post]:
    """The posts of ``platform`` that the archive's receipts prove (``drop_unproven``); none without an archive or
    without a trusted main to prove them with."""
    repo = vault.store.repo if vault is not None else repository_around((where or Path.cwd()).resolve())
    if repo is None or BranchStore(repo).tip() is None:
        return []
    records = load_records(BranchStore(repo))
    if not any(platform in channels for record in records for channels in record.receipts.values()):
        return []
    try:
        seal = receipt_seal(repo)
    except HumasError:  # no trusted main to prove receipts with: nothing the doctor can ask about
        return []
    drop_unproven(records, seal)
    posts, _doubled = published_posts(records)
    return [post for post in posts.values() if post.channel == platform]


def reach_lines(platform: str, channel: Any, vault: TokenVault | None, where: Path | None = None) -> list[str]:
    """The doctor's lines about figures; raises ``MissingPermission`` when the platform refuses to give them."""
    make = readers().get(platform)
    if make is None:
        return []
    reader = make(channel)
    mine = [
        post
        for post in _proven(platform, vault, where)
        if not by_hand(post.receipt) and reader.unreadable(post.post_id, post.receipt) is None
    ]
    if not mine:
        return []
    newest = max(mine, key=lambda post: post.receipt.at or "")
    try:
        reader.read({newest.post_id: newest.receipt})
    except MissingPermission:
        raise
    except ChannelError as error:
        return [_("reach: could not be checked now ({why})", why=error.message)]
    return [_("reach: figures can be read ({permission})", permission=reader.permission)]


def privacy_lines(platform: str, channel: Any, vault: TokenVault | None) -> list[str]:
    """YouTube: the videos whose proven receipt says YouTube gave another privacy than asked (``privacy_asked``)
    and which still differ now (``channels.youtube.privacy_differs``). A receipt that does not prove itself is not
    read: anyone who can push ``arsip`` could name a video kept private on purpose."""
    if platform != "youtube" or vault is None:
        return []
    asked = {
        post.post_id: (post.publication, str(wanted))
        for post in _proven(platform, vault, None)
        if (wanted := (post.receipt.details or {}).get("privacy_asked"))
    }
    return privacy_differs(channel, asked) if asked else []
