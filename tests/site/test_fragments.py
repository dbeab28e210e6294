"""Material's navigation and tabs rendered once per distinct state (pipeline/site/fragments.py): the site is
the one built without the cache, byte for byte, on every page."""

from __future__ import annotations

import pathlib

from pipeline.site import fragments

from .portal import make_publications
from .portal_kinds import NOW, kinds_publications
from .support import build


def _files(site: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_site_built_with_reused_navigation_is_the_site_built_without(tmp_path: pathlib.Path) -> None:
    content = tmp_path / "content"
    publications = make_publications(content) + kinds_publications(content)  # every kind, menu pages and others
    counted: list[fragments.Fragments] = []
    original = fragments.Fragments.__init__

    def counting(self: fragments.Fragments) -> None:
        original(self)
        counted.append(self)

    fragments.Fragments.__init__ = counting  # type: ignore[method-assign]
    try:
        build(tmp_path / "cached", publications, per_page=2, now=NOW, workers=1)
    finally:
        fragments.Fragments.__init__ = original  # type: ignore[method-assign]
    build(tmp_path / "fresh", publications, per_page=2, now=NOW, workers=1, reuse_fragments=False)

    cached, fresh = _files(tmp_path / "cached" / "site"), _files(tmp_path / "fresh" / "site")
    assert sorted(cached) == sorted(fresh)
    assert [name for name in cached if cached[name] != fresh[name]] == []
    # the site has what the cache must tell apart: menu pages (active entries), pages out of the menu at
    # several depths, and pages inside a menu entry's directory (their links to it differ: "../" or "./")
    pages = [name for name in cached if name.endswith("index.html")]
    assert {"index.html", "berita/index.html", "pengumuman/index.html", "halaman/profil/index.html"} <= set(pages)
    assert {"berita/2/index.html", "2025/wisuda-2025/index.html", "agenda/2025/bakti/index.html"} <= set(pages)
    (cache,) = counted
    assert cache.reused > cache.rendered > 2  # reused on most pages, several variants rendered
    assert cache.reused + cache.rendered < 2 * len(pages)  # pages in the menu are rendered afresh
