"""The portal's kinds as drafts (pengumuman, agenda, halaman): each refused by ``humas check`` with its exact
message, file, line and field, as a table of cases."""

from __future__ import annotations

import pytest

from tests.content.test_check import check
from tests.helpers import Repo

PENGUMUMAN = "content/pengumuman/2026/libur/index.md"
AGENDA = "content/agenda/2026/seminar/index.md"
HALAMAN = "content/halaman/profil/index.md"
ALLOWED_HALAMAN = "yang boleh: title, date, summary, urutan, image, image_alt, channels, ralat, ditarik"


def pengumuman(extra: str = "berlaku_sampai: 2026-01-19\n", date: str = "2026-01-05") -> str:
    return f"---\ntitle: Libur\ndate: {date}\nbidang: akademik\n{extra}channels:\n  website: {{}}\n---\nIsi.\n"


def agenda(acara: str = "acara: {mulai: 2026-01-05 09:00, tempat: Aula}\n") -> str:
    return f"---\ntitle: Seminar\ndate: 2026-01-05\nbidang: akademik\n{acara}channels:\n  website: {{}}\n---\nIsi.\n"


def halaman(extra: str = "", channels: str = "channels:\n  website: {}\n") -> str:
    return f"---\ntitle: Profil\ndate: 2026-01-05\n{extra}{channels}---\nIsi.\n"


