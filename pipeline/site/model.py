"""What the website builder receives and what it reports.

The caller (``humas build``) decides which publications are approved; this package trusts that
decision but not the publications' text: titles, summaries and bodies are written by authors and are
escaped or sanitised wherever they reach a page.
"""

from __future__ import annotations

import datetime
import pathlib
from dataclasses import dataclass, field

from ..content.life import UNCHANGED, Life
from ..problems import ConfigError

KINDS = ("berita", "pengumuman", "agenda", "halaman")
"""The kinds of content the portal shows: news (``content/publikasi/``), announcements, agenda items and
standing pages (Profil, PPID, Layanan, Kontak), each in its own folder under ``content/`` with its own chain
in sop.yml."""


@dataclass(frozen=True)
class Event:
    """When and where an agenda item takes place (front matter ``acara: {mulai, selesai, tempat}``)."""

    start: datetime.datetime  # aware, in sop.yml's timezone when the front matter gives no offset
    end: datetime.datetime | None
    place: str


@dataclass(frozen=True)
class SitePublication:
    """One approved publication, ready to be put on the website."""

    id: str  # "2025/wisuda-angkatan-2025" (year/slug), also the page's URL path
    title: str
    date: datetime.date
    bidang: str
    summary: str | None
    body: str  # Markdown, untrusted: may contain <script>, on* handlers, javascript: links
    image: str | None  # cover image file name inside `folder`
    folder: pathlib.Path  # holds index.md and the media files published beside the page
    tags: tuple[str, ...] = ()
    image_alt: str | None = None  # what the cover shows (its alt text); humas check requires it with `image`
    publish_at: datetime.datetime | None = None  # when it goes public (aware); None: its `date`, at 00:00 local
    life: Life = UNCHANGED  # its corrections (ralat) and withdrawal (penarikan) since it was first published
    kind: str = "berita"  # one of KINDS: where it is listed, which page shows it (content/paths.py: its folder)
    valid_until: datetime.date | None = None  # a pengumuman's ``berlaku_sampai``: listed as current until that day
    event: Event | None = None  # an agenda item's ``acara``: when and where
    order: int | None = None  # a halaman's ``urutan`` among the standing pages (None: by title)

    def moment(self, zone: datetime.tzinfo) -> datetime.datetime:
        """When it was published, in `zone` (sop.yml's timezone): its publish_at, else its date at 00:00 there.

        Also its last significant change (``dateModified``, the sitemap's ``lastmod``): a publication is
        changed only by a new approved version, which carries its own date or publish_at."""
        if self.publish_at is not None:
            moment = self.publish_at if self.publish_at.tzinfo else self.publish_at.replace(tzinfo=zone)
            return moment.astimezone(zone)
        return datetime.datetime(self.date.year, self.date.month, self.date.day, tzinfo=zone)


@dataclass(frozen=True)
class Excluded:
    """A publication left off the website, with the reason. Shown in the build report, never on the site."""

    id: str
    reason: str


@dataclass(frozen=True)
class SiteReport:
    """What a build produced."""

    out_dir: pathlib.Path
    engine: str
    pages: int  # HTML pages generated (home, listings, publications)
    publications: int  # publications on the site
    seconds: float  # wall time of the whole build
    excluded: tuple[Excluded, ...] = ()  # publications build_site itself refused, with the reason
    warnings: tuple[str, ...] = field(default=())  # skipped media, engine warnings
    images_resized: int = 0  # smaller copies made by this build (the others came from the cache)
    withdrawn: int = 0  # withdrawn publications: only their notice, not counted in ``publications``


class SiteError(ConfigError):
    """The site cannot be built (bad configuration, unsafe output directory, engine failure).

    The message is one line meant for the user: ``what: what is wrong (what is allowed)``; the command
    line prints it as ``humas: <message>``, exit status 2 (a configuration error), without a traceback.
    """
