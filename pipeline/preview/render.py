"""Static HTML previews of a change: the publication page as the site shows it and each channel's post.

:func:`render_previews` is the one entry point, used by ``humas preview BRANCH`` and by the GitHub gate.
It reads the change as data (:mod:`pipeline.preview.collect`). The page is built by the website's own
builder with main's mkdocs.yml and main's templates (:mod:`pipeline.preview.site_page`). The posts are
autoescaped Jinja templates, the media they show written beside them, under a Content-Security-Policy
that allows no script at all: whatever a draft holds (HTML in a caption, a ``javascript:`` link) stays inert.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from ..channels.spec import ChannelSpec
from ..channels.specs import SPECS
from ..git import MAIN, GitRepo
from ..messages import _
from ..problems import ConfigError
from ..site.formats import format_number
from ..sop.config import Sop
from . import layout
from .collect import Media, PreviewDraft, change_publications, read_publication
from .site_page import base_templates, build_page
from .texts import texts_for

MARKER = ".humas-preview"


@dataclass(frozen=True)
class Preview:
    publication: str
    page: Path | None
    """None when the publication is not on the website (or its draft is not valid)."""
    posts: Path


def render_previews(repo: GitRepo, head: str, out_dir: Path, sop: Sop, *, base: str = MAIN) -> list[Preview]:
    """Write the previews of every publication the change ``base...head`` touches into ``out_dir``.

    ``out_dir/index.html`` lists them; each publication gets ``<yyyy>/<slug>/site/<yyyy>/<slug>/index.html``
    (its page, built as the website builds it) and ``<yyyy>/<slug>/posts.html`` (Instagram, Facebook,
    TikTok, YouTube), the media beside it. ``head`` and ``base`` are branches or commits; the texts
    are in ``sop.language``; ``out_dir`` is emptied first. A change whose tree holds a path humas refuses
    (``pipeline.git.path_problem``) raises HostileTree before anything is written.
    """
    repo.check_tree(head)  # a change holding a hostile path is refused before anything is written
    at = repo.rev(base) or base  # one commit of the base for the whole run (site_page.base_templates)
    with base_templates(repo, base, at) as templates:  # main's, checked before anything is written
        return _render(repo, head, Path(out_dir), sop, (at, templates))


def _render(repo: GitRepo, head: str, out_dir: Path, sop: Sop, base_of: tuple[str, Path | None]) -> list[Preview]:
    base, templates = base_of
    out_dir = Path(out_dir).resolve()
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / MARKER).is_file():
            raise ConfigError(
                _("{out_dir} is not empty and holds no previews (choose an empty or new directory)", out_dir=out_dir)
            )
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("previews written by humas; this folder is emptied on the next run\n")
    env = _environment(sop.language)
    t = texts_for(sop.language)
    previews: list[Preview] = []
    listed: list[tuple[PreviewDraft, str | None]] = []
    for publication in change_publications(repo, head, base):
        draft = read_publication(repo, head, publication)
        if draft is None:
            continue
        folder = out_dir / publication
        (folder / "media").mkdir(parents=True)
        for name, medium in draft.media.items():
            (folder / "media" / name).write_bytes(medium.data)
        page = None
        if draft.meta is not None and draft.meta.channels.block("website") is not None:
            page, warnings = build_page(repo, head, base, draft, sop, folder / "site", templates)
            draft.problems.extend(f"{draft.path}: {warning}" for warning in warnings)
        context = {
            "t": t,
            "draft": draft,
            "meta": draft.meta,
            "language": sop.language,
            "up": "../../",
            **_channels(draft),
        }
        posts = folder / "posts.html"
        posts.write_text(env.get_template("posts.html").render(**context), encoding="utf-8")
        previews.append(Preview(publication, page, posts))
        listed.append((draft, page.relative_to(out_dir).as_posix() if page is not None else None))
    index = env.get_template("index.html").render(t=t, listed=listed, head=head, language=sop.language, up="")
    (out_dir / "index.html").write_text(index, encoding="utf-8")
    return previews


def _environment(language: str) -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.preview", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["media_url"] = lambda name: "media/" + quote(name, safe="")
    env.filters["thousands"] = lambda n: format_number(n, language)
    return env


def _images(draft: PreviewDraft, names: list[str]) -> list[Media]:
    return [m for m in (draft.medium(n) for n in names) if m is not None and m.kind == "image"]


def _channels(draft: PreviewDraft) -> dict[str, Any]:
    """The template's context of each channel the draft names: a bespoke card where the platform crops or
    folds (the spec's ``preview.layout``), else the generic card (text, images, video, counter)."""
    meta = draft.meta
    if meta is None:
        return {}
    found: dict[str, Any] = {}
    cards: list[dict[str, Any]] = []
    for spec in SPECS:
        block = meta.channels.block(spec.name)
        if block is None or spec.settings is None:
            continue
        bespoke = _LAYOUTS.get(spec.preview.layout)
        if bespoke is not None:
            found[spec.name] = bespoke(draft, block)
        else:
            cards.append(_card(draft, spec, block))
    if cards:
        found["cards"] = cards
    return found


def _card(draft: PreviewDraft, spec: ChannelSpec, block: Any) -> dict[str, Any]:
    shape = spec.preview
    text = str(getattr(block, shape.text, "") or "") if shape.text else ""
    images = getattr(block, shape.images, None) or [] if shape.images else []
    return {
        "name": spec.name,
        "label": spec.label,
        "block": block,
        "text": text,
        "images": _images(draft, list(images)),
        "video": draft.medium(getattr(block, shape.video, None)) if shape.video else None,
        "counter": layout.Counter(shape.count(text), shape.text_max, shape.unit),
    }


def _instagram(draft: PreviewDraft, ig: Any) -> dict[str, Any]:
    folded, more = layout.fold(ig.caption, layout.INSTAGRAM_FOLD)
    return {
        "block": ig,
        "crops": layout.instagram_crops(_images(draft, ig.media)),
        "video": draft.medium(ig.video),
        "cover": draft.medium(ig.cover),
        "counter": layout.instagram_caption(ig.caption),
        "folded": folded,
        "more": more,
    }


def _facebook(draft: PreviewDraft, fb: Any) -> dict[str, Any]:
    shown, hidden = layout.facebook_layout(_images(draft, fb.media))
    return {
        "block": fb,
        "shown": shown,
        "hidden": hidden,
        "video": draft.medium(fb.video),
        "counter": layout.facebook_caption(fb.caption),
    }


def _tiktok(draft: PreviewDraft, tt: Any) -> dict[str, Any]:
    return {
        "block": tt,
        "video": draft.medium(tt.video),
        "photos": _images(draft, tt.photos),
        "counter": layout.tiktok_caption(tt.caption),
    }


def _youtube(draft: PreviewDraft, yt: Any) -> dict[str, Any]:
    folded_text, folded_more = layout.fold_lines(yt.description)
    return {
        "block": yt,
        "video": draft.medium(yt.video),
        "thumbnail": draft.medium(yt.thumbnail),
        "title_counter": layout.youtube_title(yt.title),
        "description_counter": layout.youtube_description(yt.description),
        "folded": folded_text,
        "more": folded_more,
    }


_LAYOUTS: dict[str, Callable[[PreviewDraft, Any], dict[str, Any]]] = {
    "instagram": _instagram,
    "facebook": _facebook,
    "tiktok": _tiktok,
    "youtube": _youtube,
}
"""The bespoke cards (``posts.html`` has a section for each): the platforms that crop, fold or count apart."""
