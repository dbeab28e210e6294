"""``humas publish`` in a GitHub Actions run: what happens before anything is posted.

On main (a push or a ``workflow_dispatch``) the merge of the run's commit is verified from the trusted
side (``github_publish.verify_merge``); the record job (``--verify-only``, a schedule too) verifies and
records every merge not recorded yet; outside a run, ``--verify-only`` is a usage error. Nothing is
recorded or posted from an unprotected repository.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..git import GitRepo
from ..messages import _
from ..problems import ConfigError
from ..redact import redact

Say = Callable[[str], None]


def before_posting(
    env: Mapping[str, str],
    repo: GitRepo,
    *,
    dry_run: bool,
    verify_only: bool,
    github_output: str | None,
    say: Say,
    warn: Say,
) -> int | None:
    """What comes before the posts; None when the posts follow, else the command's exit code (nothing to
    post: the record job's work is done, or it refused)."""
    in_actions = env.get("GITHUB_ACTIONS") == "true"
    if in_actions and not dry_run:
        from .github_protection import require_protection  # start-up: GitHub's client only in Actions

        require_protection(env)  # nothing is recorded or posted from an unprotected repository
    on_main = in_actions and env.get("GITHUB_EVENT_NAME") in ("push", "workflow_dispatch")
    if verify_only and not dry_run and env.get("GITHUB_EVENT_NAME") == "schedule":
        on_main = True
    if on_main and verify_only and not dry_run:
        return _record_every_merge(env, repo, github_output, say=say, warn=warn)
    if on_main:
        from .github_publish import verify_merge  # start-up: only a run on main loads the publish job

        verified = verify_merge(env)
        say(
            _(
                "verified: #{number} merged as {commit} carries every signature",
                number=verified.pull.info.number,
                commit=verified.sha[:7],
            )
        )
    elif verify_only:
        raise ConfigError(_("--verify-only is for a GitHub Actions run on main (push or workflow_dispatch)"))
    return 0 if verify_only else None


def _record_every_merge(
    env: Mapping[str, str], repo: GitRepo, github_output: str | None, *, say: Say, warn: Say
) -> int:
    """The record job: catch up every merge not recorded yet, say what was done, write the newest verified
    commit; 1 when the run's own commit is not verified (a push or dispatch of a merge that bypassed the SOP)
    or, on a schedule, when a merge was refused."""
    from .github_publish import record_every_merge  # start-up: only the record job loads it

    done = record_every_merge(env, repo, signing_key=env.get("HUMAS_RECORD_KEY"))
    for merge, number, folder in done.recorded:
        say(_("verified: #{number} merged as {commit} carries every signature", number=number, commit=merge[:7]))
        say(_("record: arsip:{folder}", folder=folder) if folder else _("record: already in the archive"))
    for why in done.refused.values():
        warn(redact(f"humas: {why}", env=env))
    say(_("newest verified commit: {commit}", commit=done.newest))
    if github_output:
        with open(github_output, "a", encoding="utf-8") as output:
            output.write(f"commit={done.newest}\n")
    if env.get("GITHUB_EVENT_NAME") == "schedule":
        return 1 if done.refused else 0
    if done.newest != done.event_commit:
        if done.event_commit not in done.refused:
            warn(
                _(
                    "humas: nothing is published: commit {commit} is not a verified merge of main (no signed record "
                    "proves it); the newest verified commit is {newest}",
                    commit=done.event_commit[:7],
                    newest=done.newest[:7],
                )
            )
        return 1
    return 0
