"""sop.yml: who is who, which role each holds (per bidang where the SOP says so), the SOP's steps
with their Mutu Baku minutes, and which paths need which chain of steps.

Parsing is strict: an unknown key, a role naming an unknown person, a step naming an unknown role or
a chain naming an unknown step is an error that names the file, the line, the key and the allowed
values. Rules are always read from the trusted side (main); see ``pipeline.forge``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cached_property
from typing import Literal

import pathspec
from pydantic import Field, ValidationError, field_validator

from ..located_yaml import LocatedData, YamlProblem, load
from ..messages import _
from ..problems import ConfigError, Problem
from ..validation import StrictModel, problems_from
from .keys import key_id

SOP_FILE = "sop.yml"
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_-]*$")


class Person(StrictModel):
    name: str = Field(min_length=1)
    email: str | None = None
    github: str | None = None
    jabatan: str | None = None
    nip: str | None = None
    signing_keys: list[str] = Field(default_factory=list)
    """OpenSSH public keys whose signatures count as this person's (a list, for rotation)."""

    @field_validator("signing_keys")
    @classmethod
    def _keys(cls, value: list[str]) -> list[str]:
        for line in value:
            if not key_id(line):
                raise ValueError(
                    _(
                        "not an OpenSSH public key: {key!r} (allowed: one line such as 'ssh-ed25519 "
                        "AAAA… name@laptop', the content of ~/.ssh/id_ed25519.pub)",
                        key=line[:40],
                    )
                )
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", value):
            raise ValueError(_("not an e-mail address: {value!r} (allowed: name@domain)", value=value))
        return value.lower() if value else value


class RevokedKey(StrictModel):
    """A key that was stolen or lost: nothing it ever signed counts (see ``Sop.revoked``)."""

    key: str
    reason: str = ""
    date: dt.date | None = None


class Step(StrictModel):
    id: str
    role: str
    minutes: int = Field(gt=0)
    name: str
    review: bool = True


class Chain(StrictModel):
    name: str
    paths: list[str] = Field(min_length=1)
    steps: list[str] = Field(min_length=1)


class ActSteps(StrictModel):
    """``corrections:`` or ``withdrawals:``: the steps that sign a correction or a withdrawal."""

    steps: list[str] = Field(min_length=1)


class Emergency(StrictModel):
    """``emergency:``: who may withdraw a publication alone when the Direktur is absent (an urgent withdrawal,
    ``ditarik: {darurat: true}``), and the steps they sign; the ``withdrawals`` chain confirms it afterwards."""

    people: list[str] = Field(default_factory=list)
    """Person ids (default: the holders of role ``pengarah``)."""
    steps: list[str] = Field(default_factory=lambda: ["pengesahan"], min_length=1)


DEFAULT_WITHDRAWAL_STEPS = ("pengendalian", "pengesahan")
URGENT_ROLE_OF = "pengarah"
"""Whose holders may withdraw alone when ``emergency.people`` is not given."""


class SopInfo(StrictModel):
    number: str
    name: str


RoleHolders = list[str] | dict[str, list[str]]


