"""``humas publish`` with the outbox: exactly once across re-runs, dry runs that change nothing, and
nothing published without the full chain."""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.approved import approved_publications
from pipeline.content.life import Withdrawal
from pipeline.git import GitRepo
from tests.helpers import Repo, jpeg, publikasi, rewrite_arsip

CHANNELS = (
    '  website: {}\n  instagram:\n    caption: "Selamat! #Wisuda2025"\n    media: [foto.jpg]\n'
    "  facebook:\n    caption: Wisuda telah dilaksanakan.\n"
)


_MERGED: dict[str, Path] = {}  # the state before -> a copy of the repository after (this test process's)


def merged_publication(repo: Repo, slug: str = "wisuda", title: str = "Wisuda Angkatan 2025") -> None:
    """A publication signed by the whole chain and merged with the real commands. Done once per test process
    for each state the repository is in (``_state``): later calls on a repository in the same state get a copy
    of the first result."""
    before = _state(repo, slug, title)
    if before in _MERGED:
        shutil.rmtree(repo.root)
        shutil.copytree(_MERGED[before], repo.root, symlinks=True)
        return
    _merge_publication(repo, slug, title)
    if before is not None:
        if not _MERGED:
            folder = Path(tempfile.mkdtemp(prefix="humas-test-merged-"))
            atexit.register(shutil.rmtree, folder, True)
            _MERGED["\0folder"] = folder
        _MERGED[before] = _MERGED["\0folder"] / str(len(_MERGED))
        shutil.copytree(repo.root, _MERGED[before], symlinks=True)


def _state(repo: Repo, slug: str, title: str) -> str | None:
    """What the repository is, as far as ``merged_publication`` can tell: its refs, HEAD, .git/config and the
    names of its ignored files (None: a change in the work tree, not cached)."""
    status = repo.git("status", "--porcelain", "--ignored", "--untracked-files=all")
    if any(not line.startswith("!! ") for line in status.splitlines()):
        return None
    refs = repo.git("for-each-ref", "--format=%(refname) %(objectname)")
    head = repo.git("rev-parse", "--symbolic-full-name", "HEAD")
    config = (repo.root / ".git" / "config").read_text()
    return hashlib.sha256(f"{slug}\0{title}\0{refs}\0{head}\0{config}\0{status}".encode()).hexdigest()


def _merge_publication(repo: Repo, slug: str, title: str) -> None:
    branch = f"publikasi/{slug}"
    repo.branch(branch)
    repo.write(f"content/publikasi/2025/{slug}/index.md", publikasi(title=title, channels=CHANNELS))
    repo.write(f"content/publikasi/2025/{slug}/foto.jpg", jpeg(1080, 1080))
    repo.commit(f"Desain konten: {slug}")
    repo.sign_all(branch)
    run = repo.humas("merge", branch)
    assert run.code == 0, run.err
    repo.switch("main")


def arsip_files(repo: Repo) -> list[str]:
    return repo.git("ls-tree", "-r", "--name-only", "arsip").split()


def test_dry_run_changes_nothing(repo: Repo) -> None:
    merged_publication(repo)
    arsip_before = repo.git("rev-parse", "arsip")
    run = repo.humas("publish", "--dry-run")
    assert run.code == 0
    assert run.out.splitlines() == [
        "akan-diunggah     2025/wisuda → instagram: outbox",
        "akan-diunggah     2025/wisuda → facebook: outbox",
    ]
    assert not (repo.root / "outbox").exists()
    assert repo.git("rev-parse", "arsip") == arsip_before