CASES = [
    (PENGUMUMAN, pengumuman(), []),
    (AGENDA, agenda(), []),
    (
        AGENDA,
        agenda("acara: {mulai: '2026-01-05T09:00:00+07:00', selesai: '2026-01-05T12:00:00+07:00', tempat: A}\n"),
        [],
    ),
    (HALAMAN, halaman("urutan: 2\nsummary: Tentang kami\n"), []),
    (HALAMAN, halaman(channels=""), []),  # channels default to the website
    # pengumuman
    (PENGUMUMAN, pengumuman(""), [f"{PENGUMUMAN}:2: berlaku_sampai: wajib diisi"]),
    (
        PENGUMUMAN,
        pengumuman("berlaku_sampai: 2026-01-04\n"),
        [
            f"{PENGUMUMAN}:5: berlaku_sampai: 2026-01-04 lebih awal dari tanggal 2026-01-05 "
            "(yang diizinkan: tanggal itu atau hari sesudahnya)"
        ],
    ),
    (
        PENGUMUMAN,
        pengumuman("berlaku_sampai: besok\n"),
        [f"{PENGUMUMAN}:5: berlaku_sampai: 'besok' bukan tanggal (yang boleh: YYYY-MM-DD, misalnya 2025-02-10)"],
    ),
    (
        PENGUMUMAN,
        pengumuman("berlaku_sampai: 2026-01-19\nacara: {mulai: 2026-01-05 09:00, tempat: Aula}\n", date="2025-01-05"),
        [
            f"{PENGUMUMAN}:3: date: 2025-01-05 tidak berada pada tahun 2026, tahun foldernya (pindahkan draf ke "
            "content/pengumuman/2025/)",
            f"{PENGUMUMAN}:6: acara: kunci tidak dikenal (yang boleh: title, date, bidang, summary, image, image_alt, "
            "tags, rencana, publish_at, channels, ralat, ditarik, berlaku_sampai)",
        ],
    ),
    # agenda
    (AGENDA, agenda(""), [f"{AGENDA}:2: acara: wajib diisi"]),
    (AGENDA, agenda("acara: {mulai: 2026-01-05 09:00}\n"), [f"{AGENDA}:5: acara.tempat: wajib diisi"]),
    (
        AGENDA,
        agenda("acara: {mulai: 2026-01-05 09:00, selesai: 2026-01-05 08:00, tempat: Aula}\n"),
        [
            f"{AGENDA}:5: acara.selesai: 2026-01-05 08:00:00 tidak sesudah acara.mulai 2026-01-05 09:00:00 "
            "(yang diizinkan: waktu yang lebih kemudian)"
        ],
    ),
    (
        AGENDA,
        agenda("acara: {mulai: 2026-01-05 09:00, selesai: 2026-01-05 09:00, tempat: Aula}\n"),
        [
            f"{AGENDA}:5: acara.selesai: 2026-01-05 09:00:00 tidak sesudah acara.mulai 2026-01-05 09:00:00 "
            "(yang diizinkan: waktu yang lebih kemudian)"
        ],
    ),
    (
        AGENDA,
        agenda("acara: {mulai: 2026-01-05 09:00, selesai: '2026-01-05T12:00:00+07:00', tempat: Aula}\n"),
        [
            f"{AGENDA}:5: acara.selesai: mencantumkan zona waktu sedangkan acara.mulai tidak, atau sebaliknya "
            "(cantumkan pada keduanya atau tidak sama sekali)"
        ],
    ),
    (
        AGENDA,
        agenda("acara: {mulai: 2026-01-05 09:00, tempat: ' ', lokasi: Aula}\n"),
        [
            f"{AGENDA}:5: acara.lokasi: kunci tidak dikenal (yang boleh: mulai, selesai, tempat)",
            f"{AGENDA}:5: acara.tempat: kosong: tulis tempat acara berlangsung",
        ],
    ),
    (
        AGENDA,
        agenda("acara: {mulai: jam sembilan, tempat: Aula}\n"),
        [
            f"{AGENDA}:5: acara.mulai: 'jam sembilan' bukan tanggal dan jam (yang boleh: YYYY-MM-DDTHH:MM:SS dengan "
            "selisih zona waktu, misalnya 2025-02-10T08:00:00+07:00)"
        ],
    ),
    # halaman: no bidang, website only
    (HALAMAN, halaman("bidang: akademik\n"), [f"{HALAMAN}:4: bidang: kunci tidak dikenal ({ALLOWED_HALAMAN})"]),
    (
        HALAMAN,
        halaman(channels="channels:\n  website: {}\n  threads: {text: Halo}\n"),
        [f"{HALAMAN}:6: channels.threads: halaman hanya tampil di website (yang diizinkan: website)"],
    ),
    (
        HALAMAN,
        halaman("urutan: satu\ntags: [a]\n", channels="channels: {}\n"),
        [
            f"{HALAMAN}:4: urutan: harus berupa bilangan bulat",
            f"{HALAMAN}:5: tags: kunci tidak dikenal ({ALLOWED_HALAMAN})",
            f"{HALAMAN}:6: channels: tidak menyebut kanal apa pun (yang boleh: website)",
        ],
    ),
    (HALAMAN, halaman("urutan: -1\n"), [f"{HALAMAN}:4: urutan: paling kecil 0"]),
    (
        HALAMAN,
        halaman("publish_at: 2026-01-05T08:00:00+07:00\n"),
        [f"{HALAMAN}:4: publish_at: kunci tidak dikenal ({ALLOWED_HALAMAN})"],
    ),
    # where a draft of each kind lives
    (
        "content/halaman/profil.md",
        halaman(),
        ["content/halaman/profil.md: halaman berada di content/halaman/<slug>/index.md, medianya di sebelahnya"],
    ),
    (
        "content/halaman/profil/foto/index.md",
        halaman(),
        [
            "content/halaman/profil/foto/index.md: halaman berada di content/halaman/<slug>/index.md, "
            "medianya di sebelahnya"
        ],
    ),
    (
        "content/agenda/26/seminar/index.md",
        agenda(),
        [
            "content/agenda/26/seminar/index.md: folder '26' bukan tahun (publikasi berada di "
            "content/agenda/<yyyy>/<slug>/index.md, medianya di sebelahnya)"
        ],
    ),
    (
        "content/pengumuman/2026/Libur/index.md",
        pengumuman(),
        ["content/pengumuman/2026/Libur/index.md: folder 'Libur': slug berupa huruf kecil, angka, dan '-'"],
    ),
    (
        "content/pengumuman/libur.md",
        pengumuman(),
        [
            "content/pengumuman/libur.md: publikasi berada di content/pengumuman/<yyyy>/<slug>/index.md, "
            "medianya di sebelahnya"
        ],
    ),
]


@pytest.mark.parametrize(("path", "text", "expected"), CASES)
def test_each_kind_is_checked_with_its_exact_messages(repo: Repo, path: str, text: str, expected: list[str]) -> None:
    repo.write(path, text)
    code, lines, err = check(repo, path)
    assert (code, lines, err) == ((1, expected, "") if expected else (0, ["1 draf OK"], ""))


def test_the_whole_repository_is_checked_with_every_kind(repo: Repo) -> None:
    """Without paths, humas check finds the drafts of every kind's folder."""
    repo.write(PENGUMUMAN, pengumuman())
    repo.write(AGENDA, agenda(""))
    repo.write(HALAMAN, halaman())
    code, lines, _err = check(repo)
    assert (code, lines) == (1, [f"{AGENDA}:2: acara: wajib diisi"])
