"""How long each step took against its Mutu Baku, from the archive's records: per step, per person, per
bidang, and the share within the standard. Pure: records in (as JSON data), numbers out.

A step's time is the record's ``elapsed_minutes`` (from the end of the previous step, or the change's
head commit for the first, to its last signature). A person's time on a step is from the step's start
to their own signature (a step of several bidang has one signer per bidang). The month of a record is
the month of its merge in the SOP's time zone.

Two steps have no signature and are measured from git and the receipts (:func:`work_measures`):
*Desain konten* from the change's first commit to the first signature on it (the local forge has no
"review requested" event: the first signature is when the drafting was done and seen), and *Unggah* from
the merge to the last receipt of a channel that was uploaded (a channel still waiting is not counted).
A bidang counts publications (merged changes), not the steps measured in them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean
from zoneinfo import ZoneInfo

from ..archive.models import Receipts, RecordData, moment


@dataclass(frozen=True)
class Measure:
    """One measured step of one record (or one person's signature on it)."""

    change: str
    step: str
    step_name: str
    who: str
    bidang: tuple[str, ...]
    minutes: int
    standard: int

    @property
    def within(self) -> bool:
        return self.minutes <= self.standard


@dataclass
class Group:
    """Measures of one step, person or bidang."""

    label: str
    standard: int | None = None
    """The Mutu Baku when every measure shares one (a step), else None."""
    minutes: list[int] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    """Each measure as a share of its own Mutu Baku (1.0 = exactly the standard)."""
    within: int = 0
    changes: set[str] = field(default_factory=set)
    """The merged changes measured in this group (a bidang counts these)."""

    @property
    def count(self) -> int:
        return len(self.minutes)

    @property
    def mean(self) -> float:
        return mean(self.minutes) if self.minutes else 0.0

    @property
    def longest(self) -> int:
        return max(self.minutes, default=0)

    @property
    def mean_ratio(self) -> float:
        return mean(self.ratios) if self.ratios else 0.0

    @property
    def share_within(self) -> float:
        return self.within / self.count if self.count else 0.0


@dataclass
class Report:
    month: str | None
    changes: int
    steps: list[Group]
    people: list[Group]
    bidang: list[Group]
    overall: Group
    revisions: dict[str, int] = field(default_factory=dict)
    """{change: rounds of changes requested before it was merged}."""


def month_of(record: RecordData, timezone: str) -> str | None:
    merged = moment(record.merged_at)
    return merged.astimezone(ZoneInfo(timezone)).strftime("%Y-%m") if merged else None


def measures(record: RecordData) -> tuple[list[Measure], list[Measure]]:
    """(one measure per signed step, one per signature) of a record; steps without times are left out."""
    by_step: list[Measure] = []
    by_person: list[Measure] = []
    bidang = tuple(record.bidang)
    for chain in record.chains:
        for step in chain.steps:
            standard, elapsed = step.minutes, step.elapsed_minutes
            if standard is None or standard <= 0:
                continue
            name = step.name or step.step
            if elapsed is not None:
                by_step.append(Measure(record.change, step.step, name, "", bidang, elapsed, standard))
            started = moment(step.started_at)
            for signature in step.signatures:
                signed = moment(signature.at)
                own = round((signed - started).total_seconds() / 60) if signed and started else elapsed
                if own is not None:
                    by_person.append(
                        Measure(record.change, step.step, name, signature.name, bidang, max(0, own), standard)
                    )
    return by_step, by_person


def _group(groups: dict[str, Group], label: str, measure: Measure, standard: int | None) -> None:
    group = groups.setdefault(label, Group(label, standard))
    if group.standard != standard:
        group.standard = None
    group.minutes.append(measure.minutes)
    group.ratios.append(measure.minutes / measure.standard)
    group.within += measure.within
    group.changes.add(measure.change)


def revision_rounds(record: RecordData) -> int:
    """How many times a change was sent back: its reviews that requested changes (signed or GitHub's)."""
    decisions = [r.decision for r in record.signed_reviews] + [r.decision for r in record.reviews]
    return sum(1 for decision in decisions if decision == "CHANGES_REQUESTED")


def work_measures(
    record: RecordData,
    *,
    first_commit: datetime | None,
    receipts: Receipts,
    steps: Mapping[str, tuple[str, int]],
) -> list[Measure]:
    """Desain and Unggah of one record (``steps``: {step id: (name, Mutu Baku minutes)} of sop.yml)."""
    found: list[Measure] = []
    bidang = tuple(record.bidang)
    signed = [
        at
        for chain in record.chains
        for step in chain.steps
        for signature in step.signatures
        if (at := moment(signature.at))
    ]
    if "desain" in steps and first_commit and signed and record.publications:
        name, standard = steps["desain"]
        minutes = max(0, round((min(signed) - first_commit).total_seconds() / 60))
        found.append(Measure(record.change, "desain", name, "", bidang, minutes, standard))
    merged = moment(record.merged_at)
    uploaded = [
        at
        for publication in record.publications
        for receipt in receipts.get(publication, {}).values()
        if receipt.state == "done" and not (receipt.post_id or "").startswith("outbox:") and (at := moment(receipt.at))
    ]
    if "unggah" in steps and merged and uploaded:
        name, standard = steps["unggah"]
        minutes = max(0, round((max(uploaded) - merged).total_seconds() / 60))
        found.append(Measure(record.change, "unggah", name, "", bidang, minutes, standard))
    return found


def build_report(
    records: Iterable[RecordData],
    *,
    month: str | None,
    timezone: str,
    step_order: list[str] | None = None,
    first_commits: Mapping[str, datetime] | None = None,
    receipts: Receipts | None = None,
    steps_of_sop: Mapping[str, tuple[str, int]] | None = None,
) -> Report:
    """The report of the records merged in ``month`` (``YYYY-MM``; None: every record).

    ``first_commits``: {merge commit: the change's first commit time}; ``receipts``: {publication:
    {channel: receipt}}; ``steps_of_sop``: {step id: (name, minutes)}: for Desain and Unggah."""
    steps: dict[str, Group] = {}
    people: dict[str, Group] = {}
    bidang: dict[str, Group] = {}
    overall = Group("")
    changes = 0
    ids: dict[str, str] = {}
    revisions: dict[str, int] = {}
    for record in records:
        if month is not None and month_of(record, timezone) != month:
            continue
        changes += 1
        by_step, by_person = measures(record)
        by_step += work_measures(
            record,
            first_commit=(first_commits or {}).get(record.merge_commit),
            receipts=receipts or {},
            steps=steps_of_sop or {},
        )
        if record.publications:
            revisions[record.change] = revision_rounds(record)
        for measure in by_step:
            ids[measure.step_name] = measure.step
            _group(steps, measure.step_name, measure, measure.standard)
            for name in measure.bidang:
                _group(bidang, name, measure, None)
            _group({"": overall}, "", measure, None)
        for measure in by_person:
            _group(people, measure.who, measure, None)
    order = {step: index for index, step in enumerate(step_order or [])}
    return Report(
        month=month,
        changes=changes,
        steps=sorted(steps.values(), key=lambda g: (order.get(ids.get(g.label, ""), len(order)), g.label)),
        people=sorted(people.values(), key=lambda g: g.label),
        bidang=sorted(bidang.values(), key=lambda g: g.label),
        overall=overall,
        revisions=revisions,
    )
