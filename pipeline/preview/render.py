"""Static HTML previews of a change: the publication page as the site shows it and each channel's post.

:func:`render_previews` is the one entry point, used by ``humas preview BRANCH`` and by the GitHub gate.
It reads the change as data (:mod:`pipeline.preview.collect`), writes the media it references beside
the pages, and renders autoescaped Jinja templates whose Content-Security-Policy allows no script at
all: whatever a draft holds (HTML in a caption, a ``javascript:`` link in the body) stays inert. The
body goes through the site's own Markdown renderer and sanitiser.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from ..forge.git import MAIN, GitRepo
from ..site.render import BodyRenderer
from . import layout
from .collect import Media, PreviewDraft, change_publications, read_publication
from .texts import texts_for

MARKDOWN_EXTENSIONS = ["admonition", "footnotes", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
"""Those of the site's mkdocs.yml as ``humas init`` writes it (the change's own mkdocs.yml is never read)."""


@dataclass(frozen=True)
class Preview:
    publication: str
    page: Path
    posts: Path


def render_previews(
    repo: GitRepo, head: str, out_dir: Path, *, base: str = MAIN, language: str = "id", site_name: str = "Humas"
) -> list[Preview]:
    """Write the previews of every publication the change ``base...head`` touches into ``out_dir``.

    ``out_dir/index.html`` lists them; each publication gets ``<yyyy>/<slug>/page.html`` (the page on
    the website) and ``<yyyy>/<slug>/posts.html`` (Instagram, Facebook, TikTok, YouTube), its media beside
    them. ``head`` is a branch or a commit; ``out_dir`` is emptied first.
    """
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    env = _environment()
    t = texts_for(language)
    renderer = BodyRenderer(MARKDOWN_EXTENSIONS)
    previews: list[Preview] = []
    drafts: list[PreviewDraft] = []
    for publication in change_publications(repo, head, base):
        draft = read_publication(repo, head, publication)
        if draft is None:
            continue
        drafts.append(draft)
        folder = out_dir / publication
        (folder / "media").mkdir(parents=True)
        for name, medium in draft.media.items():
            (folder / "media" / name).write_bytes(medium.data)
        context = {
            "t": t,
            "draft": draft,
            "meta": draft.meta,
            "language": language,
            "site_name": site_name,
            "up": "../../",
            **_channels(draft),
        }
        page = folder / "page.html"
        page.write_text(
            env.get_template("page.html").render(body_html=renderer.render(draft.body), **context), encoding="utf-8"
        )
        posts = folder / "posts.html"
        posts.write_text(env.get_template("posts.html").render(**context), encoding="utf-8")
        previews.append(Preview(publication, page, posts))
    (out_dir / "index.html").write_text(
        env.get_template("index.html").render(t=t, drafts=drafts, head=head, language=language, up=""), encoding="utf-8"
    )
    return previews


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.preview", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["media_url"] = lambda name: "media/" + quote(name, safe="")
    env.filters["thousands"] = lambda n: f"{n:,}".replace(",", ".")
    return env


def _images(draft: PreviewDraft, names: list[str]) -> list[Media]:
    return [m for m in (draft.medium(n) for n in names) if m is not None and m.kind == "image"]


def _channels(draft: PreviewDraft) -> dict[str, Any]:
    meta = draft.meta
    if meta is None:
        return {}
    found: dict[str, Any] = {}
    if (ig := meta.channels.instagram) is not None:
        folded, more = layout.fold(ig.caption, layout.INSTAGRAM_FOLD)
        found["instagram"] = {
            "block": ig,
            "crops": layout.instagram_crops(_images(draft, ig.media)),
            "video": draft.medium(ig.video),
            "cover": draft.medium(ig.cover),
            "counter": layout.instagram_caption(ig.caption),
            "folded": folded,
            "more": more,
        }
    if (fb := meta.channels.facebook) is not None:
        shown, hidden = layout.facebook_layout(_images(draft, fb.media))
        found["facebook"] = {
            "block": fb,
            "shown": shown,
            "hidden": hidden,
            "video": draft.medium(fb.video),
            "counter": layout.facebook_caption(fb.caption),
        }
    if (tt := meta.channels.tiktok) is not None:
        found["tiktok"] = {
            "block": tt,
            "video": draft.medium(tt.video),
            "photos": _images(draft, tt.photos),
            "counter": layout.tiktok_caption(tt.caption),
        }
    if (yt := meta.channels.youtube) is not None:
        folded_text, folded_more = layout.fold_lines(yt.description)
        found["youtube"] = {
            "block": yt,
            "video": draft.medium(yt.video),
            "thumbnail": draft.medium(yt.thumbnail),
            "title_counter": layout.youtube_title(yt.title),
            "description_counter": layout.youtube_description(yt.description),
            "folded": folded_text,
            "more": folded_more,
        }
    return found
