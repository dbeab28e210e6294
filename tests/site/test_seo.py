"""What search engines and share cards read, on both engines: JSON-LD (NewsArticle, Organization,
WebSite, BreadcrumbList), visible breadcrumbs, Open Graph times, section, tags and picture sizes, the
default share picture, and the sitemaps (lastmod from each page's own time, image entries, the news
sitemap), each validated against its protocol's schema."""

from __future__ import annotations

import datetime
import gzip
import json
import pathlib
from zoneinfo import ZoneInfo

import pytest
import xmlschema
from PIL import Image

from pipeline.site import SiteError, SitePublication
from tests.helpers import Repo, publikasi
from tests.site.support import Node, build, content, parse, publication

SITE_URL = "https://humas.example.ac.id/"
INSTITUTION = "Poltekkes Kemenkes Jakarta II"
JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2025, 3, 2, 8, 0, tzinfo=JAKARTA)
HOSTILE = '</script><script>alert("x")</script><!-- & </SCRIPT > \u2028 <b>'
VENDOR = pathlib.Path(__file__).with_name("vendor")

# The image and news sitemap extensions as Google documents them (required elements only; Google's own
# .xsd files are not vendored): image:image holds image:loc
# (https://developers.google.com/search/docs/crawling-indexing/sitemaps/image-sitemaps); news:news holds
# news:publication (news:name, news:language), news:publication_date and news:title
# (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
IMAGE_XSD = """<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified"
    targetNamespace="http://www.google.com/schemas/sitemap-image/1.1">
  <xsd:element name="image"><xsd:complexType><xsd:sequence>
    <xsd:element name="loc" type="xsd:anyURI"/>
  </xsd:sequence></xsd:complexType></xsd:element>
</xsd:schema>
"""
NEWS_XSD = """<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified"
    targetNamespace="http://www.google.com/schemas/sitemap-news/0.9"
    xmlns="http://www.google.com/schemas/sitemap-news/0.9">
  <xsd:element name="news"><xsd:complexType><xsd:sequence>
    <xsd:element name="publication"><xsd:complexType><xsd:sequence>
      <xsd:element name="name" type="xsd:string"/>
      <xsd:element name="language"><xsd:simpleType><xsd:restriction base="xsd:language"/></xsd:simpleType>
      </xsd:element>
    </xsd:sequence></xsd:complexType></xsd:element>
    <xsd:element name="publication_date"><xsd:simpleType><xsd:union memberTypes="xsd:date xsd:dateTime"/>
    </xsd:simpleType></xsd:element>
    <xsd:element name="title" type="xsd:string"/>
  </xsd:sequence></xsd:complexType></xsd:element>
</xsd:schema>
"""


def photo(path: pathlib.Path, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "teal").save(path, "JPEG")


def publications(content_dir: pathlib.Path) -> list[SitePublication]:
    wisuda = publication(
        content_dir,
        "2025/wisuda",
        title="Wisuda Angkatan 2025",
        day=datetime.date(2025, 3, 1),
        summary="Sebanyak 800 lulusan diwisuda.",
        tags=("wisuda", "lulusan"),
        body="Isi berita wisuda. ![Foto](foto.jpg) [Unduh](lampiran.pdf)\n",
    )
    photo(wisuda.folder / "sampul.jpg", (1200, 800))
    photo(wisuda.folder / "foto.jpg", (40, 30))
    wisuda = SitePublication(
        **{
            **wisuda.__dict__,
            "image": "sampul.jpg",
            "image_alt": "Para wisudawan",
            # 09:30 in Jakarta, given in UTC: pages, feeds and sitemaps say it in the SOP's time zone
            "publish_at": datetime.datetime(2025, 3, 1, 2, 30, tzinfo=datetime.UTC),
        }
    )
    pengumuman = publication(
        content_dir, "2025/pengumuman", title="Jadwal Ujian", day=datetime.date(2025, 3, 1), bidang="umum"
    )
    rapat = publication(content_dir, "2025/rapat", title="Rapat Kerja", day=datetime.date(2025, 2, 27), bidang="umum")
    serangan = publication(
        content_dir,
        "2024/serangan",
        title=HOSTILE,
        summary=HOSTILE,
        day=datetime.date(2024, 6, 1),
        bidang="kemahasiswaan",
        tags=(HOSTILE,),
    )
    return [wisuda, pengumuman, rapat, serangan]


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp(request.param)
    build(
        tmp,
        publications(tmp / "content"),
        site_url=SITE_URL,
        engine=request.param,
        image_cache=tmp / "cache",
        timezone="Asia/Jakarta",
        now=NOW,
    )
    return tmp / "site"


