"""OpenSSH public key lines, as sop.yml lists them (pure: parsing only)."""

from __future__ import annotations

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
    import base64
    import binascii

    try:
        base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        return ""
    return f"{parts[0]} {parts[1]}"
