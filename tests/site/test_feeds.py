"""Feeds, sitemap, robots.txt, share cards and image sizes, read back with real parsers: feedparser
for RSS 2.0 and Atom, the JSON Feed 1.1 rules, the sitemaps.org schema (xmlschema), and the HTML of
each page's <head>."""

from __future__ import annotations

import datetime
import json
import pathlib

import feedparser
import pytest
import xmlschema
from PIL import Image

from pipeline.site import SitePublication
from tests.site.support import build, parse, publication

SITE_URL = "https://poltekkes.github.io/humas/"
SCHEMA = pathlib.Path(__file__).with_name("vendor") / "sitemap.xsd"


def photo(path: pathlib.Path, size: tuple[int, int], colour: str = "teal") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG")


def news(content: pathlib.Path, count: int = 25) -> list[SitePublication]:
    """`count` publications, one a day back from 1 March 2025, bidang taking turns; every third has a cover."""
    pubs = []
    for i in range(count):
        day = datetime.date(2025, 3, 1) - datetime.timedelta(days=i)
        pub = publication(
            content,
            f"{day.year}/berita-{i:02d}",
            title=f"Berita & Kabar {i}",
            day=day,
            bidang=("akademik", "umum", "kemahasiswaan")[i % 3],
            summary=f"Ringkasan <{i}>.",
        )
        if i % 3 == 0:
            photo(pub.folder / "sampul.jpg", (1200, 800))
            pub = SitePublication(**{**pub.__dict__, "image": "sampul.jpg", "image_alt": f"Foto berita {i}"})
        pubs.append(pub)
    return pubs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp("feeds")
    build(tmp, news(tmp / "content"), site_url=SITE_URL, image_cache=tmp / "cache")
    return tmp / "site"


