"""Feeds, sitemap, robots.txt, share cards and image sizes, read back with real parsers: feedparser
for RSS 2.0 and Atom, the sitemaps.org schema (xmlschema), and the HTML of each page's <head>; and each
feed checked element by element against its specification (RSS 2.0, RFC 4287, JSON Feed 1.1), on both
engines."""

from __future__ import annotations

import datetime
import email.utils
import json
import pathlib
import xml.etree.ElementTree as ET

import feedparser
import pytest
from PIL import Image

from pipeline.site import SitePublication
from pipeline.site.feeds import absolute_links
from pipeline.site.sanitize import sanitize_html
from tests.site.support import BIDANG, build, parse, publication
from tests.site.test_seo import sitemap_schema

SITE_URL = "https://poltekkes.github.io/humas/"


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
            body=f"Isi berita {i}. ![Foto kegiatan](foto.jpg) [Lihat](#bagian) [Arsip](../../berita/)\n",
        )
        if i % 3 == 0:
            photo(pub.folder / "sampul.jpg", (1200, 800))
            pub = SitePublication(**{**pub.__dict__, "image": "sampul.jpg", "image_alt": f"Foto berita {i}"})
        pubs.append(pub)
    return pubs


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp("feeds")
    build(
        tmp,
        news(tmp / "content"),
        site_url=SITE_URL,
        image_cache=tmp / "cache",
        engine=request.param,
        bidang_names=(*BIDANG, "kerja_sama"),  # a bidang without publications yet: empty feeds
    )
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
        # the publication's own time in the SOP's zone (no publish_at: its date at 00:00 in Jakarta)
        assert first.published == (
            "Sat, 01 Mar 2025 00:00:00 +0700" if version == "rss20" else "2025-03-01T00:00:00+07:00"
        )
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
    assert feed["authors"] == [{"name": "Poltekkes Kemenkes Jakarta II", "url": SITE_URL}]
    first = feed["items"][0]
    assert first == {
        "id": f"{SITE_URL}2025/berita-00/",
        "url": f"{SITE_URL}2025/berita-00/",
        "title": "Berita & Kabar 0",
        # the body, its links and pictures made absolute (a reader has no page to resolve them against)
        "content_html": f'<p>Isi berita 0. <img alt="Foto kegiatan" src="{SITE_URL}2025/berita-00/foto.jpg"> '
        f'<a href="#bagian" rel="noopener noreferrer">Lihat</a> '
        f'<a href="{SITE_URL}berita/" rel="noopener noreferrer">Arsip</a></p>',
        "summary": "Ringkasan <0>.",
        "image": f"{SITE_URL}2025/berita-00/_ukuran/sampul-960.jpg",
        "date_published": "2025-03-01T00:00:00+07:00",
        "date_modified": "2025-03-01T00:00:00+07:00",
        "authors": [{"name": "Poltekkes Kemenkes Jakarta II", "url": SITE_URL}],
        "tags": ["Akademik"],
    }
    assert "image" not in feed["items"][1]


def test_sitemap_follows_the_sitemaps_schema_and_lists_every_page(site: pathlib.Path, tmp_path: pathlib.Path) -> None:
    schema = sitemap_schema(tmp_path)
    schema.validate(site / "sitemap.xml")
    urls = [entry["loc"] for entry in schema.to_dict(site / "sitemap.xml")["url"]]
    assert f"{SITE_URL}2025/berita-24/" in urls and SITE_URL in urls and f"{SITE_URL}bidang/umum/" in urls
    assert len(urls) == len([p for p in site.rglob("index.html")])
    assert (site / "robots.txt").read_text() == (
        f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\nSitemap: {SITE_URL}news-sitemap.xml\n"
    )


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
        "article:published_time": ["2025-03-01T00:00:00+07:00"],
        "article:modified_time": ["2025-03-01T00:00:00+07:00"],
        "article:section": ["Akademik"],
        "og:image": [cover],
        "og:image:width": ["960"],
        "og:image:height": ["640"],
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
    plain = head(site / "2025/berita-01/index.html")  # no cover: the institution's default picture
    assert (plain["twitter:card"], plain["og:image"]) == (
        ["summary_large_image"],
        [f"{SITE_URL}assets/humas/kartu.png"],
    )


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
        "fetchpriority": "high",
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


