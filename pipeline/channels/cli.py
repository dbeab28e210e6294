"""``humas outbox uploaded PUBLICATION CHANNEL URL``: a person records the post they made by hand from an
outbox package; only then does the archive hold the receipt (``done``) and a later run stop waiting."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import click

from ..messages import translated
from ..problems import ConfigError, NotAcceptable

HOSTS = {
    "instagram": ("instagram.com",),
    "facebook": ("facebook.com", "fb.com", "fb.watch"),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
}


def _host_ok(url: str, channel: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == h or host.endswith("." + h) for h in HOSTS[channel])


def _no_package(language: str, publication: str, channel: str) -> str:
    return translated(
        language,
        "{publication} → {channel}: no outbox package waits for an upload (run humas publish first)",
        publication=publication,
        channel=channel,
    )


def record_upload(repo: object, publication: str, channel: str, url: str) -> str:
    """Write the receipt of a manual upload; the message to show. Raises ConfigError (bad arguments)
    or NotAcceptable (nothing waits for this upload)."""
    from ..approved import approved_publications
    from ..archive.journal import ArchiveJournal, drop_unproven, receipt_seal
    from ..archive.record import load_records
    from ..archive.store import BranchStore
    from ..git import GitRepo
    from ..publish import _receipt_state
    from .base import Receipt

    assert isinstance(repo, GitRepo)
    with approved_publications(repo) as approvals:
        language = approvals.sop.language
        approved = sorted(item.id for item in approvals.publications)
    if channel not in HOSTS:
        raise ConfigError(
            translated(
                language,
                "CHANNEL: {channel!r} is unknown (allowed: {allowed})",
                channel=channel,
                allowed=", ".join(HOSTS),
            )
        )
    if publication not in approved:
        raise NotAcceptable(
            translated(
                language,
                "PUBLICATION: {publication!r} is not an approved publication (approved: {allowed})",
                publication=publication,
                allowed=", ".join(approved) or "-",
            )
        )
    if not _host_ok(url, channel):
        raise ConfigError(
            translated(
                language,
                "URL: {url!r} is not a {channel} post address (allowed: https://{hosts}/…)",
                url=url,
                channel=channel,
                hosts=HOSTS[channel][0],
            )
        )
    store = BranchStore(repo)
    records = load_records(store)
    seal = receipt_seal(repo)
    drop_unproven(records, seal)
    holder, entry = _receipt_state(records, publication, channel)
    if holder is None or entry.get("state") not in ("waiting", "done"):
        raise NotAcceptable(_no_package(language, publication, channel))
    seal.ready()  # the receipt of a manual upload is signed by the person who records it
    journal = ArchiveJournal(store, holder, publication, channel, seal=seal)
    current = journal.refresh()
    if current.state == "done" and seal.unproven(holder.path, current) is None:
        raise NotAcceptable(
            translated(
                language,
                "{publication} → {channel}: already recorded as {url}",
                publication=publication,
                channel=channel,
                url=current.url or current.post_id,
            )
        )
    if current.state != "waiting":
        raise NotAcceptable(_no_package(language, publication, channel))
    package = (current.details or {}).get("package")
    journal.done(
        Receipt(
            channel=channel,
            post_id=url,
            url=url,
            at=datetime.now(UTC),
            details={"manual": True, **({"package": package} if package else {})},
        )
    )
    return translated(
        language, "recorded: {publication} → {channel}: {url}", publication=publication, channel=channel, url=url
    )


@click.group()
def outbox() -> None:
    """The outbox: packages a person uploads by hand."""


@outbox.command()
@click.argument("publication")
@click.argument("channel")
@click.argument("url")
@click.option(
    "--repo",
    "repo_path",
    default=None,
    metavar="DIR",
    help="The content repository (default: the one around the current directory).",
)
def uploaded(publication: str, channel: str, url: str, repo_path: str | None) -> None:
    """Record that PUBLICATION was posted by hand on CHANNEL at URL (its receipt)."""
    from ..cli import _repo

    click.echo(record_upload(_repo(repo_path), publication, channel, url))


@click.command()
@click.option(
    "--github-issue",
    is_flag=True,
    help="In a scheduled GitHub Actions run: open, update or close the one issue labelled humas-channels.",
)
def doctor(github_issue: bool) -> None:
    """Check each configured channel: token and its life, permissions, quota; say what to fix."""
    import os
    import sys

    from .doctor import diagnose, vault_here

    if os.environ.get("GITHUB_ACTIONS") == "true":
        from ..forge.github_protection import require_protection

        require_protection(os.environ)  # it renews tokens on arsip and writes an issue: only when protected
    report, code = diagnose(
        os.environ, vault=vault_here(os.environ), renew=bool(os.environ.get("HUMAS_ARCHIVE_REMOTE"))
    )
    click.echo(report)
    if github_issue:
        from .alert import sync_issue

        click.echo(sync_issue(report, code, os.environ, _language()))
    sys.exit(code)


def _language() -> str:
    """The language of sop.yml in the repository here (Indonesian when it cannot be read)."""
    from pathlib import Path

    from ..sop.config import parse_sop

    try:
        return parse_sop((Path.cwd() / "sop.yml").read_text(encoding="utf-8")).language
    except Exception:  # noqa: BLE001 - any unreadable sop.yml: the default language
        return "id"
