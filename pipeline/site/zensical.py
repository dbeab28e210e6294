"""Building the generated docs dir with Zensical (``engine="zensical"``).

Zensical, the successor of Material for MkDocs by the same authors, builds ``mkdocs.yml`` projects
with the same templates. It runs no mkdocs plugins, so it reads the generated pages as they are on
disk: Markdown files whose body is the page's HTML, already sanitised (see page.py). Its config is
the repository's mkdocs.yml as checked (guard.py: no ``!ENV``, ``INHERIT`` or other tags, allowed Markdown
extensions only, no ``custom_dir``, ``copyright`` sanitised) with the same overrides as
the mkdocs build: docs_dir, site_dir, nav, theme.language, no web font, humas' CSS, script and template
overrides with the texts of the 404
page (``extra.humas_404``) and the inline stylesheet (``extra.humas_css``), no pymdownx.snippets.
Zensical is a separate program (``pip install zensical``); it is run as such.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from ..messages import _
from .config import STYLESHEET
from .guard import CheckedConfig
from .labels import not_found_texts
from .model import SiteError
from .render import UNSAFE_EXTENSIONS

NAME = "zensical"


def executable() -> str:
    beside = pathlib.Path(sys.executable).with_name(NAME)
    found = str(beside) if beside.is_file() else shutil.which(NAME)
    if not found:
        raise SiteError(_("engine: zensical is not installed (pip install zensical, or use engine mkdocs)"))
    return found


def write_config(
    target: pathlib.Path,
    checked: CheckedConfig,
    *,
    template: bool,
    docs_dir: pathlib.Path,
    nav: Sequence[dict[str, str]],
    language: str,
    institution: str,
    site_url: str | None,
    extra_css: Sequence[str],
    extra_javascript: Sequence[str] = (),
    theme_dir: pathlib.Path | None = None,
    not_found: Mapping[str, object] | None = None,
) -> None:
    """Write Zensical's config: `checked` (the repository's mkdocs.yml, or the template) with overrides."""
    source = checked.path
    raw = dict(checked.data)
    raw["docs_dir"] = os.path.relpath(docs_dir, target.parent)  # an absolute docs_dir makes Zensical panic
    raw["site_dir"] = "site"  # Zensical requires it inside the config's directory; run() moves it
    raw["nav"] = [dict(item) for item in nav]
    if site_url is not None:
        raw["site_url"] = site_url
    if template:
        raw["site_name"] = institution
    theme = raw.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["language"] = language
    theme["font"] = False
    if theme_dir is not None:  # the repository's own custom_dir is refused (guard.py)
        theme["custom_dir"] = str(theme_dir)
    raw["theme"] = theme
    extra = raw.get("extra")
    raw["extra"] = {
        **(extra if isinstance(extra, dict) else {}),
        "generator": False,
        "humas_404": not_found or not_found_texts(language),
        "humas_css": STYLESHEET.read_text(encoding="utf-8"),
    }
    raw["extra_css"] = [*(raw.get("extra_css") or []), *extra_css]
    raw["extra_javascript"] = [*(raw.get("extra_javascript") or []), *extra_javascript]
    raw["markdown_extensions"] = [
        ext for ext in raw.get("markdown_extensions") or [] if _extension_name(ext) not in UNSAFE_EXTENSIONS
    ]
    try:
        target.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    except yaml.YAMLError as error:
        raise SiteError(_("{source}: cannot be handed to zensical ({error})", source=source, error=error)) from None


def _extension_name(extension: Any) -> str:
    return next(iter(extension)) if isinstance(extension, dict) else str(extension)


def run(config: pathlib.Path, site_dir: pathlib.Path) -> list[str]:
    """Build with Zensical; returns its warnings.

    Zensical wants the site inside the directory of its config (the work dir): it builds there and the
    result then replaces the content of `site_dir`."""
    built = config.parent / "site"
    for stale in (built, config.parent / ".cache"):  # a fresh build, never one from a previous run's cache
        if stale.exists():
            shutil.rmtree(stale)
    done = subprocess.run(
        [executable(), "build", "--config-file", str(config)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    output = (done.stdout + done.stderr).splitlines()
    if done.returncode != 0:
        detail = "; ".join(line.strip() for line in output if line.strip())[-2000:]
        raise SiteError(_("zensical: the build failed (exit {code}): {detail}", code=done.returncode, detail=detail))
    site_dir.mkdir(parents=True, exist_ok=True)
    for child in site_dir.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in built.iterdir():
        shutil.move(child, site_dir / child.name)
    noise = ("Build started", "No issues found", "Build finished")
    return [f"zensical: {line.strip()}" for line in output if line.strip() and not line.startswith(noise)]