def test_the_lines_are_english_when_sop_yml_says_language_en(repo: Repo) -> None:
    repo.write("sop.yml", (repo.root / "sop.yml").read_text(encoding="utf-8").replace("language: id", "language: en"))
    repo.refound()
    merged_publication(repo)
    repo.write("content/publikasi/2025/langsung/index.md", publikasi(title="Langsung", channels=CHANNELS))
    repo.write("content/publikasi/2025/langsung/foto.jpg", jpeg())
    repo.commit("straight to main, in English", who="humas1")
    run = repo.humas("publish", "--dry-run")
    assert run.out.splitlines() == [
        "left out: 2025/langsung: no approval record (committed to main without the SOP chain)",
        "would-publish  2025/wisuda → instagram: outbox",
        "would-publish  2025/wisuda → facebook: outbox",
    ]
    build = repo.humas("build", "--out", "site")
    assert build.out.splitlines()[0] == (
        "left out: 2025/langsung: no approval record (committed to main without the SOP chain)"
    )
    assert build.out.splitlines()[1].startswith("Built 1 publication(s) into site/ in ")
    assert repo.humas("publish", "--dry-run", env={"HUMAS_LANGUAGE": "id"}).out.splitlines()[1] == (
        "akan-diunggah     2025/wisuda → instagram: outbox"
    )


def test_content_committed_straight_to_main_is_never_published(repo: Repo) -> None:
    repo.write("content/publikasi/2025/langsung/index.md", publikasi(title="Langsung", channels=CHANNELS))
    repo.write("content/publikasi/2025/langsung/foto.jpg", jpeg())
    repo.commit("straight to main", who="humas1")
    run = repo.humas("publish")
    assert run.code == 0
    assert run.out.splitlines() == [
        "dikecualikan: 2025/langsung: tidak ada catatan pengesahan (di-commit ke main tanpa rantai SOP)",
        "tidak ada yang perlu diunggah",
    ]
    assert not (repo.root / "outbox").exists()


def test_an_edit_on_main_after_approval_is_not_published(repo: Repo) -> None:
    merged_publication(repo)
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(title="Wisuda (diubah)", channels=CHANNELS))
    repo.commit("edit after approval", who="humas1")
    run = repo.humas("publish")
    assert run.out.splitlines()[0].startswith(
        "dikecualikan: 2025/wisuda: diubah setelah disahkan (disahkan dalam records/"
    )
    assert not (repo.root / "outbox").exists()


def test_a_forged_record_whose_trailers_disagree_is_not_trusted(repo: Repo) -> None:
    merged_publication(repo)
    record = next(f for f in arsip_files(repo) if f.endswith("record.json"))
    data = json.loads(repo.git("show", f"arsip:{record}"))
    data["chains"][0]["steps"][1]["signatures"][0]["identity"] = "someone@else.example"
    rewrite_arsip(repo, record, json.dumps(data))
    run = repo.humas("publish")
    assert run.out.splitlines()[0] == (
        f"dikecualikan: 2025/wisuda: catatan pengesahan {record.rsplit('/', 1)[0]} tidak terverifikasi: tabel tanda "
        "tangannya (Lembar Pengesahan) tidak sesuai dengan tanda tangan"
    )


def test_nothing_is_posted_before_publish_at(repo: Repo) -> None:
    repo.branch("publikasi/nanti")
    repo.write(
        "content/publikasi/2025/nanti/index.md",
        publikasi(title="Nanti", channels=CHANNELS, extra="publish_at: 2999-01-01T08:00:00\n"),
    )
    repo.write("content/publikasi/2025/nanti/foto.jpg", jpeg(1080, 1080))
    repo.commit("scheduled")
    repo.sign_all("publikasi/nanti")
    assert repo.humas("merge", "publikasi/nanti").code == 0
    run = repo.humas("publish")
    assert run.code == 0
    assert run.out.splitlines() == [
        "dijadwalkan       2025/nanti → instagram: 2999-01-01T08:00:00",
        "dijadwalkan       2025/nanti → facebook: 2999-01-01T08:00:00",
    ]
    assert not (repo.root / "outbox").exists()
    assert not [f for f in arsip_files(repo) if "/receipts/" in f]


