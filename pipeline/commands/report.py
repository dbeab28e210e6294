"""``humas lembar`` and ``humas laporan``: the papers of the SOP's people, declared in
``pipeline.report.commands``."""

from __future__ import annotations

from ..report.commands import jangkauan, laporan, lembar

COMMANDS = {"lembar": lembar, "laporan": laporan, "jangkauan": jangkauan}
