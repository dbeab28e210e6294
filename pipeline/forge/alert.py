"""One GitHub issue that says when a channel needs a person (``humas channels doctor --github-issue``).

The scheduled doctor keeps at most one open issue labelled ``humas-channels``: opened when the doctor
finds something a person must do (a wrong credential, a token that ends within a week), updated with
the latest report on every later run, closed once every channel is well again. It uses the workflow's
``GITHUB_TOKEN`` (permission ``issues: write``) through humas's one GitHub client (``forge.github.GitHub``: its
retry policy, its redaction); the report never holds a credential.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..messages import LANGUAGES, translated
from ..messages import language as current_language
from ..problems import ConfigError
from .github import GitHub, GitHubRefused, GitHubUnavailable

LABEL = "humas-channels"


def _body(intro: str, report: str) -> str:
    fence = "````"
    return f"{intro}\n\n{fence}\n{report}\n{fence}\n"


def sync_issue(report: str, code: int, env: Mapping[str, str], language: str | None = None) -> str:
    """Open, update or close the one issue; what was done, in one line.

    Written in ``HUMAS_LANGUAGE`` when ``env`` sets it (as every message), else in ``language`` (sop.yml's), else
    in the current language."""
    language = env.get("HUMAS_LANGUAGE") if env.get("HUMAS_LANGUAGE") in LANGUAGES else language or current_language()
    token, repository = env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY")
    if not token or not repository:
        raise ConfigError(
            translated(language, "--github-issue needs GITHUB_TOKEN and GITHUB_REPOSITORY (a GitHub Actions run)")
        )
    title = translated(language, "humas: a social channel needs a person")
    intro = translated(
        language, "The scheduled `humas channels doctor` found a channel that needs a person. The latest report:"
    )
    github = GitHub((env.get("GITHUB_API_URL") or "https://api.github.com"), token, repository)
    try:
        return _sync(github, report, code, language, title, intro)
    except GitHubRefused as error:
        raise ConfigError(
            translated(
                language,
                "could not write the GitHub issue: HTTP {status} (the workflow needs permissions: issues: write)",
                status=error.status,
            )
        ) from None
    except GitHubUnavailable as error:
        raise ConfigError(
            translated(language, "could not reach GitHub to write the issue ({kind})", kind=error.message)
        ) from None


def _sync(github: GitHub, report: str, code: int, language: str | None, title: str, intro: str) -> str:
    repo = github.repo
    open_issues = github.call("reading the open issues", lambda: list(repo.get_issues(state="open", labels=[LABEL])))
    current = open_issues[0] if open_issues else None
    if code == 0:
        if current is None:
            return translated(language, "github issue: none open, none needed")
        resolved = translated(
            language, "Every channel is well again according to the scheduled check. The latest report:"
        )
        github.call(
            "closing the issue", lambda: current.edit(body=_body(resolved, report), state="closed"), retry=False
        )
        return translated(language, "github issue: #{number} closed", number=current.number)
    if current is None:
        created = github.call(
            "opening the issue",
            lambda: repo.create_issue(title=title, body=_body(intro, report), labels=[LABEL]),
            retry=False,  # a create is never sent twice blindly: the next scheduled run finds it
        )
        return translated(language, "github issue: #{number} opened", number=created.number)
    github.call("updating the issue", lambda: current.edit(title=title, body=_body(intro, report)))
    return translated(language, "github issue: #{number} updated", number=current.number)
