"""What a phone loads first, pictures in article bodies, the YouTube player, the 404 page, the dark palette,
the inline stylesheet and the engine notice of every build; the built HTML, on both engines."""

from __future__ import annotations

import datetime
import pathlib
from urllib.parse import urljoin

import pytest
from PIL import Image

from tests.helpers import Repo
from tests.site.support import Node, build, content, parse, publication

DAY = datetime.date(2025, 3, 1)
VIDEO = "dQw4w9WgXcQ"
BODY = f"""\
Paragraf pembuka.

![Foto kegiatan di aula](foto.jpg)

https://www.youtube.com/watch?v={VIDEO}

<https://youtu.be/{VIDEO}?t=30>

Lihat juga https://www.youtube.com/watch?v={VIDEO} di tengah kalimat.

![Dari situs lain](https://example.org/foto.jpg)

![Kedua](foto.jpg)
"""


def photo(path: pathlib.Path, size: tuple[int, int] = (1600, 1000)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "teal").save(path, "JPEG")


def images(node: Node) -> list[dict[str, str | None]]:
    return [n.attrs for n in node.find_all("img")]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_phone_loads_the_first_picture_at_once_and_the_others_lazily(tmp_path: pathlib.Path, engine: str) -> None:
    content_dir = tmp_path / "content"
    pubs = []
    for i in range(4):
        pub = publication(content_dir, f"2025/berita-{i}", title=f"Berita {i}", day=DAY - datetime.timedelta(days=i))
        photo(pub.folder / "sampul.jpg")
        pubs.append(pub.__class__(**{**pub.__dict__, "image": "sampul.jpg", "image_alt": "Sampul"}))
    build(tmp_path, pubs, engine=engine, per_page=2)
    site = tmp_path / "site"

    for listing in ("berita/index.html", "berita/2/index.html", "bidang/akademik/index.html"):
        cards = images(content(parse(site / listing)).find("div", "humas-daftar"))
        assert cards[0]["fetchpriority"] == "high" and "loading" not in cards[0], listing
        assert all(card["loading"] == "lazy" and "fetchpriority" not in card for card in cards[1:]), listing
    home = content(parse(site / "index.html"))
    lead = home.find("article", "humas-utama").find("img")
    assert lead.attrs["fetchpriority"] == "high" and "loading" not in lead.attrs
    assert all(card["loading"] == "lazy" for card in images(home.find("div", "humas-daftar")))
    cover = content(parse(site / "2025/berita-0/index.html")).find("figure", "humas-sampul").find("img")
    assert cover.attrs["fetchpriority"] == "high"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_pictures_in_a_body_are_resized_sized_and_lazy(tmp_path: pathlib.Path, engine: str) -> None:
    content_dir = tmp_path / "content"
    with_cover = publication(content_dir, "2025/wisuda", day=DAY, body=BODY, image_name="sampul.jpg")
    photo(with_cover.folder / "foto.jpg")
    without = publication(content_dir, "2025/tanpa-sampul", day=DAY, body=BODY)
    photo(without.folder / "foto.jpg")
    build(tmp_path, [with_cover, without], engine=engine)

    body = content(parse(tmp_path / "site/2025/wisuda/index.html")).find("div", "humas-publikasi__isi")
    pictures = [attrs for attrs in images(body) if attrs.get("alt") != ""]  # the video's poster has alt=""
    assert pictures[0] == {
        "src": "_ukuran/foto-960.jpg",
        "alt": "Foto kegiatan di aula",
        "srcset": "_ukuran/foto-480.jpg 480w, _ukuran/foto-960.jpg 960w, foto.jpg 1600w",
        "sizes": "(max-width: 44.9375em) 100vw, 46rem",
        "width": "1600",
        "height": "1000",
        "loading": "lazy",
        "decoding": "async",
    }
    assert pictures[1]["src"] == "https://example.org/foto.jpg" and pictures[1]["loading"] == "lazy"
    assert pictures[2]["alt"] == "Kedua" and pictures[2]["loading"] == "lazy"
    assert not any(p.name == "foto.jpg" for p in (tmp_path / "site/2025/wisuda").glob("**/galeri*"))

    first = images(content(parse(tmp_path / "site/2025/tanpa-sampul/index.html")).find("div", "humas-publikasi__isi"))
    assert first[0]["src"] == "_ukuran/foto-960.jpg" and "loading" not in first[0]  # no cover: it may be in view
    assert first[-1]["loading"] == "lazy"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_youtube_address_on_its_own_line_is_a_click_to_load_player(tmp_path: pathlib.Path, engine: str) -> None:
    content_dir = tmp_path / "content"
    pub = publication(content_dir, "2025/wisuda", title="Wisuda & Lulusan", day=DAY, body=BODY, image_name="sampul.jpg")
    photo(pub.folder / "foto.jpg")
    plain = publication(content_dir, "2025/biasa", day=DAY, body="Tanpa video.\n")
    build(tmp_path, [pub, plain], engine=engine)
    page = parse(tmp_path / "site/2025/wisuda/index.html")
    body = content(page).find("div", "humas-publikasi__isi")

    players = body.find_all("figure", "humas-video")
    assert len(players) == 2  # the bare address and the link; not the address inside a sentence
    button = players[0].find("button", "humas-video__sampul")
    assert button.attrs["data-humas-youtube"] == VIDEO
    assert button.attrs["aria-label"] == "Putar video: Wisuda & Lulusan"
    assert button.find("img").attrs["src"] == "sampul.jpg"  # the poster is the site's own picture
    caption = players[0].find("figcaption").find("a")
    assert (caption.text(), caption.attrs["href"]) == ("Tonton di YouTube", f"https://www.youtube.com/watch?v={VIDEO}")
    assert "Lihat juga https://www.youtube.com/watch?v=" in body.text()
    for node in page.iter():  # nothing on the page loads from YouTube before the click
        assert node.tag != "iframe"
        for name in ("src", "srcset", "poster", "data"):
            assert "youtu" not in str(node.attrs.get(name) or ""), node
    html = (tmp_path / "site/2025/wisuda/index.html").read_text(encoding="utf-8")
    assert 'closest("[data-humas-youtube]")' in html
    assert "data-humas-youtube" not in (tmp_path / "site/2025/biasa/index.html").read_text(encoding="utf-8")


