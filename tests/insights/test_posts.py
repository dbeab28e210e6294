"""Which post a reading belongs to: the receipt's post id, never one two publications claim."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.archive.models import ReceiptEntry, parse_receipt
from pipeline.insights.run import published_posts


@dataclass
class FakeRecord:
    path: str
    found: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    receipts: dict[str, dict[str, ReceiptEntry]] = field(init=False)

    def __post_init__(self) -> None:  # parsed as load_records parses the files
        self.receipts = {p: {c: parse_receipt(r, p, c) for c, r in by.items()} for p, by in self.found.items()}


def done(post_id: str) -> dict[str, Any]:
    return {"state": "done", "post_id": post_id}


def test_a_post_claimed_by_two_publications_is_read_for_neither() -> None:
    records = [
        FakeRecord("records/a", {"2025/wisuda": {"instagram": done("1801"), "tiktok": done("73")}}),
        FakeRecord("records/b", {"2025/dies": {"instagram": done("1801"), "facebook": done("104_9")}}),
        FakeRecord("records/c", {"2025/seminar": {"youtube": {"state": "failed"}, "website": done("x")}}),
        FakeRecord("records/d", {"2025/../../etc": {"threads": done("31")}}),
    ]
    posts, warnings = published_posts(records)  # type: ignore[arg-type]
    assert {key: post.post_id for key, post in posts.items()} == {
        ("2025/wisuda", "tiktok"): "73",
        ("2025/dies", "facebook"): "104_9",
    }
    assert warnings == [
        "instagram: unggahan 1801 tercatat dalam bukti unggah 2025/dies, 2025/wisuda; angkanya tidak diberikan "
        "kepada satu pun"
    ]


def test_a_later_records_receipt_of_the_same_publication_wins() -> None:
    records = [
        FakeRecord("records/a", {"2025/wisuda": {"youtube": done("vid1")}}),
        FakeRecord("records/b", {"2025/wisuda": {"youtube": done("vid2")}}),
    ]
    posts, _warnings = published_posts(records)  # type: ignore[arg-type]
    assert posts[("2025/wisuda", "youtube")].post_id == "vid2"
    assert posts[("2025/wisuda", "youtube")].record == "records/b"