ATOM_NS = "{http://www.w3.org/2005/Atom}"


def rfc3339(text: str) -> datetime.datetime:
    """An RFC 3339 date-time with an explicit offset (RFC 4287 §3.3: "MUST" have a time-offset)."""
    moment = datetime.datetime.fromisoformat(text)
    assert moment.tzinfo is not None and "T" in text, text
    return moment


FEEDS = ("", "bidang/umum/", "bidang/kerja_sama/")  # the site's, a bidang's, an empty bidang's
NEWEST = {  # each feed's newest item; the empty bidang's feed: the newest of the site, not a made-up date
    "": "2025-03-01T00:00:00+07:00",
    "bidang/umum/": "2025-02-28T00:00:00+07:00",
    "bidang/kerja_sama/": "2025-03-01T00:00:00+07:00",
}


def test_rss_follows_rss_2_0(site: pathlib.Path) -> None:
    for prefix in FEEDS:
        check_rss(site, prefix, NEWEST[prefix])
    items = ET.parse(site / "feed.xml").getroot().findall("channel/item")
    assert [bool(item.findall("enclosure")) for item in items[:4]] == [True, False, False, True]  # every third


def check_rss(site: pathlib.Path, prefix: str, newest: str) -> None:
    """RSS 2.0 (https://www.rssboard.org/rss-specification): "Required channel elements" title, link,
    description; an item has at least a title or a description; pubDate and lastBuildDate are RFC 822
    dates; an enclosure "has three required attributes": url, length (bytes), type."""
    root = ET.parse(site / f"{prefix}feed.xml").getroot()
    assert (root.tag, root.attrib["version"]) == ("rss", "2.0")
    channel = root.find("channel")
    assert channel is not None
    for name in ("title", "link", "description"):
        assert (channel.findtext(name) or "").strip(), (prefix, name)
    built = email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate") or "")
    assert built == rfc3339(newest)
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description")
        published = item.findtext("pubDate") or ""
        assert published.endswith(" +0700") and email.utils.parsedate_to_datetime(published).utcoffset()
        for enclosure in item.findall("enclosure"):
            assert set(enclosure.attrib) == {"url", "length", "type"}
            url = enclosure.attrib["url"]
            assert url.startswith(SITE_URL) and enclosure.attrib["type"] == "image/jpeg"
            assert int(enclosure.attrib["length"]) == (site / url.removeprefix(SITE_URL)).stat().st_size


def test_atom_follows_rfc_4287(site: pathlib.Path) -> None:
    for prefix in FEEDS:
        check_atom(site, prefix, NEWEST[prefix], {"": 20, "bidang/umum/": 8, "bidang/kerja_sama/": 0}[prefix])
    parsed = feedparser.parse((site / "atom.xml").read_bytes())
    assert parsed.feed.author == "Poltekkes Kemenkes Jakarta II"
    assert [e.href for e in parsed.entries[0].enclosures] == [f"{SITE_URL}2025/berita-00/_ukuran/sampul-960.jpg"]
    assert "foto.jpg" in parsed.entries[0].content[0].value