def test_a_body_cannot_forge_a_player(tmp_path: pathlib.Path) -> None:
    hostile = (
        '<button data-humas-youtube="x\\"><script>alert(1)</script>">a</button>\n\n'
        "https://www.youtube.com/watch?v=dQw4w9WgXc%22onerror%3D\n\n"
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>alert(2)</script>\n\n'
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ\n\n"
        f"https://youtu.be/{VIDEO}\n"
    )
    build(tmp_path, [publication(tmp_path / "content", "2025/serangan", day=DAY, body=hostile)])
    body = content(parse(tmp_path / "site/2025/serangan/index.html")).find("div", "humas-publikasi__isi")
    players = [n.attrs["data-humas-youtube"] for n in body.iter() if "data-humas-youtube" in n.attrs]
    assert players == [VIDEO]  # the one paragraph that is exactly a YouTube address
    assert body.find_all("script") == [] and body.find_all("iframe") == []


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_404_page_offers_search_and_the_latest_news(tmp_path: pathlib.Path, engine: str) -> None:
    pubs = [
        publication(
            tmp_path / "content", f"2025/berita-{i}", title=f"Berita <{i}>", day=DAY - datetime.timedelta(days=i)
        )
        for i in range(7)
    ]
    build(tmp_path, pubs, engine=engine, site_url="https://humas.example.ac.id/portal/")
    missing = content(parse(tmp_path / "site/404.html"))

    form = missing.find("form", "humas-404__cari")
    action = urljoin("https://humas.example.ac.id/portal/404.html", str(form.attrs["action"]))
    assert (form.attrs["role"], form.attrs["method"], action) == (
        "search",
        "get",
        "https://humas.example.ac.id/portal/",
    )
    assert form.find("label").text() == "Cari di situs ini"
    assert form.find("input").attrs["name"] == "q" and form.find("input").attrs["type"] == "search"
    assert form.find("button").text() == "Cari"
    latest = missing.find("section", "humas-404__terbaru")
    assert latest.find("h2").text() == "Berita terbaru"
    days = ["1 Maret 2025", "28 Februari 2025", "27 Februari 2025", "26 Februari 2025", "25 Februari 2025"]
    assert [
        (li.find("a").text(), li.find("a").attrs["href"], li.find("span").text()) for li in latest.find_all("li")
    ] == [(f"Berita <{i}>", f"/portal/2025/berita-{i}/", day) for i, day in enumerate(days)]


def test_the_template_offers_a_dark_palette_and_the_stylesheet_is_inline(tmp_path: pathlib.Path) -> None:
    build(tmp_path, [publication(tmp_path / "content", "2025/a", day=DAY)])
    page = parse(tmp_path / "site/index.html")
    toggles = [n for n in page.iter() if n.tag == "input" and n.attrs.get("data-md-color-scheme")]
    assert [(n.attrs["data-md-color-scheme"], n.attrs["aria-label"]) for n in toggles] == [
        ("default", "Ganti ke mode gelap"),
        ("slate", "Ganti ke mode terang"),
    ]
    head = page.find("head")
    assert [n.attrs["href"] for n in head.find_all("link") if n.attrs.get("rel") == "stylesheet"] == [
        "assets/stylesheets/main.57a0d79d.min.css",
        "assets/stylesheets/palette.fb2fffe2.min.css",
    ]  # Material's own; humas' is inline, no request more before the first paint
    inline = " ".join(n.text() for n in head.find_all("style"))
    assert '[data-md-color-scheme="slate"][data-md-color-primary="custom"] { --md-typeset-a-color: #4db6ac; }' in inline
    assert "@media print { .humas-bagikan, .humas-video__sampul," in inline


def test_every_build_says_once_that_material_ends_and_zensical_follows(merged_repo: Repo) -> None:
    repo = merged_repo  # main holds one approved publication
    run = repo.humas("build", "--out", "site")
    assert run.code == 0, run.err
    notice = (
        "catatan: dukungan Material for MkDocs, yang membangun situs ini, berakhir pada 5 Mei 2027; penerusnya "
        'yang terus dipelihara adalah Zensical: bangun dengan --engine zensical (README, "Switching to Zensical")'
    )
    assert run.out.splitlines().count(notice) == 1 and run.out.count("5 Mei 2027") == 1
    run = repo.humas("build", "--out", "site", "--engine", "zensical")
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1] == (
        "catatan: dukungan Material for MkDocs berakhir pada 5 Mei 2027; situs ini dibangun dengan Zensical, "
        "penerusnya yang terus dipelihara"
    )
    assert run.out.count("5 Mei 2027") == 1