def structured(page: pathlib.Path) -> dict[str, dict[str, object]]:
    """The page's JSON-LD blocks by @type (each read back with json.loads, as a search engine does)."""
    found: dict[str, dict[str, object]] = {}
    for script in parse(page).find_all("script"):
        if script.attrs.get("type") == "application/ld+json":
            data = json.loads("".join(child for child in script.children if isinstance(child, str)))
            found[data["@type"]] = data
    return found


def head(page: pathlib.Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in parse(page).find_all("meta"):
        key = meta.attrs.get("property") or meta.attrs.get("name")
        if key:
            found.setdefault(key, []).append(meta.attrs.get("content") or "")
    return found


ORGANIZATION = {"@type": "Organization", "@id": f"{SITE_URL}#organization", "name": INSTITUTION}
CARD = {"@type": "ImageObject", "url": f"{SITE_URL}assets/humas/kartu.png", "width": 1200, "height": 630}


def test_a_publication_is_a_news_article_with_times_in_the_sops_zone(site: pathlib.Path) -> None:
    data = structured(site / "2025/wisuda/index.html")
    assert sorted(data) == ["BreadcrumbList", "NewsArticle"]
    assert data["NewsArticle"] == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": f"{SITE_URL}2025/wisuda/"},
        "url": f"{SITE_URL}2025/wisuda/",
        "headline": "Wisuda Angkatan 2025",
        "description": "Sebanyak 800 lulusan diwisuda.",
        "image": [
            {
                "@type": "ImageObject",
                "url": f"{SITE_URL}2025/wisuda/_ukuran/sampul-960.jpg",
                "width": 960,
                "height": 640,
            }
        ],
        "datePublished": "2025-03-01T09:30:00+07:00",
        "dateModified": "2025-03-01T09:30:00+07:00",
        "inLanguage": "id",
        "articleSection": "Akademik",
        "keywords": ["wisuda", "lulusan"],
        "author": [{**ORGANIZATION, "url": SITE_URL}],
        "publisher": {**ORGANIZATION, "logo": CARD},
    }
    plain = structured(site / "2025/rapat/index.html")["NewsArticle"]
    assert (plain["datePublished"], plain["image"]) == ("2025-02-27T00:00:00+07:00", [CARD])


def test_the_home_page_describes_the_institution(site: pathlib.Path) -> None:
    data = structured(site / "index.html")
    assert data == {
        "Organization": {
            "@context": "https://schema.org",
            **ORGANIZATION,
            "url": SITE_URL,
            "logo": CARD,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "Jl. Hang Jebat III Blok F3, Kebayoran Baru, Jakarta Selatan 12120",
            },
            "sameAs": [
                "https://www.instagram.com/poltekkesjakarta2/",
                "https://www.facebook.com/poltekkesjakarta2/",
                "https://www.youtube.com/@poltekkesjakarta2",
                "https://www.tiktok.com/@poltekkesjakarta2",
            ],
        },
        "WebSite": {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": INSTITUTION,
            "url": SITE_URL,
            "inLanguage": "id",
            "publisher": {"@id": f"{SITE_URL}#organization"},
        },
    }
    with Image.open(site / "assets/humas/kartu.png") as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))


def crumbs(page: Node) -> list[tuple[str, str | None]]:
    trail = content(page).find("nav", "humas-jejak")
    assert trail.attrs["aria-label"] == "Jejak halaman"
    return [(li.text(), (li.find_all("a") or [Node("a", {})])[0].attrs.get("href")) for li in trail.find_all("li")]


