"""The exactly-once ledger of one (publication, channel): a receipt file in the approval record.

States: ``claimed`` (written before the first platform call), ``done`` (the receipt), ``failed`` (a
permanent refusal, with the platform's message and what a person should do). A ``claimed`` entry found
by a later run means an earlier run stopped mid-way: the channel reconciles with the platform before
anything else.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ..channels.base import Receipt
from .record import Record
from .store import BranchStore


def receipt_path(record: Record, publication: str, channel: str) -> str:
    return f"{record.path}/receipts/{publication}/{channel}.json"


class ArchiveJournal:
    def __init__(self, store: BranchStore, record: Record, publication: str, channel: str,
                 previous: dict[str, Any] | None = None) -> None:
        self.store = store
        self.record = record
        self.path = receipt_path(record, publication, channel)
        self.state: dict[str, Any] = dict(previous or {"publication": publication, "channel": channel,
                                                        "state": "new", "notes": {}, "attempts": 0})
        self.state.setdefault("notes", {})

    # Journal protocol ---------------------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        return self.state["notes"].get(key, default)

    def note(self, key: str, value: Any) -> None:
        self.state["notes"][key] = value
        self._save(f"note {key}")

    # states -----------------------------------------------------------------------------------

    @property
    def interrupted(self) -> bool:
        return self.state.get("state") == "claimed"

    def claim(self, run: str) -> None:
        self.state.update(state="claimed", claimed_at=_now(), run=run, attempts=int(self.state["attempts"]) + 1)
        self._save("claim")

    def done(self, receipt: Receipt) -> None:
        self.state.update(state="done", post_id=receipt.post_id, url=receipt.url, at=receipt.at.isoformat(),
                          details=dict(receipt.details))
        self.state.pop("error", None)
        self._save("published", with_sheet=True)

    def deferred(self, message: str, action: str, platform_message: str = "") -> None:
        """Not posted in this run, for a reason that passes (the claim stays: reconcile first next time)."""
        self.state.update(state="claimed", deferred_at=_now(),
                          error={"message": message, "action": action, "platform_message": platform_message,
                                 "retryable": True})
        self._save("deferred")

    def failed(self, message: str, action: str, platform_message: str = "") -> None:
        self.state.update(state="failed", failed_at=_now(),
                          error={"message": message, "action": action, "platform_message": platform_message})
        self._save("failed", with_sheet=True)

    def _save(self, what: str, with_sheet: bool = False) -> None:
        files: dict[str, bytes | None] = {
            self.path: json.dumps(self.state, indent=2, ensure_ascii=False).encode() + b"\n"}
        if with_sheet:  # the Lembar Pengesahan lists the receipts of its publications
            from .lembar import render_html, render_markdown

            self.record.receipts.setdefault(self.state["publication"], {})[self.state["channel"]] = self.state
            files[f"{self.record.path}/lembar-pengesahan.md"] = render_markdown(
                self.record.data, self.record.receipts).encode()
            files[f"{self.record.path}/lembar-pengesahan.html"] = render_html(
                self.record.data, self.record.receipts).encode()
        self.store.write(files, f"receipt: {self.state['publication']} {self.state['channel']} {what}")


def _now() -> str:
    return datetime.now(UTC).isoformat()
