"""The editor's folder, ``admin/``, of the built site: index.html, config.yml and the vendored bundle.

The site build calls :func:`write_admin` with the output directory; ``humas editor`` serves the same
files from memory with a configuration for its local backend (:func:`admin_files`). Nothing is loaded
from another origin: the page's Content-Security-Policy allows scripts from the site itself only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..messages import translated
from ..sop.config import Sop
from .config import editor_config
from .vendor import ENTRY, load_manifest, vendored_files

BUNDLE_PATH = "decap-cms"
HELPER = "humas-editor.js"
INIT = "humas-init.js"
"""Loaded before the bundle: Decap waits to be started (by HELPER, the last script, once all are registered)."""
LOCALE = "humas-locale.js"
STYLE = "humas-editor.css"
GITHUB_API = "https://api.github.com"


def github_backend(repository: str, *, branch: str = "main", oauth_base_url: str | None = None) -> dict[str, Any]:
    """Decap's GitHub backend block: the editorial workflow opens a pull request on ``cms/…`` branches.

    ``oauth_base_url`` is the OAuth proxy the institution runs (Decap's ``base_url``; its ``/auth``
    endpoint); without it Decap uses Netlify's, which only works for sites hosted on Netlify.
    """
    backend: dict[str, Any] = {
        "name": "github",
        "repo": repository,
        "branch": branch,
        "squash_merges": False,
        "cms_label_prefix": "humas/",
    }
    if oauth_base_url:
        backend["base_url"] = oauth_base_url.rstrip("/")
        backend["auth_endpoint"] = "auth"
    return backend


def github_backend_from_env(env: Mapping[str, str]) -> dict[str, Any] | None:
    """The GitHub backend of a GitHub Actions run (``GITHUB_REPOSITORY``), with the OAuth proxy of
    ``HUMAS_EDITOR_OAUTH_URL`` when set; None outside GitHub Actions."""
    repository = env.get("GITHUB_REPOSITORY")
    if not repository:
        return None
    return github_backend(repository, oauth_base_url=env.get("HUMAS_EDITOR_OAUTH_URL") or None)


def page_texts(language: str, backend: Mapping[str, Any]) -> dict[str, str]:
    """What the page's own parts say (``humas-editor.js``: who is writing, the check's problems after a save)."""
    return {
        "backend": str(backend.get("name", "")),
        "whoTitle": translated(language, "Who is writing?"),
        "whoHelp": translated(
            language,
            "The editor saves each draft under your name and e-mail, as the author of the change. "
            "Asked once on this browser.",
        ),
        "name": translated(language, "Full name"),
        "email": translated(language, "E-mail"),
        "go": translated(language, "Continue"),
        "writingAs": translated(language, "Writing as {name}", name="{name}"),
        "change": translated(language, "Not you?"),
        "close": translated(language, "Close"),
    }


def index_html(sop: Sop, backend: Mapping[str, Any]) -> str:
    connect = ["'self'", "blob:", "data:"]
    if backend.get("name") == "github":
        connect.append(GITHUB_API)
        if backend.get("base_url"):
            connect.append(str(backend["base_url"]))
    policy = "; ".join(
        [
            "default-src 'self'",
            # decap-cms.js compiles templates with new Function and instantiates WebAssembly
            "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: https://avatars.githubusercontent.com https://raw.githubusercontent.com",
            "media-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src {' '.join(connect)}",
            "frame-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )
    version = load_manifest().version
    title = escape(translated(sop.language, "Humas editor"))
    texts = json.dumps(page_texts(sop.language, backend), ensure_ascii=False).replace("<", "\\u003c")
    return f"""<!doctype html>
<html lang="{sop.language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="{escape(policy)}">
  <meta name="robots" content="noindex">
  <title>{title}</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
  <link href="{STYLE}" rel="stylesheet">
</head>
<body>
  <script type="application/json" id="humas-texts">{texts}</script>
  <script src="{INIT}"></script>
  <script src="{BUNDLE_PATH}/{ENTRY}?v={escape(version)}"></script>
  <script src="{LOCALE}"></script>
  <script src="{HELPER}"></script>
</body>
</html>
"""


def config_yml(sop: Sop, backend: Mapping[str, Any]) -> str:
    header = "# Generated by humas from the draft models and platform limits; do not edit.\n"
    return header + yaml.safe_dump(editor_config(sop, dict(backend)), sort_keys=False, allow_unicode=True, width=120)


def static_file(name: str) -> bytes:
    return resources.files("pipeline.editor").joinpath("static", name).read_bytes()


def admin_files(sop: Sop, backend: Mapping[str, Any]) -> dict[str, bytes]:
    """{path inside admin/: bytes} of the editor; the vendored files are checked against their sha256."""
    files = {
        "index.html": index_html(sop, backend).encode(),
        "config.yml": config_yml(sop, backend).encode(),
        HELPER: static_file(HELPER),
        INIT: static_file(INIT),
        LOCALE: static_file(LOCALE),
        STYLE: static_file(STYLE),
    }
    for path in vendored_files():
        files[f"{BUNDLE_PATH}/{path.name}"] = path.read_bytes()
    return files


def write_admin(out_dir: Path, sop: Sop, backend: Mapping[str, Any]) -> Path:
    """Write ``<out_dir>/admin/`` (index.html, config.yml, the bundle) and return that folder."""
    admin = Path(out_dir) / "admin"
    for name, content in admin_files(sop, backend).items():
        target = admin / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return admin
