"""The pages rendered on two cores (mkdocs engine): a forked child builds every second page.

mkdocs builds its pages one after the other in the build's process; at 10,000 publications Material's
templates keep one core busy for most of the build while the other waits. Once every page is read and the
Jinja environment is ready (``on_env``, last), this plugin forks (Linux; elsewhere, and below
:data:`SPLIT_FROM` pages, the build stays serial): the child builds every second page with mkdocs' own
``_build_page`` (the same plugins' events, the same templates, the same files), checks their anchor links,
and exits; the parent marks those pages excluded, which mkdocs 1.6's ``build`` reads after ``on_env``, and
builds the others. At ``on_post_build`` (first) the parent waits for the child, reports the child's
warnings as its own, fails the build with the child's message when the child failed, gives the pages back
their inclusion. The theme's static templates, built by the parent between the fork and its pages, list
no page of the site: Material's 404.html none, mkdocs' sitemap.xml only pages with an absolute address,
that is with a ``site_url``, and then humas replaces it with its own (sitemap.py).
Memory: the objects the parent holds are frozen out of the garbage collector before the fork, so that the
child copies few of the pages they share.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

from jinja2 import Environment
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..messages import _
from .model import SiteError

NAME = "humas-split"
SPLIT_FROM = 400
"""Pages from which the build forks: below, the fork costs more than it saves."""


class _Child:
    __slots__ = ("files", "pid", "reader")

    def __init__(self, pid: int, reader: int, files: list[tuple[File, InclusionLevel]]):
        self.pid, self.reader, self.files = pid, reader, files


class SplitPages(BasePlugin):  # type: ignore[type-arg]
    def __init__(self, workers: int):
        super().__init__()
        self._workers = workers
        self._nav: Navigation | None = None
        self._child: _Child | None = None
        self.delegated = 0  # pages the child built

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        return nav

    @event_priority(-200)  # after every other plugin prepared the environment (fragments.py's cache)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        pages = files.documentation_pages()
        if self._workers < 2 or len(pages) < SPLIT_FROM or not hasattr(os, "fork") or self._nav is None:
            return env
        theirs = list(pages[1::2])
        reader, writer = os.pipe()
        gc.collect()
        _trim()
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the child: its pages, then out, whatever happens (never back into the build)
            status = 1
            try:
                os.close(reader)
                status = _build_in_child(theirs, pages, config, files, self._nav, env, writer)
            finally:
                os._exit(status)
        os.close(writer)
        self.delegated = len(theirs)
        self._child = _Child(pid, reader, [(file, file.inclusion) for file in theirs])
        for file in theirs:
            file.inclusion = InclusionLevel.EXCLUDED  # mkdocs' build skips them (read after on_env)
        return env

    @event_priority(100)  # first: the other plugins see the whole site
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        said = _finish(child)
        for file, inclusion in child.files:
            file.inclusion = inclusion
        gc.unfreeze()
        logger = logging.getLogger("mkdocs.commands.build")
        for level, message in said.get("logged", []):
            logger.log(level, "%s", message)
        if said.get("error") is not None:
            raise SiteError(_("mkdocs: {error}", error=said["error"]))

    def on_build_error(self, *, error: Exception) -> None:
        child, self._child = self._child, None
        if child is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, 9)
            _finish(child)
            gc.unfreeze()


def _trim() -> None:
    """Give the C library's free memory back to the system before the fork (glibc), so that the child's
    allocations take fresh pages rather than copies of the parent's free ones."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _finish(child: _Child) -> dict[str, Any]:
    """What the child said (its warnings, its error), once it has exited."""
    with os.fdopen(child.reader, "rb") as reading:
        data = reading.read()
    _pid, status = os.waitpid(child.pid, 0)
    try:
        said: dict[str, Any] = json.loads(data) if data else {}
    except ValueError:
        said = {}
    if os.waitstatus_to_exitcode(status) != 0 and said.get("error") is None:
        said["error"] = f"the process building pages exited with status {os.waitstatus_to_exitcode(status)}"
    return said


@contextlib.contextmanager
def _logged() -> Iterator[list[tuple[int, str]]]:
    """The warnings mkdocs and its plugins log in the child, to be logged again by the parent."""
    messages: list[tuple[int, str]] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append((record.levelno, record.getMessage()))

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers[:]
    logger.handlers = [handler]  # the parent's handlers (its collectors) are the parent's
    try:
        yield messages
    finally:
        logger.handlers = saved


def _build_in_child(
    theirs: Sequence[File],
    pages: Sequence[File],
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    env: Environment,
    writer: int,
) -> int:
    said: dict[str, Any] = {}
    with _logged() as logged:
        try:
            for file in theirs:
                assert file.page is not None
                mkdocs_build._build_page(file.page, config, pages, nav, env)
            for file in theirs:
                assert file.page is not None
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        except Exception as error:  # reported by the parent, which fails the build
            errors = [message for level, message in logged if level >= logging.ERROR]  # mkdocs names the page
            said["error"] = errors[-1] if errors else str(error) or type(error).__name__
            logged[:] = [(level, message) for level, message in logged if level < logging.ERROR]
    said["logged"] = logged
    with os.fdopen(writer, "wb") as writing:
        writing.write(json.dumps(said).encode("utf-8"))
    return 0 if "error" not in said else 1
