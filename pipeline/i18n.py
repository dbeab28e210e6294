"""The texts approvers read whose key comes from data: a step's status, a reason's code, a role, a decision.

Each text is an English literal passed through :func:`pipeline.messages.translated` (so ``make messages``
finds it and the Indonesian is in the catalogue); these functions only pick the one a key names. The
language is the one the reader reads in: sop.yml's for the checklist, the record's for a Lembar Pengesahan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .messages import translated, translated_in


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


def reason_label(code: str, language: str, **fields: Any) -> str:
    """Why a node has its status (a reason's code), its ``{fields}`` filled in."""
    templates = {
        "complete": translated(language, "every step is signed"),
        "chain_complete": translated(language, "every step is signed"),
        "signed": translated(language, "signed"),
        "waiting": translated(language, "waiting for {step_name}"),
        "your_turn": translated(language, "waiting for {people}"),
        "waiting_for_step": translated(language, "after {step_name}"),
        "changes_requested": translated(language, "changes requested by {people}"),
        "no_chain": translated(language, "no approval chain covers {paths} (see chains in sop.yml)"),
        "empty_change": translated(language, "the change changes no file"),
        "cannot_evaluate": translated(language, "cannot be evaluated: {problems}"),
        "no_bidang": translated(language, "the content names no bidang and role {role} is assigned per bidang"),
        "no_holder": translated(language, "nobody holds role {role} for bidang {bidang} in sop.yml"),
        "no_eligible": translated(
            language,
            "no eligible signer for {role} ({bidang}): every holder authored the change or signed another step",
        ),
        "ignored_deleted_user": translated(language, "deleted account"),
        "ignored_unverified": translated(language, "signature not valid: {why}"),
        "ignored_bot": translated(language, "a bot cannot sign"),
        "ignored_unknown": translated(language, "{identity} is not in sop.yml"),
        "ignored_author": translated(language, "an author of the change cannot sign"),
        "ignored_no_role": translated(language, "holds no role of this chain ({roles})"),
        "ignored_stale": translated(language, "approved an older commit {commit_short}; the head is {head_short}"),
        "ignored_premature": translated(language, "approved before {step_name} was complete; approve again"),
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
