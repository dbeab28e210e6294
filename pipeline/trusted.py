"""The trusted side: main as committed. Rules (sop.yml), keys and the repository's identity are read
here (and, for the archive's own verification, in ``pipeline.archive.mainline``, which this builds on):
never from a change, the work tree or the archive.

``rules()`` is what build, publish, merge, review and status use: sop.yml of main, but only once main's
rules (sop.yml, mkdocs.yml and docs/, pipeline/) are shown to come from a verified merge or the founding
commit (``pipeline.archive.provenance``)."""

from __future__ import annotations

from .archive.mainline import MainBranch
from .git import GitRepo
from .sop.config import Sop


class TrustedMain(MainBranch):
    def __init__(self, repo: GitRepo) -> None:
        super().__init__(repo)
        self._proved: set[str] = set()

    def rules(self, ref: str | None = None) -> Sop:
        """sop.yml of main (or of ``ref``, a commit of main) once the provenance of main's rules is proved;
        else ``NotAcceptable`` naming the file and the commit that changed it outside the SOP."""
        at = ref or self.sha()
        sop = self.sop(at)
        if at not in self._proved:
            # Start-up time: every command reads main's sop.yml (its language) through this class; the proof
            # loads the archive (records, the Lembar's templates, the channels' models): only when asked.
            from .archive.provenance import require_provenance

            require_provenance(self.repo, at, sop)
            self._proved.add(at)
        return sop
