"""The publication's page built by the website's own builder, from the change's files and main's mkdocs.yml.

The folder of the publication is exported from the change's head with git (regular files only, no
checkout, no hooks); ``mkdocs.yml``, ``docs/`` (what it names: extra CSS, a logo) and the institution's
templates (``overrides/humas/``, pipeline.site.templating.OVERRIDES) come from the base, main, never from
the change. The site builder then renders the one page exactly as ``humas build`` would: same theme, same
templates, same Markdown renderer, same sanitiser. A change that sets a new ``ralat`` note (a correction)
shows the page with the *Ralat* box the site will show once it is merged, dated now (the merge's time is
not known yet).

The institution's templates (:func:`base_templates`) are read once per run from the base's commit (resolved
once: the proof and every export read the same commit), and refused as ``humas build`` refuses them: a
link or submodule in the folder, a template that is not humas', that turns escaping off or reaches for
Python's objects (SiteError, exit 2: its file and line). When the base is the local ``main`` (``humas
preview``, the editor), main's rules must also come from the SOP chain (provenance, as for ``humas build``:
an override committed straight to main is refused, exit 1). In the GitHub gate the base is the pull
request's base commit as GitHub's event names it (the pull request cannot change it); its provenance is
not proved there, as the pull request's clone holds no trusted ``arsip`` branch; the preview is a file for
the approvers, never published.

Out of scope: a change to an override itself. A change's own ``overrides/humas/`` is never used, in the
preview of a publication nor anywhere else before it is merged through the ``sistem`` chain; the change's
publications are previewed with main's templates, and what the new template looks like is seen once it is
merged (``humas build``), or with ``build_site(templates=...)`` on a copy.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..approved import portal_fields
from ..content.life import UNCHANGED, Correction, Life
from ..content.load import front_matter
from ..content.paths import publication_folder
from ..git import MAIN, GitRepo
from ..site import SitePublication, build_site
from ..site.templating import OVERRIDES, check_overrides, refuse_skipped
from ..sop.config import Sop
from ..trusted import TrustedMain
from .collect import PreviewDraft


@contextmanager
def base_templates(repo: GitRepo, base: str, at: str) -> Iterator[Path | None]:
    """The institution's templates of the base (``base`` as the caller names it, ``at`` its commit), exported
    and checked, for the block; None when the base holds none. Raises SiteError (a hostile template: its
    file and line) or NotAcceptable (main's rules not from the SOP chain) before any page is built."""
    with tempfile.TemporaryDirectory(prefix="humas-preview-templates-") as scratch:
        root = Path(scratch)
        refuse_skipped(repo.export(at, OVERRIDES, root))
        folder = root / OVERRIDES
        if not folder.is_dir():
            yield None
            return
        if base == MAIN:
            TrustedMain(repo).rules(at)  # main's rules, overrides included, from the SOP chain (as humas build)
        check_overrides(folder)
        yield folder


def build_page(
    repo: GitRepo, head: str, base: str, draft: PreviewDraft, sop: Sop, out_dir: Path, templates: Path | None = None
) -> tuple[Path, list[str]]:
    """Build the one-page site of ``draft`` into ``out_dir`` (with the base's ``templates``:
    :func:`base_templates`); returns its page and the builder's warnings."""
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
            timezone=sop.timezone,
            templates=templates,
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
