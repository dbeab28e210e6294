"""Helpers for the website tests: publications on disk, a build, and a small HTML tree to query."""

from __future__ import annotations

import datetime
import pathlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from PIL import Image

from pipeline.site import SitePublication, SiteReport, build_site

BIDANG = ("akademik", "umum", "kemahasiswaan")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def image(path: pathlib.Path, colour: str = "teal") -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (32, 24), colour).save(path)
    return path


def publication(
    content: pathlib.Path,
    pid: str,
    *,
    title: str | None = None,
    day: datetime.date | None = None,
    bidang: str = "akademik",
    summary: str | None = None,
    body: str = "Isi berita.\n",
    image_name: str | None = None,
    tags: tuple[str, ...] = (),
) -> SitePublication:
    """A publication folder `content/<pid>/` with its index.md (and the cover image if named)."""
    folder = content / pid
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(f"---\ntitle: x\n---\n{body}", encoding="utf-8")
    if image_name:
        image(folder / image_name)
    return SitePublication(
        id=pid,
        title=title or f"Judul {pid}",
        date=day or datetime.date(2025, 1, 1),
        bidang=bidang,
        summary=summary,
        body=body,
        image=image_name,
        folder=folder,
        tags=tags,
    )


def build(tmp_path: pathlib.Path, publications: Sequence[SitePublication], **options: object) -> SiteReport:
    settings: dict[str, object] = {
        "out_dir": tmp_path / "site",
        "mkdocs_yml": None,
        "institution": "Poltekkes Kemenkes Jakarta II",
        "site_url": None,
        "bidang_names": BIDANG,
        "work_dir": tmp_path / "work",
    }
    settings.update(options)
    return build_site(publications, **settings)  # type: ignore[arg-type]


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """The text content with whitespace collapsed, as a reader sees it."""
        return " ".join("".join(self._texts()).split())

    def _texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._texts()

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in (n.attrs.get("class") or "").split())
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'} class={cls!r}>"
        return found[0]

    def texts(self, tag: str | None = None, cls: str | None = None) -> list[str]:
        return [n.text() for n in self.find_all(tag, cls)]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: pathlib.Path) -> Node:
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def content(page: Node) -> Node:
    """The page's main content (inside Material's article), without header, navigation and footer."""
    return page.find("article", "md-content__inner")
