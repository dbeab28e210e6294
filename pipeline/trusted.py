"""The trusted side: main as committed. Rules (sop.yml), keys and the repository's identity are read
here and nowhere else: never from a change, the work tree or the archive.

``rules()`` is what build, publish, merge, review and status use: sop.yml of main, but only once main's
rules (sop.yml, mkdocs.yml and docs/, pipeline/) are shown to come from a verified merge or the founding
commit (``pipeline.archive.provenance``)."""

from __future__ import annotations

from functools import cached_property

from .git import MAIN, GitRepo
from .messages import _
from .problems import ConfigError
from .sop.config import SOP_FILE, Sop, parse_sop


class TrustedMain:
    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        self._proved: set[str] = set()

    def sha(self) -> str:
        sha = self.repo.rev(f"refs/heads/{MAIN}")
        if sha is None:
            raise ConfigError(_("no branch {main} in {root} (run humas init first)", main=MAIN, root=self.repo.root))
        return sha

    def sop(self, ref: str | None = None) -> Sop:
        """sop.yml as committed on main (or at ``ref``, a commit of main's history)."""
        at = ref or self.sha()
        raw = self.repo.show(at, SOP_FILE)
        if raw is None:
            raise ConfigError(_("sop.yml is not committed on {main} (run humas init, then commit it)", main=MAIN))
        return parse_sop(raw.decode("utf-8", "replace"), f"{SOP_FILE} ({MAIN})")

    def rules(self, ref: str | None = None) -> Sop:
        """sop.yml of main (or of ``ref``, a commit of main) once the provenance of main's rules is proved;
        else ``NotAcceptable`` naming the file and the commit that changed it outside the SOP."""
        at = ref or self.sha()
        sop = self.sop(at)
        if at not in self._proved:
            from .archive.provenance import require_provenance

            require_provenance(self.repo, at, sop)
            self._proved.add(at)
        return sop

    @cached_property
    def repository_id(self) -> str:
        """The repository's first commit: what a signed review names, so it counts in no other repository."""
        roots = self.repo.run("rev-list", "--max-parents=0", self.sha()).split()
        return sorted(roots)[0]
