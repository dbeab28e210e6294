"""The commands for the SOP's people: ``humas lembar``, ``humas laporan``, ``humas jangkauan`` and
``humas ingatkan``. Each parses, calls one function, prints.

Like every command module, each command imports what it runs inside its body: ``humas --help`` and every
other command start without loading WeasyPrint, the archive or the platforms' clients (start-up time).
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..messages import _
from ..problems import ConfigError, NotAcceptable
from ..trusted import TrustedMain
from .options import now_option, repo_option, repository

if TYPE_CHECKING:  # types only: the archive is loaded by the commands that run it
    from ..archive.models import ReceiptEntry


@click.command()
@click.argument("change")
@click.option(
    "--out",
    "out",
    default=None,
    metavar="FILE",
    help="Where to write the PDF (default: lembar-pengesahan-<record id>.pdf).",
)
@repo_option
def lembar(change: str, out: str | None, repo_path: str | None) -> None:
    """Print the Lembar Pengesahan of a merged change as a one-page A4 PDF.

    CHANGE is a record id, a merge commit or the change's branch name. Only a record that verifies
    against main is printed (exit 1 otherwise).
    """
    from ..amend.act import proven_acts
    from ..archive.journal import drop_unproven, receipt_seal
    from ..archive.lembar import letterhead_of, life_acts, render_pdf, sheet_of
    from ..archive.record import load_records
    from ..archive.sheet_lookup import approved_channels, find_record
    from ..archive.store import BranchStore
    from ..archive.verify import verify_main

    repo = repository(repo_path)
    store = BranchStore(repo)
    records = load_records(store)
    seal = receipt_seal(repo)
    drop_unproven(records, seal)  # a receipt anyone wrote on arsip shows no URL
    record = find_record(records, change, repo)
    verdict = verify_main(repo, every_record=True)
    why = verdict.records.get(record.path)
    if why is not None:  # anyone who can push to arsip can write a record: print only what verifies
        raise NotAcceptable(
            _("{record} does not verify: {why}; no Lembar Pengesahan is printed for it", record=record.path, why=why)
        )
    main = TrustedMain(repo)
    sop = main.sop()
    sheet = sheet_of(
        record.model,
        record.receipts,
        channels=approved_channels(repo, record),
        timezone=sop.timezone,
        record_path=f"arsip:{record.path}/record.json",
        letterhead=letterhead_of(repo, main.sha(), kota=sop.kota, site_url=sop.site_url),
    )
    lives = {p: verdict.lives[p] for p in record.publications if p in verdict.lives}
    verified = {r.path.rsplit("/", 1)[-1]: r.model for r in records if verdict.records.get(r.path, "") is None}
    done = proven_acts(store, [r for r in records if verdict.records.get(r.path, "") is None], seal)
    sheet = replace(sheet, life=life_acts(lives, verified, sheet.language, done))
    target = Path(out) if out else Path(f"lembar-pengesahan-{record.path.rsplit('/', 1)[-1]}.pdf")
    pdf = render_pdf(sheet)
    try:
        target.write_bytes(pdf)
    except OSError as error:
        raise ConfigError(
            _("--out {target}: cannot be written ({why})", target=target, why=error.strerror or type(error).__name__)
        ) from None
    click.echo(
        _(
            "{target} ({title}, {size} KB)",
            target=target,
            title=record.model.title or record.path,
            size=len(pdf) // 1024,
        )
    )


@click.command()
@click.option("--bulan", "month", default=None, metavar="YYYY-MM", help="The month (default: this month).")
@click.option("--out", "out", default="laporan", show_default=True, metavar="DIR", help="Where to write it.")
@repo_option
def laporan(month: str | None, out: str, repo_path: str | None) -> None:
    """Write the Mutu Baku report of a month (HTML and PDF, with charts) from the archive, and its calendar.

    Records that do not verify against main are left out (and named).
    """
    from ..archive.record import load_records
    from ..archive.store import BranchStore
    from ..archive.verify import verify_main
    from ..report.calendar import read_entries
    from ..report.laporan import parse_month, summary, write_report

    repo = repository(repo_path)
    sop = TrustedMain(repo).sop()
    wanted = parse_month(month, sop.timezone)
    from ..archive.journal import drop_unproven, receipt_seal

    verified = verify_main(repo, every_record=True)
    verdict = verified.records
    records = []
    everything = load_records(BranchStore(repo))
    drop_unproven(everything, receipt_seal(repo))  # a receipt anyone wrote on arsip counts as nothing
    for record in everything:
        if verdict.get(record.path) is None:
            records.append(record)
        else:
            click.echo(_("left out: {publication}: {reason}", publication=record.path, reason=verdict[record.path]))
    receipts: dict[str, dict[str, ReceiptEntry]] = {}
    for record in records:  # in merge order: a later record's receipt of the same post wins
        for publication, channels in record.receipts.items():
            receipts.setdefault(publication, {}).update(channels)
    entries = read_entries(repo, sop, receipts)

    from ..report.jangkauan import reach_of, render_reach

    latest, refused = latest_figures(repo, records)
    for warning in refused:
        click.echo(_("warning: {warning}", warning=warning), err=True)
    reach = render_reach(reach_of(records, latest, month=wanted, timezone=sop.timezone), sop.language)
    from ..report.tindakan import acts_of_month, render_acts

    by_id = {r.path.rsplit("/", 1)[-1]: r.model for r in records}
    acts = acts_of_month(verified.lives, by_id, month=wanted, timezone=sop.timezone, language=sop.language)
    reach = render_acts(acts, timezone=sop.timezone, language=sop.language) + reach

    from ..archive.lembar import letterhead_of

    first_commits: dict[str, datetime] = {}
    for record in records:  # Desain starts at the change's first commit
        base, head = record.model.base, record.model.head
        shas = all(len(sha) == 40 and all(c in "0123456789abcdef" for c in sha) for sha in (base, head))
        dates = repo.run("log", "--reverse", "--format=%aI", f"{base}..{head}", check=False).split() if shas else []
        if dates:
            first_commits[record.merge_commit] = datetime.fromisoformat(dates[0])
    written = write_report(
        [r.model for r in records],
        sop,
        month=wanted,
        out=Path(out),
        entries=entries,
        first_commits=first_commits,
        receipts=receipts,
        letterhead=letterhead_of(repo, TrustedMain(repo).sha(), kota=sop.kota, site_url=sop.site_url),
        extra=reach,
    )
    click.echo(f"{written.html}")
    click.echo(f"{written.pdf}")
    click.echo(f"{written.calendar}")
    click.echo(summary(written.report, sop))


def latest_figures(repo: Any, records: list[Any]) -> tuple[dict[tuple[str, str], dict[str, Any]], list[str]]:
    """The latest reading of each post that proves itself for the post its (proven) receipt names."""
    from ..archive.journal import receipt_seal
    from ..archive.store import BranchStore
    from ..insights.archive import load_latest
    from ..insights.run import published_posts

    posts, _doubled = published_posts(records)
    return load_latest(BranchStore(repo), receipt_seal(repo), {key: post.post_id for key, post in posts.items()})


@click.group()
def jangkauan() -> None:
    """What each published post reached on the social platforms."""


@jangkauan.command()
@repo_option
def baca(repo_path: str | None) -> None:
    """Read each published post's figures from its platform and keep them on the arsip branch.

    Exit 2 when a platform refuses for a reason a person fixes (a missing permission, a refused token).
    """
    from ..insights.run import read_reach
    from ..report.jangkauan import thousands

    repo = repository(repo_path)
    sop = TrustedMain(repo).sop()
    run = read_reach(repo, timezone=sop.timezone)
    for warning in run.warnings:
        click.echo(_("warning: {warning}", warning=warning), err=True)
    for outcome in run.outcomes:
        post = outcome.post
        if outcome.figures is None:
            click.echo(
                _(
                    "{publication} → {channel}: not read: {why}",
                    publication=post.publication,
                    channel=post.channel,
                    why=outcome.skipped,
                )
            )
            continue
        figures = outcome.figures
        click.echo(
            _(
                "{publication} → {channel}: views {views}, reach {reach}",
                publication=post.publication,
                channel=post.channel,
                views=thousands(figures.views, sop.language),
                reach=thousands(figures.reach, sop.language),
            )
            + (f" ({figures.note})" if figures.note else "")
        )
    for refusal in run.refusals:
        click.echo(refusal.error.message, err=True)
        if refusal.error.action:
            click.echo("  " + _("to fix: {action}", action=refusal.error.action), err=True)
    click.echo(_("{count} reading(s) kept on the arsip branch", count=len(run.stored)))
    if run.code:
        sys.exit(run.code)


@click.command()
@now_option("The time to take as now (ISO 8601).")
@repo_option
def ingatkan(now: datetime | None, repo_path: str | None) -> None:
    """Remind the approvers of steps over their Mutu Baku, once per step per working day: in GitHub Actions
    (schedule) as a pull-request comment; with HUMAS_SMTP_HOST set, by e-mail for the local forge."""
    from ..forge.remind import run_remind

    sys.exit(run_remind(os.environ, now=now, repo_path=repo_path))


COMMANDS = {"lembar": lembar, "laporan": laporan, "jangkauan": jangkauan}
