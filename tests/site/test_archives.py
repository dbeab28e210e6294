"""Archives people use: numbered pages with the first and the last, month archives, tag pages, listing titles
and descriptions that say what they list, <head> prev/next that follow the pages; on both engines."""

from __future__ import annotations

import datetime
import pathlib

import pytest

from pipeline.site.listing import page_numbers
from pipeline.site.urls import tag_slug
from tests.site.support import Node, build, content, parse, publication

DAY = datetime.date(2025, 3, 1)


def news(content_dir: pathlib.Path, count: int, **options: object) -> list:
    """`count` publications of bidang akademik, one every 4 days from DAY backwards (March, February, January)."""
    pubs = []
    for i in range(count):
        day = DAY - datetime.timedelta(days=4 * i)
        pubs.append(
            publication(content_dir, f"{day.year}/berita-{i:02d}", title=f"Berita nomor {i}", day=day, **options)  # type: ignore[arg-type]
        )
    return pubs


def head_links(page: Node) -> dict[str, str]:
    return {
        str(node.attrs["rel"]): str(node.attrs["href"])
        for node in page.find("head").find_all("link")
        if node.attrs.get("rel") in ("prev", "next")
    }


def description(page: Node) -> str:
    return next(str(n.attrs["content"]) for n in page.find_all("meta") if n.attrs.get("name") == "description")


def pagination(page: Node) -> list[str]:
    """The pagination as a reader sees it: each link's text, the current page as [n]."""
    nav = content(page).find("nav", "humas-halaman")
    shown = []
    for node in nav.iter():
        if node.tag == "a":
            shown.append(f"[{node.text()}]" if node.attrs.get("aria-current") == "page" else node.text())
        elif node.tag == "li" and "humas-halaman__jeda" in (node.attrs.get("class") or ""):
            shown.append("…")
    return shown


@pytest.mark.parametrize(
    "number,count,shown",
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 12, [1, 2, 3, None, 12]),
        (4, 12, [1, 2, 3, 4, 5, 6, None, 12]),  # 1 and 2…6: nothing left out between
        (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12]),
        (12, 12, [1, None, 10, 11, 12]),
        (50, 100, [1, None, 48, 49, 50, 51, 52, None, 100]),
    ],
)
def test_page_numbers_show_the_first_the_last_and_the_neighbours(
    number: int, count: int, shown: list[int | None]
) -> None:
    assert page_numbers(number, count) == shown


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_listing_has_numbered_pages_and_says_what_it_lists(tmp_path: pathlib.Path, engine: str) -> None:
    build(tmp_path, news(tmp_path / "content", 12), per_page=1, engine=engine)
    site = tmp_path / "site"

    middle = parse(site / "bidang/akademik/6/index.html")
    assert pagination(middle) == [
        "« Pertama",
        "‹ Lebih baru",
        "1",
        "…",
        "4",
        "5",
        "[6]",
        "7",
        "8",
        "…",
        "12",
        "Lebih lama ›",
        "Terakhir »",
    ]
    nav = content(middle).find("nav", "humas-halaman")
    assert nav.find("a", "humas-halaman__pertama").attrs["href"] == "../"
    assert nav.find("a", "humas-halaman__terakhir").attrs["href"] == "../12/"
    assert nav.find("ol").find_all("a")[1].attrs["href"] == "../4/"
    assert content(middle).texts("h1") == ["Bidang Akademik, halaman 6 dari 12"]
    assert middle.find("title").text() == "Bidang Akademik, halaman 6 dari 12 - Poltekkes Kemenkes Jakarta II"
    assert description(middle) == "Berita bidang Akademik, halaman 6 dari 12: 12 publikasi, terbaru lebih dahulu."
    assert head_links(middle) == {"prev": "../5/", "next": "../7/"}

    first = parse(site / "bidang/akademik/index.html")
    assert pagination(first) == ["[1]", "2", "3", "…", "12", "Lebih lama ›", "Terakhir »"]
    assert description(first) == "Berita bidang Akademik, halaman 1 dari 12: 12 publikasi, terbaru lebih dahulu."
    assert head_links(first) == {"next": "2/"}  # not the menu's neighbours (Berita, Tahun)
    assert head_links(parse(site / "bidang/akademik/12/index.html")) == {"prev": "../11/"}
    assert head_links(parse(site / "2025/berita-00/index.html")) == {}  # an article is no page of a listing
    assert head_links(parse(site / "berita/index.html")) == {"next": "2/"}

    single = parse(site / "bidang/umum/index.html")
    assert description(single) == "Berita bidang Umum: 0 publikasi, terbaru lebih dahulu."
    assert content(single).find_all("nav", "humas-halaman") == [] and head_links(single) == {}
    assert description(parse(site / "tahun/2025/3/index.html")) == (
        "Berita tahun 2025, halaman 3 dari 12: 12 publikasi, terbaru lebih dahulu."
    )


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_month_archives_list_each_month_and_years_link_them(tmp_path: pathlib.Path, engine: str) -> None:
    build(tmp_path, news(tmp_path / "content", 12), engine=engine)
    site = tmp_path / "site"

    february = parse(site / "arsip/2025/02/index.html")
    assert content(february).texts("h1") == ["Arsip Februari 2025"]
    assert content(february).texts("h2", "humas-item__judul") == [f"Berita nomor {i}" for i in range(1, 8)]
    assert description(february) == "Berita bulan Februari 2025: 7 publikasi, terbaru lebih dahulu."
    assert [(a.text(), a.attrs["href"]) for a in content(february).find("nav", "humas-jejak").find_all("a")] == [
        ("Beranda", "../../../"),
        ("Arsip per bulan", "../../"),
    ]
    assert content(parse(site / "arsip/2025/01/index.html")).texts("h2", "humas-item__judul") == [
        "Berita nomor 8",
        "Berita nomor 9",
        "Berita nomor 10",
        "Berita nomor 11",
    ]

    archive = content(parse(site / "arsip/index.html"))
    assert archive.texts("h1") == ["Arsip per bulan"]
    assert [(a.text(), a.attrs["href"]) for a in archive.find("ul", "humas-indeks").find_all("a")] == [
        ("Maret 2025", "2025/03/"),
        ("Februari 2025", "2025/02/"),
        ("Januari 2025", "2025/01/"),
    ]
    assert archive.texts("span", "humas-jumlah") == ["(1 publikasi)", "(7 publikasi)", "(4 publikasi)"]

    months = content(parse(site / "tahun/2025/index.html")).find("nav", "humas-bulan")
    assert months.text() == "Per bulan: Januari (4 publikasi) Februari (7 publikasi) Maret (1 publikasi)"
    assert [a.attrs["href"] for a in months.find_all("a")] == [
        "../../arsip/2025/01/",
        "../../arsip/2025/02/",
        "../../arsip/2025/03/",
    ]
    years = content(parse(site / "tahun/index.html"))
    assert years.find("p", "humas-semua").find("a").attrs["href"] == "../arsip/"


