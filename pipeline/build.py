"""``humas build``: the website of the approved content on main.

Only publications whose bytes carry a complete, re-verified chain are built (``approved.py``); every
other publication on main is left out and the build says which and why.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .approved import Approvals, approved_publications
from .git import GitRepo
from .trusted import TrustedMain


@dataclass
class BuildOutcome:
    count: int
    out_dir: Path
    seconds: float
    excluded: dict[str, str] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def site_publications(approvals: Approvals) -> list:  # list[SitePublication]
    from .site import SitePublication

    items = []
    for item in approvals.publications:
        meta = item.draft.meta
        items.append(SitePublication(
            id=item.id, title=meta.title, date=meta.date, bidang=meta.bidang, summary=meta.summary,
            body=item.draft.body, image=meta.image, folder=item.draft.folder, tags=tuple(meta.tags),
        ))
    return items


def build_website(repo: GitRepo, *, out_dir: Path, engine: str = "mkdocs") -> BuildOutcome:
    from .site import build_site

    started = time.perf_counter()
    mkdocs_yml = None
    raw = repo.show(TrustedMain(repo).sha(), "mkdocs.yml")
    with approved_publications(repo) as approvals:
        if raw is not None:
            mkdocs_yml = approvals.root / "mkdocs.yml"
            mkdocs_yml.write_bytes(raw)
            # What mkdocs.yml names beside it (extra CSS, a logo) lives in docs/ on main.
            repo.export(approvals.verdict.main, "docs", approvals.root)
        sop = approvals.sop
        publications = site_publications(approvals)
        report = build_site(publications, out_dir=out_dir, mkdocs_yml=mkdocs_yml, language=sop.language,
                            institution=sop.institution, site_url=sop.site_url, bidang_names=sop.bidang,
                            engine=engine)
        excluded = dict(approvals.excluded)
        excluded.update({item.id: item.reason for item in report.excluded})
        built = [p.id for p in publications if p.id not in excluded]
        return BuildOutcome(count=len(built), out_dir=out_dir, seconds=time.perf_counter() - started,
                            excluded=excluded, ids=built, warnings=list(report.warnings))
