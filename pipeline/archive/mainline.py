"""main as committed: its tip, its sop.yml and the repository's identity, read from git alone.

The archive verifies records against these. ``pipeline.trusted.TrustedMain`` adds ``rules()``: sop.yml of
main once the provenance of main's rules is proved (``pipeline.archive.provenance``), which builds on the
archive; so this reading sits below the archive's verification and the trusted side sits above it."""

from __future__ import annotations

from functools import cached_property

from ..git import MAIN, GitRepo
from ..messages import _
from ..problems import ConfigError
from ..sop.config import SOP_FILE, Sop, parse_sop


class MainBranch:
    def __init__(self, repo: GitRepo, at: str | None = None) -> None:
        """``at``: main's commit as the caller resolved it already (an object id), else resolved when first asked."""
        self.repo = repo
        self._at = (repo.generation, at) if at is not None else None

    def sha(self) -> str:
        """main's commit, resolved once: every later question of this object is asked of that object id (one
        command reads one main, however many times it asks, and however main moves meanwhile). Resolved again
        only after this repository's ``GitRepo`` ran a git command that may move a ref (``GitRepo.generation``:
        a merge moves main, a fetch brings the shared remote's); a long-lived server makes a new object per
        request."""
        if self._at is not None and self._at[0] == self.repo.generation:
            return self._at[1]
        sha = self.repo.rev(f"refs/heads/{MAIN}")
        if sha is None:
            raise ConfigError(_("no branch {main} in {root} (run humas init first)", main=MAIN, root=self.repo.root))
        self._at = (self.repo.generation, sha)
        return sha

    def sop(self, ref: str | None = None) -> Sop:
        """sop.yml as committed on main (or at ``ref``, a commit of main's history)."""
        at = ref or self.sha()
        raw = self.repo.show(at, SOP_FILE)
        if raw is None:
            raise ConfigError(_("sop.yml is not committed on {main} (run humas init, then commit it)", main=MAIN))
        return parse_sop(raw.decode("utf-8", "replace"), f"{SOP_FILE} ({MAIN})")

    @cached_property
    def repository_id(self) -> str:
        """The repository's first commit: what a signed review names, so it counts in no other repository."""
        roots = self.repo.roots(self.sha())
        return sorted(roots)[0]
