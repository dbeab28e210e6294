"""The first keys: the founding act.

With ``signatures: ssh`` a review counts only when a key listed in sop.yml on main signed it, so the
first keys cannot come through the SOP: nobody could sign the change that adds them. The founding commit
is the trust root. ``humas init DIR --key PERSON=KEY`` writes the first keys into it; a repository whose
main lists no key at all gets them once with ``humas kunci awal PERSON=KEY ...``: one commit on main that
only adds ``signing_keys`` to sop.yml, recorded on arsip (``founding/act.json``: who ran it, when, which
keys). Afterwards keys change through the SOP only; a second founding act is refused.

The founding act is proved by git, not by the record's word (anyone with write access can write arsip):
``founding_act_why_not`` (in ``pipeline.archive.provenance``, which it is part of) checks that the commit's
parent listed no key at all and had a trusted sop.yml, that the commit changed sop.yml and nothing else,
that sop.yml differs only by the keys added, and that the record on arsip names this commit and exactly
these keys.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from ..git import MAIN, GitRepo
from ..messages import _
from ..problems import ConfigError, NotAcceptable
from ..sop.config import SOP_FILE, Sop, parse_sop
from ..sop.keys import key_id, with_signing_keys
from .mainline import MainBranch
from .provenance import FOUNDING_FILE, founding_act_why_not, has_no_key, read_act, require_provenance
from .store import BranchStore, StaleWrite

COMMAND = "humas kunci awal"


def parse_keys(sop: Sop, given: list[str] | tuple[str, ...], base: Path | None = None) -> dict[str, str]:
    """{person: public key line} from ``PERSON=PATH_OR_KEYLINE`` arguments (a path to a .pub file, or the
    key line itself); the person must be in sop.yml with an e-mail address (the git identity that signs)."""
    found: dict[str, str] = {}
    allowed = ", ".join(sorted(sop.people))
    for argument in given:
        person, sep, value = argument.partition("=")
        person, value = person.strip(), value.strip()
        if not sep or not person or not value:
            raise ConfigError(
                _(
                    "--key {argument!r}: write PERSON=PATH_OR_KEYLINE (e.g. reni=~/.ssh/id_ed25519.pub)",
                    argument=argument,
                )
            )
        if person not in sop.people:
            raise ConfigError(
                _("--key {person}: no such person in sop.yml (allowed: {allowed})", person=person, allowed=allowed)
            )
        if not sop.people[person].email:
            raise ConfigError(
                _("--key {person}: the person has no email in sop.yml (the git identity that signs)", person=person)
            )
        line = value
        if not key_id(value):
            path = Path(value).expanduser()
            if not path.is_absolute() and base is not None:
                path = base / path
            try:
                line = path.read_text(encoding="utf-8").strip().splitlines()[0] if path.is_file() else ""
            except (OSError, UnicodeDecodeError, IndexError):
                line = ""
        if not key_id(line):
            raise ConfigError(
                _(
                    "--key {person}: {value!r} is neither an OpenSSH public key line nor a file holding one "
                    "(allowed: the content of ~/.ssh/id_ed25519.pub, or its path)",
                    person=person,
                    value=value[:60],
                )
            )
        if person in found:
            raise ConfigError(_("--key {person}: given twice (one key per person here)", person=person))
        found[person] = " ".join(line.split()[:3])
    if not found:
        raise ConfigError(_("no key given (allowed: PERSON=PATH_OR_KEYLINE, one or more)"))
    return found


def sop_with_keys(sop_text: str, sop: Sop, keys: dict[str, str]) -> str:
    """sop.yml's text with each person's first key added (comments and layout kept), checked by parsing."""
    by_email = {str(sop.people[person].email).lower(): key for person, key in keys.items()}
    text = with_signing_keys(sop_text, by_email)
    written = parse_sop(text)
    for person, key in keys.items():
        if written.keys_of(person) != [key_id(key)]:
            raise ConfigError(
                _(
                    "could not write the key of {person} into sop.yml (write signing_keys under the person by hand)",
                    person=person,
                )
            )
    return text


def founding_act(repo: GitRepo, given: list[str] | tuple[str, ...], *, now: datetime | None = None) -> str:
    """Write the first keys in one commit on main and record it on arsip; returns the new commit."""
    main = MainBranch(repo).sha()
    sop = MainBranch(repo).sop(main)
    require_provenance(repo, main, sop)  # the rules of main (TrustedMain.rules)
    if not has_no_key(sop):
        act = read_act(BranchStore(repo).read(FOUNDING_FILE)) or {}
        done = str(act.get("commit") or "")
        if done and founding_act_why_not(repo, done) is None:
            raise NotAcceptable(
                _(
                    "the founding act was done already ({commit}, by {by}, {at}): keys now change through the "
                    "SOP (a branch that changes sop.yml, signed, then humas merge)",
                    commit=done[:7],
                    by=act.get("by"),
                    at=act.get("at"),
                )
            )
        raise NotAcceptable(
            _(
                "sop.yml on {main} lists keys already: the founding act is only for a repository with no key at "
                "all; keys now change through the SOP (a branch that changes sop.yml, signed, then humas merge)",
                main=MAIN,
            )
        )
    keys = parse_keys(sop, given, base=Path.cwd())
    raw = repo.show(main, SOP_FILE) or b""
    text = sop_with_keys(raw.decode("utf-8"), sop, keys)

    current = repo.current_branch()
    if current == MAIN and repo.run("status", "--porcelain", "--untracked-files=no").strip():
        raise NotAcceptable(_("{main} is checked out with uncommitted changes: commit or stash them first", main=MAIN))
    ident = repo.run("var", "GIT_COMMITTER_IDENT").strip()
    by = ident.rsplit(">", 1)[0] + ">" if ">" in ident else ident
    at = (now or datetime.now(UTC)).replace(microsecond=0)
    with tempfile.TemporaryDirectory(prefix="humas-index-") as scratch:
        env = {"GIT_INDEX_FILE": os.path.join(scratch, "index")}
        repo.run("read-tree", main, env=env)
        blob = repo.run("hash-object", "-w", "--stdin", input=text.encode()).strip()
        repo.run("update-index", "--cacheinfo", f"100644,{blob},{SOP_FILE}", env=env)
        tree = repo.run("write-tree", env=env).strip()
    message = "humas kunci awal: the first signing keys (founding act)\n\n" + "".join(
        f"Humas-Key: {person} {key_id(key)}\n" for person, key in sorted(keys.items())
    )
    commit = repo.run("commit-tree", tree, "-p", main, "-m", message).strip()
    store = BranchStore(repo)
    previous = store.blob(FOUNDING_FILE)
    record = {
        "act": "founding",
        "commit": commit,
        "parent": main,
        "by": by,
        "at": at.isoformat(),
        "keys": {person: [key] for person, key in sorted(keys.items())},
    }
    try:
        store.write(
            {FOUNDING_FILE: json.dumps(record, indent=2, ensure_ascii=False).encode() + b"\n"},
            f"founding act: first keys on {MAIN} as {commit[:7]}",
            expect={FOUNDING_FILE: previous},
        )
    except StaleWrite:
        raise NotAcceptable(_("another founding act was recorded at the same time: run humas status")) from None
    if not repo.ok("update-ref", f"refs/heads/{MAIN}", commit, main):
        raise NotAcceptable(
            _("{main} moved while writing the first keys: run {command} again", main=MAIN, command=COMMAND)
        )
    if current == MAIN:
        repo.run("read-tree", "-m", "-u", main, commit)
    return commit


def first_keys_guidance(sop: Sop) -> str:
    """What each person runs when sop.yml lists no key at all (no review can count until then)."""
    people = [p for p, person in sop.people.items() if person.email]
    lines = [
        _(
            "sop.yml on {main} lists no signing key yet, so no review can count. Write the first keys once, "
            "in one commit on {main} (the founding act):",
            main=MAIN,
        ),
        _("1. Each person makes a key and has git sign with it (on their own computer):"),
        "     ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519",
        "     git config --global gpg.format ssh",
        "     git config --global user.signingkey ~/.ssh/id_ed25519.pub",
        _("   then sends ~/.ssh/id_ed25519.pub (the public half, never the other file) as PERSON.pub:"),
        "     " + ", ".join(f"{p}.pub" for p in people),
        _("2. Whoever keeps {main} runs, once, in this repository:", main=MAIN),
        f"     {COMMAND} " + " ".join(f"{p}={p}.pub" for p in people),
        _("   (keys of people who are not ready yet are added later through the SOP, signed by the Direktur)"),
    ]
    return "\n".join(lines) + "\n"
