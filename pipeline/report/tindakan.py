"""The corrections and withdrawals of a month for the Mutu Baku report: each act with its signatures, an
urgent withdrawal named as such with whether the withdrawal chain confirmed it. Read from the publications'
``Life`` (main's verified records, ``pipeline.archive.life``), never from what ``arsip`` says by itself."""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from ..archive.lembar import LifeAct, act_label, life_acts
from ..archive.models import RecordData
from ..content.life import Life
from ..messages import translated
from .calendar import TEMPLATES


def acts_of_month(
    lives: Mapping[str, Life], records: Mapping[str, RecordData], *, month: str, timezone: str, language: str
) -> list[LifeAct]:
    """The corrections and withdrawals whose merge falls in ``month`` (YYYY-MM in the SOP's time zone)."""
    zone = ZoneInfo(timezone)
    return [act for act in life_acts(lives, records, language) if act.at.astimezone(zone).strftime("%Y-%m") == month]


def render_acts(acts: list[LifeAct], *, timezone: str, language: str) -> str:
    """The report's section (HTML, escaped), or nothing when the month had none."""
    if not acts:
        return ""
    zone = ZoneInfo(timezone)
    rows = [
        {
            "label": act_label(act, language),
            "publication": act.publication,
            "text": act.text,
            "time": act.at.astimezone(zone).strftime("%d-%m-%Y %H:%M %Z"),
            "signers": "; ".join(s.name for s in act.signers),
        }
        for act in acts
    ]
    labels = {
        "title": translated(language, "Corrections and withdrawals"),
        "act": translated(language, "Act"),
        "publication": translated(language, "Publication"),
        "note": translated(language, "Note"),
        "signed_by": translated(language, "Signed by"),
        "time": translated(language, "Time"),
    }
    return TEMPLATES.get_template("tindakan.html").render(rows=rows, labels=labels)
