"""What the channels say to the people who publish, in Bahasa Indonesia (default) or English."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "outbox.waiting": {"id": "menunggu unggah manual: {package}", "en": "waiting for a manual upload: {package}"},
    "outbox.recorded": {
        "id": "tercatat: {publication} → {channel}: {url}",
        "en": "recorded: {publication} → {channel}: {url}",
    },
    "outbox.no_entry": {
        "id": "{publication} → {channel}: tidak ada paket outbox yang menunggu unggah (jalankan humas publish dulu)",
        "en": "{publication} → {channel}: no outbox package waits for an upload (run humas publish first)",
    },
    "outbox.already": {
        "id": "{publication} → {channel}: sudah tercatat sebagai {url}",
        "en": "{publication} → {channel}: already recorded as {url}",
    },
    "outbox.bad_url": {
        "id": "URL: {url!r} bukan alamat unggahan {channel} (yang diizinkan: https://{hosts}/…)",
        "en": "URL: {url!r} is not a {channel} post address (allowed: https://{hosts}/…)",
    },
    "outbox.bad_channel": {
        "id": "CHANNEL: {channel!r} tidak dikenal (yang diizinkan: {allowed})",
        "en": "CHANNEL: {channel!r} is unknown (allowed: {allowed})",
    },
    "outbox.not_approved": {
        "id": "PUBLICATION: {publication!r} bukan publikasi yang disetujui (yang disetujui: {allowed})",
        "en": "PUBLICATION: {publication!r} is not an approved publication (approved: {allowed})",
    },
}


def say(key: str, language: str, **params: Any) -> str:
    entry = TEXTS[key]
    return (entry.get(language) or entry["id"]).format(**params)
