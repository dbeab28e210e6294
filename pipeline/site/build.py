"""build_site: approved publications in, a static website out (a news portal on Material for MkDocs).

The steps, each linear in the number of publications and in bounded memory:

1. check the site's mkdocs.yml (or the template): no hooks, templates or YAML tags that run code, plugins
   and Markdown extensions from humas' allow-list, no markup in its texts (guard.py); load it with humas'
   overrides: language, no web font, the template overrides of theme/ (share cards, 404 page, footer
   address) (config.py);
2. for every publication: select and place its media, with smaller copies of its pictures made once and
   cached by content hash (media.py, images.py);
3. for every publication: render and sanitise its body, make its page (date, bidang, reading time,
   gallery, share links, related news of its bidang) and write it at once (publication.py, page.py);
4. home (lead story and cards), the news listing, the bidang and year listings, paginated, with
   breadcrumbs (listing.py); feeds for the site and each bidang (feeds.py), robots.txt;
5. build it with mkdocs in-process, each generated page's HTML, share-card tags and structured data
   handed over by a plugin when the page is rendered (plugin.py, cards.py, structured.py); or with
   Zensical (zensical.py);
6. replace the engine's sitemap with one whose lastmod are the pages' own times, and write the news
   sitemap (sitemap.py);
7. for every withdrawn publication (its ``life``): only a notice at its address, kept out of the listings,
   feeds, sitemaps and search, and the web server's rules that answer 410 Gone there (gone.py);
8. write the site's search index (search.py: every publication's whole text, Indonesian words reduced to
   their roots, in shards the browser fetches only when the visitor opens search; the engine's own
   search is turned off): written beside the site before the engine runs (its postings are not held
   while the pages are built), moved into the site after.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import itertools
import logging
import pathlib
import re
import shutil
import tempfile
import time
import zoneinfo
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..messages import _
from . import fragments, ical, kinds, menu, script, search, split, structured, urls, zensical
from .cards import head_html
from .config import THEME_DIR, collect_mkdocs_log, copy_site_assets, load_site_config, read_mkdocs_yml
from .feeds import Feed, FeedSite, feed_ids, site_feeds, write_feeds
from .gone import base_path, write_gone_rules
from .identity import Publisher, publisher
from .images import ImageSizes, Picture
from .labels import not_found_texts
from .listing import Entry, Layout, home_page, newest_first, newest_time, not_found_latest, site_pages
from .media import IMAGE, MediaFile, place_media, select_media
from .model import Excluded, SiteError, SitePublication, SiteReport
from .page import Page, write_page
from .plugin import NAME, GeneratedPages
from .publication import card, cover_name, entry, publication_page, withdrawn_page
from .render import Renderers, default_workers
from .sitemap import NEWS_SITEMAP, write_sitemaps
from .templating import institution_templates

ENGINES = ("mkdocs", zensical.NAME)
PER_PAGE = 20
RELATED = 3
CSS = pathlib.Path(__file__).with_name("humas.css")

_SLUG = r"[a-z0-9][a-z0-9._-]*"
_IDS = {  # each kind's ids (content/paths.py): the page's URL path
    "berita": re.compile(rf"[0-9]{{4}}/{_SLUG}"),
    "pengumuman": re.compile(rf"pengumuman/[0-9]{{4}}/{_SLUG}"),
    "agenda": re.compile(rf"agenda/[0-9]{{4}}/{_SLUG}"),
    "halaman": re.compile(rf"halaman/{_SLUG}"),
}
_ID_FORMS = {
    "berita": "yyyy/slug",
    "pengumuman": "pengumuman/yyyy/slug",
    "agenda": "agenda/yyyy/slug",
    "halaman": "halaman/slug",
}
_BIDANG = re.compile(r"[a-z0-9][a-z0-9_-]*")


def build_site(
    publications: Sequence[SitePublication],
    *,
    out_dir: pathlib.Path,
    mkdocs_yml: pathlib.Path | None,
    language: str = "id",
    institution: str,
    site_url: str | None,
    bidang_names: Sequence[str],
    work_dir: pathlib.Path | None = None,
    engine: str = "mkdocs",
    per_page: int = PER_PAGE,
    image_cache: pathlib.Path | None = None,
    workers: int | None = None,
    timezone: str = "Asia/Jakarta",
    now: datetime.datetime | None = None,
    templates: pathlib.Path | None = None,
    reuse_fragments: bool = True,
) -> SiteReport:
    """Build the website of `publications` into `out_dir` (its previous content is replaced).

    `publications` are the approved ones; the caller has verified them. Their texts are not trusted:
    bodies are sanitised, titles and summaries escaped. A publication that cannot be placed (bad id,
    duplicate id, missing folder) is left out and listed in the report's `excluded`.
    Smaller copies of the pictures are kept in `image_cache` (default: one for this build only). Bodies are
    rendered on `workers` processes (default: every core; see render.Renderers).
    Times on pages, in feeds and sitemaps are in `timezone` (sop.yml's); `now` (default: the clock) decides
    which publications the news sitemap lists. `templates`: the institution's own templates (its
    ``overrides/humas/`` as read from main; templating.py), checked before anything is built.
    `reuse_fragments`: on mkdocs, Material's navigation and tabs rendered once per distinct state and
    reused (fragments.py; the output is the same byte for byte); False renders them for every page.
    Raises SiteError when the site as a whole cannot be built.
    """
    started = time.perf_counter()
    if engine not in ENGINES:
        raise SiteError(
            _("engine: {engine!r} is not supported (allowed: {allowed})", engine=engine, allowed=", ".join(ENGINES))
        )
    if engine == zensical.NAME:
        zensical.executable()  # fail before any work when it is not installed
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise SiteError(_("timezone: {timezone!r} is not a known time zone", timezone=timezone)) from None
    now = now or datetime.datetime.now(datetime.UTC)
    if per_page < 1:
        raise SiteError(_("per_page: {per_page} is not allowed (allowed: 1 or more)", per_page=per_page))
    out_dir = out_dir.resolve()
    checked = read_mkdocs_yml(mkdocs_yml, institution)  # before anything reads it: no hooks, allowed plugins only, ...
    checked = search.engine_search_off(checked)  # humas' own search replaces the engine's (search.py)
    accepted, excluded = _accept(publications)
    _check_out_dir(out_dir, accepted, mkdocs_yml, work_dir)
    live, withdrawn = _split_withdrawn(accepted)  # a withdrawn one: only its notice, on no listing (gone.py)

    with _work_directory(work_dir) as work, contextlib.ExitStack() as stack:
        stack.enter_context(institution_templates(templates))  # checked first: a bad override builds nothing
        docs = work / "docs"
        if docs.exists():
            shutil.rmtree(docs)
        docs.mkdir(parents=True)
        config = load_site_config(
            checked, docs_dir=docs, site_dir=out_dir, language=language, institution=institution, site_url=site_url
        )
        layout = Layout(language, config.use_directory_urls, per_page, config.site_url or None, zone)
        gone_base = base_path(layout)  # before any work: the web server's rules are written with it
        sizes = ImageSizes(image_cache or work / "image-cache")
        roots = search.Roots(search.roots_cache(sizes.cache_dir))  # beside the pictures: a rebuild stems new words
        index = search.SearchIndex(work / "search-index", roots)
        stack.callback(index.close)
        renderers = stack.enter_context(  # forked with Sastrawi and the cached roots loaded: each finds its words
            Renderers(
                config.markdown_extensions,
                config.mdx_configs,
                expected=len(live),
                workers=workers,
                after=search.Extractor(roots),
            )
        )

        warnings: list[str] = []
        placed: list[tuple[SitePublication, list[MediaFile], dict[str, Picture], Picture | None]] = []
        for publication in live:  # media first: the related news of a page show others' thumbnails
            media, skipped = select_media(publication.folder)
            warnings += [f"{publication.id}: {message}" for message in skipped]
            cover_file = cover_name(publication, media)
            if publication.image and cover_file is None:
                warnings.append(
                    f"{publication.id}: image: {publication.image!r} is not a publishable image "
                    "in the publication's folder; the page has no cover"
                )
            place_media(media, docs / publication.id)
            problems: list[str] = []
            pictures = {
                m.name: sizes.picture(m.path, f"{publication.id}/{m.name}", docs, problems)
                for m in media
                if m.kind == IMAGE
            }
            warnings += [f"{publication.id}: {message}" for message in problems]
            placed.append((publication, media, pictures, pictures[cover_file] if cover_file else None))
        related = related_entries(
            [card(publication, cover, zone) for publication, _, _, cover in placed if publication.kind == kinds.BERITA]
        )

        site_name = config.site_name
        announcements = [p for p in live if p.kind == kinds.PENGUMUMAN]
        feeds = site_feeds(site_name, bidang_names, layout, announcements=bool(announcements))
        warnings += copy_site_assets(config, checked, docs)
        institution_data = publisher(
            institution,
            config.theme.get("logo"),
            config.extra.get("share_image"),
            dict(config.extra),
            docs,
            draw=bool(feeds),
        )
        written = PageWriter(docs, layout, site_name, feeds, institution_data, with_head=engine == zensical.NAME)
        entries: list[Entry] = []
        news = [p for p in live if p.kind == kinds.BERITA]  # the listings', feeds' and news sitemap's
        in_feeds = feed_ids((p.id, p.date, p.moment(zone), p.bidang) for p in news) if feeds else set()
        in_feeds |= feed_ids((p.id, p.date, p.moment(zone), "") for p in announcements) if feeds else set()
        portal: dict[str, list[kinds.Item]] = {kinds.PENGUMUMAN: [], kinds.AGENDA: []}  # kinds.py
        standing = [p for p in live if p.kind == kinds.HALAMAN]
        feed_bodies: dict[str, str] = {}  # the bodies of the few publications the feeds may hold
        bodies = renderers.render_each(  # each body's HTML and its words for the search index (search.Extractor)
            (p.body, (p.id, p.title, search.result_date(p, layout), p.summary)) for p, *_ in placed
        )
        for (publication, media, pictures, cover), (body_html, found) in zip(placed, bodies, strict=True):
            _write_publication(
                written, (entries, portal), publication, body_html, (media, cover, pictures), related, now
            )
            index.add_extracted(publication.id, publication.date, publication.moment(zone), found)
            if publication.id in in_feeds:
                feed_bodies[publication.id] = body_html
        renderers.close()
        del placed
        notices = (withdrawn_page(p, layout) for p in withdrawn)  # no media copied, not indexed, in no feed
        listings = (page for page in site_pages(institution, entries, bidang_names, layout) if page.directory)
        for page in itertools.chain(notices, listings):
            written.write(page)
        ordered = newest_first(entries)
        _write_portal(written, institution, ordered, portal, layout, now)
        nav, nav_warnings = menu.site_nav(
            menu.default_menu(language, _sections(portal, language), standing), checked.data.get("nav")
        )
        warnings += nav_warnings
        config["nav"] = nav
        config.extra["humas_404"] = not_found_texts(language, not_found_latest(ordered, layout))
        description = config.site_description or site_name
        announced = newest_first(
            [kinds.feed_entry(i, zone) for i in portal[kinds.PENGUMUMAN] if i.publication.id in in_feeds]
        )
        site_of_feeds = FeedSite(institution, description, layout, docs, feed_bodies, newest_time(ordered) or now)
        write_feeds(feeds, ordered, site_of_feeds, announced)
        del feed_bodies
        (docs / "robots.txt").write_text(robots_txt(layout), encoding="utf-8")
        (docs / urls.ASSETS).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CSS, docs / urls.ASSETS / CSS.name)
        (docs / urls.ASSETS / script.NAME).write_text(script.source(language), encoding="utf-8")
        js = f"{urls.ASSETS}/{script.NAME}"
        searched = work / "search-site"  # the index written before the engine builds the pages: its postings
        index.write(searched)  # are not held (nor shared with split.py's child) while they are built
        index.postings.clear()
        roots.known.clear()

        if engine == zensical.NAME:
            settings = work / "zensical.yml"
            zensical.write_config(
                settings,
                checked,
                template=mkdocs_yml is None,
                docs_dir=docs,
                nav=nav,
                language=language,
                institution=institution,
                site_url=site_url,
                extra_css=[],  # humas.css is inline (theme/main.html)
                not_found=config.extra["humas_404"],
                extra_javascript=[js],
                theme_dir=THEME_DIR,
            )
            warnings += zensical.run(settings, out_dir)
        else:
            config.extra_javascript.append(ExtraScriptValue(js))
            warnings += _run_mkdocs(config, written, reuse_fragments, workers or default_workers())
        write_sitemaps(out_dir, written.pages.values(), ordered, institution, layout, now)
        write_gone_rules(out_dir, [p.id for p in withdrawn], gone_base)
        _move_into(searched / search.DIRECTORY, out_dir / search.DIRECTORY)

    return SiteReport(
        out_dir=out_dir,
        engine=engine,
        pages=len(written.pages),
        publications=len(live),
        seconds=time.perf_counter() - started,
        excluded=tuple(excluded),
        warnings=tuple(warnings),
        images_resized=sizes.resized,
        withdrawn=len(withdrawn),
    )


def _move_into(source: pathlib.Path, target: pathlib.Path) -> None:
    """Every entry of `source` into `target` (made if need be), replacing what has the same name."""
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        there = target / item.name
        if there.is_dir():
            shutil.rmtree(there)
        elif there.exists():
            there.unlink()
        shutil.move(item, there)


def _accept(publications: Sequence[SitePublication]) -> tuple[list[SitePublication], list[Excluded]]:
    accepted: list[SitePublication] = []
    excluded: list[Excluded] = []
    seen: set[str] = set()
    for publication in publications:
        pattern = _IDS.get(publication.kind)
        if pattern is None:
            excluded.append(Excluded(publication.id, f"kind: {publication.kind!r} is not one of {', '.join(_IDS)}"))
        elif not pattern.fullmatch(publication.id) or ".." in publication.id:
            excluded.append(
                Excluded(
                    publication.id,
                    f"id: not of the form {_ID_FORMS[publication.kind]} (lower-case letters, digits, '-', '_', '.')",
                )
            )
        elif publication.kind == "agenda" and publication.event is None:
            excluded.append(Excluded(publication.id, "event: an agenda item without its date, time and place"))
        elif publication.id in seen:
            excluded.append(Excluded(publication.id, "id: a second publication with the same id"))
        elif publication.kind == kinds.BERITA and not _BIDANG.fullmatch(publication.bidang):  # only news list it
            excluded.append(
                Excluded(
                    publication.id,
                    f"bidang: {publication.bidang!r} is not a bidang id (lower-case letters, digits, '-', '_')",
                )
            )
        elif not publication.life.withdrawn and not publication.folder.is_dir():  # a notice needs no folder
            excluded.append(Excluded(publication.id, f"folder: {publication.folder} is not a directory"))
        else:
            seen.add(publication.id)
            accepted.append(publication)
    return accepted, excluded


def _split_withdrawn(accepted: Sequence[SitePublication]) -> tuple[list[SitePublication], list[SitePublication]]:
    """(the publications on the site, the withdrawn ones)."""
    live: list[SitePublication] = []
    withdrawn: list[SitePublication] = []
    for publication in accepted:
        (withdrawn if publication.life.withdrawn else live).append(publication)
    return live, withdrawn


def _check_out_dir(
    out_dir: pathlib.Path,
    publications: Sequence[SitePublication],
    mkdocs_yml: pathlib.Path | None,
    work_dir: pathlib.Path | None,
) -> None:
    """mkdocs empties the output directory: refuse one that holds anything else of value."""
    protected = [p.folder.resolve() for p in publications]
    if mkdocs_yml is not None:
        protected.append(mkdocs_yml.resolve().parent)
    if work_dir is not None:
        protected.append(work_dir.resolve())
    if out_dir == pathlib.Path(out_dir.anchor) or (out_dir / ".git").exists():
        raise SiteError(_("out_dir: {out_dir} would be emptied; choose a directory for the site only", out_dir=out_dir))
    for path in protected:
        if path == out_dir or path.is_relative_to(out_dir):
            raise SiteError(
                _(
                    "out_dir: {out_dir} contains {path}, which the build must not delete; "
                    "choose a directory for the site only",
                    out_dir=out_dir,
                    path=path,
                )
            )


@contextmanager
def _work_directory(work_dir: pathlib.Path | None) -> Iterator[pathlib.Path]:
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
        yield work_dir.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="humas-site-") as temporary:
        yield pathlib.Path(temporary)


def related_entries(entries: Sequence[Entry], count: int = RELATED) -> dict[str, list[Entry]]:
    """For each publication, `count` others of its bidang closest to it in time: the next older ones
    first, then the newer ones (linear: neighbours in the bidang's listing)."""
    by_bidang: dict[str, list[Entry]] = {}
    for item in newest_first(entries):
        by_bidang.setdefault(item.bidang, []).append(item)
    related: dict[str, list[Entry]] = {}
    for members in by_bidang.values():
        for index, item in enumerate(members):
            older = members[index + 1 : index + 1 + count]
            newer = members[max(0, index - count) : index][::-1]
            related[item.id] = (older + newer)[:count]
    return related


def robots_txt(layout: Layout) -> str:
    """Everything may be crawled; the sitemap is named when the public address is known."""
    lines = ["User-agent: *", "Allow: /"]
    sitemap = layout.absolute("sitemap.xml")
    if sitemap:
        lines.append(f"Sitemap: {sitemap}")
        lines.append(f"Sitemap: {layout.absolute(NEWS_SITEMAP)}")
    return "\n".join(lines) + "\n"


class PageWriter:
    """Writes each generated page into the docs dir as soon as it is made, and keeps only what its head
    needs (the page without its HTML): the HTML of thousands of pages is never in memory at once."""

    def __init__(
        self,
        docs: pathlib.Path,
        layout: Layout,
        site_name: str,
        feeds: Sequence[Feed],
        publisher: Publisher,
        with_head: bool,
    ):
        self.docs, self.layout, self.site_name, self.feeds, self.with_head = docs, layout, site_name, feeds, with_head
        self.publisher = publisher
        self.pages: dict[str, Page] = {}
        self.structured: dict[str, SitePublication] = {}  # agenda items, by id: their Event (structured.py)

    def write(self, page: Page) -> None:
        write_page(page, self.docs, self.head(page) if self.with_head else "")
        self.pages[page.src_uri] = dataclasses.replace(page, html="")

    def head(self, page: Page) -> str:
        head = head_html(page, self.layout, self.site_name, list(self.feeds), self.publisher)
        item = self.structured.get(page.directory)
        if head and item is not None:
            head += "\n" + structured.script(structured.event(item, page, self.publisher, self.layout))
        return head

    def head_of(self, src_uri: str) -> str:
        page = self.pages.get(src_uri)
        return self.head(page) if page is not None else ""


def _write_publication(
    written: PageWriter,
    lists: tuple[list[Entry], dict[str, list[kinds.Item]]],
    publication: SitePublication,
    body_html: str,
    placed: tuple[Sequence[MediaFile], Picture | None, dict[str, Picture]],
    related: dict[str, list[Entry]],
    now: datetime.datetime,
) -> None:
    """A news article's page (publication.py), or a pengumuman's, an agenda item's or a halaman's (kinds.py);
    each kept for its listings."""
    (entries, portal), (media, cover, pictures), layout = lists, placed, written.layout
    if publication.kind == kinds.BERITA:
        entries.append(entry(publication, body_html, cover, layout.zone))
        page = publication_page(publication, body_html, media, cover, layout, pictures, related[publication.id])
        written.write(page)
        return
    if publication.event is not None:  # before its page is written: its <head> has its Event
        written.structured[publication.id] = publication
    written.write(kinds.content_page(publication, body_html, media, cover, pictures, layout, now))
    if publication.kind in portal:
        portal[publication.kind].append(kinds.item(publication, body_html, cover))


def _sections(portal: dict[str, list[kinds.Item]], language: str) -> dict[str, str]:
    """The kinds' listings the site has (directory -> title), for the menu."""
    return {kind: kinds.section_title(kind, language) for kind, items in portal.items() if items}


def _write_portal(
    written: PageWriter,
    institution: str,
    ordered: Sequence[Entry],
    portal: dict[str, list[kinds.Item]],
    layout: Layout,
    now: datetime.datetime,
) -> None:
    """The home page with its sections, the listings of the kinds that have items, and agenda.ics."""
    today = now.astimezone(layout.zone).date()
    current, _expired = kinds.announcements_order(portal[kinds.PENGUMUMAN], today)
    upcoming, _past = kinds.agenda_order(portal[kinds.AGENDA], now)
    written.write(
        home_page(
            institution,
            ordered,
            layout,
            kinds.rows(current[: kinds.HOME_ITEMS], urls.HOME, layout, now),
            kinds.rows(upcoming[: kinds.HOME_ITEMS], urls.HOME, layout, now),
        )
    )
    for kind, items in portal.items():
        if items:
            for page in kinds.listing_pages(kind, items, layout, now):
                written.write(page)
    if portal[kinds.AGENDA]:
        upcoming, past = kinds.agenda_order(portal[kinds.AGENDA], now)
        name = f"{institution}: {kinds.section_title(kinds.AGENDA, layout.language)}"
        (written.docs / kinds.ICS).write_text(
            ical.calendar([*upcoming, *past], name, layout), encoding="utf-8", newline=""
        )


def _run_mkdocs(config: MkDocsConfig, written: PageWriter, reuse_fragments: bool, workers: int) -> list[str]:
    """Build with mkdocs in this process and, with `workers` of 2 or more and enough pages, a forked child
    that builds every second page (split.py); returns the warnings mkdocs logged."""
    config.plugins[NAME] = GeneratedPages(written.docs, set(written.pages), written.head_of)
    if reuse_fragments:
        config.plugins[fragments.NAME] = fragments.Fragments()
    config.plugins[split.NAME] = split.SplitPages(workers)
    with _collect_warnings() as warnings:
        try:
            mkdocs_build(config)
        except MkDocsException as error:
            raise SiteError(_("mkdocs: {error}", error=error)) from None
    return warnings


def _collect_warnings() -> AbstractContextManager[list[str]]:
    return collect_mkdocs_log(logging.WARNING, prefix="mkdocs: ")