def test_the_archive_tells_each_lookup_which_posts_are_other_publications() -> None:
    """Proven done receipts give their post ids to their publications: a lookup for another publication
    never takes one of them (Post.taken); claims and other channels give nothing."""
    from types import SimpleNamespace

    from pipeline.archive.models import ReceiptEntry, parse_receipt
    from pipeline.publish import posts_taken

    def receipts(found: dict[str, dict[str, dict[str, str]]]) -> dict[str, dict[str, ReceiptEntry]]:
        return {p: {c: parse_receipt(r, p, c) for c, r in by_channel.items()} for p, by_channel in found.items()}

    records = [
        SimpleNamespace(
            receipts=receipts(
                {
                    "2025/a": {"instagram": {"state": "done", "post_id": "17"}, "facebook": {"state": "claimed"}},
                    "2025/c": {"instagram": {"state": "claimed", "post_id": "19"}},
                }
            )
        ),
        SimpleNamespace(receipts=receipts({"2025/b": {"instagram": {"state": "done", "post_id": "18"}}})),
    ]
    assert posts_taken(records, "instagram") == {"17": "2025/a", "18": "2025/b"}  # type: ignore[arg-type]
    assert posts_taken(records, "facebook") == {}  # type: ignore[arg-type]


def test_a_publication_withdrawn_before_it_was_posted_is_posted_nowhere(repo: Repo) -> None:
    merged_publication(repo)
    repo.branch("tarik/wisuda")
    repo.write(
        "content/publikasi/2025/wisuda/index.md",
        publikasi(channels=CHANNELS, extra="ditarik: {alasan: Acara dibatalkan}\n"),
    )
    repo.commit("Tarik wisuda")
    for who, role in (("spi", "pengendali"), ("reni", "pengarah")):
        signed = repo.sign("tarik/wisuda", who, role)
        assert signed.code == 0, signed.err
    assert repo.humas("merge", "tarik/wisuda").code == 0
    repo.switch("main")
    run = repo.humas("publish")
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == [
        "ditarik           2025/wisuda → instagram",
        "ditarik           2025/wisuda → facebook",
    ]
    assert not (repo.root / "outbox").exists()  # no package for a person to post either


def withdraw(repo: Repo, channels: str = CHANNELS) -> Withdrawal:
    """Withdraw the publication (pengendalian and pengesahan sign it); its withdrawal as main and arsip tell it."""
    repo.branch("tarik/wisuda")
    repo.write(
        "content/publikasi/2025/wisuda/index.md",
        publikasi(channels=channels, extra="ditarik: {alasan: Acara dibatalkan}\n"),
    )
    repo.commit("Tarik wisuda")
    for who, role in (("spi", "pengendali"), ("reni", "pengarah")):
        signed = repo.sign("tarik/wisuda", who, role)
        assert signed.code == 0, signed.err
    assert repo.humas("merge", "tarik/wisuda").code == 0
    repo.switch("main")
    with approved_publications(GitRepo(repo.root)) as approvals:
        [withdrawal] = [p.life.withdrawal for p in approvals.publications if p.id == "2025/wisuda"]
    assert withdrawal is not None
    return withdrawal


