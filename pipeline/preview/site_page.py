"""The publication's page built by the website's own builder, from the change's files and main's mkdocs.yml.

The folder of the publication is exported from the change's head with git (regular files only, no
checkout, no hooks); ``mkdocs.yml`` and ``docs/`` (what it names: extra CSS, a logo) come from the base,
main, never from the change. The site builder then renders the one page exactly as ``humas build``
would: same theme, same Markdown renderer, same sanitiser. A change that sets a new ``ralat`` note (a
correction) shows the page with the *Ralat* box the site will show once it is merged, dated now (the merge's
time is not known yet).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from ..approved import portal_fields
from ..content.life import UNCHANGED, Correction, Life
from ..content.load import front_matter
from ..content.paths import publication_folder
from ..git import GitRepo
from ..site import SitePublication, build_site
from ..sop.config import Sop
from .collect import PreviewDraft


def build_page(
    repo: GitRepo, head: str, base: str, draft: PreviewDraft, sop: Sop, out_dir: Path
) -> tuple[Path, list[str]]:
    """Build the one-page site of ``draft`` into ``out_dir``; returns its page and the builder's warnings."""
    meta = draft.meta
    assert meta is not None
    with tempfile.TemporaryDirectory(prefix="humas-preview-") as scratch:
        root = Path(scratch)
        folder = publication_folder(draft.id)
        repo.export(head, folder, root)
        mkdocs_yml = None
        raw = repo.show(base, "mkdocs.yml")
        if raw is not None:
            mkdocs_yml = root / "mkdocs.yml"
            mkdocs_yml.write_bytes(raw)
            repo.export(base, "docs", root)
        publication = SitePublication(
            id=draft.id,
            title=meta.title,
            date=meta.date,
            bidang=meta.bidang,
            summary=meta.summary,
            body=draft.body,
            image=meta.image,
            folder=root / folder,
            tags=tuple(meta.tags),
            **portal_fields(draft.id, meta, sop.timezone),
            life=_correction(repo, base, draft),
        )
        report = build_site(
            [publication],
            out_dir=out_dir,
            mkdocs_yml=mkdocs_yml,
            language=sop.language,
            institution=sop.institution,
            site_url=None,
            bidang_names=sop.bidang,
            work_dir=root / "work",
        )
    return out_dir / draft.id / "index.html", list(report.warnings)


def _correction(repo: GitRepo, base: str, draft: PreviewDraft) -> Life:
    """The correction the change makes: its ``ralat`` note when it differs from main's (none: ``UNCHANGED``)."""
    note = draft.meta.ralat if draft.meta is not None else None
    if not note or not note.strip():
        return UNCHANGED
    raw = repo.show(base, draft.path)
    before = front_matter(raw) if raw is not None else None
    if isinstance(before, dict) and before.get("ralat") == note:
        return UNCHANGED
    return Life(corrections=(Correction(at=datetime.now(UTC), note=note),))
