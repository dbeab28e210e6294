"""Find the record of a merged change on the arsip branch, and what the sheet needs beside it.

``CHANGE`` is what a person has at hand: the record's id (its folder name), a merge commit (or any
revision naming it, at least 7 hex digits of its id), or the change's branch name. A branch merged more
than once names its newest record.
"""

from __future__ import annotations

import re

from ..content.load import draft_of
from ..content.paths import publication_index
from ..git import GitRepo
from ..messages import _
from ..problems import ConfigError
from .record import RECORDS, Record

HEX = re.compile(r"^[0-9a-f]{7,40}$")


def find_record(records: list[Record], change: str, repo: GitRepo | None = None) -> Record:
    """The record ``change`` names; ConfigError (exit 2) listing a few known ones when none does."""
    wanted = change.strip().removeprefix("arsip:").removeprefix(f"{RECORDS}/").rstrip("/")
    by_id = [r for r in records if r.path.rsplit("/", 1)[-1] == wanted]
    if by_id:
        return by_id[-1]
    if HEX.match(wanted.lower()):
        by_commit = [r for r in records if r.merge_commit.startswith(wanted.lower())]
        if by_commit:
            return by_commit[-1]
    by_branch = [r for r in records if r.model.change == wanted]
    if by_branch:
        return by_branch[-1]  # records are in merge order: the newest
    if repo is not None and (sha := repo.rev(wanted)) is not None:
        by_rev = [r for r in records if r.merge_commit == sha]
        if by_rev:
            return by_rev[-1]
    known = ", ".join(r.path.rsplit("/", 1)[-1] for r in records[-3:]) or _("none yet")
    raise ConfigError(
        _(
            "no record in the archive for {change!r} (give a record id, a merge commit or a branch name; newest "
            "records: {known})",
            change=change,
            known=known,
        )
    )


def approved_channels(repo: GitRepo, record: Record) -> dict[str, list[str]]:
    """{publication: [channel, ...]} as each approved draft names them, read at the record's head."""
    head = record.model.head
    found: dict[str, list[str]] = {}
    for publication in record.publications:
        index = publication_index(publication)
        raw = repo.show(head, index) if head else None
        draft = draft_of(raw, index)[0] if raw is not None else None
        channels = getattr(draft.meta, "channels", None) if draft else None  # absent: it did not validate
        if channels is not None:
            found[publication] = channels.names()
    return found
