"""The outbox as a manual channel: a package that waits ("menunggu unggah manual") until a person records
the post's URL with ``humas outbox uploaded``; only then is there a receipt."""

from __future__ import annotations

import json

from tests.helpers import Repo, rewrite_arsip
from tests.test_publish import merged_publication


def arsip_files(repo: Repo) -> list[str]:
    return repo.git("ls-tree", "-r", "--name-only", "arsip").split()


def receipt_of(repo: Repo, channel: str) -> tuple[str, dict[str, object]]:
    path = next(f for f in arsip_files(repo) if f.endswith(f"/receipts/2025/wisuda/{channel}.json"))
    return path, json.loads(repo.git("show", f"arsip:{path}"))


def test_an_outbox_package_waits_until_a_person_records_the_url(repo: Repo) -> None:
    merged_publication(repo)
    first = repo.humas("publish")
    assert first.code == 0, first.err
    assert first.out.splitlines() == [
        "menunggu          2025/wisuda → instagram: paket unggah manual: outbox/instagram/2025-wisuda",
        "menunggu          2025/wisuda → facebook: paket unggah manual: outbox/facebook/2025-wisuda",
    ]
    package = repo.root / "outbox/instagram/2025-wisuda"
    assert sorted(p.name for p in package.iterdir()) == [".complete", "caption.txt", "foto.jpg", "request.json"]
    request = json.loads((package / "request.json").read_text())
    assert request["request"] == {
        "image_url": "https://humas.poltekkesjkt2.ac.id/2025/wisuda/foto.jpg",
        "caption": "Selamat! #Wisuda2025",
    }
    _, receipt = receipt_of(repo, "instagram")
    assert receipt["state"] == "waiting" and "post_id" not in receipt
    assert receipt["details"] == {"package": "outbox/instagram/2025-wisuda"}

    # a second run rewrites nothing and writes nothing to the archive
    (package / "caption.txt").write_text("changed by hand\n")
    arsip_before = repo.git("rev-parse", "arsip")
    again = repo.humas("publish")
    assert (again.code, again.out.splitlines()) == (0, first.out.splitlines())
    assert (package / "caption.txt").read_text() == "changed by hand\n"
    assert repo.git("rev-parse", "arsip") == arsip_before

    # a person posts it and records the address
    url = "https://www.instagram.com/p/C0abcDEF123/"
    recorded = repo.humas("outbox", "uploaded", "2025/wisuda", "instagram", url)
    assert (recorded.code, recorded.out) == (0, f"tercatat: 2025/wisuda → instagram: {url}\n")
    path, receipt = receipt_of(repo, "instagram")
    assert (receipt["state"], receipt["post_id"], receipt["url"]) == ("done", url, url)
    assert receipt["signature"].startswith("-----BEGIN SSH SIGNATURE-----")  # by the person who recorded it
    sheet = repo.git("show", f"arsip:{path.split('/receipts/')[0]}/lembar-pengesahan.md")
    assert f"| Instagram | diunggah manual | {url} |" in sheet  # the sheet names the channel as people write it
    third = repo.humas("publish")
    assert third.out.splitlines() == [
        f"sudah-diunggah    2025/wisuda → instagram: {url}",
        "menunggu          2025/wisuda → facebook: paket unggah manual: outbox/facebook/2025-wisuda",
    ]
    twice = repo.humas("outbox", "uploaded", "2025/wisuda", "instagram", url)
    assert (twice.code, twice.err) == (1, f"humas: 2025/wisuda → instagram: sudah tercatat sebagai {url}\n")


def test_uploaded_refuses_what_it_cannot_record(repo: Repo) -> None:
    merged_publication(repo)
    nothing = repo.humas("outbox", "uploaded", "2025/wisuda", "instagram", "https://www.instagram.com/p/x/")
    assert (nothing.code, nothing.err) == (
        1,
        "humas: 2025/wisuda → instagram: tidak ada paket outbox maupun unggahan tertunda yang menunggu tindakan "
        "(jalankan humas publish dulu)\n",
    )
    assert repo.humas("publish").code == 0
    cases = [
        (
            ("2025/wisuda", "instagram", "http://evil.example/p/x"),
            2,
            "humas: URL: 'http://evil.example/p/x' bukan alamat unggahan instagram (yang boleh: "
            "https://instagram.com/…)\n",
        ),
        (
            ("2025/wisuda", "myspace", "https://myspace.com/x"),
            2,
            "humas: CHANNEL: 'myspace' tidak dikenal (yang boleh: instagram, facebook, tiktok, youtube, threads)\n",
        ),
        (
            ("2025/lain", "instagram", "https://www.instagram.com/p/x/"),
            1,
            "humas: PUBLICATION: '2025/lain' bukan publikasi yang telah disahkan (yang telah disahkan: 2025/wisuda)\n",
        ),
    ]
    arsip_before = repo.git("rev-parse", "arsip")
    for args, code, err in cases:
        run = repo.humas("outbox", "uploaded", *args)
        assert (run.code, run.err) == (code, err)
    assert repo.git("rev-parse", "arsip") == arsip_before


def test_a_run_killed_after_its_claim_writes_the_package_once(repo: Repo) -> None:
    merged_publication(repo)
    assert repo.humas("publish").code == 0
    path, receipt = receipt_of(repo, "instagram")
    # Rewind the ledger to the state a run killed right after writing the package leaves behind.
    receipt = {k: v for k, v in receipt.items() if k not in ("details", "waiting_at")}
    receipt["state"] = "claimed"
    rewrite_arsip(repo, path, json.dumps(receipt))
    mtime = (repo.root / "outbox/instagram/2025-wisuda/foto.jpg").stat().st_mtime_ns
    run = repo.humas("publish")
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == (
        "menunggu          2025/wisuda → instagram: paket unggah manual: outbox/instagram/2025-wisuda"
    )
    assert (repo.root / "outbox/instagram/2025-wisuda/foto.jpg").stat().st_mtime_ns == mtime
    assert receipt_of(repo, "instagram")[1]["state"] == "waiting"
