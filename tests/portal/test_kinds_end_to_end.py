"""The portal's kinds end to end, with real git repositories and the real ``humas`` command on the local forge:
one pengumuman, one agenda item and one halaman made by ``humas new``, refused by ``humas check`` while they
hold the scaffold's example text, written, signed through each one's chain in sop.yml, merged, and handed to
the website by ``humas build`` with its kind and what the kind adds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline.approved import approved_publications
from pipeline.archive.record import load_records
from pipeline.archive.store import BranchStore
from pipeline.build import site_publications
from pipeline.git import GitRepo
from pipeline.site.model import Event
from tests.helpers import Repo, rewrite_arsip

PENGUMUMAN = "content/pengumuman/2026/libur-semester-ganjil/index.md"
AGENDA = "content/agenda/2026/seminar-gizi-nasional/index.md"
HALAMAN = "content/halaman/profil/index.md"
EXAMPLE = "masih berisi teks contoh dari humas new; ganti dengan isi yang sebenarnya"
WIB = ZoneInfo("Asia/Jakarta")


def new(repo: Repo, *args: str) -> str:
    made = repo.humas("new", *args, "--date", "2026-01-05", who="humas1")
    assert (made.code, made.err) == (0, ""), made.err
    return made.out.strip()


def written(repo: Repo, path: str, *replacements: tuple[str, str]) -> None:
    text = (repo.root / path).read_text(encoding="utf-8")
    for old, new_text in replacements:
        assert old in text, (path, old)
        text = text.replace(old, new_text)
    repo.write(path, text)


def test_each_kind_from_humas_new_through_its_chain_to_the_site(repo: Repo, tmp_path: Path) -> None:
    drafted(repo)
    signed_and_merged(repo)
    built(repo, tmp_path / "site")
    receipts_read(repo)
    corrected_and_withdrawn(repo)


def drafted(repo: Repo) -> None:
    """Made by humas new where content/paths.py says each lives, refused unedited, written: on two branches."""
    repo.branch("portal/pengumuman-agenda")
    assert new(repo, "pengumuman", "Libur Semester Ganjil", "--bidang", "akademik") == PENGUMUMAN
    assert new(repo, "agenda", "Seminar Gizi Nasional", "--bidang", "akademik") == AGENDA
    assert (repo.root / AGENDA).read_text(encoding="utf-8") == (
        '---\ntitle: "Seminar Gizi Nasional"\ndate: 2026-01-05\nbidang: akademik\nsummary: "…"\n'
        'acara:\n  mulai: 2026-01-05 09:00\n  selesai: 2026-01-05 12:00\n  tempat: "…"\n'
        "channels:\n  website: {}\n---\nTulis keterangan acara di sini, dalam Markdown.\n"
    )
    # the unedited scaffold is refused, each example value named by its file, line and field
    check = repo.humas("check")
    assert (check.code, check.out.splitlines()) == (
        1,
        [
            f"{AGENDA}:5: summary: {EXAMPLE}",
            f"{AGENDA}:9: acara.tempat: {EXAMPLE}",
            f"{AGENDA}:13: body: {EXAMPLE}",
            f"{PENGUMUMAN}:5: summary: {EXAMPLE}",
            f"{PENGUMUMAN}:10: body: {EXAMPLE}",
        ],
    )
    written(
        repo,
        PENGUMUMAN,
        ('summary: "…"', "summary: Kampus libur selama dua pekan."),
        ("berlaku_sampai: 2026-01-19", "berlaku_sampai: 2026-01-18"),
        ("Tulis isi pengumuman di sini, dalam Markdown.", "Perkuliahan dimulai kembali 19 Januari 2026."),
    )
    written(
        repo,
        AGENDA,
        ('summary: "…"', "summary: Seminar gizi tingkat nasional."),
        ('tempat: "…"', "tempat: Aula Kampus Hang Jebat"),
        ("Tulis keterangan acara di sini, dalam Markdown.", "Terbuka untuk umum."),
    )
    assert repo.humas("check").out == "2 draf OK\n"
    repo.commit("Desain konten: pengumuman libur, agenda seminar")

    repo.branch("portal/profil")
    assert new(repo, "halaman", "Profil") == HALAMAN
    refused = repo.humas("new", "halaman", "Kontak", "--channels", "website,instagram")
    assert (refused.code, refused.err) == (
        2,
        "humas: --channels: 'instagram': halaman hanya tampil di website (yang diizinkan: website)\n",
    )
    refused = repo.humas("new", "halaman", "Kontak", "--bidang", "umum")
    assert (refused.code, refused.err) == (2, "humas: --bidang: halaman tidak memiliki bidang (hilangkan --bidang)\n")
    check = repo.humas("check")
    assert (check.code, check.out.splitlines()) == (
        1,
        [f"{HALAMAN}:4: summary: {EXAMPLE}", f"{HALAMAN}:8: body: {EXAMPLE}"],
    )
    written(
        repo,
        HALAMAN,
        ('summary: "…"', "summary: Sejarah, visi dan misi.\nurutan: 1"),
        ("Tulis isi halaman di sini, dalam Markdown.", "Poltekkes Kemenkes Jakarta II berdiri pada 2001."),
    )
    assert repo.humas("check").out == "1 draf OK\n"
    repo.commit("Desain konten: halaman profil")


def signed_and_merged(repo: Repo) -> None:
    # each through its own chain: the announcement and the agenda by the four steps of their bidang, the page by
    # SPI and the Direktur only (no bidang: no Kasubbag nor Wakil Direktur signs it)
    repo.sign_all("portal/pengumuman-agenda")
    merged = repo.humas("merge", "portal/pengumuman-agenda", who="reni")
    assert merged.code == 0, merged.out + merged.err
    refused = repo.sign("portal/profil", "akademik", "verifikator")
    assert (refused.code, refused.err) == (
        1,
        "humas: tidak dicatat: peran verifikator tidak menandatangani tahap mana pun dari perubahan ini "
        "(peran rantainya: pengarah, pengendali)\n",
    )
    assert repo.sign("portal/profil", "spi", "pengendali").code == 0
    early = repo.humas("merge", "portal/profil", who="reni")
    assert early.code == 1, early.out + early.err
    lines = early.err.splitlines()
    assert lines[0] == "humas: portal/profil tidak dapat digabungkan: rantai SOP belum lengkap"
    chain = lines[lines.index("Rantai halaman") + 1 :][:2]
    assert [line.split()[1] for line in chain] == ["Pengendalian", "Pengesahan"]  # its two steps, no more
    assert repo.sign("portal/profil", "reni", "pengarah").code == 0
    merged = repo.humas("merge", "portal/profil", who="reni")
    assert merged.code == 0, merged.out + merged.err
    repo.switch("main")


def built(repo: Repo, out: Path) -> None:
    """humas build hands each to the website with its kind and what its kind adds."""
    done = repo.humas("build", "--out", str(out))
    assert done.code == 0, done.out + done.err
    assert "dikecualikan" not in done.out, done.out  # neither the content side nor the website refuses one
    for publication in ("pengumuman/2026/libur-semester-ganjil", "agenda/2026/seminar-gizi-nasional", "halaman/profil"):
        assert (out / publication / "index.html").is_file(), publication  # its page, at its id
    with approved_publications(GitRepo(repo.root)) as approvals:
        assert approvals.excluded == {}
        handed = {p.id: p for p in site_publications(approvals.publications, approvals.sop.timezone)}
        assert [(p.folder / "index.md").is_file() for p in handed.values()] == [True, True, True]
    assert sorted(handed) == [
        "agenda/2026/seminar-gizi-nasional",
        "halaman/profil",
        "pengumuman/2026/libur-semester-ganjil",
    ]
    pengumuman = handed["pengumuman/2026/libur-semester-ganjil"]
    assert (pengumuman.kind, pengumuman.valid_until, pengumuman.event, pengumuman.order, pengumuman.bidang) == (
        "pengumuman",
        dt.date(2026, 1, 18),
        None,
        None,
        "akademik",
    )
    agenda = handed["agenda/2026/seminar-gizi-nasional"]
    assert (agenda.kind, agenda.valid_until, agenda.event) == (
        "agenda",
        None,
        Event(
            start=dt.datetime(2026, 1, 5, 9, 0, tzinfo=WIB),
            end=dt.datetime(2026, 1, 5, 12, 0, tzinfo=WIB),
            place="Aula Kampus Hang Jebat",
        ),
    )
    halaman = handed["halaman/profil"]
    assert (halaman.kind, halaman.order, halaman.bidang, halaman.tags, halaman.summary) == (
        "halaman",
        1,
        "",
        (),
        "Sejarah, visi dan misi.",
    )
    assert sorted(p.folder.relative_to(approvals.root).as_posix() for p in handed.values()) == [
        "content/agenda/2026/seminar-gizi-nasional",
        "content/halaman/profil",
        "content/pengumuman/2026/libur-semester-ganjil",
    ]


def receipts_read(repo: Repo) -> None:
    """The receipts of a post of an announcement or an agenda item are read back from arsip under its id (the
    ids of these kinds have three parts); a folder that names no publication is not."""
    store = BranchStore(GitRepo(repo.root))
    folder = next(r.path for r in load_records(store) if r.model.change == "portal/pengumuman-agenda")
    for publication in (
        "agenda/2026/seminar-gizi-nasional",
        "pengumuman/2026/libur-semester-ganjil",
        "halaman/2026/profil",
        "2026/a/b",
        "pengumuman/x",
    ):
        rewrite_arsip(repo, f"{folder}/receipts/{publication}/threads.json", '{"state": "done", "post_id": "7"}')
    [record] = [r for r in load_records(store) if r.path == folder]
    assert {
        publication: {channel: (entry.state, entry.post_id) for channel, entry in by_channel.items()}
        for publication, by_channel in record.receipts.items()
    } == {
        "agenda/2026/seminar-gizi-nasional": {"threads": ("done", "7")},
        "pengumuman/2026/libur-semester-ganjil": {"threads": ("done", "7")},
    }


def corrected_and_withdrawn(repo: Repo) -> None:
    """A correction of the page and the withdrawal of the announcement, each signed by its chain (the page's
    own two steps for its ralat; pengendalian and pengesahan for a withdrawal)."""
    repo.branch("ralat/profil")
    written(repo, HALAMAN, ("urutan: 1\n", "urutan: 1\nralat: Tahun berdiri diralat menjadi 2001.\n"))
    repo.commit("Ralat profil")
    repo.branch("tarik/libur")
    written(repo, PENGUMUMAN, ("channels:", "ditarik: {alasan: Jadwal libur diubah}\nchannels:"))
    repo.commit("Tarik pengumuman libur")
    for branch in ("ralat/profil", "tarik/libur"):
        assert repo.sign(branch, "spi", "pengendali").code == 0
        assert repo.sign(branch, "reni", "pengarah").code == 0
        merged = repo.humas("merge", branch, who="reni")
        assert merged.code == 0, merged.out + merged.err
        repo.switch("main")
    with approved_publications(GitRepo(repo.root)) as approvals:
        lives = {p.id: p.life for p in approvals.publications}
    assert [c.note for c in lives["halaman/profil"].corrections] == ["Tahun berdiri diralat menjadi 2001."]
    withdrawal = lives["pengumuman/2026/libur-semester-ganjil"].withdrawal
    assert withdrawal is not None and withdrawal.reason == "Jadwal libur diubah"
    assert lives["agenda/2026/seminar-gizi-nasional"].corrections == ()
