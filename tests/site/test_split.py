"""The pages built on two cores (pipeline/site/split.py): a forked child builds every second page; the site
is the serial build's, byte for byte; the child's failure fails the build with its message; its warnings
are the build's."""

from __future__ import annotations

import logging
import os
import pathlib
from collections.abc import Iterator

import pytest

from pipeline.site import SitePublication, split
from pipeline.site.model import SiteError
from pipeline.site.plugin import GeneratedPages

from .portal import make_publications
from .portal_kinds import NOW, kinds_publications
from .support import build


@pytest.fixture
def publications(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> list[SitePublication]:
    monkeypatch.setattr(split, "SPLIT_FROM", 1)  # a small site is split too
    content = tmp_path / "content"
    return make_publications(content) + kinds_publications(content)


@pytest.fixture
def splits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[split.SplitPages]]:
    made: list[split.SplitPages] = []
    original = split.SplitPages.__init__

    def counting(self: split.SplitPages, workers: int) -> None:
        original(self, workers)
        made.append(self)

    monkeypatch.setattr(split.SplitPages, "__init__", counting)
    yield made


def _files(site: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_site_built_on_two_processes_is_the_serial_build(
    tmp_path: pathlib.Path, publications: list[SitePublication], splits: list[split.SplitPages]
) -> None:
    build(tmp_path / "two", publications, per_page=2, now=NOW, workers=2)
    build(tmp_path / "one", publications, per_page=2, now=NOW, workers=1)
    two, one = _files(tmp_path / "two" / "site"), _files(tmp_path / "one" / "site")
    assert sorted(two) == sorted(one)
    assert [name for name in two if two[name] != one[name]] == []
    forked, serial = splits
    pages = len([name for name in two if name.endswith("index.html")])
    assert forked.delegated == pages // 2 and serial.delegated == 0


def test_a_failing_child_fails_the_build_with_its_message(
    tmp_path: pathlib.Path, publications: list[SitePublication], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    original = GeneratedPages.full_html

    def failing_in_the_child(self: GeneratedPages, source: str) -> str:
        if os.getpid() != parent:
            raise OSError(f"disk error reading {source}")
        return original(self, source)

    monkeypatch.setattr(GeneratedPages, "full_html", failing_in_the_child)
    with pytest.raises(SiteError) as raised:
        build(tmp_path / "two", publications, per_page=2, now=NOW, workers=2)
    message = str(raised.value)
    assert message.startswith("mkdocs: Error building page '") and "': disk error reading " in message


def test_the_childs_warnings_are_the_builds(
    tmp_path: pathlib.Path, publications: list[SitePublication], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = GeneratedPages.on_post_page

    def warning(self: GeneratedPages, output: str, /, **kwargs: object) -> str:
        page = kwargs["page"]
        logging.getLogger("mkdocs.plugins.test").warning("checked %s", page.file.src_uri)  # type: ignore[attr-defined]
        return original(self, output, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(GeneratedPages, "on_post_page", warning)
    two = build(tmp_path / "two", publications, per_page=2, now=NOW, workers=2)
    one = build(tmp_path / "one", publications, per_page=2, now=NOW, workers=1)
    checked = sorted(w for w in one.warnings if w.startswith("mkdocs: checked "))
    assert len(checked) == two.pages
    assert sorted(w for w in two.warnings if w.startswith("mkdocs: checked ")) == checked
    assert sorted(two.warnings) == sorted(one.warnings)


def test_a_failing_parent_stops_and_reaps_the_child(
    tmp_path: pathlib.Path, publications: list[SitePublication], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    original = GeneratedPages.full_html
    before = set(_children(parent))  # the worker's own (the tests' humas server): not the build's
    children: list[int] = []

    def failing_in_the_parent(self: GeneratedPages, source: str) -> str:
        if os.getpid() == parent:
            children.extend(p for p in _children(parent) if p not in children and p not in before)
            raise OSError(f"disk error reading {source}")
        return original(self, source)

    monkeypatch.setattr(GeneratedPages, "full_html", failing_in_the_parent)
    with pytest.raises(OSError, match="disk error reading "):
        build(tmp_path / "two", publications, per_page=2, now=NOW, workers=2)
    assert len(children) == 1  # the child was running when the parent failed
    assert set(_children(parent)) - before == set()  # and is gone, reaped


def _children(pid: int) -> list[int]:
    tasks = pathlib.Path(f"/proc/{pid}/task")
    found: list[int] = []
    for task in tasks.iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found
