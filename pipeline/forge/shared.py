"""The local forge with a shared remote: each approver signs on their own laptop, in their own clone.

The institution keeps one bare repository on its own server (``git init --bare /srv/humas.git``, reached
over SSH, or a path on a shared drive). Each person clones it and says once, in that clone, which remote
is the shared one::

    git clone ssh://humas@server.example/srv/humas.git humas
    cd humas && git config humas.remote origin

From then on ``humas status``, ``humas review`` and ``humas merge`` fetch before they read and push what
they wrote: the change's branch and ``main`` are taken from the remote (a local copy is only moved
forward, never rewound), reviews and records go to ``arsip`` on the remote with a compare-and-swap
(``pipeline.archive.store.BranchStore``: a push that lost a race fetches the winner and writes its files
again on top, so two approvers signing at once both count), and a merge moves ``main`` on the remote
only by a fast-forward push from the base it was evaluated on. Review files that this clone wrote but
could not push (the server was unreachable) are written again on top of the remote's ``arsip`` at the
next command, so no signature is lost.

Nothing fetched is trusted for being on the server: anyone with SSH access can push any branch and
``arsip``; reviews still count only when signed by a key listed in sop.yml on main, and main only when
it came from verified merges (``pipeline.trusted``). Without ``humas.remote`` nothing is fetched or pushed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..archive.store import ARCHIVE_BRANCH, ZERO, BranchStore
from ..git import MAIN, GitRepo
from ..messages import _
from ..problems import ConfigError, GitError, NotAcceptable

CONFIG_KEY = "humas.remote"


def shared_remote(repo: GitRepo) -> str | None:
    """The remote named by ``git config humas.remote`` in this clone, or None (no shared remote)."""
    name = repo.run("config", "--get", CONFIG_KEY, check=False).strip()
    if not name:
        return None
    if not repo.ok("remote", "get-url", "--", name):
        raise ConfigError(
            _(
                "git config {key} names {remote!r}, which is not a remote of this repository "
                "(see git remote -v; add it with git remote add {remote} URL)",
                key=CONFIG_KEY,
                remote=name,
            )
        )
    return name


@dataclass
class Synced:
    """What one synchronisation did; ``notes`` are told to the person (a branch not pushed yet, ...)."""

    remote: str
    notes: list[str] = field(default_factory=list)


class SharedRemote:
    def __init__(self, repo: GitRepo, remote: str) -> None:
        self.repo = repo
        self.remote = remote

    def tracking(self, branch: str) -> str:
        return f"refs/remotes/{self.remote}/{branch}"

    def fetch(self) -> None:
        code, _out = self.repo.run_status(
            "fetch", "--quiet", "--no-tags", self.remote, f"+refs/heads/*:refs/remotes/{self.remote}/*"
        )
        if code != 0:
            raise GitError(
                _(
                    "could not fetch from the shared remote {remote} (git fetch {remote}): check the network "
                    "and your SSH access to the server, then run the command again",
                    remote=self.remote,
                )
            )

    def sync(self, branches: list[str], *, strict: bool, all_branches: bool = False) -> Synced:
        """Fetch, then bring main, arsip and ``branches`` (every branch of the remote with
        ``all_branches``) up to the remote. ``strict``: a branch here that the remote lacks or that is
        ahead of it is refused (a review or a merge must be of what everyone sees), else only noted."""
        self.fetch()
        synced = Synced(self.remote)
        self._main()
        self._archive()
        if all_branches:
            out = self.repo.run("for-each-ref", "--format=%(refname)", f"refs/remotes/{self.remote}/")
            prefix = f"refs/remotes/{self.remote}/"
            names = [r[len(prefix) :] for r in out.split() if r[len(prefix) :] not in (MAIN, ARCHIVE_BRANCH, "HEAD")]
            for name in names:
                self._branch(name, strict=False, notes=[])
        for name in branches:
            self._branch(name, strict=strict, notes=synced.notes)
        return synced

    # --- the three kinds of refs ---------------------------------------------------------------

    def _relation(self, local: str, remote: str) -> str:
        if local == remote:
            return "same"
        if self.repo.ok("merge-base", "--is-ancestor", local, remote):
            return "behind"
        if self.repo.ok("merge-base", "--is-ancestor", remote, local):
            return "ahead"
        return "diverged"

    def _forward(self, branch: str, old: str | None, new: str) -> None:
        """Move the local branch forward to ``new``; the work tree too when it is checked out."""
        if old is not None and self.repo.current_branch() == branch:
            if not self.repo.ok("merge", "--ff-only", "--quiet", new):
                raise NotAcceptable(
                    _(
                        "{branch} is checked out here with changes that the new commits from {remote} would "
                        "overwrite: commit or stash them, then run the command again",
                        branch=branch,
                        remote=self.remote,
                    )
                )
            return
        if not self.repo.ok("update-ref", f"refs/heads/{branch}", new, old or ZERO):
            raise GitError(_("{branch} changed here while humas was updating it: run the command again", branch=branch))

    def _main(self) -> None:
        remote = self.repo.rev(self.tracking(MAIN))
        local = self.repo.rev(f"refs/heads/{MAIN}")
        if remote is None or local == remote:
            return
        if local is None or self._relation(local, remote) == "behind":
            self._forward(MAIN, local, remote)
            return
        raise ConfigError(
            _(
                "{main} here has commits that {remote} does not have: main moves only by humas merge, which "
                "pushes it. Take the shared main with git switch {main} && git reset --hard {remote}/{main} "
                "(keep your own commits on a branch first)",
                main=MAIN,
                remote=self.remote,
            )
        )

    def _archive(self) -> None:
        store = BranchStore(self.repo, remote=self.remote)
        remote = self.repo.rev(self.tracking(ARCHIVE_BRANCH))
        local = store.tip()
        if local is None and remote is None:
            return
        if local is None:
            assert remote is not None
            self._forward(ARCHIVE_BRANCH, None, remote)
            return
        relation = "ahead" if remote is None else self._relation(local, remote)
        if relation == "same":
            return
        if relation == "behind":
            assert remote is not None
            self._forward(ARCHIVE_BRANCH, local, remote)
            return
        if relation == "ahead" and self.repo.ok("push", "--quiet", self.remote, f"{store.ref}:{store.ref}"):
            return
        # This clone wrote reviews or records that the remote lacks (a push that failed, or the remote's
        # arsip was rewritten): write those files again on top of the remote's arsip, then push.
        files = self._unpushed(local, remote)
        self.repo.run("update-ref", store.ref, remote or ZERO, local)
        if files:
            store.write(files, f"arsip: records written in a clone before they reached {self.remote}")

    def _unpushed(self, local: str, remote: str | None) -> dict[str, bytes | None]:
        base = self.repo.run("merge-base", local, remote, check=False).strip() if remote else ""
        if base:
            out = self.repo.run("diff", "--name-status", "--no-renames", "-z", base, local)
            parts = out.split("\0")
            changed = {parts[i + 1]: parts[i] for i in range(0, len(parts) - 1, 2)}
        else:  # unrelated histories: everything this clone holds that the remote does not hold as it is
            theirs = self.repo.tree_entries(remote, skip_refused=True) if remote else {}
            ours = self.repo.tree_entries(local, skip_refused=True)
            changed = {path: "M" for path, sha in ours.items() if theirs.get(path) != sha}
        files: dict[str, bytes | None] = {}
        for path, kind in changed.items():
            files[path] = None if kind == "D" else self.repo.show(local, path)
        return files

    def _branch(self, branch: str, *, strict: bool, notes: list[str]) -> None:
        remote = self.repo.rev(self.tracking(branch))
        local = self.repo.rev(f"refs/heads/{branch}")
        if remote is None:
            if local is not None:
                why = _(
                    "branch {branch} is not on the shared remote {remote} yet: push it (git push {remote} "
                    "{branch}) so that the approvers can see it",
                    branch=branch,
                    remote=self.remote,
                )
                if strict:
                    raise NotAcceptable(why)
                notes.append(why)
            return
        relation = "behind" if local is None else self._relation(local, remote)
        if relation == "same":
            return
        if relation == "behind":
            self._forward(branch, local, remote)
            return
        why = _(
            "branch {branch} here has commits that {remote} does not have: push them (git push {remote} "
            "{branch}) or take the shared branch (git reset --hard {remote}/{branch})",
            branch=branch,
            remote=self.remote,
        )
        if strict:
            raise NotAcceptable(why)
        notes.append(why)

    # --- merge ---------------------------------------------------------------------------------

    def push_main(self, merge_commit: str, base: str) -> bool:
        """Move main on the remote from ``base`` to ``merge_commit`` (a fast-forward push: it fails when
        main on the remote moved meanwhile). False when the remote refused."""
        return self.repo.ok(
            "push",
            "--quiet",
            f"--force-with-lease=refs/heads/{MAIN}:{base}",
            self.remote,
            f"{merge_commit}:refs/heads/{MAIN}",
        )


def synced(repo: GitRepo, branches: list[str], *, strict: bool, all_branches: bool = False) -> Synced | None:
    """Synchronise with the shared remote when this clone has one (``git config humas.remote``)."""
    remote = shared_remote(repo)
    if remote is None:
        return None
    return SharedRemote(repo, remote).sync(branches, strict=strict, all_branches=all_branches)
