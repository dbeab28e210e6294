"""What a person says about a deferred post, kept in its journal on the archive.

When the platform cannot say what became of a post (``AskPerson``), the runner notes the posts the person
is shown under ``person.asked`` (post id → address). The person looks at the account and settles it:

- ``humas outbox uploaded PUBLICATION CHANNEL URL``: the post is there; its address becomes the receipt
  (``cli.record_upload``), signed like every receipt;
- ``humas outbox not-posted PUBLICATION CHANNEL``: there is none. The claim's notes are dropped (the next
  run asks the platform nothing about the earlier attempt) and ``person.not_posted`` records who said so,
  when, and which posts they were shown, **signed** with the receipts' seal (state ``new``, so it can never
  pass for a ``done`` receipt). The next ``humas publish`` sets those posts aside for this publication
  (``runner.without_dismissed``) and posts once. Anyone who can push to ``arsip`` can write a note; an
  unsigned or forged one sets nothing aside, and the lookup asks the person again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from ..archive.models import ReceiptEntry

ASKED = "person.asked"
NOT_POSTED = "person.not_posted"
NOT_THIS = "-"
"""The publication a dismissed post is given to in ``Post.taken``: none (never this one)."""


class _Seal(Protocol):
    def unproven(self, record: str, entry: Any) -> str | None: ...

    def seal(self, record: str, entry: Any) -> None: ...


class _Record(Protocol):
    path: str


@runtime_checkable
class ProvingJournal(Protocol):
    """A journal that knows how receipts are signed (the archive's): only there can a person's word count."""

    seal: _Seal
    record: _Record


def _statement(publication: str, channel: str, said: Mapping[str, Any]) -> Any:

    facts = {"by": str(said.get("by") or ""), "posts": dict(said.get("posts") or {})}
    return ReceiptEntry(
        publication=publication,
        channel=channel,
        state="new",
        at=str(said.get("at") or ""),
        details={"not_posted": facts},
        signature=said.get("signature"),
    )


def sign_dismissal(seal: _Seal, record: str, publication: str, channel: str, said: dict[str, Any]) -> None:
    """Add the seal's signature to what a person said (``said``: by, at, posts)."""
    entry = _statement(publication, channel, said)
    seal.seal(record, entry)
    said["signature"] = entry.signature


def dismissal_unproven(seal: _Seal, record: str, publication: str, channel: str, said: Mapping[str, Any]) -> str | None:
    """None when ``said`` is signed by a key that may sign receipts, for this very record and post."""
    return seal.unproven(record, _statement(publication, channel, said))