def test_breadcrumbs_are_shown_and_given_as_a_breadcrumb_list(site: pathlib.Path) -> None:
    home = ("Beranda", SITE_URL)
    cases = {  # page: the visible trail (text, relative link), then the BreadcrumbList's (name, item)
        "2025/wisuda": (
            [("Beranda", "../../"), ("Akademik", "../../bidang/akademik/"), ("Wisuda Angkatan 2025", None)],
            [home, ("Akademik", f"{SITE_URL}bidang/akademik/"), ("Wisuda Angkatan 2025", f"{SITE_URL}2025/wisuda/")],
        ),
        "bidang/umum": (
            [("Beranda", "../../"), ("Bidang", "../"), ("Bidang Umum", None)],
            [home, ("Bidang", f"{SITE_URL}bidang/"), ("Bidang Umum", f"{SITE_URL}bidang/umum/")],
        ),
        "tahun/2025": (
            [("Beranda", "../../"), ("Tahun", "../"), ("Tahun 2025", None)],
            [home, ("Tahun", f"{SITE_URL}tahun/"), ("Tahun 2025", f"{SITE_URL}tahun/2025/")],
        ),
        "berita": ([("Beranda", "../"), ("Berita", None)], [home, ("Berita", f"{SITE_URL}berita/")]),
    }
    for directory, (shown, given) in cases.items():
        page = site / directory / "index.html"
        assert crumbs(parse(page)) == shown, directory
        items = structured(page)["BreadcrumbList"]["itemListElement"]
        assert items == [
            {"@type": "ListItem", "position": number, "name": name, "item": item}
            for number, (name, item) in enumerate(given, 1)
        ], directory
    assert "BreadcrumbList" not in structured(site / "index.html")


def test_a_hostile_title_cannot_leave_the_json_ld(site: pathlib.Path) -> None:
    page = site / "2024/serangan/index.html"
    raw = page.read_text(encoding="utf-8")
    blocks = raw.split('<script type="application/ld+json">')[1:]
    assert len(blocks) == 2
    for block in blocks:
        json_text = block.split("</script>", 1)[0]
        assert "<" not in json_text and ">" not in json_text and "&" not in json_text
        assert "\u2028" not in json_text
    assert "<script>alert" not in raw and "</script><script>" not in raw
    data = structured(page)
    assert data["NewsArticle"]["headline"] == HOSTILE  # the same text, read back
    assert data["NewsArticle"]["keywords"] == [HOSTILE]
    assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == HOSTILE  # type: ignore[index]
    assert [
        s.attrs.get("type") for s in parse(page).find_all("script") if "alert" in "".join(map(str, s.children))
    ] == [
        "application/ld+json",
        "application/ld+json",
    ]


def test_share_cards_have_time_zone_section_tags_and_picture_sizes(site: pathlib.Path) -> None:
    tags = head(site / "2025/wisuda/index.html")
    assert {key: tags[key] for key in tags if key.startswith(("article:", "og:image"))} == {
        "article:published_time": ["2025-03-01T09:30:00+07:00"],
        "article:modified_time": ["2025-03-01T09:30:00+07:00"],
        "article:section": ["Akademik"],
        "article:tag": ["wisuda", "lulusan"],
        "og:image": [f"{SITE_URL}2025/wisuda/_ukuran/sampul-960.jpg"],
        "og:image:width": ["960"],
        "og:image:height": ["640"],
        "og:image:alt": ["Para wisudawan"],
    }
    plain = head(site / "2025/rapat/index.html")  # no cover: the institution's card, not nothing
    assert {key: plain[key] for key in plain if key.startswith(("og:image", "twitter:", "article:p"))} == {
        "article:published_time": ["2025-02-27T00:00:00+07:00"],
        "og:image": [f"{SITE_URL}assets/humas/kartu.png"],
        "og:image:width": ["1200"],
        "og:image:height": ["630"],
        "og:image:alt": [INSTITUTION],
        "twitter:card": ["summary_large_image"],
        "twitter:title": ["Rapat Kerja"],
        "twitter:description": ["Isi berita."],
        "twitter:image": [f"{SITE_URL}assets/humas/kartu.png"],
        "twitter:image:alt": [INSTITUTION],
    }
    listing = head(site / "berita/index.html")
    assert listing["og:image"] == [f"{SITE_URL}assets/humas/kartu.png"] and "article:section" not in listing


