"""The site-build benchmark: the same generated publications built by humas (mkdocs or zensical engine)
and by Material's blog plugin, each in a fresh process, timed from outside like a user would.

    python bench/site.py prepare ROOT COUNT [VOCABULARY [portal]]
                                                generate ROOT/content (humas) and ROOT/blog (mkdocs project);
                                                VOCABULARY: narrow (default), realistic or wide (generate.py);
                                                portal: also announcements, agenda items and pages
    python bench/site.py humas ROOT ENGINE      build_site of ROOT/content into ROOT/site-ENGINE
    python bench/site.py transfer SITE          bytes a browser fetches to show SITE's home page

humas builds with a site_url, so feeds and share cards are made as in production, and with an image
cache in ROOT that survives from one run to the next, as a rebuild's does.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import BIDANG, Post, generate  # noqa: E402

INSTITUTION = "Poltekkes Kemenkes Jakarta II"
PER_PAGE = 20
SITE_URL = "https://humas.poltekkesjkt2.ac.id/"

BLOG_YML = """\
site_name: Poltekkes Kemenkes Jakarta II
theme:
  name: material
  language: id
  features: [navigation.tabs, navigation.top, search.highlight]
plugins:
  - search
  - blog:
      blog_dir: .
      post_url_format: "{date}/{slug}"
      post_date_format: long
      pagination_per_page: PER_PAGE
      archive_date_format: yyyy
      archive_url_format: "tahun/{date}"
      categories_url_format: "bidang/{slug}"
markdown_extensions:
  - admonition
  - footnotes
  - tables
  - toc:
      permalink: false
  - pymdownx.details
  - pymdownx.superfences
""".replace("PER_PAGE", str(PER_PAGE))


def prepare(root: pathlib.Path, count: int, vocabulary: str = "narrow", portal: bool = False) -> None:
    if root.exists():
        shutil.rmtree(root)
    posts = generate(count, root / "content", vocabulary=vocabulary, portal=portal)
    with (root / "posts.jsonl").open("w", encoding="utf-8") as out:  # what build_humas reads
        for post in posts:
            out.write(json.dumps(dataclasses.asdict(post), default=str, ensure_ascii=False) + "\n")
    write_blog(root / "blog", [post for post in posts if post.kind == "berita"])


def write_blog(project: pathlib.Path, posts: list[Post]) -> None:
    """The same posts as a Material blog: a post per folder with its image, summary above `<!-- more -->`."""
    docs = project / "docs"
    (docs / "posts").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(BLOG_YML, encoding="utf-8")
    (docs / "index.md").write_text(f"# {INSTITUTION}\n", encoding="utf-8")
    for post in posts:
        folder = docs / "posts" / str(post.date.year) / post.slug
        folder.mkdir(parents=True)
        (folder / "sampul.jpg").hardlink_to(post.folder / "sampul.jpg")
        (folder / "index.md").write_text(
            f"---\ndate: {post.date.isoformat()}\ncategories:\n  - {post.bidang.capitalize()}\n"
            f"slug: {post.slug}\n---\n\n# {post.title}\n\n{post.summary}\n\n<!-- more -->\n\n{post.body}",
            encoding="utf-8",
        )


def build_humas(root: pathlib.Path, engine: str) -> None:
    """build_site of the prepared posts (each kind with its fields: a pengumuman's valid_until, an agenda
    item's event, a halaman's order); prints how many of each kind the build placed and how many it left
    out (a build that does not know a kind yet refuses its ids: the lead re-runs after merging the kinds)."""
    from pipeline.site import SitePublication, build_site
    from pipeline.site.model import Event

    publications = []
    with (root / "posts.jsonl").open(encoding="utf-8") as source:
        for line in source:
            post = json.loads(line)
            event = post["event"]
            publications.append(
                SitePublication(
                    id=post["id"],
                    title=post["title"],
                    date=datetime.date.fromisoformat(post["date"]),
                    bidang=post["bidang"],
                    summary=None if post["kind"] == "berita" else post["summary"],
                    body=post["body"],
                    image="sampul.jpg",
                    folder=pathlib.Path(post["folder"]),
                    image_alt="Foto kegiatan",
                    kind=post["kind"],
                    valid_until=datetime.date.fromisoformat(post["valid_until"]) if post["valid_until"] else None,
                    event=Event(
                        datetime.datetime.fromisoformat(event["start"]),
                        datetime.datetime.fromisoformat(event["end"]),
                        event["place"],
                    )
                    if event
                    else None,
                    order=post["order"],
                )
            )
    report = build_site(
        publications,
        out_dir=root / f"site-{engine}",
        mkdocs_yml=None,
        institution=INSTITUTION,
        site_url=SITE_URL,
        bidang_names=BIDANG,
        work_dir=root / f"work-{engine}",
        engine=engine,
        per_page=PER_PAGE,
        image_cache=root / "image-cache",
    )
    assert report.publications + len(report.excluded) == len(publications), report
    kinds = {kind: sum(p.kind == kind for p in publications) for kind in dict.fromkeys(p.kind for p in publications)}
    print("kinds=" + ",".join(f"{kind}:{n}" for kind, n in kinds.items()) + f";excluded={len(report.excluded)}")


def transfer(site: pathlib.Path) -> tuple[int, int, int]:
    """(bytes, gzip-compressed bytes) of the home page and what it loads (stylesheets, scripts, images as
    their `src` names them: the copy a card shows), and the bytes of a search index that Material's
    search would fetch in the background (none: humas' own search fetches its index when it is opened)."""
    import gzip
    import posixpath
    import re
    from urllib.parse import unquote

    html = (site / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    names += re.findall(r'<script[^>]+src="([^"]+)"', html)
    names += re.findall(r'<img[^>]+src="([^"]+)"', html)
    files = [site / "index.html"] + [
        site / posixpath.normpath(unquote(n.split("?")[0])) for n in names if "://" not in n
    ]
    raw = sum(f.stat().st_size for f in files)
    packed = sum(
        len(gzip.compress(f.read_bytes(), 6)) if f.suffix in {".html", ".css", ".js"} else f.stat().st_size
        for f in files
    )
    index = site / "search" / "search_index.json"
    return raw, packed, index.stat().st_size if index.is_file() else 0


if __name__ == "__main__":
    command, root = sys.argv[1], pathlib.Path(sys.argv[2])
    if command == "prepare":
        prepare(root, int(sys.argv[3]), *(sys.argv[4:5] or ["narrow"]), portal=sys.argv[5:6] == ["portal"])
    elif command == "humas":
        build_humas(root, sys.argv[3])
    elif command == "transfer":
        print("transfer=" + ",".join(str(n) for n in transfer(root)))
    else:
        raise SystemExit(f"unknown command {command!r}")
