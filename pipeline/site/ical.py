"""``agenda.ics``: the agenda as an iCalendar file (RFC 5545) that a calendar application imports or subscribes to.

One ``VCALENDAR`` (``VERSION:2.0``, ``PRODID``, ``METHOD:PUBLISH``) with one ``VEVENT`` per agenda item on the
site (a withdrawn one is left out):

- ``UID``: the item's id at the site's host (``agenda/2026/seminar@humas.example.ac.id``), the same on every
  build, so that a calendar updates the event instead of adding it twice; ``SEQUENCE``: its number of
  corrections (a ralat is a new version of the same event);
- ``DTSTAMP``: when this version was published (its latest ralat, else its publish time), in UTC: the same
  on every build while the item does not change;
- ``DTSTART``/``DTEND`` in UTC (``…Z``, RFC 5545 §3.3.5 form 2: no ``VTIMEZONE`` needed); an event without
  an end has only ``DTSTART`` (it ends when it starts, §3.6.1);
- ``SUMMARY`` (the title), ``LOCATION`` (the place), ``DESCRIPTION`` (the summary or the start of the body),
  ``URL`` (the page, when the site's address is known).

Text values are escaped (``\\``, ``;``, ``,``, new lines, §3.3.11), control characters dropped; every line
ends with CRLF and is folded at 75 octets without splitting a UTF-8 character (§3.1).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from .kinds import Item, event_end
from .listing import Layout
from .model import SitePublication
from .publication import modified_time

PRODID = "-//humas//Agenda//ID"
LINE_OCTETS = 75
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """`line` folded into lines of at most 75 octets, each continuation starting with a space (§3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space counts
        current.append(character)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _host(layout: Layout) -> str:
    host = urlsplit(layout.site_url or "").hostname
    return host or "humas.invalid"


def event_lines(publication: SitePublication, teaser: str, layout: Layout) -> list[str]:
    event = publication.event
    assert event is not None
    changed = modified_time(publication, layout.zone) or publication.moment(layout.zone)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(publication.id)}@{_host(layout)}",
        f"DTSTAMP:{utc(changed)}",
        f"SEQUENCE:{len(publication.life.corrections)}",
        f"DTSTART:{utc(event.start)}",
    ]
    if event.end is not None and event_end(publication) > event.start:
        lines.append(f"DTEND:{utc(event.end)}")
    lines.append(f"SUMMARY:{escape_text(' '.join(publication.title.split()))}")
    lines.append(f"LOCATION:{escape_text(' '.join(event.place.split()))}")
    if teaser:
        lines.append(f"DESCRIPTION:{escape_text(teaser)}")
    address = layout.page_address(publication.id)
    if address:
        lines.append(f"URL:{address}")
    lines.append("END:VEVENT")
    return lines


def calendar(items: Sequence[Item], name: str, layout: Layout) -> str:
    """The iCalendar text of `items` (agenda items), in the order given."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(' '.join(name.split()))}",
    ]
    for entry in items:
        lines += event_lines(entry.publication, entry.teaser, layout)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
