"""What ``humas channels doctor`` says about reading what posts reached (a small hook in its loop).

Whether a token may read figures is known only by asking: Meta, TikTok and Google name no permission of a
token to a reader of it without another credential. So the doctor reads the figures of the newest post the
archive receipts (and proves) for the platform, and a refusal names the exact permission to grant
(``MissingPermission``: ``instagram_manage_insights`` or ``instagram_business_manage_insights``,
``read_insights``, ``threads_manage_insights``, TikTok's ``video.list``, YouTube's ``youtube.readonly``), never
a guess. With no archive or no post yet there is nothing to ask about, and it says nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..archive.journal import drop_unproven, receipt_seal
from ..archive.record import load_records
from ..archive.store import BranchStore
from ..channels.base import ChannelError
from ..channels.tokens import TokenVault
from ..git import repository_around
from ..messages import _
from ..problems import HumasError
from .base import MissingPermission
from .run import published_posts, readers


def reach_lines(platform: str, channel: Any, vault: TokenVault | None, where: Path | None = None) -> list[str]:
    """The doctor's lines about figures; raises ``MissingPermission`` when the platform refuses to give them."""
    make = readers().get(platform)
    if make is None:
        return []
    reader = make(channel)
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
    mine = [
        post
        for post in posts.values()
        if post.channel == platform
        and not (post.receipt.get("details") or {}).get("manual")
        and reader.unreadable(post.post_id, post.receipt) is None
    ]
    if not mine:
        return []
    newest = max(mine, key=lambda post: str(post.receipt.get("at") or ""))
    try:
        reader.read({newest.post_id: newest.receipt})
    except MissingPermission:
        raise
    except ChannelError as error:
        return [_("reach: could not be checked now ({why})", why=error.message)]
    return [_("reach: figures can be read ({permission})", permission=reader.permission)]
