"""One GitHub issue that says when a channel needs a person (``humas channels doctor --github-issue``).

The scheduled doctor keeps at most one open issue labelled ``humas-channels``: opened when the doctor
finds something a person must do (a wrong credential, a token that ends within a week), updated with
the latest report on every later run, closed once every channel is well again. It uses the workflow's
``GITHUB_TOKEN`` (permission ``issues: write``) through PyGithub; the report never holds a credential.
"""

from __future__ import annotations

from collections.abc import Mapping

import requests
from github import Auth, Github, GithubException

from ..problems import ConfigError

LABEL = "humas-channels"
TEXTS = {
    "id": {
        "title": "humas: kanal media sosial perlu tindakan",
        "intro": "Pemeriksaan terjadwal `humas channels doctor` menemukan kanal yang memerlukan tindakan petugas. "
        "Laporan terbaru:",
        "resolved": "Semua kanal kembali baik menurut pemeriksaan terjadwal. Laporan terbaru:",
    },
    "en": {
        "title": "humas: a social channel needs a person",
        "intro": "The scheduled `humas channels doctor` found a channel that needs a person. The latest report:",
        "resolved": "Every channel is well again according to the scheduled check. The latest report:",
    },
}


def _body(intro: str, report: str) -> str:
    fence = "````"
    return f"{intro}\n\n{fence}\n{report}\n{fence}\n"


def sync_issue(report: str, code: int, env: Mapping[str, str], language: str = "id") -> str:
    """Open, update or close the one issue; what was done, in one line."""
    token, repository = env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY")
    if not token or not repository:
        raise ConfigError("--github-issue needs GITHUB_TOKEN and GITHUB_REPOSITORY (a GitHub Actions run)")
    texts = TEXTS.get(language, TEXTS["id"])
    gh = Github(
        base_url=(env.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
        auth=Auth.Token(token),
        retry=None,
        lazy=True,
        timeout=30,
    )
    try:
        repo = gh.get_repo(repository)
        open_issues = list(repo.get_issues(state="open", labels=[LABEL]))
        current = open_issues[0] if open_issues else None
        if code == 0:
            if current is None:
                return "github issue: none open, none needed"
            current.edit(body=_body(texts["resolved"], report), state="closed")
            return f"github issue: #{current.number} closed"
        if current is None:
            created = repo.create_issue(title=texts["title"], body=_body(texts["intro"], report), labels=[LABEL])
            return f"github issue: #{created.number} opened"
        current.edit(title=texts["title"], body=_body(texts["intro"], report))
        return f"github issue: #{current.number} updated"
    except GithubException as error:
        raise ConfigError(
            f"could not write the GitHub issue: HTTP {error.status} (the workflow needs permissions: issues: write)"
        ) from None
    except requests.RequestException as error:
        raise ConfigError(f"could not reach GitHub to write the issue ({type(error).__name__})") from None
