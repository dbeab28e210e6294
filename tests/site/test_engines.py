"""engine="zensical" builds the same pages with the same links as mkdocs, from the same docs dir."""

from __future__ import annotations

import datetime
import pathlib

from tests.site.support import Node, build, content, image, parse, publication
from tests.site.test_sanitize import HOSTILE_BODY, HOSTILE_TITLE


def shape(page: Node) -> list[tuple[str, str]]:
    """What a reader gets from the page's content: headings, paragraphs' text, links and images."""
    found = []
    for node in content(page).iter():
        if node.tag in {"h1", "h2", "h3", "li", "time"}:
            found.append((node.tag, node.text()))
        for attr in ("href", "src"):
            if node.attrs.get(attr) and not str(node.attrs[attr]).startswith("#"):
                found.append((f"{node.tag}@{attr}", str(node.attrs[attr])))
    return found


def test_zensical_builds_the_same_pages_and_links(tmp_path: pathlib.Path) -> None:
    content_dir = tmp_path / "content"
    pubs = [
        publication(
            content_dir,
            f"2025/berita-{i}",
            title=f"Berita {i}",
            day=datetime.date(2025, 1, 1 + i),
            bidang=("akademik", "umum")[i % 2],
            image_name="sampul.jpg",
        )
        for i in range(5)
    ]
    pubs.append(
        publication(
            content_dir,
            "2024/serangan",
            title=HOSTILE_TITLE,
            body=HOSTILE_BODY,
            day=datetime.date(2024, 6, 1),
            bidang="kemahasiswaan",
        )
    )
    image(pubs[0].folder / "foto 2.jpg")
    sites = {}
    for engine in ("mkdocs", "zensical"):
        report = build(tmp_path / engine, pubs, engine=engine, per_page=2)
        assert (report.engine, report.publications, report.pages) == (engine, 6, 26)
        sites[engine] = tmp_path / engine / "site"

    def pages(site: pathlib.Path) -> list[str]:
        return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))

    def media(site: pathlib.Path) -> list[str]:
        return sorted(str(p.relative_to(site)) for p in site.rglob("*.jpg"))

    assert pages(sites["mkdocs"]) == pages(sites["zensical"])
    assert (
        media(sites["mkdocs"])
        == media(sites["zensical"])
        == ["2025/berita-0/foto 2.jpg", *(f"2025/berita-{i}/sampul.jpg" for i in range(5))]
    )
    assert len(pages(sites["mkdocs"])) == 27  # 26 generated pages and the 404 page
    for path in pages(sites["mkdocs"]):
        if path != "404.html":
            assert shape(parse(sites["mkdocs"] / path)) == shape(parse(sites["zensical"] / path)), path
    not_found = [content(parse(site / "404.html")).find("h1").text() for site in sites.values()]
    assert not_found == ["Halaman tidak ditemukan", "Halaman tidak ditemukan"]  # the theme's texts reach both
    zensical_page = parse(sites["zensical"] / "2024/serangan/index.html")
    assert zensical_page.find("title").text() == f"{HOSTILE_TITLE} - Poltekkes Kemenkes Jakarta II"
    assert zensical_page.find("html").attrs["lang"] == "id"
