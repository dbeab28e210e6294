"""A receipt is parsed once, where the archive is read (``load_records``): every later reader (publish, the
Lembar Pengesahan, the Mutu Baku report) gets a ``ReceiptEntry`` or nothing, and a file that is no receipt
of its place is a problem (data), reported by ``drop_unproven`` and never trusted."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pipeline.archive.journal import RECEIPT_NAMESPACE, ReceiptSeal, drop_unproven, receipt_state
from pipeline.archive.lembar import sheet_of
from pipeline.archive.models import ReceiptEntry, parse_receipt
from pipeline.archive.record import load_records
from pipeline.archive.store import BranchStore
from pipeline.git import GitRepo
from pipeline.publish import posts_taken
from pipeline.signing import sign_with_private_key
from tests.archive.test_lembar import RECORD
from tests.helpers import key_file, public_key

FOLDER = "records/2025-02-10-publikasi-wisuda-1a2b3c4"
DONE = {"state": "done", "post_id": "17890", "url": "https://www.instagram.com/p/abc/", "at": "2025-02-10T03:00:00Z"}


def test_what_is_no_receipt_of_its_place_says_why() -> None:
    cases: list[tuple[bytes, str]] = [
        (b"{not json", "bukan JSON"),
        (b'["done"]', "bukan JSON"),
        (json.dumps({"state": "someday"}).encode(), "kolom tidak terbaca: state"),
        (
            json.dumps({"state": "done", "attempts": "many", "lease": 3}).encode(),
            "kolom tidak terbaca: attempts, lease",
        ),
        (json.dumps({**DONE, "publication": "2025/dies"}).encode(), "isinya menyebut 2025/dies → instagram"),
        (json.dumps({**DONE, "channel": "facebook"}).encode(), "isinya menyebut 2025/wisuda → facebook"),
    ]
    for raw, why in cases:
        with pytest.raises(ValueError) as caught:
            parse_receipt(raw, "2025/wisuda", "instagram")
        assert str(caught.value) == why, raw
    entry = parse_receipt(json.dumps(DONE).encode(), "2025/wisuda", "instagram")
    assert (entry.publication, entry.channel, entry.post_id, entry.posted) == (
        "2025/wisuda",
        "instagram",
        "17890",
        True,
    )


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BranchStore:
    monkeypatch.delenv("HUMAS_ARCHIVE_REMOTE", raising=False)
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path / "repo")], check=True)
    return BranchStore(GitRepo(tmp_path / "repo"))


def signed_seal() -> ReceiptSeal:
    private = key_file("ketua").read_text()
    return ReceiptSeal(
        repository="repo-1",
        keys=[public_key("ketua")],
        make_signer=lambda: lambda payload: sign_with_private_key(private, payload, RECEIPT_NAMESPACE)[1],
    )


def test_a_receipt_copied_to_another_publication_is_not_its_receipt(store: BranchStore) -> None:
    """Anyone who can push arsip can copy a genuine, signed receipt of one publication to another's place:
    its signature covers the publication it names, so it verifies; it is still no receipt of that place."""
    seal = signed_seal()
    genuine = ReceiptEntry.model_validate({**DONE, "publication": "2025/wisuda", "channel": "instagram"})
    seal.seal(FOLDER, genuine)
    raw = json.dumps(genuine.dump()).encode()
    record = RECORD.model_copy(update={"publications": {"2025/wisuda": "t", "2025/dies": "u"}})
    store.write(
        {
            f"{FOLDER}/record.json": record.model_dump_json().encode(),
            f"{FOLDER}/receipts/2025/wisuda/instagram.json": raw,
            f"{FOLDER}/receipts/2025/dies/instagram.json": raw,  # the copy
            f"{FOLDER}/receipts/2025/dies/facebook.json": b"{not json",
        },
        "someone with push access",
    )
    records = load_records(store)
    assert [str(problem) for problem in records[0].problems] == [
        f"arsip:{FOLDER}/receipts/2025/dies/facebook.json: bukan JSON",
        f"arsip:{FOLDER}/receipts/2025/dies/instagram.json: isinya menyebut 2025/wisuda → instagram",
    ]
    assert drop_unproven(records, seal) == [
        f"arsip:{FOLDER}/receipts/2025/dies/facebook.json: bukan bukti unggah (bukan JSON); berkas ini "
        "diabaikan, dan platform ditanya dahulu sebelum apa pun diunggah",
        f"arsip:{FOLDER}/receipts/2025/dies/instagram.json: bukan bukti unggah (isinya menyebut 2025/wisuda → "
        "instagram); berkas ini diabaikan, dan platform ditanya dahulu sebelum apa pun diunggah",
    ]
    holder, entry = receipt_state(records, "2025/dies", "instagram")
    assert (holder, entry.state) == (None, "new")  # publish asks the platform, and posts it if it is not there
    assert receipt_state(records, "2025/wisuda", "instagram")[1].post_id == "17890"
    assert posts_taken(records, "instagram") == {"17890": "2025/wisuda"}
    uploads = {(u.publication, u.channel): u.state for u in sheet_of(records[0].model, records[0].receipts).uploads}
    assert uploads == {("2025/wisuda", "instagram"): "done"}


def test_the_tree_a_post_was_made_from_is_sealed_with_its_receipt() -> None:
    """A ``done`` receipt names the approved tree its post was made from (a correction's edit is owed when main's
    tree is another): whoever can push arsip cannot change, add or remove it without losing the signature,
    and a receipt signed before the tree was recorded still proves itself."""
    seal = signed_seal()
    tree = "4b825dc642cb6eb9a060e54bf8d69288fbc4904d"
    genuine = ReceiptEntry.model_validate({**DONE, "publication": "2025/wisuda", "channel": "instagram"})
    genuine.content_hash = tree
    seal.seal(FOLDER, genuine)
    assert seal.unproven(FOLDER, genuine) is None
    bad = "tanda tangan tidak sah untuk kunci yang terdaftar"  # before, "tanda tangan tidak sah ()"
    for forged in ("0" * 40, None):
        assert seal.unproven(FOLDER, genuine.model_copy(update={"content_hash": forged})) == bad, forged
    older = ReceiptEntry.model_validate({**DONE, "publication": "2025/wisuda", "channel": "instagram"})
    seal.seal(FOLDER, older)  # signed without a tree, as receipts were before
    assert seal.unproven(FOLDER, older) is None
    assert seal.unproven(FOLDER, older.model_copy(update={"content_hash": tree})) == bad