def test_a_waiting_package_of_a_withdrawn_publication_says_not_to_upload_it(repo: Repo) -> None:
    """Think as the staff member who reads the outbox folder: after the withdrawal the package holds one notice and
    nothing to upload, and recording an upload is refused unless they say it was uploaded anyway (then the post is
    one to delete)."""
    merged_publication(repo)
    first = repo.humas("publish")
    assert first.code == 0, first.err
    package = repo.root / "outbox" / "instagram" / "2025-wisuda"
    assert (package / "foto.jpg").is_file()
    withdrawal = withdraw(repo)
    tarik = withdrawal.record

    dry = repo.humas("publish", "--dry-run")
    assert dry.out.splitlines() == [
        "ditarik           2025/wisuda → instagram: paket outbox-nya outbox/instagram/2025-wisuda akan dikosongkan "
        "dan ditandai: jangan diunggah",
        "ditarik           2025/wisuda → facebook: paket outbox-nya outbox/facebook/2025-wisuda akan dikosongkan "
        "dan ditandai: jangan diunggah",
    ]
    assert (package / "foto.jpg").is_file()  # a dry run changes nothing

    for _run in range(2):  # once marked, a later run leaves the notice as it is
        run = repo.humas("publish")
        assert (run.code, run.err) == (0, "")
        assert run.out.splitlines() == [
            "ditarik           2025/wisuda → instagram: paket outbox-nya outbox/instagram/2025-wisuda sudah "
            "dikosongkan dan ditandai: jangan diunggah",
            "ditarik           2025/wisuda → facebook: paket outbox-nya outbox/facebook/2025-wisuda sudah "
            "dikosongkan dan ditandai: jangan diunggah",
        ]
        assert sorted(p.name for p in package.iterdir()) == ["DITARIK-JANGAN-DIUNGGAH.txt"]
    day = withdrawal.at.astimezone(ZoneInfo("Asia/Jakarta")).date().isoformat()  # sop.yml's timezone
    assert (package / "DITARIK-JANGAN-DIUNGGAH.txt").read_text(encoding="utf-8") == (
        "DITARIK: JANGAN DIUNGGAH\n"
        f"2025/wisuda ditarik pada {day} (Acara dibatalkan). Jangan unggah paket ini ke instagram: berkas-berkasnya "
        "sudah dihapus.\n"
        "Jika sudah terlanjur diunggah, catat unggahannya dengan humas outbox uploaded 2025/wisuda instagram URL "
        "--withdrawn: humas publish berikutnya menghapusnya (atau memberi tahu cara menghapusnya secara manual).\n"
    )

    url = "https://www.instagram.com/p/Cwisuda/"
    refused = repo.humas("outbox", "uploaded", "2025/wisuda", "instagram", url)
    assert refused.code == 1
    assert refused.err == (
        "humas: 2025/wisuda → instagram: 2025/wisuda sudah ditarik (Acara dibatalkan); paket outbox-nya tidak boleh "
        "diunggah lagi. Jika sudah terlanjur diunggah, catat unggahannya dengan humas outbox uploaded 2025/wisuda "
        "instagram URL --withdrawn: humas publish berikutnya menghapusnya (atau memberi tahu cara menghapusnya secara "
        "manual).\n"
    )
    [receipt] = [f for f in arsip_files(repo) if f.endswith("/receipts/2025/wisuda/instagram.json")]
    assert json.loads(repo.git("show", f"arsip:{receipt}"))["state"] == "withdrawn"  # no upload recorded

    recorded = repo.humas("outbox", "uploaded", "2025/wisuda", "instagram", url, "--withdrawn")
    assert recorded.code == 0, recorded.err
    assert recorded.out.strip() == (
        f"tercatat: 2025/wisuda → instagram: {url}; publikasinya sudah ditarik: humas publish berikutnya menghapus "
        "unggahan ini (atau memberi tahu cara menghapusnya secara manual)"
    )
    # the withdrawal's deletion of the post recorded by hand goes to a person, once
    run = repo.humas("publish")
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "ditarik           2025/wisuda → facebook: paket outbox-nya outbox/facebook/2025-wisuda sudah dikosongkan dan "
        "ditandai: jangan diunggah",
        f"2025/wisuda → instagram: menunggu dikerjakan petugas: outbox/instagram/2025-wisuda.{tarik}",
        f"  yang perlu dilakukan: humas ralat selesai 2025/wisuda instagram {tarik}",
    ]
    readme = repo.root / "outbox" / "instagram" / f"2025-wisuda.{tarik}" / "README.txt"
    assert readme.read_text(encoding="utf-8").splitlines()[0] == f"instagram: hapus unggahan ini secara manual: {url}"


def test_withdrawn_names_only_a_withdrawn_publication(repo: Repo) -> None:
    merged_publication(repo)
    assert repo.humas("publish").code == 0
    refused = repo.humas(
        "outbox", "uploaded", "2025/wisuda", "instagram", "https://www.instagram.com/p/C1/", "--withdrawn"
    )
    assert refused.code == 2
    assert refused.err == "humas: --withdrawn: 2025/wisuda tidak ditarik; catat unggahannya tanpa opsi ini\n"
