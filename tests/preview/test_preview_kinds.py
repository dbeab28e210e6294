"""``humas preview`` of a change holding the portal's kinds: each is read with its own model from git and
previewed where its id says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.content.model import Agenda, Halaman, Pengumuman
from pipeline.git import GitRepo
from pipeline.preview.collect import change_publications, read_publication
from tests.helpers import Repo

PENGUMUMAN = (
    "---\ntitle: Libur Semester\ndate: 2026-01-05\nbidang: akademik\nberlaku_sampai: 2026-01-18\n"
    "channels:\n  website: {}\n---\nKampus libur.\n"
)
AGENDA = (
    "---\ntitle: Seminar Gizi\ndate: 2026-01-05\nbidang: akademik\n"
    "acara: {mulai: 2026-01-10 09:00, tempat: Aula}\nchannels:\n  website: {}\n"
    "  threads: {text: Datang ke seminar gizi}\n---\nTerbuka untuk umum.\n"
)
HALAMAN = "---\ntitle: Profil\ndate: 2026-01-05\nurutan: 1\n---\nTentang kami.\n"


def test_each_kind_of_a_change_is_previewed_with_its_own_model(repo: Repo, tmp_path: Path) -> None:
    repo.branch("portal/isi")
    repo.write("content/pengumuman/2026/libur/index.md", PENGUMUMAN)
    repo.write("content/agenda/2026/seminar/index.md", AGENDA)
    repo.write("content/halaman/profil/index.md", HALAMAN)
    repo.write("content/halaman/profil/struktur.png", b"not read: no field names it")
    repo.commit("Desain konten: portal")

    git = GitRepo(repo.root)
    ids = change_publications(git, "portal/isi")
    assert ids == ["agenda/2026/seminar", "halaman/profil", "pengumuman/2026/libur"]
    drafts = {i: read_publication(git, "portal/isi", i) for i in ids}
    assert {i: (type(d.meta).__name__, d.problems) for i, d in drafts.items() if d} == {
        "agenda/2026/seminar": ("Agenda", []),
        "halaman/profil": ("Halaman", []),
        "pengumuman/2026/libur": ("Pengumuman", []),
    }
    agenda, halaman, pengumuman = (drafts[i] for i in ids)
    assert agenda and isinstance(agenda.meta, Agenda) and agenda.meta.acara.tempat == "Aula"
    assert halaman and isinstance(halaman.meta, Halaman) and halaman.meta.urutan == 1
    assert pengumuman and isinstance(pengumuman.meta, Pengumuman)
    assert pengumuman.meta.berlaku_sampai == dt.date(2026, 1, 18)

    done = repo.humas("preview", "portal/isi", "--out", str(tmp_path / "p"))
    assert (done.code, done.err) == (0, "")
    assert done.out == f"Pratinjau 3 publikasi ditulis ke {tmp_path / 'p' / 'index.html'}\n"
    for publication in ids:
        assert (tmp_path / "p" / publication / "posts.html").is_file(), publication
    posts = (tmp_path / "p/agenda/2026/seminar/posts.html").read_text(encoding="utf-8")
    assert "Datang ke seminar gizi" in posts  # an agenda item may be posted to the social channels
