"""One redaction for every output path: secrets never appear in a message, a log, a comment or the archive.

A secret is the value of an environment variable whose name says it is one (``…TOKEN``, ``…SECRET``,
``…PASSWORD``, ``…_KEY``: GitHub's token, the channels' credentials, ``HUMAS_RECORD_KEY``) and any value a
caller names (a token held in memory, an upload URL). Values shorter than six characters are left
alone: they cannot be told from ordinary words. A multi-line secret (a private key) is masked whole and line
by line, each line from eight characters.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

MASK = "***"
LINE = 8
"""A line of a multi-line secret (a private key's last base64 line may be short) is masked from this length."""
SECRET_NAMES = ("TOKEN", "SECRET", "PASSWORD", "_KEY")


def secrets_of(env: Mapping[str, str]) -> list[str]:
    return [value for name, value in env.items() if name.upper().endswith(SECRET_NAMES) and len(value) >= 6]


def redact(text: str, extra: Iterable[str | None] = (), env: Mapping[str, str] | None = None) -> str:
    values = [*secrets_of(os.environ if env is None else env), *(v for v in extra if v and len(v) >= 6)]
    for value in sorted(set(values), key=len, reverse=True):  # longest first: no partial masks
        if value in text:
            text = text.replace(value, MASK)
        for line in value.splitlines():  # a multi-line secret (a private key) line by line too, from 8 characters
            line = line.strip()
            if len(line) >= LINE and line in text:
                text = text.replace(line, MASK)
    return text