def check_atom(site: pathlib.Path, prefix: str, newest: str, count: int) -> None:
    """RFC 4287 §4.1.1: a feed has exactly one id, title and updated, an author (unless every entry has
    one), and SHOULD have a link rel="self"; §4.1.2: an entry has exactly one id, title and updated, and
    a link rel="alternate" when it has no content; §3.3: dates are RFC 3339 with an offset;
    §4.2.7.2: rel="enclosure" names a (possibly large) resource, its length in bytes."""
    root = ET.parse(site / f"{prefix}atom.xml").getroot()
    assert root.tag == f"{ATOM_NS}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM_NS}{name}")) == 1, (prefix, name)
    assert root.findtext(f"{ATOM_NS}updated") == newest
    authors = root.findall(f"{ATOM_NS}author")
    assert [(a.findtext(f"{ATOM_NS}name"), a.findtext(f"{ATOM_NS}uri")) for a in authors] == [
        ("Poltekkes Kemenkes Jakarta II", SITE_URL)
    ]
    assert root.findtext(f"{ATOM_NS}subtitle") != "Poltekkes Kemenkes Jakarta II"
    self_links = [link.attrib["href"] for link in root.findall(f"{ATOM_NS}link") if link.attrib["rel"] == "self"]
    assert self_links == [f"{SITE_URL}{prefix}atom.xml"]
    entries = root.findall(f"{ATOM_NS}entry")
    assert len(entries) == count
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM_NS}{name}")) == 1, name
        rfc3339(entry.findtext(f"{ATOM_NS}updated") or "")
        rfc3339(entry.findtext(f"{ATOM_NS}published") or "")
        rels = [link.attrib.get("rel", "alternate") for link in entry.findall(f"{ATOM_NS}link")]
        assert "alternate" in rels
        content = entry.find(f"{ATOM_NS}content")
        assert content is not None and content.attrib["type"] == "html" and (content.text or "").startswith("<p>")
        for link in entry.findall(f"{ATOM_NS}link"):
            if link.attrib["rel"] == "enclosure":
                assert link.attrib["type"] == "image/jpeg"
                size = (site / link.attrib["href"].removeprefix(SITE_URL)).stat().st_size
                assert int(link.attrib["length"]) == size


def test_json_feeds_follow_json_feed_1_1(site: pathlib.Path) -> None:
    for prefix in FEEDS:
        check_json_feed(site, prefix, {"": 20, "bidang/umum/": 8, "bidang/kerja_sama/": 0}[prefix])


