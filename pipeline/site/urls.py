"""Where each generated page lives and how pages link to each other.

Every generated page is a ``<dir>/index.md`` source, so its URL is ``<dir>/`` (``use_directory_urls``,
the default) or ``<dir>/index.html``. Links between generated pages are written into HTML by this
package, so they are computed here, relative, so the site works under any base path and from disk.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from urllib.parse import quote

HOME = ""
NEWS = "berita"
BIDANG = "bidang"
YEARS = "tahun"
ARCHIVE = "arsip"
TAGS = "label"
ASSETS = "assets/humas"


def source_path(directory: str) -> str:
    """The Markdown source of the page at `directory` ("" is the home page)."""
    return f"{directory}/index.md" if directory else "index.md"


def page_url(directory: str, use_directory_urls: bool) -> str:
    """The site-relative URL of the page at `directory`, as mkdocs writes it."""
    if use_directory_urls:
        return f"{directory}/" if directory else ""
    return f"{directory}/index.html" if directory else "index.html"


def relative_url(target: str, from_directory: str, use_directory_urls: bool) -> str:
    """A relative link from the page at `from_directory` to the page at directory `target`."""
    return (
        relative_file(page_url(target, use_directory_urls), from_directory)
        if target
        else _to_home(from_directory, use_directory_urls)
    )


def relative_file(path: str, from_directory: str) -> str:
    """A relative link from the page at `from_directory` to the site file `path` (URL-quoted).

    What ``posixpath.relpath`` gives for these normalised site paths, without its two ``os.getcwd()``
    calls: links are made tens of thousands of times per build."""
    trailing = "/" if path.endswith("/") else ""
    target = [part for part in path.split("/") if part and part != "."]
    base = [part for part in from_directory.split("/") if part and part != "."]
    common = 0
    while common < len(target) and common < len(base) and target[common] == base[common]:
        common += 1
    link = "/".join([".."] * (len(base) - common) + target[common:])
    return quote(link + trailing if link else "./")


def _to_home(from_directory: str, use_directory_urls: bool) -> str:
    up = posixpath.relpath(".", from_directory or ".")
    if use_directory_urls:
        return "./" if up == "." else up + "/"
    return "index.html" if up == "." else up + "/index.html"


def paginated(directory: str, page: int) -> str:
    """The directory of page `page` (1-based) of the listing at `directory`."""
    return directory if page == 1 else f"{directory}/{page}"


def month_directory(year: int, month: int) -> str:
    """The month archive of `year`/`month`: ``arsip/2026/05``."""
    return f"{ARCHIVE}/{year:04d}/{month:02d}"


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_LENGTH = 60


def tag_slug(tag: str) -> str | None:
    """The directory name of a tag's page: ``Hari Kesehatan Nasional`` -> ``hari-kesehatan-nasional``
    (accents dropped, anything else than a-z and 0-9 a hyphen); None when nothing of it is left."""
    plain = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG.sub("-", plain).strip("-")[:SLUG_LENGTH].strip("-")
    return slug or None


def tag_directory(slug: str) -> str:
    return f"{TAGS}/{slug}"
