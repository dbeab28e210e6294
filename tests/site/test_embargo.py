"""``humas build`` and ``publish_at``: an approved publication reaches the website only from that time,
the build says what it held back and until when, and ``--next-due`` tells a schedule when to rebuild.

The clock is injected with ``humas build --now TIME``."""

from __future__ import annotations

from tests.helpers import Repo, jpeg, publikasi, through_the_sop


def merge(repo: Repo, *drafts: tuple[str, str, str]) -> None:
    """The publications (slug, title, extra front-matter) on one branch, signed through their chain and merged."""
    branch = "publikasi/" + "-".join(slug for slug, _title, _extra in drafts)
    repo.branch(branch)
    for slug, title, extra in drafts:
        repo.write(f"content/publikasi/2025/{slug}/index.md", publikasi(title=title, extra=extra))
    repo.commit(f"Desain konten: {branch}")
    repo.sign_all(branch)
    run = repo.humas("merge", branch)
    assert run.code == 0, run.err
    repo.switch("main")


def test_a_publication_appears_on_the_website_from_its_publish_at(repo: Repo) -> None:
    merge(
        repo,
        ("wisuda", "Wisuda Angkatan 2025", ""),
        # a naive time is a local time of sop.yml's timezone (Asia/Jakarta, UTC+7)
        ("hut", "Dies Natalis ke-25", "publish_at: 2030-01-01T08:00:00\n"),
        ("seminar", "Seminar Gizi", "publish_at: 2030-02-01T09:30:00+00:00\n"),
    )

    before = repo.humas("build", "--out", "site", "--now", "2030-01-01T00:59:59Z")
    assert before.code == 0, before.err
    assert before.out.splitlines()[:2] == [
        "ditahan: 2025/hut: tampil di situs mulai 2030-01-01 08:00 Asia/Jakarta (publish_at)",
        "ditahan: 2025/seminar: tampil di situs mulai 2030-02-01 16:30 Asia/Jakarta (publish_at)",
    ]
    assert before.out.splitlines()[2].startswith("Situs web dengan 1 publikasi dibuat di site/ dalam ")
    site = repo.root / "site"
    assert (site / "2025/wisuda/index.html").is_file()
    assert not (site / "2025/hut").exists()
    published = [p for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json"}]
    assert not any("Dies Natalis" in p.read_text(encoding="utf-8") for p in published)

    due = repo.humas("build", "--next-due", "--now", "2030-01-01T00:59:59Z")
    assert (due.code, due.out, due.err) == (0, "2030-01-01T01:00:00+00:00\n", "")
    assert not (repo.root / "site-not-built").exists()

    after = repo.humas("build", "--out", "site", "--now", "2030-01-01T01:00:00Z")
    assert after.code == 0, after.err
    assert after.out.splitlines()[0] == (
        "ditahan: 2025/seminar: tampil di situs mulai 2030-02-01 16:30 Asia/Jakarta (publish_at)"
    )
    assert after.out.splitlines()[1].startswith("Situs web dengan 2 publikasi dibuat di site/ dalam ")
    assert "Dies Natalis ke-25" in (site / "2025/hut/index.html").read_text(encoding="utf-8")
    assert "Dies Natalis ke-25" in (site / "berita/index.html").read_text(encoding="utf-8")

    later = repo.humas("build", "--next-due", "--now", "2030-01-01T01:00:00Z")
    assert later.out == "2030-02-01T09:30:00+00:00\n"
    none_left = repo.humas("build", "--next-due", "--now", "2030-02-01T09:30:00Z")
    assert (none_left.code, none_left.out) == (0, "")

    sop = (repo.root / "sop.yml").read_text(encoding="utf-8").replace("language: id", "language: en")
    repo.write("sop.yml", sop)
    through_the_sop(repo, "konfigurasi/bahasa", "English website")
    english = repo.humas("build", "--out", "site", "--now", "2030-01-31T00:00:00+07:00")
    assert english.out.splitlines()[0] == (
        "held back: 2025/seminar: on the website from 2030-02-01 16:30 Asia/Jakarta (publish_at)"
    )


def test_a_bad_now_is_a_usage_error(repo: Repo) -> None:
    run = repo.humas("build", "--now", "besok")
    assert run.code == 2
    assert run.err.splitlines()[-1] == (
        "Kesalahan: Nilai tidak sah untuk --now: 'besok' bukan waktu ISO 8601 (mis. 2026-03-01T08:00:00+07:00)"
    )


def test_a_cover_needs_its_alt_text(repo: Repo) -> None:
    draft = "content/publikasi/2025/wisuda/index.md"
    repo.write(draft, publikasi(extra="image: foto.jpg\n"))
    repo.write("content/publikasi/2025/wisuda/foto.jpg", jpeg())
    run = repo.humas("check")
    assert (run.code, run.out.splitlines()[-1]) == (
        1,
        (
            f"{draft}:5: image_alt: wajib diisi bila ada image: satu kalimat tentang isi gambar sampul, bagi pembaca "
            "yang tidak dapat melihatnya (di editor: kolom Deskripsi gambar sampul; di berkas: image_alt: Wisudawan "
            "berfoto bersama Direktur)"
        ),
    )
    repo.write(draft, publikasi(extra="image: foto.jpg\nimage_alt: Wisudawan berfoto bersama Direktur\n"))
    assert repo.humas("check").code == 0
