"""Small SVG bar charts, written by hand: no JavaScript, nothing fetched; they print in the PDF as well.

Every text is escaped; bars carry a class (``within`` or ``over``) and a ``data-value`` so the charts
can be read back by tests and by people with a screen reader (each bar has a ``<title>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 640
LABEL = 170
ROW = 26
BAR = 16
VALUE = 120


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    """The value as a person reads it (``8,5 / 10 mnt``)."""
    standard: float | None = None
    over: bool = False


def bar_chart(title: str, bars: list[Bar], *, scale_max: float | None = None, unit: str = "") -> str:
    """Horizontal bars; a dashed mark at each bar's standard (its Mutu Baku) when it has one."""
    height = 28 + ROW * max(1, len(bars)) + 6
    plot = WIDTH - LABEL - VALUE
    top = max([scale_max or 0.0] + [b.value for b in bars] + [b.standard or 0.0 for b in bars]) or 1.0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">',
        f'<text class="title" x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = 28 + index * ROW
        length = max(1.0, plot * bar.value / top) if bar.value > 0 else 0.0
        kind = "over" if bar.over else "within"
        color = "#c0392b" if bar.over else "#2e7d32"
        out.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 3}" font-size="11" text-anchor="end">'
            f"{escape(_short(bar.label))}</text>"
        )
        out.append(
            f'<rect class="bar {kind}" data-label="{escape(bar.label)}" data-value="{bar.value:g}" '
            f'x="{LABEL}" y="{y}" width="{length:.1f}" height="{BAR}" fill="{color}">'
            f"<title>{escape(bar.label)}: {escape(bar.text)}</title></rect>"
        )
        if bar.standard is not None:
            x = LABEL + plot * bar.standard / top
            out.append(
                f'<line class="standard" data-value="{bar.standard:g}" x1="{x:.1f}" x2="{x:.1f}" '
                f'y1="{y - 3}" y2="{y + BAR + 3}" stroke="#000" stroke-width="2" stroke-dasharray="3,2"/>'
            )
        # the value in its own column: never beside the standard's mark (a 0% there read as the standard)
        out.append(
            f'<text class="value" x="{LABEL + plot + 6}" y="{y + BAR - 3}" font-size="11">{escape(bar.text)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
