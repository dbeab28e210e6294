"""The Lembar Pengesahan (approval sheet) of a record, as Markdown and as printable HTML."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape

from ..i18n import role_label, text

LABELS = {
    "id": {
        "title": "LEMBAR PENGESAHAN", "sop_number": "Nomor SOP", "sop_name": "Nama SOP", "content": "Judul konten",
        "bidang": "Bidang", "change": "Perubahan", "merge": "Commit penggabungan", "head": "Commit yang disahkan",
        "merged_at": "Digabungkan", "no": "No.", "step": "Tahap", "role": "Peran", "name": "Nama",
        "jabatan": "Jabatan", "decision": "Keputusan", "time": "Waktu", "commit": "Commit", "elapsed": "Durasi",
        "standard": "Mutu Baku", "files": "Berkas dan sidik (SHA-256)", "file": "Berkas", "size": "Ukuran",
        "minutes": "menit", "archive": "Disimpan sebagai arsip aktif", "receipts": "Bukti unggah (tahap 7)",
        "publication": "Publikasi", "channel": "Kanal", "state": "Status", "post_id": "ID unggahan",
    },
    "en": {
        "title": "APPROVAL SHEET", "sop_number": "SOP number", "sop_name": "SOP name", "content": "Content title",
        "bidang": "Field (bidang)", "change": "Change", "merge": "Merge commit", "head": "Approved commit",
        "merged_at": "Merged", "no": "No.", "step": "Step", "role": "Role", "name": "Name",
        "jabatan": "Position", "decision": "Decision", "time": "Time", "commit": "Commit", "elapsed": "Elapsed",
        "standard": "Standard", "files": "Files and fingerprints (SHA-256)", "file": "File", "size": "Size",
        "minutes": "min", "archive": "Kept as an active archive", "receipts": "Upload receipts (step 7)",
        "publication": "Publication", "channel": "Channel", "state": "State", "post_id": "Post id",
    },
}

_ENV = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


def _cell(value: object) -> str:
    """A Markdown table cell that shows the text as written: no HTML, no column break, one line."""
    text = str(value)
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("\n", " ")):
        text = text.replace(raw, safe)
    return text


_ENV.filters["cell"] = _cell


def _time(value: str | None, timezone: str = "Asia/Jakarta") -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(ZoneInfo(timezone)).strftime("%d-%m-%Y %H:%M %Z")


def sheet(record: dict[str, Any], receipts: dict[str, dict[str, dict[str, Any]]] | None = None) -> dict[str, Any]:
    """The rows of the sheet, already in the record's language."""
    language = record.get("language", "id")
    rows = []
    for chain in record["chains"]:
        for step in chain["steps"]:
            for signature in step["signatures"]:
                rows.append({
                    "chain": chain["name"], "step": step["name"], "role": role_label(step["role"], language),
                    "name": signature["name"], "jabatan": signature.get("jabatan") or "",
                    "nip": signature.get("nip") or "",
                    "decision": text(f"decision.{signature['decision']}", language),
                    "time": _time(signature["at"]), "commit": signature["commit"][:12],
                    "elapsed": step.get("elapsed_minutes"), "standard": step.get("minutes"),
                    "bidang": ", ".join(signature.get("bidang") or []),
                })
    uploads = []
    for publication, channels in sorted((receipts or {}).items()):
        for channel, entry in sorted(channels.items()):
            uploads.append({
                "publication": publication, "channel": channel, "state": entry.get("state", ""),
                "post_id": entry.get("post_id") or "", "url": entry.get("url") or "",
                "time": _time(entry.get("at") or entry.get("failed_at")),
                "error": (entry.get("error") or {}).get("message", ""),
            })
    return {"record": record, "labels": LABELS.get(language, LABELS["id"]), "rows": rows, "uploads": uploads,
            "merged_at": _time(record["merged_at"]), "language": language}


def render_markdown(record: dict[str, Any], receipts: dict[str, dict[str, dict[str, Any]]] | None = None) -> str:
    return _ENV.get_template("lembar-pengesahan.md.j2").render(**sheet(record, receipts))


def render_html(record: dict[str, Any], receipts: dict[str, dict[str, dict[str, Any]]] | None = None) -> str:
    return _ENV.get_template("lembar-pengesahan.html").render(**sheet(record, receipts))
