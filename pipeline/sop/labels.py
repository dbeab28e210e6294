"""The texts approvers read whose key comes from data: a step's status, a reason's code, a role, a decision.

Each text is an English literal passed through :func:`pipeline.messages.translated` (so ``make messages``
finds it and the Indonesian is in the catalogue); these functions only pick the one a key names. The
language is the one the reader reads in: sop.yml's for the checklist, the record's for a Lembar Pengesahan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..messages import _, translated, translated_in
from .result import ReasonCode


def _filled(template: str, fields: Mapping[str, Any]) -> str:
    """``template`` with ``fields`` filled in; as written when a field it names is missing."""
    try:
        return template.format(**fields)
    except (KeyError, IndexError):
        return template


def status_label(status: str, language: str) -> str:
    """A status (approved, pending, disapproved, error, skipped) as the checklist names it."""
    labels = {
        "approved": translated(language, "complete"),
        "pending": translated(language, "waiting"),
        "disapproved": translated(language, "changes requested"),
        "error": translated(language, "blocked"),
        "skipped": translated(language, "skipped"),
    }
    return labels.get(status, status)


def reason_label(code: ReasonCode, language: str, **fields: Any) -> str:
    """Why a node has its status, or why a review does not count (a reason's code), its ``{fields}`` filled in.

    Every code a checklist shows has a text; the others (``Node.unused``, eligibility's own) are words of
    ``humas review``'s refusals (:mod:`pipeline.sop.eligibility`)."""
    templates: dict[ReasonCode, str] = {
        ReasonCode.COMPLETE: translated(language, "every step is signed"),
        ReasonCode.CHAIN_COMPLETE: translated(language, "every step is signed"),
        ReasonCode.SIGNED: translated(language, "signed"),
        ReasonCode.WAITING: translated(language, "waiting for {step_name}"),
        ReasonCode.YOUR_TURN: translated(language, "waiting for {people}"),
        ReasonCode.WAITING_FOR_STEP: translated(language, "after {step_name}"),
        ReasonCode.CHANGES_REQUESTED: translated(language, "changes requested by {people}"),
        ReasonCode.NO_CHAIN: translated(language, "no approval chain covers {paths} (see chains in sop.yml)"),
        ReasonCode.EMPTY_CHANGE: translated(language, "the change changes no file"),
        ReasonCode.RALAT_MISSING: translated(
            language,
            "{publication} is already published: this change is a correction; write in its front-matter "
            "the field ralat with one short sentence of what was corrected",
        ),
        ReasonCode.RALAT_UNCHANGED: translated(
            language,
            "{publication} is already published: this change is a correction; its ralat note is the one of "
            "the previous correction: write in the field ralat what this change corrects",
        ),
        ReasonCode.NOTHING_TO_CORRECT: translated(
            language,
            "{publication} is not published yet: there is nothing to correct or withdraw; remove the field {field}",
        ),
        ReasonCode.CANNOT_EVALUATE: translated(language, "cannot be evaluated: {problems}"),
        ReasonCode.NO_BIDANG: translated(
            language, "the content names no bidang and role {role} is assigned per bidang"
        ),
        ReasonCode.NO_HOLDER: translated(language, "nobody holds role {role} for bidang {bidang} in sop.yml"),
        ReasonCode.NO_ELIGIBLE: translated(
            language,
            "no eligible signer for {role} ({bidang}): every holder authored the change or signed another step",
        ),
        ReasonCode.IGNORED_DELETED_USER: translated(language, "deleted account"),
        ReasonCode.IGNORED_UNVERIFIED: translated(language, "signature not valid: {why}"),
        ReasonCode.IGNORED_BOT: translated(language, "a bot cannot sign"),
        ReasonCode.IGNORED_UNKNOWN: translated(language, "{identity} is not in sop.yml"),
        ReasonCode.IGNORED_AUTHOR: translated(language, "an author of the change cannot sign"),
        ReasonCode.IGNORED_NO_ROLE: translated(language, "holds no role of this chain ({roles})"),
        ReasonCode.IGNORED_STALE: translated(
            language, "approved an older commit {commit_short}; the head is {head_short}"
        ),
        ReasonCode.IGNORED_PREMATURE: translated(language, "approved before {step_name} was complete; approve again"),
    }
    template = templates.get(code)
    return f"reason.{code}" if template is None else _filled(template, fields)


def refusal_label(code: ReasonCode, **fields: Any) -> str:
    """Why ``humas review`` refuses a review before it is recorded (in the command line's language)."""
    templates: dict[ReasonCode, str] = {
        ReasonCode.UNKNOWN_ROLE: _("unknown role {role!r} (allowed: {allowed})"),
        ReasonCode.IGNORED_UNKNOWN: _(
            "{identity} is not a person in sop.yml (add them under people: with this e-mail)"
        ),
        ReasonCode.IGNORED_AUTHOR: _("{name} authored a commit of this change and cannot sign it"),
        ReasonCode.ROLE_NOT_IN_CHANGE: _("role {role} signs no step of this change (roles of its chain: {roles})"),
        ReasonCode.IGNORED_NO_ROLE: (
            _("{name} does not hold role {role} for bidang {bidang} (holders: {holders})")
            if fields.get("per_bidang")
            else _("{name} does not hold role {role} (holders: {holders})")
        ),
        ReasonCode.SIGNED_OTHER_STEP: _(
            "{name} already signed step {step} of this change (each step needs a different person)"
        ),
        ReasonCode.ALREADY_SIGNED: _("{name} already signed step {step} on this commit"),
        ReasonCode.STEP_COMPLETE: _("step {step} is already complete"),
        ReasonCode.IGNORED_PREMATURE: _(
            "not yet: {step} can be signed only after {current} is complete; wait for {people}"
        ),
        ReasonCode.STEP_BLOCKED: _("step {step} cannot be signed: {why}"),
        ReasonCode.NOT_COUNTED: _("{name}'s approval would not count at step {step}"),
    }
    template = templates.get(code)
    return f"reason.{code}" if template is None else _filled(template, fields)


def role_label(role: str, language: str) -> str:
    """A role of the SOP with its holder's position, e.g. ``Verifikator (Kasubbag)``; an unknown role as is."""
    labels = {
        "pengarah": translated(language, "Director (pengarah)"),
        "penanggung_jawab": translated(language, "Vice Director (penanggung jawab)"),
        "pengendali": translated(language, "Publication controller (SPI)"),
        "verifikator": translated(language, "Verifier (Kasubbag)"),
        "ketua_tim": translated(language, "Team lead (Humas coordinator)"),
        "anggota": translated(language, "Member (Humas / IT team)"),
    }
    return labels.get(role, role)


def decision_label(decision: str, language: str) -> str:
    """A review's decision (APPROVED, CHANGES_REQUESTED, DISMISSED, COMMENTED) as the sheet prints it."""
    labels = {
        "APPROVED": translated(language, "approved"),
        # the decision, not the status: Indonesian words them apart
        "CHANGES_REQUESTED": translated_in("decision", language, "changes requested"),
        "DISMISSED": translated(language, "dismissed"),
        "COMMENTED": translated(language, "commented"),
    }
    return labels.get(decision, f"decision.{decision}")
