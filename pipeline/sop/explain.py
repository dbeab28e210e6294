"""Renderings of the policy's result tree: the checklist (plain text for the terminal, Markdown for a
pull request) and the one-line status. They decide nothing; they only read the tree."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import role_label, text
from .config import Sop
from .result import Node, Reason, Status

MARKS = {Status.APPROVED: "✔", Status.PENDING: "…", Status.DISAPPROVED: "✖", Status.ERROR: "✖",
         Status.SKIPPED: "·"}


def _names(sop: Sop, people: list[str]) -> str:
    return ", ".join(sop.people[p].name if p in sop.people else p for p in people)


def reason_text(reason: Reason, sop: Sop) -> str:
    lang = sop.language
    params: dict[str, Any] = dict(reason.params)
    if "people" in params:
        params["people"] = _names(sop, params["people"])
    if "step" in params and params["step"]:
        step = sop.step_by_id.get(params["step"])
        params["step_name"] = step.name if step else params["step"]
    for key in ("commit", "head"):
        if key in params:
            params[f"{key}_short"] = str(params[key])[:7]
    for key in ("paths", "bidang", "roles", "problems"):
        if isinstance(params.get(key), list):
            params[key] = ", ".join(str(v) for v in params[key])
    if reason.code == "waiting" and not params.get("step"):
        return text("status.pending", lang)
    return text(f"reason.{reason.code}", lang, **params)


def format_time(moment: datetime | None, sop: Sop) -> str:
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(sop.timezone)).strftime("%d-%m-%Y %H:%M")


def elapsed_minutes(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds() / 60))


def duration(minutes: int, language: str) -> str:
    """Minutes as a person reads them: 8 mnt, 2 jam 5 mnt, 3 hari 4 jam."""
    if minutes < 60:
        return text("duration.minutes", language, m=minutes)
    if minutes < 24 * 60:
        return text("duration.hours", language, h=minutes // 60, m=minutes % 60)
    return text("duration.days", language, d=minutes // (24 * 60), h=minutes % (24 * 60) // 60)


def step_rows(result: Node, sop: Sop, now: datetime) -> list[dict[str, Any]]:
    """One row per step of every chain: the data both renderings print."""
    lang = sop.language
    rows = []
    for chain in result.children:
        for step in chain.children:
            config = sop.step_by_id[step.step or ""]
            end = step.done_at or (now if step.started_at else None)
            elapsed = elapsed_minutes(step.started_at, end)
            timing = ""
            if elapsed is not None and step.minutes:
                timing = text("checklist.minutes", lang, elapsed=duration(elapsed, lang), minutes=step.minutes)
                if elapsed > step.minutes:
                    timing += " ⚠ " + text("checklist.overdue", lang)
                elif step.done_at is None:
                    timing += " (" + text("checklist.running", lang) + ")"
            if step.signatures:
                who = "; ".join(
                    f"{s.name}" + (f" [{', '.join(s.bidang)}]" if s.bidang else "") for s in step.signatures)
                when = ", ".join(format_time(s.at, sop) for s in step.signatures)
            elif step.status == Status.PENDING and step.waiting_for:
                who = text("checklist.waiting_on", lang, people=_names(sop, step.waiting_for))
                when = ""
            elif step.status == Status.ERROR:
                who = reason_text(step.reason, sop)
                when = ""
            else:
                who = text("checklist.not_yet", lang)
                when = ""
            role = role_label(step.role or "", lang)
            if step.bidang:
                role += f" ({', '.join(step.bidang)})"
            mark = MARKS[step.status]
            if step.status == Status.PENDING and step.started_at is None:
                mark = MARKS[Status.SKIPPED]
            rows.append({
                "chain": chain.name, "mark": mark, "status": step.status, "step": config.name,
                "step_id": config.id, "role": role, "who": who, "when": when, "timing": timing,
            })
    return rows


def ignored_lines(result: Node, sop: Sop) -> list[str]:
    lines: list[str] = []
    seen: set[str] = set()
    for node in result.walk():
        for item in node.ignored:
            who = sop.people[item.person].name if item.person in sop.people else item.identity
            line = f"{who}: {reason_text(item.reason, sop)}"
            if line not in seen:
                seen.add(line)
                lines.append(line)
    return lines


def blocked_lines(result: Node, sop: Sop) -> list[str]:
    lines = []
    for chain in result.children:
        for signature in chain.blocked_by:
            note = f": {signature.message}" if signature.message else ""
            lines.append(f"{signature.name} ({format_time(signature.at, sop)}){note}")
    return lines


def status_line(result: Node, sop: Sop) -> str:
    """One line, under 140 characters (a GitHub commit status description)."""
    lang = sop.language
    label = text(f"status.{result.status.label}", lang)
    detail = reason_text(result.reason, sop)
    if result.status == Status.PENDING:
        current = result.current_steps()
        people = sorted({p for step in current for p in step.waiting_for})
        line = detail + (f" ({_names(sop, people)})" if people else "")
    else:
        line = f"{label}: {detail}" if detail != label else label
    return line if len(line) < 140 else line[:136] + "…"


def render_text(result: Node, sop: Sop, *, change: str, head: str, now: datetime,
                next_command: str | None = None) -> str:
    lang = sop.language
    out = [
        f"{text('checklist.title', lang)} — {sop.institution}",
        f"{text('checklist.change', lang)}: {change} ({head[:7]})",
        f"{text('checklist.status', lang)}: {status_line(result, sop)}",
    ]
    rows = step_rows(result, sop, now)
    widths = {key: max([len(r[key]) for r in rows] + [0]) for key in ("step", "role", "who", "when")}
    chain = None
    for row in rows:
        if row["chain"] != chain:
            chain = row["chain"]
            out.append("")
            out.append(f"{text('checklist.chain', lang)} {chain}")
        out.append(
            f"  {row['mark']} {row['step'].ljust(widths['step'])}  {row['role'].ljust(widths['role'])}  "
            f"{row['who'].ljust(widths['who'])}  {row['when'].ljust(widths['when'])}  {row['timing']}".rstrip())
    blocked = blocked_lines(result, sop)
    if blocked:
        out.append("")
        out.append(f"{text('checklist.blocked', lang)}:")
        out.extend(f"  - {line}" for line in blocked)
    ignored = ignored_lines(result, sop)
    if ignored:
        out.append("")
        out.append(f"{text('checklist.ignored', lang)}:")
        out.extend(f"  - {line}" for line in ignored)
    current = result.current_steps()
    if current and result.status == Status.PENDING:
        out.append("")
        for step in current:
            who = _names(sop, step.waiting_for)
            out.append(f"{text('checklist.next', lang)}: {sop.step_by_id[step.step or ''].name} — {who}")
            if next_command:
                out.append(f"  {text('checklist.command', lang)}: {next_command.format(role=step.role)}")
    return "\n".join(out) + "\n"


def render_markdown(result: Node, sop: Sop, *, now: datetime, mention: dict[str, str] | None = None) -> str:
    """The checklist as a Markdown table (for a pull request comment)."""
    lang = sop.language
    header = [text(f"checklist.{key}", lang) for key in ("step", "role", "signer", "time", "elapsed")]
    out = [f"**{text('checklist.status', lang)}:** {MARKS[result.status]} {status_line(result, sop)}", ""]
    for chain in result.children:
        rows = [row for row in step_rows(result, sop, now) if row["chain"] == chain.name]
        out.append(f"**{text('checklist.chain', lang)} {chain.name}**")
        out.append("")
        out.append("| " + " | ".join(["", *header]) + " |")
        out.append("|" + "---|" * (len(header) + 1))
        for row in rows:
            cells = [row["mark"], row["step"], row["role"], row["who"], row["when"], row["timing"]]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out.append("")
    blocked = blocked_lines(result, sop)
    if blocked:
        out.append(f"**{text('checklist.blocked', lang)}:**")
        out.extend(f"- {_cell(line)}" for line in blocked)
        out.append("")
    ignored = ignored_lines(result, sop)
    if ignored:
        out.append(f"**{text('checklist.ignored', lang)}:**")
        out.extend(f"- {_cell(line)}" for line in ignored)
        out.append("")
    current = result.current_steps()
    if current and result.status == Status.PENDING:
        for step in current:
            people = [f"@{mention[p]}" if mention and p in mention else sop.people[p].name
                      for p in step.waiting_for]
            out.append(f"**{text('checklist.next', lang)}:** {sop.step_by_id[step.step or ''].name} — "
                       f"{', '.join(people)}")
    return "\n".join(out).rstrip() + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def overdue(result: Node, now: datetime) -> list[tuple[str, int, int]]:
    """(step, elapsed minutes, Mutu Baku minutes) of every step over its time standard."""
    found = []
    for step in result.steps():
        end = step.done_at or (now if step.started_at else None)
        elapsed = elapsed_minutes(step.started_at, end)
        if elapsed is not None and step.minutes and elapsed > step.minutes:
            found.append((step.step or "", elapsed, step.minutes))
    return found


def render_overview(rows: list[tuple[str, Node]], sop: Sop, *, now: datetime) -> str:
    """One line per open change: its status and, as a reminder, the steps over their Mutu Baku."""
    lang = sop.language
    if not rows:
        return text("overview.none", lang) + "\n"
    width = max(len(branch) for branch, _ in rows)
    lines = [text("overview.title", lang, count=len(rows))]
    for branch, result in rows:
        line = f"  {MARKS[result.status]} {branch.ljust(width)}  {status_line(result, sop)}"
        late = [f"{sop.step_by_id[s].name} {e}/{m} mnt" for s, e, m in overdue(result, now)
                if sop.step_by_id.get(s)]
        if late:
            line += f"  ⚠ {text('checklist.overdue', lang)}: {', '.join(late)}"
        lines.append(line)
    return "\n".join(lines) + "\n"
