"""The claim on a (publication, channel): a compare-and-swap on its receipt with a lease."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.archive.journal import ArchiveJournal, ClaimLost, ReceiptSeal, read_entry
from pipeline.archive.store import BranchStore, StaleWrite
from pipeline.git import GitRepo

RECORD = SimpleNamespace(path="records/2025-02-10-publikasi-wisuda-1a2b3c4", receipts={}, data={})


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BranchStore:
    monkeypatch.delenv("HUMAS_ARCHIVE_REMOTE", raising=False)
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path / "repo")], check=True)
    return BranchStore(GitRepo(tmp_path / "repo"))


def journal(store: BranchStore) -> ArchiveJournal:
    seal = ReceiptSeal(repository="", keys=[], on_trust=True)  # the claim alone is tested here
    return ArchiveJournal(store, RECORD, "2025/wisuda", "instagram", seal=seal)  # type: ignore[arg-type]


def test_a_second_run_skips_a_live_claim_and_takes_over_an_expired_one(store: BranchStore) -> None:
    first, second = journal(store), journal(store)
    assert first.acquire("run-a") == "fresh"
    first.note("container", "17900000000000001")
    assert second.acquire("run-b") == "busy"  # the lease is live: its process runs on this machine
    later = datetime.now(UTC) + timedelta(hours=2)  # the lease has expired (the first run is stuck)
    assert second.acquire("run-b", now=later) == "resume"
    assert second.get("container") == "17900000000000001"  # the earlier attempt is settled from its notes
    with pytest.raises(ClaimLost) as caught:
        first.note("media_id", "18000000000000002")  # the first run may not go on
    assert caught.value.message == (
        "instagram: another run changed the claim on 2025/wisuda while this run held it; this run stops before posting"
    )
    assert json.loads(store.read(first.path) or b"")["run"] == "run-b"


def test_a_conditional_write_refuses_a_changed_file(store: BranchStore) -> None:
    store.write({"a.json": b"1"}, "one")
    seen = store.blob("a.json")
    store.write({"a.json": b"2"}, "two")
    tip = store.tip()
    with pytest.raises(StaleWrite):
        store.write({"a.json": b"3"}, "three", expect={"a.json": seen})
    with pytest.raises(StaleWrite):
        store.write({"b.json": b"x"}, "new", expect={"b.json": None, "a.json": None})
    assert store.tip() == tip and store.read("a.json") == b"2"


def test_a_version_1_receipt_is_read() -> None:
    v1 = {
        "publication": "2025/wisuda",
        "channel": "tiktok",
        "state": "claimed",
        "notes": {"publish_id": "v_1"},
        "attempts": 2,
        "claimed_at": "2025-02-11T01:00:00+00:00",
        "run": "1234",
        "error": {"message": "m", "action": "a", "platform_message": "", "retryable": True},
    }
    entry = read_entry(json.dumps(v1).encode())
    assert (entry.version, entry.state, entry.attempts, entry.lease) == (2, "claimed", 2, None)
    assert entry.notes == {"publish_id": "v_1"} and entry.error == v1["error"]
    assert read_entry(b"not json", "2025/wisuda", "tiktok").state == "new"
