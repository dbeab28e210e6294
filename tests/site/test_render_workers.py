"""Bodies rendered on several processes: the same HTML, in the same order, as in the build's own process."""

from __future__ import annotations

import multiprocessing
import pathlib

from pipeline.site.render import PARALLEL_FROM, BodyRenderer, Renderers, default_workers

from .support import build, publication

EXTENSIONS = ["admonition", "footnotes", "tables", "toc"]
BODIES = [
    f"## Bagian {n}\n\nParagraf *{n}* dengan [tautan](https://contoh.id/{n}) dan catatan kaki[^1].\n\n"
    f"| a | b |\n|---|---|\n| {n} | {n * n} |\n\n[^1]: Catatan {n}.\n\n<script>alert({n})</script>\n"
    for n in range(PARALLEL_FROM + 50)
]


def test_many_bodies_render_on_every_core_as_they_would_in_process() -> None:
    expected = [BodyRenderer(EXTENSIONS).render(body) for body in BODIES]
    with Renderers(EXTENSIONS, None, expected=len(BODIES), workers=2) as renderers:
        assert len(multiprocessing.active_children()) == 2
        assert [html for html, _ in renderers.render_each((b, None) for b in BODIES)] == expected
    assert multiprocessing.active_children() == []
    assert "<script>" not in "".join(expected) and "Catatan 7." in expected[7]


def test_by_default_enough_bodies_render_on_every_core() -> None:
    with Renderers(EXTENSIONS, None, expected=PARALLEL_FROM):
        cores = default_workers()
        assert len(multiprocessing.active_children()) == (cores if cores >= 2 else 0)


def test_a_few_bodies_by_default_render_in_this_process() -> None:
    with Renderers(EXTENSIONS, None, expected=PARALLEL_FROM - 1) as renderers:
        assert multiprocessing.active_children() == []
        assert [html for html, _ in renderers.render_each((b, None) for b in BODIES[:3])] == [
            BodyRenderer(EXTENSIONS).render(b) for b in BODIES[:3]
        ]


def test_a_site_built_on_two_processes_is_the_site_built_on_one(tmp_path: pathlib.Path) -> None:
    content = tmp_path / "content"
    publications = [
        publication(content, f"2025/berita-{n}", body=BODIES[n], image_name="sampul.jpg" if n % 3 == 0 else None)
        for n in range(24)
    ]
    build(tmp_path / "one", publications, workers=1)
    build(tmp_path / "two", publications, workers=2)
    one, two = tmp_path / "one" / "site", tmp_path / "two" / "site"
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert [f for f in files if (one / f).read_bytes() != (two / f).read_bytes()] == []
    assert "Catatan 5." in (one / "2025" / "berita-5" / "index.html").read_text(encoding="utf-8")