def check_json_feed(site: pathlib.Path, prefix: str, count: int) -> None:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), "Top-level": version (the 1.1 URL), title
    and items are required, authors an array of objects each with at least a name, url or avatar;
    "Items": id is required, and "content_html and content_text are each optional strings — but one or
    the other must be present"; date_published and date_modified are RFC 3339; tags an array of strings."""
    feed = json.loads((site / f"{prefix}feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and isinstance(feed["items"], list)
    assert feed["feed_url"] == f"{SITE_URL}{prefix}feed.json"
    assert all(set(a) & {"name", "url", "avatar"} for a in feed["authors"])
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
        rfc3339(item["date_published"]) and rfc3339(item["date_modified"])
        assert all(isinstance(tag, str) for tag in item["tags"])
        assert all(set(a) & {"name", "url", "avatar"} for a in item["authors"])
        assert "author" not in item  # 1.0's singular form, deprecated by 1.1
    assert len(feed["items"]) == count


def test_times_come_from_publish_at_in_the_sops_zone_and_an_empty_site_has_a_real_updated(
    tmp_path: pathlib.Path,
) -> None:
    pub = publication(tmp_path / "content", "2025/siang", title="Siang", day=datetime.date(2025, 3, 1))
    pub = SitePublication(**{**pub.__dict__, "publish_at": datetime.datetime(2025, 3, 1, 13, 45)})  # naive: Jakarta
    build(tmp_path / "a", [pub], site_url=SITE_URL)
    site = tmp_path / "a/site"
    rss = feedparser.parse((site / "feed.xml").read_bytes())
    atom = feedparser.parse((site / "atom.xml").read_bytes())
    feed = json.loads((site / "feed.json").read_text())
    assert (rss.entries[0].published, atom.entries[0].published, feed["items"][0]["date_published"]) == (
        "Sat, 01 Mar 2025 13:45:00 +0700",
        "2025-03-01T13:45:00+07:00",
        "2025-03-01T13:45:00+07:00",
    )
    assert atom.feed.updated == "2025-03-01T13:45:00+07:00"

    now = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
    build(tmp_path / "b", [], site_url=SITE_URL, now=now)  # nothing published yet: the build's time
    empty = ET.parse(tmp_path / "b/site/atom.xml").getroot()
    assert empty.findtext(f"{ATOM_NS}updated") == "2026-12-07T16:00:00+07:00"
    assert not empty.findall(f"{ATOM_NS}entry")


def test_a_body_cannot_smuggle_markup_into_a_feed_through_a_link(tmp_path: pathlib.Path) -> None:
    hostile = '<a href="x&quot; onmouseover=&quot;alert(1)">a</a> <img src="y.jpg&quot;&gt;&lt;script&gt;" alt="b">'
    (tmp_path / "isi.html").write_text(absolute_links(sanitize_html(hostile), f"{SITE_URL}2025/a/"))
    tree = parse(tmp_path / "isi.html")
    assert [(n.tag, n.attrs) for n in tree.iter() if n.tag in {"a", "img", "script"}] == [
        ("a", {"href": f'{SITE_URL}2025/a/x" onmouseover="alert(1)', "rel": "noopener noreferrer"}),
        ("img", {"src": f'{SITE_URL}2025/a/y.jpg"><script>', "alt": "b"}),
    ]


def announcements(content: pathlib.Path) -> list[SitePublication]:
    """Two news and three announcements (the newest with a cover, one expired)."""
    found = news(content, count=2)
    for day, slug, until in ((3, "beasiswa", 31), (5, "libur", 6), (1, "ujian", 2)):
        pub = publication(
            content,
            f"pengumuman/2025/{slug}",
            title=f"Pengumuman {slug} & jadwal",
            day=datetime.date(2025, 3, day),
            bidang="umum",
            summary=f"Ringkasan pengumuman {slug}.",
            body=f"Isi pengumuman {slug}. [Formulir](formulir.pdf)\n",
        )
        fields = {**pub.__dict__, "kind": "pengumuman", "valid_until": datetime.date(2025, 3, until)}
        if slug == "libur":
            photo(pub.folder / "sampul.jpg", (1200, 800))
            fields.update(image="sampul.jpg", image_alt="Kampus saat libur")
        found.append(SitePublication(**fields))
    return found


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_announcements_have_their_own_feeds_linked_from_their_listing(tmp_path: pathlib.Path, engine: str) -> None:
    now = datetime.datetime(2025, 3, 6, 9, 0, tzinfo=datetime.UTC)
    build(tmp_path, announcements(tmp_path / "content"), site_url=SITE_URL, now=now, engine=engine)
    site = tmp_path / "site"
    prefix, newest = "pengumuman/", "2025-03-05T00:00:00+07:00"
    check_rss(site, prefix, newest)
    check_atom(site, prefix, newest, 3)
    check_json_feed(site, prefix, 3)
    titles = ["Pengumuman libur & jadwal", "Pengumuman beasiswa & jadwal", "Pengumuman ujian & jadwal"]
    for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
        feed = feedparser.parse((site / prefix / name).read_bytes())
        assert not feed.bozo and feed.version == version
        assert feed.feed.title == "Poltekkes Kemenkes Jakarta II: pengumuman terbaru"
        assert feed.feed.link == f"{SITE_URL}pengumuman/"
        assert [e.title for e in feed.entries] == titles  # newest first, the expired one included
        assert [e.href for e in feed.entries[0].enclosures] == [
            f"{SITE_URL}pengumuman/2025/libur/_ukuran/sampul-960.jpg"
        ]
    item = json.loads((site / prefix / "feed.json").read_text(encoding="utf-8"))["items"][1]
    assert item["content_html"] == (
        f'<p>Isi pengumuman beasiswa. <a href="{SITE_URL}pengumuman/2025/beasiswa/formulir.pdf" '
        'rel="noopener noreferrer">Formulir</a></p>'
    )
    assert "Pengumuman" not in (site / "feed.xml").read_text(encoding="utf-8")  # the news feeds hold news only
    for page in ("pengumuman", "pengumuman/2025/beasiswa"):
        links = [
            (link.attrs["type"], link.attrs["title"], link.attrs["href"])
            for link in parse(site / page / "index.html").find_all("link")
            if link.attrs.get("rel") == "alternate feed"
        ]
        assert links[:3] == [
            (kind, "Poltekkes Kemenkes Jakarta II: pengumuman terbaru", f"{SITE_URL}pengumuman/{name}")
            for kind, name in (
                ("application/rss+xml", "feed.xml"),
                ("application/atom+xml", "atom.xml"),
                ("application/feed+json", "feed.json"),
            )
        ], page
    assert f"{SITE_URL}pengumuman/feed.xml" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_site_without_announcements_has_no_announcements_feed(tmp_path: pathlib.Path) -> None:
    build(tmp_path, news(tmp_path / "content", count=1), site_url=SITE_URL)
    assert not (tmp_path / "site" / "pengumuman").exists()
