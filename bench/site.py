"""The site-build benchmark: the same generated publications built by humas (mkdocs or zensical engine)
and by Material's blog plugin, each in a fresh process, timed from outside like a user would.

    python bench/site.py prepare ROOT COUNT     generate ROOT/content (humas) and ROOT/blog (mkdocs project)
    python bench/site.py humas ROOT ENGINE      build_site of ROOT/content into ROOT/site-ENGINE
"""

from __future__ import annotations

import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import BIDANG, Post, generate  # noqa: E402

INSTITUTION = "Poltekkes Kemenkes Jakarta II"
PER_PAGE = 20

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


def prepare(root: pathlib.Path, count: int) -> None:
    if root.exists():
        shutil.rmtree(root)
    posts = generate(count, root / "content")
    write_blog(root / "blog", posts)


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
            encoding="utf-8")


def build_humas(root: pathlib.Path, engine: str) -> None:
    from pipeline.site import SitePublication, build_site

    publications = []
    for index in sorted((root / "content").glob("*/*/index.md")):
        text = index.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        title = front.split("title: ", 1)[1].strip()
        folder = index.parent
        number = int(folder.name.rsplit("-", 1)[1])
        publications.append(SitePublication(
            id=f"{folder.parent.name}/{folder.name}", title=title, date=_date(number),
            bidang=BIDANG[number % len(BIDANG)], summary=None, body=body, image="sampul.jpg", folder=folder))
    report = build_site(publications, out_dir=root / f"site-{engine}", mkdocs_yml=None, institution=INSTITUTION,
                        site_url=None, bidang_names=BIDANG, work_dir=root / f"work-{engine}", engine=engine,
                        per_page=PER_PAGE)
    assert report.publications == len(publications) and not report.excluded, report


def _date(number: int):  # the same calendar as generate(): one a day back from 2025-06-30
    import datetime

    return datetime.date(2025, 6, 30) - datetime.timedelta(days=number)


if __name__ == "__main__":
    command, root = sys.argv[1], pathlib.Path(sys.argv[2])
    if command == "prepare":
        prepare(root, int(sys.argv[3]))
    elif command == "humas":
        build_humas(root, sys.argv[3])
    else:
        raise SystemExit(f"unknown command {command!r}")