class Sop(StrictModel):
    institution: str
    unit: str = "Humas"
    sop: SopInfo
    language: Literal["id", "en"] = "id"
    timezone: str = "Asia/Jakarta"
    site_url: str | None = None
    kota: str | None = None
    """Where the Direktur signs the Lembar Pengesahan (``Jakarta``); without it, the last part of mkdocs.yml's
    ``extra.address`` (its postcode left out)."""
    signatures: Literal["ssh", "unsigned"] = "ssh"
    """``ssh``: every review is signed with a key listed in ``people``; ``unsigned``: git identities are
    taken on trust (every checklist, Lembar Pengesahan and build says so)."""
    record_keys: list[str] = Field(default_factory=list)
    """Public keys of the protected publish job, which signs the record of each verified GitHub merge."""
    revoked_keys: list[RevokedKey] = Field(default_factory=list)
    """Stolen or lost keys (a public key line, or ``{key, reason, date}``), read from sop.yml on main as it
    is now: every review or record they signed stops counting, whenever it was signed. A key only removed
    from ``signing_keys`` (retired) keeps what it signed before its removal valid."""
    bidang: list[str] = Field(min_length=1)
    people: dict[str, Person]
    roles: dict[str, RoleHolders]
    steps: list[Step] = Field(min_length=1)
    chains: list[Chain] = Field(min_length=1)
    corrections: ActSteps | None = None
    """The steps of a correction (*ralat*); default: the publication's own chain."""
    withdrawals: ActSteps | None = None
    """The steps of a withdrawal (*penarikan*); default: pengendalian and pengesahan."""
    emergency: Emergency = Field(default_factory=Emergency)

    @field_validator("revoked_keys", mode="before")
    @classmethod
    def _revoked_lines(cls, value: object) -> object:
        """A bare public key line is ``{key: line}``."""
        if isinstance(value, list):
            return [{"key": item} if isinstance(item, str) else item for item in value]
        return value

    # --- lookups -------------------------------------------------------------------------------

    @cached_property
    def revoked(self) -> dict[str, RevokedKey]:
        """{key id (``type base64``): its revocation} of every key in ``revoked_keys``."""
        return {found: entry for entry in self.revoked_keys if (found := key_id(entry.key))}

    def live_record_keys(self) -> list[str]:
        """``record_keys`` less the revoked ones."""
        return [line for line in self.record_keys if key_id(line) not in self.revoked]

    @cached_property
    def step_by_id(self) -> dict[str, Step]:
        return {step.id: step for step in self.steps}

    def holders(self, role: str, bidang: str | None = None) -> list[str]:
        """Person ids holding ``role``; for a per-bidang role, those of ``bidang`` (all if None)."""
        value = self.roles.get(role, [])
        if isinstance(value, list):
            return list(value)
        if bidang is None:
            seen: dict[str, None] = {}
            for people in value.values():
                seen.update(dict.fromkeys(people))
            return list(seen)
        return list(value.get(bidang, []))

    def is_per_bidang(self, role: str) -> bool:
        return isinstance(self.roles.get(role), dict)

    def holds(self, person: str, role: str, bidang: str | None = None) -> bool:
        return person in self.holders(role, bidang)

    def keys_of(self, person: str) -> list[str]:
        found = self.people.get(person)
        keys = [key_id(line) for line in found.signing_keys] if found else []
        return [k for k in keys if k not in self.revoked]

    @cached_property
    def _by_email(self) -> dict[str, str]:
        return {p.email.lower(): pid for pid, p in self.people.items() if p.email}

    @cached_property
    def _by_github(self) -> dict[str, str]:
        return {p.github.lower(): pid for pid, p in self.people.items() if p.github}

    def person_by_email(self, email: str) -> str | None:
        return self._by_email.get(email.lower())

    def person_by_github(self, login: str) -> str | None:
        return self._by_github.get(login.lower())

    @cached_property
    def _specs(self) -> list[tuple[Chain, pathspec.PathSpec]]:
        return [(chain, pathspec.PathSpec.from_lines("gitignore", chain.paths)) for chain in self.chains]

    def chain_for(self, path: str) -> Chain | None:
        """The first chain, in sop.yml order, whose patterns match ``path``."""
        for chain, spec in self._specs:
            if spec.match_file(path):
                return chain
        return None

    # --- corrections and withdrawals (``pipeline.sop.evaluate`` picks the chain by the act) ----------------

    def correction_chain(self, own: Chain) -> Chain:
        steps = self.corrections.steps if self.corrections else own.steps
        return Chain(name="ralat", paths=own.paths, steps=list(steps))

    def withdrawal_chain(self, own: Chain) -> Chain:
        """``withdrawals`` of sop.yml; by default pengendalian and pengesahan (the publication's own chain when
        this sop.yml has no such steps)."""
        if self.withdrawals:
            steps = list(self.withdrawals.steps)
        elif all(step in self.step_by_id for step in DEFAULT_WITHDRAWAL_STEPS):
            steps = list(DEFAULT_WITHDRAWAL_STEPS)
        else:
            steps = list(own.steps)
        return Chain(name="penarikan", paths=own.paths, steps=steps)

    def emergency_chain(self, own: Chain) -> Chain:
        steps = [step for step in self.emergency.steps if step in self.step_by_id] or own.steps[-1:]
        return Chain(name="penarikan-darurat", paths=own.paths, steps=steps)

    def emergency_people(self) -> list[str]:
        return list(self.emergency.people) or self.holders(URGENT_ROLE_OF)

    def emergency_rules(self) -> Sop:
        """This sop.yml with the roles of the emergency steps held by the emergency people only (and for every
        bidang): the rules an urgent withdrawal is evaluated under."""
        people = self.emergency_people()
        roles = dict(self.roles)
        for step in self.emergency_chain(self.chains[0]).steps:
            roles[self.step_by_id[step].role] = list(people)
        return self.model_copy(update={"roles": roles})


def parse_sop(text: str, path: str = SOP_FILE) -> Sop:
    """Parse and cross-check sop.yml; raise ConfigError listing every problem."""
    problems: list[Problem] = []
    try:
        located = load(text)
    except YamlProblem as problem:
        raise ConfigError(
            _("{path} is not valid", path=path), [Problem(path, problem.line, "", problem.message)]
        ) from None
    if not isinstance(located.data, dict):
        raise ConfigError(
            _("{path} is not valid", path=path),
            [Problem(path, 1, "", _("expected a mapping of settings (see `humas init`)"))],
        )
    try:
        sop = Sop.model_validate(located.data)
    except ValidationError as error:
        problems = problems_from(error, Sop, path, located)
        raise ConfigError(_("{path} is not valid", path=path), problems) from None
    problems = cross_check(sop, path, located)
    if problems:
        raise ConfigError(_("{path} is not valid", path=path), problems)
    return sop


Add = Callable[[tuple[str | int, ...], str, str], None]


