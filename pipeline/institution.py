"""Who the new repository is for: ``humas init``'s answers (a short YAML file, flags, or questions on a
terminal), and the skeleton's files rewritten for that institution.

The skeleton (sop.yml, mkdocs.yml, CODEOWNERS at the top of this repository) is the product's example
institution; ``humas init --example`` copies it as it is. Otherwise every value that
names the example institution is replaced by the answers: its name, unit, SOP number and name, address,
site address, people and who holds each role. An answers file::

    institution: Politeknik Contoh Nusantara
    unit: Humas                      # optional (default Humas)
    sop: {number: "SOP/HMS/01/2026", name: Publikasi melalui Website dan Media Sosial}
    address: Jl. Merdeka No. 1, Kota Contoh 12345
    site_url: https://humas.contoh.ac.id/
    kota: Kota Contoh                # optional: where the Direktur signs
    language: id                     # optional: id (default) or en
    bidang: [akademik, umum]         # optional (default akademik, umum, kemahasiswaan)
    people:
      direktur: {name: "Dr. Nama Direktur", jabatan: Direktur, email: direktur@contoh.ac.id, nip: "1970…"}
      …
    roles:
      pengarah: [direktur]
      penanggung_jawab: {akademik: [wadir1], umum: [wadir2]}
      …
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import skeleton as files
from .messages import _
from .problems import ConfigError, Problem
from .skeleton_id import SOP_COMMENTS
from .sop.config import parse_sop

ROLES = ("pengarah", "penanggung_jawab", "pengendali", "verifikator", "ketua_tim", "anggota")
PER_BIDANG = ("penanggung_jawab", "verifikator")
ROLE_LABELS = {
    "pengarah": "Direktur",
    "penanggung_jawab": "Wakil Direktur",
    "pengendali": "Pengendali Publikasi (SPI)",
    "verifikator": "Kasubbag",
    "ketua_tim": "Koordinator Humas",
    "anggota": "Tim Humas / Tim IT",
}
DEFAULT_BIDANG = ["akademik", "umum", "kemahasiswaan"]
DEFAULT_SOP_NAME = "Publikasi melalui Website dan Media Sosial"
KEYS = ("institution", "unit", "sop", "address", "site_url", "kota", "language", "bidang", "people", "roles")
PERSON_KEYS = ("name", "jabatan", "email", "nip", "github")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass
class Answers:
    institution: str = ""
    unit: str = "Humas"
    sop_number: str = ""
    sop_name: str = DEFAULT_SOP_NAME
    address: str = ""
    site_url: str = ""
    kota: str = ""
    language: str = "id"
    bidang: list[str] = field(default_factory=lambda: list(DEFAULT_BIDANG))
    people: dict[str, dict[str, str]] = field(default_factory=dict)
    roles: dict[str, Any] = field(default_factory=dict)

    def missing(self) -> list[str]:
        wanted = {
            "institution": self.institution,
            "sop.number": self.sop_number,
            "address": self.address,
            "site_url": self.site_url,
            "people": self.people,
            "roles": self.roles,
        }
        return [name for name, value in wanted.items() if not value]


def _text(value: object) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


Found = tuple[str, str]
"""A problem found in the answers before its file is known: (where, what)."""


def read_answers(path: Path) -> Answers:
    """The answers file; ConfigError listing every problem (``path: field: what``)."""
    data = _load_answers(path)
    answers = Answers()
    found = [
        *_unknown_keys(data, KEYS, ""),
        *_read_texts(data, answers),
        *_read_sop(data, answers),
        *_read_bidang(data, answers),
        *_read_people(data, answers),
        *_read_roles(data, answers),
    ]
    if found:
        raise ConfigError(
            _("{path} is not valid", path=path), [Problem(str(path), 0, where, what) for where, what in found]
        )
    return answers


def _load_answers(path: Path) -> dict[Any, Any]:
    """The answers file's mapping; ConfigError when it cannot be read, is no YAML or no mapping."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(_("cannot read {path}: {why}", path=path, why=error.strerror or error)) from None
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", -1) + 1
        raise ConfigError(
            _("{path} is not valid", path=path), [Problem(str(path), line, "", str(getattr(error, "problem", "")))]
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(_("{path} is not valid", path=path), [Problem(str(path), 1, "", _("expected a mapping"))])
    return data


def _unknown_keys(data: Mapping[Any, Any], allowed: tuple[str, ...], prefix: str) -> list[Found]:
    return [
        (f"{prefix}{key}", _("unknown setting (allowed: {allowed})", allowed=", ".join(allowed)))
        for key in data
        if key not in allowed
    ]


def _read_texts(data: Mapping[Any, Any], answers: Answers) -> list[Found]:
    for key in ("institution", "unit", "address", "site_url", "kota", "language"):
        if key in data:
            setattr(answers, key, _text(data[key]))
    return []


def _read_sop(data: Mapping[Any, Any], answers: Answers) -> list[Found]:
    sop = data.get("sop") or {}
    if not isinstance(sop, dict):
        return [("sop", _("expected {number: …, name: …}"))]
    answers.sop_number = _text(sop.get("number"))
    answers.sop_name = _text(sop.get("name")) or DEFAULT_SOP_NAME
    return []


def _read_bidang(data: Mapping[Any, Any], answers: Answers) -> list[Found]:
    if "bidang" not in data:
        return []
    bidang = data["bidang"]
    if not isinstance(bidang, list) or not bidang or not all(isinstance(b, str) for b in bidang):
        return [("bidang", _("expected a list of names, e.g. [akademik, umum]"))]
    answers.bidang = [b.strip() for b in bidang]
    return []


def _read_people(data: Mapping[Any, Any], answers: Answers) -> list[Found]:
    people = data.get("people") or {}
    if not isinstance(people, dict):
        return [("people", _("expected a mapping of person id to {name: …, email: …}"))]
    found: list[Found] = []
    for pid, entry in people.items():
        if not isinstance(entry, dict):
            found.append((f"people.{pid}", _("expected {name: …, email: …}")))
            continue
        found += _unknown_keys(entry, PERSON_KEYS, f"people.{pid}.")
        answers.people[str(pid)] = {k: _text(v) for k, v in entry.items() if k in PERSON_KEYS and _text(v)}
    return found


def _read_roles(data: Mapping[Any, Any], answers: Answers) -> list[Found]:
    roles = data.get("roles") or {}
    if not isinstance(roles, dict):
        return [("roles", _("expected a mapping of role to people"))]
    answers.roles = dict(roles)
    return []


def check_answers(answers: Answers, source: str) -> None:
    """Every problem of the answers at once (ConfigError), before anything is written."""
    found = [
        *((name, _("required")) for name in answers.missing()),
        *_check_site(answers),
        *_check_bidang(answers),
        *_check_people(answers),
        *_check_roles(answers),
    ]
    if found:
        raise ConfigError(
            _("the answers for humas init are not complete"), [Problem(source, 0, where, what) for where, what in found]
        )


def _check_site(answers: Answers) -> list[Found]:
    found: list[Found] = []
    if answers.site_url and not re.match(r"^https?://[^\s/]+", answers.site_url):
        found.append(("site_url", _("not an address (allowed: https://…)")))
    if answers.language not in ("id", "en"):
        found.append(("language", _("{value!r} is unknown (allowed: id, en)", value=answers.language)))
    return found


def _check_bidang(answers: Answers) -> list[Found]:
    return [
        ("bidang", _("{value!r}: a bidang must be lower-case letters, digits, - or _", value=name))
        for name in answers.bidang
        if not IDENTIFIER.match(name)
    ]


def _check_people(answers: Answers) -> list[Found]:
    found: list[Found] = []
    for pid, entry in answers.people.items():
        if not IDENTIFIER.match(pid):
            found.append((f"people.{pid}", _("a person id must be lower-case letters, digits, - or _")))
        if not entry.get("name"):
            found.append((f"people.{pid}.name", _("required")))
        found += _check_email(f"people.{pid}.email", entry.get("email", ""))
    return found


def _check_email(where: str, email: str) -> list[Found]:
    if not email:
        return [(where, _("required (the git identity, and where reminders are sent)"))]
    if not EMAIL.match(email):
        return [(where, _("not an e-mail address: {value!r} (allowed: name@domain)", value=email))]
    return []


def _check_roles(answers: Answers) -> list[Found]:
    found: list[Found] = []
    for role in ROLES:
        holders = answers.roles.get(role)
        if not holders:
            found.append((f"roles.{role}", _("required")))
            continue
        groups = holders.items() if isinstance(holders, dict) else [(None, holders)]
        for bidang, members in groups:
            found += _check_holders(answers, f"roles.{role}" + (f".{bidang}" if bidang else ""), bidang, members)
    found += [
        (f"roles.{role}", _("unknown role (allowed: {allowed})", allowed=", ".join(ROLES)))
        for role in answers.roles
        if role not in ROLES
    ]
    return found


def _check_holders(answers: Answers, where: str, bidang: object, members: object) -> list[Found]:
    """One role's holders (of one bidang when `bidang` is not None): known bidang, a list of known people."""
    found: list[Found] = []
    if bidang is not None and bidang not in answers.bidang:
        found.append(
            (
                where,
                _("unknown bidang {bidang!r} (allowed: {allowed})", bidang=bidang, allowed=", ".join(answers.bidang)),
            )
        )
    if not isinstance(members, list) or not members:
        return [*found, (where, _("expected a list of person ids, e.g. [direktur]"))]
    return found + [(where, _("{person!r} is not under people", person=m)) for m in members if m not in answers.people]


def ask(answers: Answers, prompt: Callable[..., str]) -> Answers:
    """Questions on a terminal for what is still missing (``prompt`` is click.prompt)."""
    if not answers.institution:
        answers.institution = prompt(_("Name of the institution"))
    if not answers.sop_number:
        answers.sop_number = prompt(_("Number of the SOP"))
    answers.sop_name = prompt(_("Name of the SOP"), default=answers.sop_name)
    answers.unit = prompt(_("Unit that runs the SOP"), default=answers.unit)
    if not answers.address:
        answers.address = prompt(_("Address (the website's footer)"))
    if not answers.site_url:
        answers.site_url = prompt(_("Address of the website (https://…)"))
    if not answers.people or not answers.roles:
        by_email: dict[str, str] = {}

        def person(label: str) -> str:
            name = prompt(_("Name of the {label}", label=label))
            email = prompt(_("E-mail of {name}", name=name)).strip().lower()
            if email in by_email:
                return by_email[email]
            pid = re.sub(r"[^a-z0-9_-]+", "_", email.split("@")[0]).strip("_-") or "orang"
            if not pid[0].isalpha():
                pid = "p" + pid
            while pid in answers.people:
                pid += "_"
            answers.people[pid] = {"name": name, "email": email}
            by_email[email] = pid
            return pid

        for role in ROLES:
            label = ROLE_LABELS[role]
            if role in PER_BIDANG:
                answers.roles[role] = {b: [person(f"{label} ({b})")] for b in answers.bidang}
            else:
                answers.roles[role] = [person(label)]
    return answers


# --- the skeleton's files, for this institution --------------------------------------------------


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def translate_comments(text: str, table: Mapping[str, str]) -> str:
    """Each block of full-line comments replaced by its entry in ``table`` (kept when it has none)."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.lstrip().startswith("#"):
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        block = []
        while i < len(lines) and lines[i].startswith(indent + "#"):
            block.append(lines[i][len(indent) + 1 :].removeprefix(" "))
            i += 1
        translated = table.get("\n".join(block))
        for entry in translated.split("\n") if translated is not None else block:
            out.append(f"{indent}# {entry}".rstrip())
    return "\n".join(out) + "\n"


def _replace_block(lines: list[str], start: str, new: list[str]) -> list[str]:
    """``lines`` with the block that starts at the line ``start`` (up to the next blank line) replaced."""
    first = lines.index(start)
    end = first
    while end < len(lines) and lines[end].strip():
        end += 1
    return lines[:first] + new + lines[end:]


def render_sop(skeleton: str, answers: Answers) -> str:
    text = translate_comments(skeleton, SOP_COMMENTS) if answers.language == "id" else skeleton
    lines = text.splitlines()
    values = {
        "institution:": f"institution: {_q(answers.institution)}",
        "unit:": f"unit: {_q(answers.unit)}",
        "  number:": f"  number: {_q(answers.sop_number)}",
        "  name:": f"  name: {_q(answers.sop_name)}",
        "language:": f"language: {answers.language}",
        "site_url:": f"site_url: {answers.site_url}",
        "bidang:": f"bidang: [{', '.join(answers.bidang)}]",
    }
    seen: set[str] = set()
    for index, line in enumerate(lines):
        for prefix, value in values.items():
            if line.startswith(prefix) and prefix not in seen:
                lines[index] = value
                seen.add(prefix)
        if answers.kota and line.startswith("# kota:"):
            lines[index] = f"kota: {_q(answers.kota)}"
        if index == 0:
            lines[0] = re.sub(r'"[^"]*"', _q(answers.sop_name).replace("\\", "\\\\"), line, count=1)
    people = ["people:"]
    for pid, entry in answers.people.items():
        fields = [f"name: {_q(entry['name'])}"]
        fields += [f"{key}: {_q(entry[key])}" for key in ("jabatan", "nip", "github") if entry.get(key)]
        fields.append(f"email: {entry['email'].lower()}")
        people.append(f"  {pid}: {{{', '.join(fields)}}}")
    lines = _replace_block(lines, "people:", people)
    roles = ["roles:"]
    for role in ROLES:
        holders = answers.roles[role]
        label = f"# {ROLE_LABELS[role]}"
        if isinstance(holders, dict):
            roles.append(f"  {role}:".ljust(43) + label)
            roles += [f"    {b}: [{', '.join(members)}]" for b, members in holders.items()]
        else:
            roles.append(f"  {role}: [{', '.join(holders)}]".ljust(43) + label)
    lines = _replace_block(lines, "roles:", roles)
    return "\n".join(lines) + "\n"


def render_mkdocs(skeleton: str, answers: Answers) -> str:
    out = []
    skipping = False
    for line in skeleton.splitlines():
        if skipping:
            if line.startswith("      ") or line.startswith("    - "):
                continue
            skipping = False
        if line.startswith("site_name:"):
            line = f"site_name: {_q(answers.institution)}"
        elif line.startswith("site_description:"):
            line = f"site_description: {_q(f'Berita dan publikasi resmi {answers.institution}')}"
        elif line.startswith("copyright:"):
            line = f"copyright: {_q(f'Hak cipta &copy; {answers.institution}')}"
        elif line.startswith("  address:"):
            line = f"  address: {_q(answers.address)}"
        elif line.startswith("  social:"):
            out.append("  social: []")
            out.append(
                "  #  - {icon: fontawesome/brands/instagram, link: https://www.instagram.com/AKUN/, name: Instagram}"
            )
            skipping = True
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def render_codeowners(skeleton: str, answers: Answers) -> str:
    """The Direktur's and the Koordinator's GitHub logins where the example's are; a line whose owner has
    no ``github`` login stays as a comment until one is set."""
    example = parse_sop(files.read("sop.yml").decode("utf-8"))
    owners = []
    for role in ("pengarah", "ketua_tim"):
        theirs = example.people[example.holders(role)[0]].github or ""
        owners.append((f"@{theirs}", answers.people[answers.roles[role][0]].get("github", "")))
    out = []
    for line in skeleton.splitlines():
        if line.startswith("# Replace "):
            line = "# The owners are the GitHub logins of the Direktur and the Koordinator Humas, as in sop.yml."
        for example_login, login in owners:
            example_login_re = re.escape(example_login) + r"(?![\w-])"
            if not re.search(example_login_re, line):
                continue
            if login:
                line = re.sub(example_login_re, f"@{login}", line)
            else:
                line = "# " + re.sub(example_login_re, "@GITHUB-LOGIN", line)
        out.append(line)
    return "\n".join(out) + "\n"


def render_pyproject(skeleton: str, answers: Answers) -> str:
    return re.sub(
        r'^description = ".*"$',
        lambda _m: f"description = {_q(f'The publication SOP of {answers.institution} as a Git pipeline.')}",
        skeleton,
        count=1,
        flags=re.MULTILINE,
    )
