"""``humas laporan``: the Mutu Baku report of a month, as HTML and PDF, from the archive's records.

Charts are inline SVG (``pipeline.report.charts``): the HTML needs no script and no network, and the
PDF (WeasyPrint) prints the same page. The records are read from the ``arsip`` branch as they are: the
report is a measure of service, not a proof (``humas build`` and ``humas publish`` verify records).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import Markup

from ..archive.lembar import Letterhead, Upload, bidang_name, channel_name, upload_of, upload_state_label
from ..archive.models import Receipts, RecordData
from ..messages import _, translated
from ..problems import ConfigError
from ..site.formats import format_date, format_month
from ..sop.config import Sop
from .calendar import TEMPLATES, Entry, render_calendar
from .charts import Bar, bar_chart
from .mutu_baku import Group, Report, build_report

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def report_labels(language: str) -> dict[str, str]:
    """The report's headings in ``language`` (sop.yml's)."""
    return {
        "title": translated(language, "Mutu Baku report"),
        "all": translated(language, "all time"),
        "changes": translated(language, "Merged changes"),
        "share": translated(language, "Share within the standard"),
        "per_step": translated(language, "Time per step against its standard (mean)"),
        "per_person": translated(language, "Per person: mean time against the standard (100% = exactly the standard)"),
        "per_bidang": translated(language, "Per bidang: mean time against the standard (100% = exactly the standard)"),
        "share_step": translated(language, "Share within the standard per step"),
        "step": translated(language, "Step"),
        "person": translated(language, "Person"),
        "bidang": translated(language, "Bidang"),
        "count": translated(language, "Count"),
        "mean": translated(language, "Mean"),
        "longest": translated(language, "Longest"),
        "standard": translated(language, "Standard"),
        "within": translated(language, "Within the standard"),
        "min": translated(language, "min"),
        "none": translated(language, "No records in this period."),
        "note": translated(language, "The Mutu Baku is a service standard: reported and reminded, never blocking."),
        "published": translated(language, "What was published where"),
        "publication": translated(language, "Publication"),
        "revisions": translated(language, "Revision rounds"),
        "channel": translated(language, "Channel"),
        "state": translated(language, "State"),
        "link": translated(language, "Link"),
        "per_platform": translated(language, "Per platform"),
        "publications": translated(language, "Publications"),
        "reports": translated(language, "Reported by,"),
    }


@dataclass(frozen=True)
class Written:
    html: Path
    pdf: Path
    calendar: Path
    report: Report


def parse_month(value: str | None, timezone: str, now: datetime | None = None) -> str:
    """``YYYY-MM``; the current month in the SOP's time zone when not given."""
    if value is None:
        return (now or datetime.now(UTC)).astimezone(ZoneInfo(timezone)).strftime("%Y-%m")
    if not MONTH.match(value):
        raise ConfigError(_("--bulan {value!r}: not a month (allowed: YYYY-MM, for example 2026-11)", value=value))
    return value


