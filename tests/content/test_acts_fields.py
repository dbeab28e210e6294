"""``ralat`` and ``ditarik`` in a draft's front-matter: a note and a reason that say something."""

from __future__ import annotations

import pytest

from tests.content.test_check import DRAFT, check
from tests.helpers import Repo, publikasi


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            'ralat: "  "\n',
            f"{DRAFT}:5: ralat: kosong: tulis satu kalimat singkat tentang apa yang diralat (ralat: Tanggal upacara "
            "diralat menjadi 12 Mei)",
        ),
        ("ralat: …\n", f"{DRAFT}:5: ralat: masih berisi teks contoh dari humas new; ganti dengan isi yang sebenarnya"),
        ("ralat: " + "x" * 201 + "\n", f"{DRAFT}:5: ralat: 201 karakter (paling banyak 200)"),
        (
            'ditarik: {alasan: " "}\n',
            f"{DRAFT}:5: ditarik.alasan: kosong: tulis alasan publikasi ditarik (ditampilkan pada pemberitahuan)",
        ),
        (
            "ditarik: {alasan: Batal, segera: true}\n",
            f"{DRAFT}:5: ditarik.segera: kunci tidak dikenal (yang boleh: alasan, darurat)",
        ),
    ],
)
def test_a_note_and_a_reason_say_something(repo: Repo, extra: str, expected: str) -> None:
    repo.write(DRAFT, publikasi(extra=extra))
    code, out, _err = check(repo)
    assert code == 1
    assert out == [expected]


def test_a_correction_and_a_withdrawal_are_valid_drafts(repo: Repo) -> None:
    repo.write(DRAFT, publikasi(extra="ralat: Tanggal diralat.\nditarik: {alasan: Batal, darurat: true}\n"))
    assert check(repo) == (0, ["1 draf OK"], "")