@pytest.mark.parametrize(
    "tag,slug",
    [
        ("wisuda", "wisuda"),
        ("Hari Kesehatan Nasional", "hari-kesehatan-nasional"),
        ("  Gizi & Pangan!! ", "gizi-pangan"),
        ("Pendidikan é Kesehatan", "pendidikan-e-kesehatan"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("../../etc", "etc"),
        ("!!!", None),
        ("عربى", None),
        ("a" * 100, "a" * 60),
    ],
)
def test_a_tag_page_address_holds_letters_digits_and_hyphens_only(tag: str, slug: str | None) -> None:
    assert tag_slug(tag) == slug


def test_tags_are_links_to_their_pages(tmp_path: pathlib.Path) -> None:
    content_dir = tmp_path / "content"
    pubs = [
        publication(content_dir, "2025/wisuda", title="Wisuda", day=DAY, tags=("Wisuda", "Hari Kesehatan", "!!!")),
        publication(
            content_dir, "2025/yudisium", title="Yudisium", day=DAY - datetime.timedelta(days=1), tags=("wisuda",)
        ),
        publication(content_dir, "2025/lain", title="Lain", day=DAY - datetime.timedelta(days=2)),
    ]
    build(tmp_path, pubs)
    site = tmp_path / "site"

    label = content(parse(site / "2025/wisuda/index.html")).find("p", "humas-publikasi__label")
    assert label.text() == "Label: Wisuda, Hari Kesehatan, !!!"
    assert [(a.text(), a.attrs["href"], a.attrs["rel"]) for a in label.find_all("a")] == [
        ("Wisuda", "../../label/wisuda/", "tag"),
        ("Hari Kesehatan", "../../label/hari-kesehatan/", "tag"),
    ]
    tagged = parse(site / "label/wisuda/index.html")
    assert content(tagged).texts("h1") == ["Label Wisuda"]  # "Wisuda" and "wisuda" are one tag, named as first met
    assert content(tagged).texts("h2", "humas-item__judul") == ["Wisuda", "Yudisium"]
    assert description(tagged) == "Berita berlabel Wisuda: 2 publikasi, terbaru lebih dahulu."
    index = content(parse(site / "label/index.html"))
    assert index.texts("h1") == ["Semua label"]
    assert [(a.text(), a.attrs["href"]) for a in index.find_all("a") if "humas-jejak" not in str(a.attrs)][-2:] == [
        ("Hari Kesehatan", "hari-kesehatan/"),
        ("Wisuda", "wisuda/"),
    ]
    assert sorted(p.name for p in (site / "label").iterdir()) == ["hari-kesehatan", "index.html", "wisuda"]
