"""OpenSSH public key lines, as sop.yml lists them (pure: parsing, and writing them into sop.yml's text)."""

from __future__ import annotations

import base64
import binascii
import re

KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)


def key_id(line: str) -> str:
    """``type base64`` of an OpenSSH public key line (its comment dropped); '' if it is not one."""
    parts = line.strip().removeprefix("key::").split()
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        return ""
    try:
        base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        return ""
    return f"{parts[0]} {parts[1]}"


def with_signing_keys(sop_text: str, keys: dict[str, str]) -> str:
    """sop.yml's text with ``signing_keys`` added to the people whose e-mail is a key of ``keys``
    ({e-mail: public key line}), comments and layout kept (for the demo, new installations and the founding
    act)."""
    lines = sop_text.splitlines()
    out: list[str] = []
    for line in lines:
        match = re.search(r"\bemail: ([^,}\s]+)", line)
        key = keys.get(match.group(1).lower()) if match else None
        if key and line.rstrip().endswith("}"):
            out.append(line.rstrip()[:-1].rstrip() + f', signing_keys: ["{key}"]}}')
        elif key:
            out.append(line)
            out.append(" " * (len(line) - len(line.lstrip())) + f'signing_keys: ["{key}"]')
        else:
            out.append(line)
    return "\n".join(out) + "\n"
