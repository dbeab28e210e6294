"""One redaction for every output path (``pipeline/redact.py``): deploy's private key included."""

from __future__ import annotations

import pytest

from pipeline.redact import redact

KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACBvXh1rR6vZx\n"
    "AAAEC9rkQ=\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)


@pytest.mark.parametrize(
    "text,expected",
    [
        (f"ssh said: {KEY}", "ssh said: ***"),
        ("load key: b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", "load key: ***"),
        ("line: QyNTUxOQAAACBvXh1rR6vZx", "line: ***"),
        ("tail: AAAEC9rkQ= (a short last line)", "tail: *** (a short last line)"),  # 10 characters
        ("nothing secret here", "nothing secret here"),
    ],
)
def test_a_multi_line_secret_is_masked_whole_and_line_by_line(text: str, expected: str) -> None:
    assert redact(text, [KEY], env={}) == expected


def test_a_secret_of_the_environment_is_masked_and_short_values_are_not() -> None:
    env = {"HUMAS_TIKTOK_TOKEN": "act.secret-token-123", "HUMAS_X_KEY": "abc"}
    assert redact("token act.secret-token-123, key abc", env=env) == "token ***, key abc"
