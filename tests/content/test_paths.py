"""``content.paths``: the one module that spells where each kind of publication lives, as tables."""

from __future__ import annotations

import pytest

from pipeline.content.paths import (
    is_publication_id,
    kind_of,
    new_publication_id,
    publication_folder,
    publication_index,
    publication_of,
)

IDS = [  # (repository path, the publication it belongs to, its kind)
    ("content/publikasi/2026/wisuda/index.md", "2026/wisuda", "berita"),
    ("content/publikasi/2026/wisuda/foto 1.jpg", "2026/wisuda", "berita"),
    ("content/publikasi/2026/wisuda/galeri/a.jpg", "2026/wisuda", "berita"),
    ("content/pengumuman/2026/libur/index.md", "pengumuman/2026/libur", "pengumuman"),
    ("content/pengumuman/2026/libur/surat.pdf", "pengumuman/2026/libur", "pengumuman"),
    ("content/agenda/2026/seminar/index.md", "agenda/2026/seminar", "agenda"),
    ("content/halaman/profil/index.md", "halaman/profil", "halaman"),
    ("content/halaman/ppid/struktur.png", "halaman/ppid", "halaman"),
    # not a publication
    ("content/publikasi/.gitkeep", None, None),
    ("content/publikasi/2026/index.md", None, None),
    ("content/publikasi/26/wisuda/index.md", None, None),
    ("content/pengumuman/libur/index.md", None, None),
    ("content/pengumuman/2026/index.md", None, None),
    ("content/agenda/2026", None, None),
    ("content/halaman/index.md", None, None),
    ("content/halaman/.gitkeep", None, None),
    ("content/arahan/2026-ganjil.md", None, None),
    ("content/berita/2026/wisuda/index.md", None, None),
    ("content/2026/wisuda/index.md", None, None),
    ("publikasi/2026/wisuda/index.md", None, None),
    ("docs/halaman/profil/index.md", None, None),
    # hostile: climbing, hidden, odd segments are no publication
    ("content/halaman/../../.git/hooks/pre-commit", None, None),
    ("content/halaman/../publikasi/2026/x/index.md", None, None),
    ("content/pengumuman/2026/../x/index.md", None, None),
    ("content/halaman/.git/config", None, None),
    ("content/halaman/-x/index.md", None, None),
    ("content/agenda/2026/_x/index.md", None, None),
    ("/content/halaman/profil/index.md", None, None),
]


@pytest.mark.parametrize(("path", "publication", "kind"), IDS)
def test_which_publication_a_path_belongs_to(path: str, publication: str | None, kind: str | None) -> None:
    assert publication_of(path) == publication
    if publication is not None:
        assert kind_of(publication) == kind
        assert publication_index(publication) == f"{publication_folder(publication)}/index.md"
        assert path.startswith(publication_folder(publication) + "/")
        assert publication_of(publication_index(publication)) == publication  # the round trip


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2026/wisuda", "berita"),
        ("pengumuman/2026/libur", "pengumuman"),
        ("agenda/2026/seminar", "agenda"),
        ("halaman/profil", "halaman"),
        ("halaman/2026/profil", None),
        ("pengumuman/libur", None),
        ("agenda/26/seminar", None),
        ("berita/2026/wisuda", None),
        ("publikasi/2026/wisuda", None),
        ("2026/wisuda/foto", None),
        ("2026/..", None),
        ("halaman/..", None),
        ("halaman/a..b", None),
        ("../halaman/profil", None),
        ("/halaman/profil", None),
        ("halaman/profil/", None),
        ("halaman/", None),
        ("", None),
        ("halaman/pro\nfil", None),
    ],
)
def test_which_ids_are_publications_of_which_kind(text: str, kind: str | None) -> None:
    assert kind_of(text) == kind
    assert is_publication_id(text) == (kind is not None)
    if kind is None:
        with pytest.raises(ValueError):
            publication_folder(text)


def test_the_folders_of_each_kind() -> None:
    assert [publication_folder(i) for i in ("2026/x", "pengumuman/2026/x", "agenda/2026/x", "halaman/x")] == [
        "content/publikasi/2026/x",
        "content/pengumuman/2026/x",
        "content/agenda/2026/x",
        "content/halaman/x",
    ]
    assert [new_publication_id(k, "2026", "x") for k in ("berita", "pengumuman", "agenda", "halaman")] == [
        "2026/x",
        "pengumuman/2026/x",
        "agenda/2026/x",
        "halaman/x",
    ]
