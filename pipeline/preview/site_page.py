"""The publication's page built by the website's own builder, from the change's files and main's mkdocs.yml.

The folder of the publication is exported from the change's head with git (regular files only, no
checkout, no hooks); ``mkdocs.yml`` and ``docs/`` (what it names: extra CSS, a logo) come from the base,
main, never from the change. The site builder then renders the one page exactly as ``humas build``
would: same theme, same Markdown renderer, same sanitiser.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..approved import portal_fields
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