def cross_check(sop: Sop, path: str, located: LocatedData) -> list[Problem]:
    """What the schema cannot see: names, keys, and the references between people, roles, steps and chains."""
    problems: list[Problem] = []

    def add(loc: tuple[str | int, ...], field: str, message: str) -> None:
        problems.append(Problem(path, located.line_of(loc), field, message))

    for check in (_check_names, _check_keys, _check_roles, _check_steps, _check_chains, _check_acts):
        check(sop, add)
    return problems


def _check_names(sop: Sop, add: Add) -> None:
    for pid in sop.people:
        if not IDENTIFIER.match(pid):
            add(("people", pid), f"people.{pid}", _("a person id must be lower-case letters, digits, - or _"))
    for index, name in enumerate(sop.bidang):
        if not IDENTIFIER.match(name):
            add(("bidang", index), f"bidang[{index}]", _("a bidang must be lower-case letters, digits, - or _"))


def _check_keys(sop: Sop, add: Add) -> None:
    for index, line in enumerate(sop.record_keys):
        if not key_id(line):
            add(
                ("record_keys", index),
                f"record_keys[{index}]",
                _("not an OpenSSH public key (allowed: one line such as 'ssh-ed25519 AAAA… humas-publish')"),
            )
    for index, entry in enumerate(sop.revoked_keys):
        if not key_id(entry.key):
            add(
                ("revoked_keys", index),
                f"revoked_keys[{index}].key",
                _("not an OpenSSH public key (allowed: one line such as 'ssh-ed25519 AAAA… reni@laptop')"),
            )


def _check_roles(sop: Sop, add: Add) -> None:
    people = sorted(sop.people)
    for role, value in sop.roles.items():
        groups = value.items() if isinstance(value, dict) else [(None, value)]
        for bidang, members in groups:
            where: tuple[str | int, ...] = ("roles", role) if bidang is None else ("roles", role, bidang)
            field = ".".join(str(part) for part in where)
            if bidang is not None and bidang not in sop.bidang:
                add(
                    where,
                    field,
                    _("unknown bidang {bidang!r} (allowed: {allowed})", bidang=bidang, allowed=", ".join(sop.bidang)),
                )
            if not members:
                add(where, field, _("names nobody (list at least one person id)"))
            for index, member in enumerate(members):
                if member not in sop.people:
                    add(
                        (*where, index),
                        f"{field}[{index}]",
                        _("unknown person {person!r} (allowed: {allowed})", person=member, allowed=", ".join(people)),
                    )


def _check_steps(sop: Sop, add: Add) -> None:
    step_ids = [step.id for step in sop.steps]
    for index, step in enumerate(sop.steps):
        if step.role not in sop.roles:
            add(
                ("steps", index, "role"),
                f"steps[{index}].role",
                _("unknown role {role!r} (allowed: {allowed})", role=step.role, allowed=", ".join(sop.roles)),
            )
        if step_ids.count(step.id) > 1:
            add(("steps", index, "id"), f"steps[{index}].id", _("step {step!r} is defined twice", step=step.id))


def _check_chains(sop: Sop, add: Add) -> None:
    step_ids = [step.id for step in sop.steps]
    for index, chain in enumerate(sop.chains):
        for position, step_id in enumerate(chain.steps):
            if step_id not in step_ids:
                add(
                    ("chains", index, "steps", position),
                    f"chains[{index}].steps[{position}]",
                    _("unknown step {step!r} (allowed: {allowed})", step=step_id, allowed=", ".join(step_ids)),
                )
            elif not sop.step_by_id[step_id].review:
                add(
                    ("chains", index, "steps", position),
                    f"chains[{index}].steps[{position}]",
                    _("step {step!r} is not a review step (review: false)", step=step_id),
                )
        if len(set(chain.steps)) != len(chain.steps):
            add(("chains", index, "steps"), f"chains[{index}].steps", _("a step is listed twice"))


def _check_acts(sop: Sop, add: Add) -> None:
    """The steps of ``corrections``, ``withdrawals`` and ``emergency`` are review steps; its people exist."""
    step_ids = [step.id for step in sop.steps]
    for key, steps in (
        ("corrections", sop.corrections.steps if sop.corrections else []),
        ("withdrawals", sop.withdrawals.steps if sop.withdrawals else []),
        ("emergency", sop.emergency.steps if "emergency" in sop.model_fields_set else []),
    ):
        for position, step_id in enumerate(steps):
            if step_id not in step_ids:
                add(
                    (key, "steps", position),
                    f"{key}.steps[{position}]",
                    _("unknown step {step!r} (allowed: {allowed})", step=step_id, allowed=", ".join(step_ids)),
                )
            elif not sop.step_by_id[step_id].review:
                add(
                    (key, "steps", position),
                    f"{key}.steps[{position}]",
                    _("step {step!r} is not a review step (review: false)", step=step_id),
                )
    people = sorted(sop.people)
    for index, member in enumerate(sop.emergency.people):
        if member not in sop.people:
            add(
                ("emergency", "people", index),
                f"emergency.people[{index}]",
                _("unknown person {person!r} (allowed: {allowed})", person=member, allowed=", ".join(people)),
            )