def sitemap_schema(tmp_path: pathlib.Path) -> xmlschema.XMLSchema:
    (tmp_path / "image.xsd").write_text(IMAGE_XSD)
    (tmp_path / "news.xsd").write_text(NEWS_XSD)
    return xmlschema.XMLSchema(
        VENDOR / "sitemap.xsd",
        locations=[
            ("http://www.google.com/schemas/sitemap-image/1.1", str(tmp_path / "image.xsd")),
            ("http://www.google.com/schemas/sitemap-news/0.9", str(tmp_path / "news.xsd")),
        ],
    )


def test_sitemap_lastmod_is_each_pages_own_time_with_its_cover(site: pathlib.Path, tmp_path: pathlib.Path) -> None:
    schema = sitemap_schema(tmp_path)
    schema.validate(site / "sitemap.xml")
    entries = {
        entry["loc"]: (entry.get("lastmod"), [i["image:loc"] for i in entry.get("image:image", [])])
        for entry in schema.to_dict(site / "sitemap.xml")["url"]
    }
    assert len(entries) == len(list(site.rglob("index.html")))
    newest = "2025-03-01T09:30:00+07:00"
    cover = f"{SITE_URL}2025/wisuda/_ukuran/sampul-960.jpg"
    assert entries[f"{SITE_URL}2025/wisuda/"] == (newest, [cover])
    assert entries[f"{SITE_URL}2025/rapat/"] == ("2025-02-27T00:00:00+07:00", [])
    assert entries[f"{SITE_URL}2024/serangan/"] == ("2024-06-01T00:00:00+07:00", [])
    assert entries[SITE_URL] == (newest, [cover])  # the home page shows the lead story's cover
    assert entries[f"{SITE_URL}bidang/umum/"] == ("2025-03-01T00:00:00+07:00", [])  # its newest publication
    assert entries[f"{SITE_URL}tahun/2024/"] == ("2024-06-01T00:00:00+07:00", [])
    assert entries[f"{SITE_URL}berita/"][0] == newest
    build_day = datetime.date.today().isoformat()
    assert not any(lastmod and lastmod.startswith(build_day) for lastmod, _ in entries.values())
    if (site / "sitemap.xml.gz").exists():  # mkdocs writes a compressed copy: the same sitemap
        assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_the_news_sitemap_lists_the_last_two_days(site: pathlib.Path, tmp_path: pathlib.Path) -> None:
    schema = sitemap_schema(tmp_path)
    schema.validate(site / "news-sitemap.xml")
    urls = schema.to_dict(site / "news-sitemap.xml")["url"]
    assert [
        (u["loc"], u["news:news"][0]["news:publication_date"], u["news:news"][0]["news:title"]) for u in urls
    ] == [  # newest first; Rapat Kerja (27 February, 00:00) is more than two days before 2 March, 08:00
        (f"{SITE_URL}2025/wisuda/", "2025-03-01T09:30:00+07:00", "Wisuda Angkatan 2025"),
        (f"{SITE_URL}2025/pengumuman/", "2025-03-01T00:00:00+07:00", "Jadwal Ujian"),
    ]
    assert urls[0]["news:news"][0]["news:publication"] == {"news:name": INSTITUTION, "news:language": "id"}
    robots = (site / "robots.txt").read_text()
    assert robots.splitlines()[-2:] == [f"Sitemap: {SITE_URL}sitemap.xml", f"Sitemap: {SITE_URL}news-sitemap.xml"]