def number(value: float, language: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return text.replace(".", ",") if language == "id" else text


def percent(share: float, language: str) -> str:
    return f"{number(share * 100, language, 0)}%"


def month_title(month: str, language: str) -> str:
    year, number_ = month.split("-")
    return format_month(int(year), int(number_), language)


@dataclass(frozen=True)
class Published:
    title: str
    change: str
    revisions: int
    channels: list[dict[str, str]]


def published(
    records: Sequence[RecordData],
    receipts: Receipts,
    report: Report,
    language: str,
    letterhead: Letterhead,
) -> tuple[list[Published], dict[str, int]]:
    """Each publication of the period with its channels (state and link) and its revision rounds; and
    {channel: how many publications were uploaded there} (the website: every approved one)."""
    rows: list[Published] = []
    counts: dict[str, int] = {}
    for record in records:
        change = record.change
        if change not in report.revisions:
            continue
        named = record.channels
        for publication in record.publications:
            found = receipts.get(publication, {})
            wanted = list(named.get(publication) or []) + list(found)
            channels = []
            for channel in dict.fromkeys(wanted):
                receipt = found.get(channel)
                if receipt is not None:
                    upload = upload_of(publication, channel, receipt)
                elif channel == "website":
                    upload = Upload(publication, channel, "site", url=letterhead.page_url(publication))
                else:
                    upload = Upload(publication, channel, "new")
                if upload.state in ("done", "manual_done", "site"):
                    counts[channel_name(channel)] = counts.get(channel_name(channel), 0) + 1
                channels.append(
                    {
                        "channel": channel_name(channel),
                        "state": upload_state_label(upload.state, language),
                        "url": upload.url,
                    }
                )
            rows.append(Published(record.title or publication, change, report.revisions[change], channels))
    return rows, counts


def render_report(
    report: Report,
    sop: Sop,
    *,
    now: datetime,
    records: Sequence[RecordData] = (),
    receipts: Receipts | None = None,
    letterhead: Letterhead | None = None,
    extra: str = "",
) -> str:
    """``extra``: a section (HTML, escaped by its maker) shown before the closing, e.g. what each post reached."""
    lang = sop.language
    head = letterhead or Letterhead(site_url=sop.site_url or "")
    labels = report_labels(lang)
    minutes = labels["min"]

    def timing(group: Group) -> Bar:
        standard = float(group.standard) if group.standard else None
        return Bar(
            group.label,
            round(group.mean, 1),
            f"{number(group.mean, lang)} / {group.standard} {minutes}",
            standard,
            over=standard is not None and group.mean > standard,
        )

    def ratio(group: Group) -> Bar:
        value = round(group.mean_ratio * 100)
        return Bar(group.label, value, f"{value}% ({number(group.mean, lang)} {minutes})", 100.0, over=value > 100)

    def share(group: Group) -> Bar:
        return Bar(
            group.label,
            round(group.share_within * 100),
            f"{group.within}/{group.count} ({percent(group.share_within, lang)})",
            None,
            over=group.within < group.count,
        )

    charts = {
        "per_step": bar_chart(labels["per_step"], [timing(g) for g in report.steps]),
        "share_step": bar_chart(labels["share_step"], [share(g) for g in report.steps], scale_max=100),
        "per_person": bar_chart(labels["per_person"], [ratio(g) for g in report.people]),
        "per_bidang": bar_chart(
            labels["per_bidang"], [replace(ratio(g), label=bidang_name(g.label)) for g in report.bidang]
        ),
    }
    period = month_title(report.month, lang) if report.month else labels["all"]
    when = now.astimezone(ZoneInfo(sop.timezone)).strftime("%d-%m-%Y %H:%M %Z")
    rows, counts = published(records, receipts or {}, report, lang, head)
    coordinators = sop.holders("ketua_tim")
    coordinator = sop.people.get(coordinators[0]) if coordinators else None
    signed_on = format_date(now.astimezone(ZoneInfo(sop.timezone)).date(), lang)
    return TEMPLATES.get_template("laporan.html").render(
        report=report,
        sop=sop,
        labels=labels,
        period=period,
        language=lang,
        charts={key: Markup(svg) for key, svg in charts.items()},  # noqa: S704 - built by charts.py, every text escaped
        made=translated(lang, "Made by humas on {when} from the arsip branch.", when=when),
        published=rows,
        counts=counts,
        bidang_name=bidang_name,
        coordinator=coordinator,
        jabatan=translated(lang, "Humas Coordinator"),
        place=head.place or "…………………",
        signed_on=signed_on,
        number=lambda v: number(v, lang),
        percent=lambda v: percent(v, lang),
        extra=Markup(extra),  # noqa: S704 - rendered by pipeline.report.jangkauan from an autoescaping template
    )


def summary(report: Report, sop: Sop) -> str:
    period = month_title(report.month, sop.language) if report.month else translated(sop.language, "all time")
    return translated(
        sop.language,
        "{period}: {changes} merged change(s), {within}/{count} step(s) within the standard",
        period=period,
        changes=report.changes,
        within=report.overall.within,
        count=report.overall.count,
    )


def write_report(
    records: Sequence[RecordData],
    sop: Sop,
    *,
    month: str,
    out: Path,
    entries: Sequence[Entry] = (),
    now: datetime | None = None,
    first_commits: Mapping[str, datetime] | None = None,
    receipts: Receipts | None = None,
    letterhead: Letterhead | None = None,
    extra: str = "",
) -> Written:
    """laporan-<month>.html and .pdf, and the calendar kalender-<month>.html, in ``out``."""
    from weasyprint import HTML  # loads Pango (about a second): only when a report is written
    from weasyprint.urls import URLFetcher  # the same

    moment = now or datetime.now(UTC)
    report = build_report(
        records,
        month=month,
        timezone=sop.timezone,
        step_order=[s.id for s in sop.steps],
        first_commits=first_commits,
        receipts=receipts,
        steps_of_sop={s.id: (s.name, s.minutes) for s in sop.steps},
    )
    html = render_report(
        report, sop, now=moment, records=records, receipts=receipts, letterhead=letterhead, extra=extra
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
        stem = out / f"laporan-{month}"
        html_path, pdf_path = stem.with_suffix(".html"), stem.with_suffix(".pdf")
        calendar_path = out / f"kalender-{month}.html"
        html_path.write_text(html, encoding="utf-8")
        calendar_path.write_text(
            render_calendar(entries, month, sop, title=month_title(month, sop.language)), encoding="utf-8"
        )
        pdf_path.write_bytes(HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf())
    except OSError as error:
        raise ConfigError(
            _("--out {target}: cannot be written ({why})", target=out, why=error.strerror or type(error).__name__)
        ) from None
    return Written(html_path, pdf_path, calendar_path, report)
