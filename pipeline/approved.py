"""The approved publications of main, read out of git (never the work tree) and verified.

``build`` and ``publish`` both start here, so the website and the channels show exactly the same set:
publications whose current bytes carry a complete, re-verified chain.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .archive.verify import Approved, Verdict, verify_main
from .content.check import check_draft
from .content.load import Draft, read_draft
from .forge.git import MAIN, GitRepo
from .forge.local import LocalForge
from .sop.config import Sop


@dataclass(frozen=True)
class ApprovedPublication:
    id: str
    draft: Draft
    approval: Approved


@dataclass
class Approvals:
    sop: Sop
    verdict: Verdict
    root: Path
    """A directory holding main's content/ as committed (an export; removed after use)."""
    publications: list[ApprovedPublication] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)


@contextmanager
def approved_publications(repo: GitRepo) -> Iterator[Approvals]:
    forge = LocalForge(repo)
    sop = forge.trusted_sop()
    verdict = verify_main(repo)
    with tempfile.TemporaryDirectory(prefix="humas-main-") as scratch:
        root = Path(scratch)
        if verdict.approved:
            repo.export(verdict.main, "content", root)
        approvals = Approvals(sop=sop, verdict=verdict, root=root, excluded=dict(verdict.excluded))
        for publication, approval in sorted(verdict.approved.items()):
            path = f"content/publikasi/{publication}/index.md"
            draft, problems = read_draft(root, path)
            if draft is not None:
                problems = problems + check_draft(root, sop, draft)
            if draft is None or problems:
                approvals.excluded[publication] = "not valid on main: " + "; ".join(str(p) for p in problems[:3])
                continue
            approvals.publications.append(ApprovedPublication(publication, draft, approval))
        approvals.publications.sort(key=lambda p: (p.draft.meta.date, p.id), reverse=True)
        yield approvals


__all__ = ["MAIN", "ApprovedPublication", "Approvals", "approved_publications"]