def test_humas_build_carries_publish_at_and_the_sops_zone_to_the_page_and_the_news_sitemap(repo: Repo) -> None:
    sop = (repo.root / "sop.yml").read_text(encoding="utf-8")
    assert "timezone: Asia/Jakarta" in sop and "site_url: https://humas.poltekkesjkt2.ac.id/" in sop
    branch = "publikasi/hut"
    repo.branch(branch)
    # a naive publish_at is a local time of sop.yml's timezone
    repo.write(
        "content/publikasi/2025/hut/index.md",
        publikasi(title="Dies Natalis", extra="publish_at: 2030-01-01T08:00:00\n"),
    )
    repo.commit("Desain konten: hut")
    repo.sign_all(branch)
    assert repo.humas("merge", branch).code == 0
    repo.switch("main")
    run = repo.humas("build", "--out", "site", "--now", "2030-01-02T06:00:00Z")
    assert run.code == 0, run.err
    site = repo.root / "site"
    address = "https://humas.poltekkesjkt2.ac.id/2025/hut/"
    assert head(site / "2025/hut/index.html")["article:published_time"] == ["2030-01-01T08:00:00+07:00"]
    news = (site / "news-sitemap.xml").read_text(encoding="utf-8")
    assert f"<url><loc>{address}</loc>" in news
    assert "<news:publication_date>2030-01-01T08:00:00+07:00</news:publication_date>" in news
    assert f"<loc>{address}</loc>\n<lastmod>2030-01-01T08:00:00+07:00</lastmod>" in (site / "sitemap.xml").read_text()

    later = repo.humas("build", "--out", "site", "--now", "2030-01-03T08:00:01+07:00")  # more than two days on
    assert later.code == 0, later.err
    assert "<url>" not in (site / "news-sitemap.xml").read_text(encoding="utf-8")


def test_the_share_picture_and_logo_come_from_mkdocs_yml(tmp_path: pathlib.Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs/images").mkdir(parents=True)
    Image.new("RGB", (1200, 630), "navy").save(repo / "docs/images/bagikan.jpg", "JPEG")
    Image.new("RGBA", (256, 256), "red").save(repo / "docs/images/logo.png", "PNG")
    (repo / "mkdocs.yml").write_text(
        "site_name: Humas Poltekkes\ntheme:\n  name: material\n  logo: images/logo.png\n"
        "extra:\n  share_image: images/bagikan.jpg\n"
    )
    pub = publication(tmp_path / "content", "2025/rapat", title="Rapat Kerja")
    build(tmp_path, [pub], mkdocs_yml=repo / "mkdocs.yml", site_url=SITE_URL)
    site = tmp_path / "site"
    tags = head(site / "2025/rapat/index.html")
    assert (tags["og:image"], tags["og:image:width"], tags["og:image:height"]) == (
        [f"{SITE_URL}images/bagikan.jpg"],
        ["1200"],
        ["630"],
    )
    logo = {"@type": "ImageObject", "url": f"{SITE_URL}images/logo.png", "width": 256, "height": 256}
    assert structured(site / "2025/rapat/index.html")["NewsArticle"]["publisher"]["logo"] == logo  # type: ignore[index]
    assert structured(site / "index.html")["Organization"]["logo"] == logo
    assert not (site / "assets/humas/kartu.png").exists()  # nothing to draw

    (repo / "mkdocs.yml").write_text(  # a logo that is not a picture file (SVG), a share picture outside docs/
        "site_name: Humas Poltekkes\ntheme:\n  name: material\n  logo: images/logo.svg\n"
        "extra:\n  share_image: ../rahasia.jpg\n"
    )
    (repo / "docs/images/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    Image.new("RGB", (50, 50)).save(repo / "rahasia.jpg", "JPEG")
    report = build(tmp_path, [pub], mkdocs_yml=repo / "mkdocs.yml", site_url=SITE_URL)
    assert "mkdocs.yml: ../rahasia.jpg: not found in docs/, the site goes without it" in report.warnings
    assert head(site / "2025/rapat/index.html")["og:image"] == [f"{SITE_URL}assets/humas/kartu.png"]
    assert not (site / "rahasia.jpg").exists()


def test_an_unknown_timezone_is_a_configuration_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(SiteError) as raised:
        build(tmp_path, [], timezone="Asia/Bogor")
    assert str(raised.value) == "timezone: 'Asia/Bogor' bukan zona waktu yang dikenal"