def test_rss_and_atom_parse_and_hold_the_newest_twenty(site: pathlib.Path) -> None:
    for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
        feed = feedparser.parse((site / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == version
        assert feed.feed.title == "Poltekkes Kemenkes Jakarta II: berita terbaru"
        assert feed.feed.link == SITE_URL
        assert [e.title for e in feed.entries] == [f"Berita & Kabar {i}" for i in range(20)]
        first = feed.entries[0]
        assert first.link == f"{SITE_URL}2025/berita-00/"
        assert first.id == f"{SITE_URL}2025/berita-00/"
        # RSS descriptions are HTML (the "<0>" of the summary escaped in it), Atom summaries plain text
        assert (first.summary_detail.type, first.summary) == (
            ("text/html", "Ringkasan &lt;0&gt;.") if version == "rss20" else ("text/plain", "Ringkasan <0>.")
        )
        assert first.published_parsed[:3] == (2025, 3, 1)
        assert [t.term for t in first.tags] == (["Akademik"] if version == "rss20" else ["akademik"])
    rss = feedparser.parse((site / "feed.xml").read_bytes())
    assert rss.feed.language == "id"
    self_links = [link.href for link in rss.feed.links if link.rel == "self"]
    assert self_links == [f"{SITE_URL}feed.xml"]


def test_every_bidang_has_its_own_feeds(site: pathlib.Path) -> None:
    for bidang, numbers in (("umum", range(1, 25, 3)), ("kemahasiswaan", range(2, 25, 3))):
        for name in ("feed.xml", "atom.xml"):
            feed = feedparser.parse((site / "bidang" / bidang / name).read_bytes())
            assert not feed.bozo
            assert feed.feed.title == f"Poltekkes Kemenkes Jakarta II: bidang {bidang.capitalize()}"
            assert feed.feed.link == f"{SITE_URL}bidang/{bidang}/"
            assert [e.title for e in feed.entries] == [f"Berita & Kabar {i}" for i in numbers]


def test_json_feed_follows_version_1_1(site: pathlib.Path) -> None:
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert (feed["title"], feed["home_page_url"], feed["feed_url"], feed["language"]) == (
        "Poltekkes Kemenkes Jakarta II: berita terbaru",
        SITE_URL,
        f"{SITE_URL}feed.json",
        "id",
    )
    assert len(feed["items"]) == 20
    for item in feed["items"]:
        assert set(item) <= {"id", "url", "title", "summary", "date_published", "image", "tags"}
        assert isinstance(item["id"], str) and item["url"].startswith(SITE_URL)
        datetime.datetime.fromisoformat(item["date_published"])  # RFC 3339
    assert feed["items"][0]["image"] == f"{SITE_URL}2025/berita-00/_ukuran/sampul-960.jpg"
    assert "image" not in feed["items"][1]


def test_sitemap_follows_the_sitemaps_schema_and_lists_every_page(site: pathlib.Path) -> None:
    schema = xmlschema.XMLSchema(SCHEMA)
    schema.validate(site / "sitemap.xml")
    urls = [entry["loc"] for entry in schema.to_dict(site / "sitemap.xml")["url"]]
    assert f"{SITE_URL}2025/berita-24/" in urls and SITE_URL in urls and f"{SITE_URL}bidang/umum/" in urls
    assert len(urls) == len([p for p in site.rglob("index.html")])
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"


def head(page: pathlib.Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in parse(page).find_all("meta"):
        key = meta.attrs.get("property") or meta.attrs.get("name")
        if key:
            found.setdefault(key, []).append(meta.attrs.get("content") or "")
    return found


def test_a_shared_article_has_its_title_summary_and_cover_in_its_cards(site: pathlib.Path) -> None:
    tags = head(site / "2025/berita-00/index.html")
    cover = f"{SITE_URL}2025/berita-00/_ukuran/sampul-960.jpg"
    assert {key: values for key, values in tags.items() if key.startswith(("og:", "twitter:", "article:"))} == {
        "og:site_name": ["Poltekkes Kemenkes Jakarta II"],
        "og:title": ["Berita & Kabar 0"],
        "og:type": ["article"],
        "og:url": [f"{SITE_URL}2025/berita-00/"],
        "og:locale": ["id_ID"],
        "og:description": ["Ringkasan <0>."],
        "article:published_time": ["2025-03-01"],
        "og:image": [cover],
        "og:image:alt": ["Foto berita 0"],
        "twitter:card": ["summary_large_image"],
        "twitter:title": ["Berita & Kabar 0"],
        "twitter:description": ["Ringkasan <0>."],
        "twitter:image": [cover],
        "twitter:image:alt": ["Foto berita 0"],
    }
    assert (site / "2025/berita-00/_ukuran/sampul-960.jpg").is_file()
    feeds = [
        (link.attrs["type"], link.attrs["href"])
        for link in parse(site / "2025/berita-00/index.html").find_all("link")
        if "alternate" in (link.attrs.get("rel") or "").split() and link.attrs.get("type") != "text/html"
    ]
    assert feeds == [
        ("application/rss+xml", f"{SITE_URL}feed.xml"),
        ("application/atom+xml", f"{SITE_URL}atom.xml"),
        ("application/feed+json", f"{SITE_URL}feed.json"),
        ("application/rss+xml", f"{SITE_URL}bidang/akademik/feed.xml"),
        ("application/atom+xml", f"{SITE_URL}bidang/akademik/atom.xml"),
        ("application/feed+json", f"{SITE_URL}bidang/akademik/feed.json"),
    ]
    home = head(site / "index.html")
    assert (home["og:type"], home["og:title"], home["og:image"]) == (
        ["website"],
        ["Poltekkes Kemenkes Jakarta II"],
        [cover],
    )
    plain = head(site / "2025/berita-01/index.html")
    assert plain["twitter:card"] == ["summary"] and "og:image" not in plain


def test_without_site_url_there_are_no_cards_or_feeds(tmp_path: pathlib.Path) -> None:
    build(tmp_path, news(tmp_path / "content", 2))
    site = tmp_path / "site"
    assert not (site / "feed.xml").exists() and not (site / "atom.xml").exists()
    assert "og:title" not in head(site / "2025/berita-00/index.html")
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


def test_pictures_get_smaller_copies_once_and_pages_offer_them(tmp_path: pathlib.Path) -> None:
    pub = publication(tmp_path / "content", "2025/wisuda", title="Wisuda")
    photo(pub.folder / "sampul.jpg", (2000, 1000))
    photo(pub.folder / "kecil.png", (300, 200), "red")
    pub = SitePublication(**{**pub.__dict__, "image": "sampul.jpg", "image_alt": "Para wisudawan"})
    cache = tmp_path / "cache"
    first = build(tmp_path, [pub], image_cache=cache)
    assert first.images_resized == 2
    out = tmp_path / "site/2025/wisuda"
    assert sorted(p.name for p in (out / "_ukuran").iterdir()) == ["sampul-480.jpg", "sampul-960.jpg"]
    with Image.open(out / "_ukuran/sampul-480.jpg") as small:
        assert small.size == (480, 240)
    cover = parse(out / "index.html").find("figure", "humas-sampul").find("img")
    assert cover.attrs == {
        "src": "_ukuran/sampul-960.jpg",
        "alt": "Para wisudawan",
        "srcset": "_ukuran/sampul-480.jpg 480w, _ukuran/sampul-960.jpg 960w, sampul.jpg 2000w",
        "sizes": "(max-width: 44.9375em) 100vw, 46rem",
        "width": "2000",
        "height": "1000",
    }
    gallery = parse(out / "index.html").find("section", "humas-galeri").find("img")
    assert gallery.attrs["src"] == "kecil.png" and "srcset" not in gallery.attrs
    card = parse(tmp_path / "site/berita/index.html").find("a", "humas-item__sampul").find("img")
    assert card.attrs["src"] == "../2025/wisuda/_ukuran/sampul-480.jpg"

    second = build(tmp_path, [pub], image_cache=cache)
    assert second.images_resized == 0
    assert sorted(p.name for p in (out / "_ukuran").iterdir()) == ["sampul-480.jpg", "sampul-960.jpg"]
