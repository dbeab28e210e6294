"""Problems are data; errors are one tree.

Every validator returns a list of :class:`Problem` and never raises for bad input. A problem prints as
``path:line: field: what is wrong (what is allowed)``, the form compilers use, so editors and CI logs
link straight to the spot.

Every error humas raises for a person derives from :class:`HumasError`; the command line prints its
one line (through ``pipeline.redact``) and exits with its code, never with a traceback::

    HumasError                      exit_code, retryable, message, problems
    ├── ConfigError (2)             sop.yml, mkdocs.yml, the repository, the environment
    │   ├── SigningNotConfigured    no SSH signing key for git (pipeline.signing)
    │   └── SiteError               the website cannot be built (pipeline.site.model)
    ├── NotAcceptable (1)           the content or the approval chain does not allow it
    │   └── HostileTree             a git tree holds a path that could write outside its folder (pipeline.git)
    ├── GitError (2)                a git command failed
    ├── GitHubError (2)             GitHub (pipeline.forge.github)
    │   ├── GitHubUnavailable       rate limit, outage, network: retryable
    │   ├── GitHubRefused           permission, not found, validation
    │   ├── ChangeUnreadable        GitHub cannot list the whole change
    │   └── HeadMoved (0)           the pull request moved on since the event
    └── ChannelError (2)            a social platform could not publish (pipeline.channels.base)
        ├── RetryableError          429, 5xx, a daily cap: later (retry_after)
        │   ├── OutcomeUnknown      no answer after the request was sent: reconcile first
        │   └── NotDue              publish_at is ahead (pipeline.channels.runner)
        └── PermanentError          a person must act (action says what)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class HumasError(Exception):
    """An error the command line reports in one line, without a traceback.

    ``exit_code`` 1 means the content or the chain is not acceptable, 2 a usage or configuration
    error. ``retryable`` says whether running the same command again may succeed.
    """

    exit_code = 2
    retryable = False

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class ConfigError(HumasError):
    """sop.yml, mkdocs.yml or the repository layout is not usable."""


class NotAcceptable(HumasError):
    """The content or the approval chain does not allow what was asked."""

    exit_code = 1


class HostileTree(NotAcceptable):
    """A git tree (a branch, a commit) holds a path humas refuses to read or write: ``..``, ``.git``, an
    absolute path, a backslash, a control character (``pipeline.git.path_problem``). Raised before anything
    is written; ``path`` is the offending path as git stores it."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path


class GitError(HumasError):
    """A git command failed."""
