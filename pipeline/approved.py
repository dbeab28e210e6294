"""The approved publications of main, read out of git (never the work tree) and verified.

``build`` and ``publish`` both start here, so the website and the channels show exactly the same set:
publications whose current bytes carry a complete, re-verified chain.

A withdrawn publication (``ditarik``) stays approved: its withdrawal is a signed, verified merge like any
other, and its ``life`` says so (``Life.withdrawal``), so that the website shows the notice that replaces
its page and the channels delete its posts. Whoever reads the list decides what a withdrawn one shows.
"""

from __future__ import annotations

import datetime
import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .archive.verify import Approved, Verdict, verify_main
from .content.check import check_draft
from .content.life import UNCHANGED, Life
from .content.load import Draft, draft_of, read_draft
from .content.paths import kind_of, publication_index, publication_of
from .git import GitRepo, TreeEntry
from .messages import _
from .problems import Problem
from .sop.config import Sop
from .trusted import TrustedMain


@dataclass(frozen=True)
class ApprovedPublication:
    id: str
    draft: Draft
    approval: Approved
    life: Life = UNCHANGED
    """Its corrections and withdrawal since it was first published (from main's verified records)."""


@dataclass
class Approvals:
    sop: Sop
    verdict: Verdict
    root: Path
    """A directory holding main's content/ as committed (an export; removed after use)."""
    publications: list[ApprovedPublication] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)


def scratch_dir(listed: list[TreeEntry], limit: int = 2 * 1024**3) -> str | None:
    """Where to export main's content (``listed`` with sizes): memory (/dev/shm) when it fits comfortably,
    else the default temporary directory. Writing thousands of small files is the export's whole cost, and
    on a disk it costs ten to thirty times more than in memory."""
    shm = "/dev/shm"
    if not os.path.isdir(shm) or not os.access(shm, os.W_OK):
        return None
    total = sum(entry.size or 0 for entry in listed)
    free = shutil.disk_usage(shm).free
    return shm if total <= min(limit, free // 4) else None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a while: reading 10,000 drafts makes a few hundred thousand
    objects that live on, and each full collection on the way walks every one of them again (a sixth of the
    verification's time at 4,600, measured), while the reading makes next to no cyclic garbage (the same peak memory
    either way, measured). Reference counting still frees everything else at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def approved_publications(repo: GitRepo) -> Iterator[Approvals]:
    with ExitStack() as stack:
        with collector_paused():
            trusted = TrustedMain(repo)
            main = trusted.sha()  # resolved once: the rules proved and the publications verified are of one commit
            sop = trusted.rules(main)
            # one listing of main's content: the verification finds the publications in it and does not read its
            # folders again (a folder approved as it is on main is the same tree), its sizes choose where to export
            # it, and the export writes it
            listed = repo.ls_tree(main, ["content"], trees=True, check=False, sizes=True)
            verdict = verify_main(repo, main=main, listed=listed)
            scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix="humas-main-", dir=scratch_dir(listed)))
            root = Path(scratch)
            skipped = repo.export(verdict.main, "content", root, listed=listed) if verdict.approved else []
            approvals = Approvals(sop=sop, verdict=verdict, root=root, excluded=dict(verdict.excluded))
            _load(approvals, {p for path in skipped if (p := publication_of(path))})
        yield approvals


def _load(approvals: Approvals, links: set[str]) -> None:
    """Each verified publication's draft, loaded and checked (those holding ``links`` are excluded), into
    ``approvals``, newest first."""
    verdict, root = approvals.verdict, approvals.root
    for publication, approval in sorted(verdict.approved.items()):
        if publication in links:
            approvals.excluded[publication] = _("holds a link or submodule (only regular files are published)")
            continue
        path = publication_index(publication)
        raw = verdict.drafts.pop(publication, None)  # main's bytes, read once (the export wrote the same)
        draft, problems = _main_draft(root, path, raw)
        if draft is not None:
            problems = problems + check_draft(root, approvals.sop, draft)
        if draft is None or problems:
            approvals.excluded[publication] = _(
                "not valid on main: {problems}", problems="; ".join(str(p) for p in problems[:3])
            )
            continue
        life = verdict.lives.get(publication, UNCHANGED)
        approvals.publications.append(ApprovedPublication(publication, draft, approval, life))
    approvals.publications.sort(key=lambda p: (p.draft.meta.date, p.id), reverse=True)


def _main_draft(root: Path, path: str, raw: bytes | None) -> tuple[Draft | None, list[Problem]]:
    """The draft at ``path`` of main's export in ``root``, from ``raw``: its bytes as the verification read them
    (the same blob the export wrote), checked and validated as :func:`read_draft` checks a file; without them
    (none at the approved commit), the file itself, so that what is missing is said as for any file."""
    if raw is None:
        return read_draft(root, path)
    return draft_of(raw, path, (root / path).parent)


def portal_fields(publication: str, meta: Any, timezone: str) -> dict[str, Any]:
    """What a publication's kind adds on the website (``SitePublication``'s ``kind``, ``valid_until``, ``event``,
    ``order``): its kind from its id (``content.paths.kind_of``), a pengumuman's ``berlaku_sampai``, an agenda
    item's ``acara`` (a time without an offset is a local time of ``timezone``, sop.yml's) and a halaman's
    ``urutan``. The one conversion, for the build and the previews."""
    from .site.model import Event

    acara = getattr(meta, "acara", None)
    event = None
    if acara is not None:
        end = _aware(acara.selesai, timezone) if acara.selesai is not None else None
        event = Event(start=_aware(acara.mulai, timezone), end=end, place=acara.tempat)
    return {
        "kind": kind_of(publication) or "berita",
        "valid_until": getattr(meta, "berlaku_sampai", None),
        "event": event,
        "order": getattr(meta, "urutan", None),
    }


def _aware(moment: datetime.datetime, timezone: str) -> datetime.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo(timezone))


__all__ = ["ApprovedPublication", "Approvals", "approved_publications", "portal_fields"]
