"""The mkdocs configuration of a build: the content repository's mkdocs.yml, with humas' overrides.

``mkdocs.yml`` on main is first checked (guard.py: no hooks, no templates of the repository, plugins and
Markdown extensions from humas' allow-list only, no YAML tags that run code or read the environment,
no markup in texts, no script links; ``copyright`` sanitised); mkdocs then reads the checked settings,
never the file. Its site settings, theme options, extra CSS/JS, the allowed Markdown extensions and
plugins are used as they are. humas owns the rest:
``docs_dir`` (generated pages), ``site_dir``, ``nav`` (the top-level pages only, so a page never
renders a navigation that grows with the archive), ``theme.language`` (from sop.yml), ``theme.font``
(off: nothing is fetched from a font host, the reader's system fonts are used), the template
overrides of ``theme/`` with the texts of its 404 page in the site's language (``extra.humas_404``)
and, for safety, the Markdown extensions that read files (``pymdownx.snippets``) are removed. The
palette, logo, ``copyright``, ``extra.address`` and ``extra.social`` (the footer) come from the file.
Without a mkdocs.yml the template that ``humas init`` writes is used.
"""

from __future__ import annotations

import logging
import pathlib
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..messages import LANGUAGES, _
from . import urls
from .guard import CheckedConfig, check_mkdocs_yml, check_site_name
from .labels import not_found_texts, section_titles
from .model import SiteError
from .render import safe_extensions

TEMPLATE = pathlib.Path(__file__).resolve().parent.parent.parent / "mkdocs.yml"
THEME = "material"
THEME_DIR = pathlib.Path(__file__).resolve().parent / "theme"
STYLESHEET = pathlib.Path(__file__).resolve().parent / "humas.css"
"""humas' stylesheet, written inline into every page's <head> (a few kilobytes: no render-blocking request)."""
"""humas' template overrides (share cards in <head>, the 404 page, the footer's address), placed before
Material's templates (a repository's own ``custom_dir`` is refused: guard.py)."""


def top_level_nav(language: str) -> list[dict[str, str]]:
    return [{title: urls.source_path(directory)} for directory, title in section_titles(language).items()]


def read_mkdocs_yml(mkdocs_yml: pathlib.Path | None, institution: str) -> CheckedConfig:
    """The repository's mkdocs.yml (or the template, named after `institution`), checked; raises SiteError
    when it is not allowed."""
    path = mkdocs_yml if mkdocs_yml is not None else TEMPLATE
    if mkdocs_yml is None:
        check_site_name(institution)
    if not path.is_file():
        raise SiteError(_("{path}: mkdocs.yml not found", path=path))
    return check_mkdocs_yml(path)


def load_site_config(
    checked: CheckedConfig,
    *,
    docs_dir: pathlib.Path,
    site_dir: pathlib.Path,
    language: str,
    institution: str,
    site_url: str | None,
) -> MkDocsConfig:
    """The validated config; raises SiteError with mkdocs' own messages when it is not valid."""
    if language not in LANGUAGES:
        raise SiteError(
            _(
                "language: {language!r} is not supported (allowed: {allowed})",
                language=language,
                allowed=", ".join(LANGUAGES),
            )
        )
    path = checked.path
    template = path == TEMPLATE
    overrides: dict[str, Any] = {
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "nav": top_level_nav(language),
        "site_url": site_url,
        "site_name": institution if template else None,  # None keeps the file's value
    }
    with _collect_errors() as errors:
        try:
            config = load_config(checked.stream(), **overrides)  # type: ignore[arg-type]
        except MkDocsException as error:  # mkdocs logs every problem, then raises Abort
            detail = "; ".join(errors) or str(error)
            raise SiteError(f"{path}: {detail}") from None
        except (OSError, ValueError) as error:  # YAML syntax errors are ValueError subclasses here
            raise SiteError(f"{path}: {error}") from None
    if config.theme.name != THEME:
        raise SiteError(
            _(
                "{path}: theme.name: {theme!r} is not supported (allowed: {allowed})",
                path=path,
                theme=config.theme.name,
                allowed=THEME,
            )
        )
    config.theme["language"] = language
    config.theme.dirs.insert(0, str(THEME_DIR))  # the repository's own custom_dir is refused (guard.py)
    config.theme["font"] = False  # no font from a third-party host: the reader's system fonts
    config.extra["generator"] = False
    config.extra["humas_404"] = not_found_texts(language)
    config.extra["humas_css"] = STYLESHEET.read_text(encoding="utf-8")  # inline in <head> (theme/main.html)
    config.markdown_extensions = safe_extensions(config.markdown_extensions)
    # Publication pages are deliberately left out of the navigation; mkdocs need not list them.
    config.validation.nav.omitted_files = logging.DEBUG
    return config


def copy_site_assets(config: MkDocsConfig, checked: CheckedConfig, docs_dir: pathlib.Path) -> list[str]:
    """Copy the local files mkdocs.yml names (extra_css, extra_javascript, logo, favicon) from the
    repository's own docs dir into the generated one, so they keep working. Returns a warning for
    each named file that is not there."""
    if checked.path == TEMPLATE:
        return []
    name_of_file = checked.path.name
    root = checked.path.parent.resolve()
    source_dir = checked.docs_dir().resolve()
    names = [str(x) for x in config.extra_css] + [str(getattr(x, "path", x)) for x in config.extra_javascript]
    names += [str(config.theme.get(key) or "") for key in ("logo", "favicon")]
    share_image = config.extra.get("share_image")  # the default share picture (identity.py)
    names.append(share_image if isinstance(share_image, str) else "")
    warnings = []
    for name in names:
        if not name or "://" in name or name.startswith("/") or name.startswith("assets/images/favicon"):
            continue  # a URL, or Material's own default favicon
        source = (source_dir / name).resolve()
        if not source_dir.is_relative_to(root) or not source.is_relative_to(source_dir) or not source.is_file():
            warnings.append(f"{name_of_file}: {name}: not found in {source_dir.name}/, the site goes without it")
            continue
        target = docs_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return warnings


def _collect_errors() -> AbstractContextManager[list[str]]:
    """mkdocs logs each configuration error and then raises a generic one: keep the specific ones."""
    return collect_mkdocs_log(logging.ERROR)


@contextmanager
def collect_mkdocs_log(level: int, prefix: str = "") -> Iterator[list[str]]:
    """The messages mkdocs logs at ``level`` or above while the block runs."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(f"{prefix}{record.getMessage()}")

    handler = Collect(level=level)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
