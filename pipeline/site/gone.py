"""HTTP 410 Gone for withdrawn publications (*penarikan*), where the web server reads rules from the site.

A withdrawn publication's address keeps a short notice (``<id>/index.html``: its title, when and why it
was withdrawn, ``noindex``), so that a host that reads no rules (GitHub Pages, a plain folder) still shows
the notice, with status 200. The deploy target is the institution's own web server (rsync over SSH,
docs/deploy.md), so the build writes, at the site's root, what the two usual servers read:

- ``.htaccess`` (Apache, ``AllowOverride FileInfo``): for each withdrawn address, mod_rewrite answers
  410 Gone (``RewriteRule ... - [G]``) for the address and everything under it, and ``ErrorDocument 410``
  (inside an ``<If>`` on the same address) makes the notice the body of that answer. The rewrite only
  applies to the visitor's own request (``REDIRECT_STATUS`` empty), not to the internal request for the
  notice, which so is served with status 410. Without mod_rewrite the notice is served with 200.
  ``Redirect gone`` (mod_alias) is not used: it would answer 410 to that internal request too, and
  Apache would then send its own error page instead of the notice.
- ``.humas-410.nginx.conf`` (nginx, which reads no file of the site by itself): one ``location`` per
  withdrawn address that returns 410, with ``error_page 410`` to a named location that serves the
  notice. The server block includes it once (``include /var/www/portal/.humas-410.nginx.conf;``) and nginx
  is reloaded after a deploy that withdrew a publication.

Both files are written on every build with a site, empty of rules when nothing is withdrawn, so that an
``include`` never fails. Addresses are relative to the path of ``site_url`` (``/`` without one). A
publication id is ``yyyy/slug`` of lower-case letters, digits, ``-``, ``_`` and ``.`` (build.py refuses
others), so the only character special in the rules' regular expressions is ``.``, which is escaped.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from ..messages import _
from .listing import Layout
from .model import SiteError

HTACCESS = ".htaccess"
NGINX = ".humas-410.nginx.conf"
HEADER = "# humas: withdrawn publications (penarikan) answer 410 Gone with their notice (docs/deploy.md)."
_BASE = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")


def base_path(layout: Layout) -> str:
    """The path of site_url (``/`` or ``/portal/``), where the site's root is served."""
    path = urlsplit(layout.site_url).path if layout.site_url else "/"
    path = path if path.endswith("/") else path + "/"
    if not _BASE.fullmatch(path):
        raise SiteError(
            _(
                "site_url: its path {path!r} may hold only letters, digits and '.', '_', '~', '-' "
                "between slashes (it is written into the web server's rules)",
                path=path,
            )
        )
    return path


def htaccess(ids: Sequence[str], base: str) -> str:
    """Apache's rules: 410 Gone, with the notice as its body, for each withdrawn publication of `ids`."""
    lines = [HEADER]
    if ids:
        lines += ["<IfModule mod_rewrite.c>", "RewriteEngine On"]
        for pid in ids:
            lines += ["RewriteCond %{ENV:REDIRECT_STATUS} ^$", f"RewriteRule ^{re.escape(pid)}(?:/|$) - [G]"]
        lines.append("</IfModule>")
        for pid in ids:
            lines += [
                f'<If "%{{REQUEST_URI}} =~ m#^{re.escape(base + pid)}(?:/|$)#">',
                f"ErrorDocument 410 {base}{pid}/index.html",
                "</If>",
            ]
    return "\n".join(lines) + "\n"


_GONE_RULE = re.compile(r"RewriteRule (\^\S+) - \[G\]")


def gone_patterns(htaccess_text: str) -> list[re.Pattern[str]]:
    """The addresses (site paths without the leading ``/``) that :func:`htaccess`'s rules answer 410: what
    ``humas serve`` reads from a built site to answer as Apache would."""
    return [re.compile(found.group(1)) for found in map(_GONE_RULE.fullmatch, htaccess_text.splitlines()) if found]


def nginx(ids: Sequence[str], base: str) -> str:
    """nginx's rules (for ``include`` in the site's server block): the same as :func:`htaccess`."""
    lines = [HEADER]
    for number, pid in enumerate(ids, 1):
        lines += [
            f"location ~ ^{re.escape(base + pid)}(?:/|$) {{ error_page 410 @humas_ditarik_{number}; return 410; }}",
            f"location @humas_ditarik_{number} {{ rewrite ^ {base}{pid}/index.html break; }}",
        ]
    return "\n".join(lines) + "\n"


def write_gone_rules(site_dir: pathlib.Path, ids: Sequence[str], base: str) -> None:
    """Write both servers' rules for the withdrawn publications `ids` at the root of the built site, whose
    root is served at `base` (:func:`base_path`)."""
    ordered = sorted(ids)
    (site_dir / HTACCESS).write_text(htaccess(ordered, base), encoding="utf-8")
    (site_dir / NGINX).write_text(nginx(ordered, base), encoding="utf-8")
