"""``humas publish`` with the outbox: exactly once across re-runs, dry runs that change nothing, and
nothing published without the full chain."""

from __future__ import annotations

import json

from tests.helpers import Repo, jpeg, publikasi, rewrite_arsip

CHANNELS = ("  website: {}\n  instagram:\n    caption: \"Selamat! #Wisuda2025\"\n    media: [foto.jpg]\n"
            "  facebook:\n    caption: Wisuda telah dilaksanakan.\n")


def merged_publication(repo: Repo, slug: str = "wisuda", title: str = "Wisuda Angkatan 2025") -> None:
    branch = f"publikasi/{slug}"
    repo.branch(branch)
    repo.write(f"content/publikasi/2025/{slug}/index.md", publikasi(title=title, channels=CHANNELS))
    repo.write(f"content/publikasi/2025/{slug}/foto.jpg", jpeg())
    repo.commit(f"Desain konten: {slug}")
    repo.sign_all(branch)
    run = repo.humas("merge", branch)
    assert run.code == 0, run.err
    repo.switch("main")


def arsip_files(repo: Repo) -> list[str]:
    return repo.git("ls-tree", "-r", "--name-only", "arsip").split()


def test_outbox_packages_are_written_once(repo: Repo) -> None:
    merged_publication(repo)
    first = repo.humas("publish")
    assert first.code == 0, first.err
    assert first.out.splitlines() == [
        "published      2025/wisuda → instagram: outbox:instagram/2025-wisuda",
        "published      2025/wisuda → facebook: outbox:facebook/2025-wisuda",
    ]
    package = repo.root / "outbox/instagram/2025-wisuda"
    assert sorted(p.name for p in package.iterdir()) == [".complete", "caption.txt", "foto.jpg", "request.json"]
    assert (package / "caption.txt").read_text() == "Selamat! #Wisuda2025\n"
    request = json.loads((package / "request.json").read_text())
    assert request["request"] == {"image_url": "https://humas.poltekkesjkt2.ac.id/2025/wisuda/foto.jpg",
                                  "caption": "Selamat! #Wisuda2025"}
    assert (package / "foto.jpg").read_bytes() == (repo.root / "content/publikasi/2025/wisuda/foto.jpg").read_bytes()
    receipts = [f for f in arsip_files(repo) if "/receipts/" in f]
    assert [f.split("/receipts/")[1] for f in receipts] == ["2025/wisuda/facebook.json", "2025/wisuda/instagram.json"]
    receipt = json.loads(repo.git("show", f"arsip:{receipts[1]}"))
    assert receipt["state"] == "done" and receipt["post_id"] == "outbox:instagram/2025-wisuda"
    sheet = repo.git("show", f"arsip:{receipts[1].split('/receipts/')[0]}/lembar-pengesahan.md")
    assert "## Bukti unggah (tahap 7)" in sheet
    assert "| 2025/wisuda | instagram | menunggu unggah manual |  |" in sheet  # nobody uploaded the package yet

    (package / "caption.txt").write_text("changed by hand\n")
    arsip_before = repo.git("rev-parse", "arsip")
    again = repo.humas("publish")
    assert again.code == 0
    assert again.out.splitlines() == [
        "already        2025/wisuda → instagram: outbox:instagram/2025-wisuda",
        "already        2025/wisuda → facebook: outbox:facebook/2025-wisuda",
    ]
    assert (package / "caption.txt").read_text() == "changed by hand\n"
    assert repo.git("rev-parse", "arsip") == arsip_before


def test_dry_run_changes_nothing(repo: Repo) -> None:
    merged_publication(repo)
    arsip_before = repo.git("rev-parse", "arsip")
    run = repo.humas("publish", "--dry-run")
    assert run.code == 0
    assert run.out.splitlines() == ["would-publish  2025/wisuda → instagram: outbox",
                                    "would-publish  2025/wisuda → facebook: outbox"]
    assert not (repo.root / "outbox").exists()
    assert repo.git("rev-parse", "arsip") == arsip_before


