"""Renderings of the policy's result tree: the checklist (plain text for the terminal, Markdown for a
pull request) and the one-line status. They decide nothing; they only read the tree."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..messages import translated
from ..problems import Problem
from .config import Sop
from .evaluate import resolve_identity
from .facts import ActKind, ChangeFacts
from .labels import reason_label, role_label, status_label
from .result import Node, Reason, ReasonCode, Status

MARKS = {Status.APPROVED: "✔", Status.PENDING: "…", Status.DISAPPROVED: "✖", Status.ERROR: "✖", Status.SKIPPED: "·"}


def _names(sop: Sop, people: list[str]) -> str:
    return ", ".join(sop.people[p].name if p in sop.people else p for p in people)


ZWJ = "\u200d"
NOTE_LIMIT = 500
"""Characters of a reviewer's note shown in a pull request comment (the archive keeps all of it)."""


def inert(value: str, *, in_table: bool = False, limit: int = NOTE_LIMIT) -> str:
    """Text that came from a person or a change (a review's note, a file name) as Markdown that does nothing.

    One line, in a code span whose fence is longer than any run of backticks in the text, so that no
    Markdown, HTML, link, autolink, issue reference or @mention inside it acts on GitHub; every ``@`` is
    followed by a zero-width joiner as well, so that even a copy of the text mentions nobody. In a table
    cell ``|`` is escaped (GitHub splits cells before it reads code spans).
    """
    flat = " ".join(value.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    if not flat:
        return ""
    flat = flat.replace("@", "@" + ZWJ)
    if in_table:
        flat = flat.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    return f"{fence} {flat} {fence}"


def reason_text(reason: Reason, sop: Sop, *, markdown: bool = False) -> str:
    """The reason in the SOP's language; ``markdown``: what came from the change (paths, problems) inert."""
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
        if markdown and key in ("paths", "problems") and key in params:
            params[key] = inert(str(params[key]), in_table=True)
    if markdown and "identity" in params:
        params["identity"] = inert(str(params["identity"]), in_table=True)
    if reason.code is ReasonCode.WAITING and not params.get("step"):
        return translated(lang, "waiting")
    return reason_label(reason.code, lang, **params)


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
        return translated(language, "{m} min", m=minutes)
    if minutes < 24 * 60:
        return translated(language, "{h} h {m} min", h=minutes // 60, m=minutes % 60)
    return translated(language, "{d} d {h} h", d=minutes // (24 * 60), h=minutes % (24 * 60) // 60)


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
                timing = translated(
                    lang, "{elapsed} / {minutes} min", elapsed=duration(elapsed, lang), minutes=step.minutes
                )
                if elapsed > step.minutes:
                    timing += " ⚠ " + translated(lang, "over the standard")
                elif step.done_at is None:
                    timing += " (" + translated(lang, "running") + ")"
            who_md = ""
            if step.signatures:
                who = "; ".join(
                    f"{s.name}" + (f" [{', '.join(s.bidang)}]" if s.bidang else "") for s in step.signatures
                )
                when = ", ".join(format_time(s.at, sop) for s in step.signatures)
            elif step.status == Status.PENDING and step.waiting_for:
                who = translated(lang, "waiting: {people}", people=_names(sop, step.waiting_for))
                when = ""
            elif step.status == Status.ERROR:
                who = reason_text(step.reason, sop)
                who_md = reason_text(step.reason, sop, markdown=True)
                when = ""
            else:
                who = translated(lang, "not yet")
                when = ""
            role = role_label(step.role or "", lang)
            if step.bidang:
                role = translated(lang, "{role}, field {bidang}", role=role, bidang=", ".join(step.bidang))
            mark = MARKS[step.status]
            if step.status == Status.PENDING and step.started_at is None:
                mark = MARKS[Status.SKIPPED]
            rows.append(
                {
                    "chain": chain.name,
                    "mark": mark,
                    "status": step.status,
                    "step": config.name,
                    "step_id": config.id,
                    "role": role,
                    "who": who,
                    "when": when,
                    "timing": timing,
                    "who_md": who_md or _cell(who),
                }
            )
    return rows


def ignored_lines(result: Node, sop: Sop, *, markdown: bool = False) -> list[str]:
    lines: list[str] = []
    seen: set[str] = set()
    for node in result.walk():
        for item in node.ignored:
            if item.person in sop.people:
                who = sop.people[item.person].name
            else:
                who = inert(item.identity) if markdown else item.identity
            line = f"{who}: {reason_text(item.reason, sop, markdown=markdown)}"
            if line not in seen:
                seen.add(line)
                lines.append(line)
    return lines


def blocked_lines(result: Node, sop: Sop, *, markdown: bool = False) -> list[str]:
    """Who asked for changes, when, with their note (``markdown``: the note inert, see :func:`inert`)."""
    lines = []
    for chain in result.children:
        for signature in chain.blocked_by:
            message = inert(signature.message) if markdown else signature.message
            note = f": {message}" if message else ""
            lines.append(f"{signature.name} ({format_time(signature.at, sop)}){note}")
    return lines


def status_line(result: Node, sop: Sop, *, markdown: bool = False, whole: bool = False) -> str:
    """One line, under 140 characters (a GitHub commit status description); ``whole``: however long (the
    terminal's checklist, where a refusal names the field to write)."""
    lang = sop.language
    label = status_label(result.status.label, lang)
    detail = reason_text(result.reason, sop, markdown=markdown)
    if result.status == Status.PENDING:
        current = result.current_steps()
        people = sorted({p for step in current for p in step.waiting_for})
        line = detail + (f" ({_names(sop, people)})" if people else "")
    elif result.status in (Status.APPROVED, Status.DISAPPROVED):
        line = detail  # "every step is signed", "changes requested by …" say the status themselves
    else:
        line = f"{label}: {detail}" if detail != label else label
    if markdown or whole:
        return line
    return line if len(line) < 140 else line[:136] + "…"


def next_lines(result: Node, sop: Sop, *, change: str | None = None, gate: bool = False) -> list[str]:
    """What to do next, as sentences, beyond "step — who" of a pending step.

    After a request for changes: the author fixes and commits, every signature is asked for again.
    Once complete: ``humas merge CHANGE`` (local forge), or the gate merges by itself (``gate``). For a
    holder whose review does not count because they authored the change: who else holds the role.
    """
    lang = sop.language
    lines: list[str] = []
    if result.status == Status.DISAPPROVED:
        people = list(dict.fromkeys(s.person for chain in result.children for s in chain.blocked_by))
        first = next((chain for chain in result.children if chain.blocked_by), None)
        if first is not None and first.children:
            node = first.children[0]
            step = sop.step_by_id[node.step or ""]
            holders = sorted({h for b in (node.bidang or (None,)) for h in sop.holders(node.role or "", b)})
            lines.append(
                translated(
                    lang,
                    "fix what {people} asked for and commit to the same branch; then every step is signed again, "
                    "starting with {first} ({step_name})",
                    people=_names(sop, people),
                    first=_names(sop, holders),
                    step_name=step.name,
                )
            )
    elif result.status == Status.APPROVED:
        if gate:
            lines.append(translated(lang, "every step is signed; the gate merges this pull request automatically"))
        elif change:
            lines.append(
                translated(lang, "every step is signed; merge it into main: humas merge {change}", change=change)
            )
    authors = sorted(
        {
            item.person
            for node in result.walk()
            for item in node.ignored
            if item.person and item.reason.code is ReasonCode.IGNORED_AUTHOR
        }
    )
    for person in authors:
        lines.extend(_author_way_out(result, sop, person, set(authors)))
    return list(dict.fromkeys(lines))


def _author_way_out(result: Node, sop: Sop, person: str, authors: set[str]) -> list[str]:
    """For each step still to sign whose role ``person`` holds: the other holders who may sign it."""
    lang = sop.language
    lines = []
    signed_elsewhere = {s.person for step in result.steps() for s in step.signatures}
    for chain in result.children:
        for step in chain.children:
            role = step.role or ""
            needed: list[str | None] = list(step.bidang) or [None]
            if step.status == Status.APPROVED or not any(sop.holds(person, role, b) for b in needed):
                continue
            mine = [b for b in needed if sop.holds(person, role, b)]
            others = sorted(
                {
                    holder
                    for b in mine
                    for holder in sop.holders(role, b)
                    if holder != person and holder not in authors and holder not in signed_elsewhere
                }
            )
            name = sop.people[person].name if person in sop.people else person
            step_name = sop.step_by_id[step.step or ""].name
            if others:
                label = role_label(role, lang)
                where = [b for b in mine if b]
                if where:
                    label = translated(lang, "{role}, field {bidang}", role=label, bidang=", ".join(where))
                lines.append(
                    translated(
                        lang,
                        "{name} authored this change and cannot sign {step_name}: ask {others} ({role}) to sign",
                        name=name,
                        step_name=step_name,
                        others=_names(sop, others),
                        role=label,
                    )
                )
            else:
                where_text = (
                    translated(lang, " for bidang {bidang}", bidang=", ".join(b for b in mine if b))
                    if any(mine)
                    else ""
                )
                lines.append(
                    translated(
                        lang,
                        "{name} authored this change and cannot sign {step_name}, and nobody else holds role "
                        "{role_id}{where}: add someone in sop.yml (roles.{role_id}) through a change "
                        "the Direktur signs",
                        name=name,
                        step_name=step_name,
                        role_id=role,
                        where=where_text,
                    )
                )
    return lines


def refusal_way_out(sop: Sop, facts: ChangeFacts, result: Node, person: str) -> list[str]:
    """The way out for ``person`` refused because they authored the change: who else may sign each step
    whose role they hold (for a refusal message, beside the reason)."""
    authors = {p for identity in facts.authors if (p := resolve_identity(sop, identity, facts.identity_kind))}
    return _author_way_out(result, sop, person, authors | {person})


def fix_first_line(result: Node, sop: Sop) -> str:
    """The next step of a change whose content fails the check: fix it, before anyone is asked to sign."""
    lang = sop.language
    current = result.current_steps() if result.status == Status.PENDING else []
    if current:
        waiting = ", ".join(
            f"{sop.step_by_id[step.step or ''].name} — {_names(sop, step.waiting_for)}" for step in current
        )
        return translated(
            lang,
            "fix first: correct the content problems and commit to the same branch; once humas check passes, "
            "the signature is asked for: {waiting}",
            waiting=waiting,
        )
    return translated(
        lang, "fix first: correct the content problems and commit to the same branch; nobody signs before that"
    )


def render_text(
    result: Node,
    sop: Sop,
    *,
    change: str,
    head: str,
    now: datetime,
    next_command: str | None = None,
    problems: Sequence[Problem] = (),
) -> str:
    """The checklist for the terminal. ``problems``: what ``humas check`` finds in the change's drafts;
    with any, the next step is to fix them (no signature is asked for)."""
    lang = sop.language
    chain_label, next_label = translated(lang, "Chain"), translated(lang, "Next")
    out = [
        translated(lang, "Publication SOP checklist") + f" — {sop.institution}",
        translated(lang, "Change") + f": {change} ({head[:7]})",
        translated(lang, "Status") + f": {status_line(result, sop, whole=True)}",
    ]
    rows = step_rows(result, sop, now)
    widths = {key: max([len(r[key]) for r in rows] + [0]) for key in ("step", "role", "who", "when")}
    chain = None
    for row in rows:
        if row["chain"] != chain:
            chain = row["chain"]
            out.append("")
            out.append(f"{chain_label} {chain}")
        out.append(
            f"  {row['mark']} {row['step'].ljust(widths['step'])}  {row['role'].ljust(widths['role'])}  "
            f"{row['who'].ljust(widths['who'])}  {row['when'].ljust(widths['when'])}  {row['timing']}".rstrip()
        )
    blocked = blocked_lines(result, sop)
    if blocked:
        out.append("")
        out.append(translated(lang, "Changes requested") + ":")
        out.extend(f"  - {line}" for line in blocked)
    ignored = ignored_lines(result, sop)
    if ignored:
        out.append("")
        out.append(translated(lang, "Not counted") + ":")
        out.extend(f"  - {line}" for line in ignored)
    if problems:
        out.append("")
        out.append(translated(lang, "Content problems") + ":")
        out.extend(f"  - {problem}" for problem in problems)
        out.append("")
        out.append(f"{next_label}: {fix_first_line(result, sop)}")
        return "\n".join(out) + "\n"
    current = result.current_steps()
    if current and result.status == Status.PENDING:
        out.append("")
        for step in current:
            who = _names(sop, step.waiting_for)
            out.append(f"{next_label}: {sop.step_by_id[step.step or ''].name} — {who}")
            if next_command:
                out.append("  " + translated(lang, "command") + f": {next_command.format(role=step.role)}")
    more = next_lines(result, sop, change=change if next_command else None, gate=next_command is None)
    if more:
        if not (current and result.status == Status.PENDING):
            out.append("")
        out.extend(f"{next_label}: {line}" for line in more)
    return "\n".join(out) + "\n"


def render_markdown(
    result: Node, sop: Sop, *, now: datetime, mention: dict[str, str] | None = None, fix_first: bool = False
) -> str:
    """The checklist as a Markdown table (for a pull request comment). ``fix_first``: the content fails the
    check (the caller lists the problems): the next step is to fix them, and nobody is asked to sign."""
    lang = sop.language
    header = [
        translated(lang, "Step"),
        translated(lang, "Role"),
        translated(lang, "Signed by"),
        translated(lang, "Time"),
        translated(lang, "Elapsed / standard"),
    ]
    chain_label, next_label = translated(lang, "Chain"), translated(lang, "Next")
    out = [
        "**" + translated(lang, "Status") + f":** {MARKS[result.status]} {status_line(result, sop, markdown=True)}",
        "",
    ]
    for chain in result.children:
        rows = [row for row in step_rows(result, sop, now) if row["chain"] == chain.name]
        out.append(f"**{chain_label} {chain.name}**")
        out.append("")
        out.append("| " + " | ".join(["", *header]) + " |")
        out.append("|" + "---|" * (len(header) + 1))
        for row in rows:
            cells = [_cell(c) for c in (row["mark"], row["step"], row["role"])]
            cells += [row["who_md"], _cell(row["when"]), _cell(row["timing"])]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    blocked = blocked_lines(result, sop, markdown=True)
    if blocked:
        out.append("**" + translated(lang, "Changes requested") + ":**")
        out.extend(f"- {line}" for line in blocked)
        out.append("")
    ignored = ignored_lines(result, sop, markdown=True)
    if ignored:
        out.append("**" + translated(lang, "Not counted") + ":**")
        out.extend(f"- {line}" for line in ignored)
        out.append("")
    if fix_first:
        out.append(f"**{next_label}:** {_cell(fix_first_line(result, sop))}")
        return "\n".join(out).rstrip() + "\n"
    current = result.current_steps()
    if current and result.status == Status.PENDING:
        for step in current:
            people = [f"@{mention[p]}" if mention and p in mention else sop.people[p].name for p in step.waiting_for]
            out.append(f"**{next_label}:** {sop.step_by_id[step.step or ''].name} — {', '.join(people)}")
    # Once complete, the gate says itself that it merges (with the signatures in the commit message).
    more = [line for line in next_lines(result, sop, gate=True) if result.status != Status.APPROVED]
    if more:
        out.append("")
        out.extend(f"**{next_label}:** {_cell(line)}" for line in more)
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
        return translated(lang, "No open changes.") + "\n"
    width = max(len(branch) for branch, _ in rows)
    lines = [translated(lang, "Open changes: {count}", count=len(rows))]
    for branch, result in rows:
        line = f"  {MARKS[result.status]} {branch.ljust(width)}  {status_line(result, sop)}"
        late = [f"{sop.step_by_id[s].name} {e}/{m} mnt" for s, e, m in overdue(result, now) if sop.step_by_id.get(s)]
        if late:
            line += "  ⚠ " + translated(lang, "over the standard") + f": {', '.join(late)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def act_lines(changes: list[tuple[str, ChangeFacts]], sop: Sop) -> list[str]:
    """The corrections and withdrawals in progress: one line per open change and publication it corrects or
    withdraws (``humas status`` on main)."""
    lines = []
    for branch, facts in changes:
        for act in facts.acts:
            fields = {"publication": act.publication, "branch": branch}
            if act.kind is ActKind.CORRECTION:
                lines.append(translated(sop.language, "correction in progress: {publication} ({branch})", **fields))
            elif act.kind is ActKind.WITHDRAWAL:
                lines.append(translated(sop.language, "withdrawal in progress: {publication} ({branch})", **fields))
            elif act.kind is ActKind.URGENT_WITHDRAWAL:
                lines.append(
                    translated(sop.language, "urgent withdrawal in progress: {publication} ({branch})", **fields)
                )
    return lines