def test_a_run_killed_after_its_claim_completes_without_writing_twice(repo: Repo) -> None:
    merged_publication(repo)
    assert repo.humas("publish").code == 0
    receipt_path = next(f for f in arsip_files(repo) if f.endswith("/instagram.json"))
    receipt = json.loads(repo.git("show", f"arsip:{receipt_path}"))
    # Rewind the ledger to the state a run killed right after writing the package leaves behind.
    receipt = {k: v for k, v in receipt.items() if k not in ("post_id", "url", "at", "details")}
    receipt["state"] = "claimed"
    rewrite_arsip(repo, receipt_path, json.dumps(receipt))
    mtime = (repo.root / "outbox/instagram/2025-wisuda/foto.jpg").stat().st_mtime_ns

    run = repo.humas("publish")
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == "resumed        2025/wisuda → instagram: outbox:instagram/2025-wisuda"
    assert (repo.root / "outbox/instagram/2025-wisuda/foto.jpg").stat().st_mtime_ns == mtime
    assert json.loads(repo.git("show", f"arsip:{receipt_path}"))["state"] == "done"


def test_content_committed_straight_to_main_is_never_published(repo: Repo) -> None:
    repo.write("content/publikasi/2025/langsung/index.md", publikasi(title="Langsung", channels=CHANNELS))
    repo.write("content/publikasi/2025/langsung/foto.jpg", jpeg())
    repo.commit("straight to main", who="humas1")
    run = repo.humas("publish")
    assert run.code == 0
    assert run.out.splitlines() == [
        "left out: 2025/langsung: no approval record (committed to main without the SOP chain)",
        "nothing to publish"]
    assert not (repo.root / "outbox").exists()


def test_an_edit_on_main_after_approval_is_not_published(repo: Repo) -> None:
    merged_publication(repo)
    repo.write("content/publikasi/2025/wisuda/index.md",
               publikasi(title="Wisuda (diubah)", channels=CHANNELS))
    repo.commit("edit after approval", who="humas1")
    run = repo.humas("publish")
    assert run.out.splitlines()[0].startswith(
        "left out: 2025/wisuda: changed after approval (approved in records/")
    assert not (repo.root / "outbox").exists()


def test_a_forged_record_whose_trailers_disagree_is_not_trusted(repo: Repo) -> None:
    merged_publication(repo)
    record = next(f for f in arsip_files(repo) if f.endswith("record.json"))
    data = json.loads(repo.git("show", f"arsip:{record}"))
    data["chains"][0]["steps"][1]["signatures"][0]["identity"] = "someone@else.example"
    rewrite_arsip(repo, record, json.dumps(data))
    run = repo.humas("publish")
    assert run.out.splitlines()[0] == (
        f"left out: 2025/wisuda: approval record {record.rsplit('/', 1)[0]} does not verify: its "
        "signature table (the Lembar Pengesahan) does not match the signatures")


def test_nothing_is_posted_before_publish_at(repo: Repo) -> None:
    repo.branch("publikasi/nanti")
    repo.write("content/publikasi/2025/nanti/index.md",
               publikasi(title="Nanti", channels=CHANNELS, extra="publish_at: 2999-01-01T08:00:00\n"))
    repo.write("content/publikasi/2025/nanti/foto.jpg", jpeg())
    repo.commit("scheduled")
    repo.sign_all("publikasi/nanti")
    assert repo.humas("merge", "publikasi/nanti").code == 0
    run = repo.humas("publish")
    assert run.code == 0
    assert run.out.splitlines() == ["scheduled      2025/nanti → instagram: 2999-01-01T08:00:00",
                                    "scheduled      2025/nanti → facebook: 2999-01-01T08:00:00"]
    assert not (repo.root / "outbox").exists()
    assert not [f for f in arsip_files(repo) if "/receipts/" in f]
