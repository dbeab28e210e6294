"""Problems are data; errors are one tree.

Every validator returns a list of :class:`Problem` and never raises for bad input. A problem prints as
``path:line: field: what is wrong (what is allowed)``, the form compilers use, so editors and CI logs
link straight to the spot.

Every error humas raises for a person derives from :class:`HumasError`; one exit path (:func:`report`,
which the command line, the gate and the reminders call) prints its one line through ``pipeline.redact``
and gives its exit code, never a traceback. The tree, with each exit code where a class sets its own (a
test walks the subclasses and holds this drawing to the code)::

    HumasError (2)                  exit_code, retryable, message, problems
    ├── ConfigError                 sop.yml, mkdocs.yml, the repository, the environment
    │   ├── SigningNotConfigured    no SSH signing key for git (pipeline.signing)
    │   └── SiteError               the website cannot be built (pipeline.site.model)
    ├── NotAcceptable (1)           the content or the approval chain does not allow it
    │   └── HostileTree             a git tree holds a path that could write outside its folder (here)
    ├── GitError                    a git command failed
    │   └── StaleWrite              a conditional write on arsip lost to another run (pipeline.archive.store)
    ├── DeployFailed (1)            the transfer to the web server did not complete (pipeline.deploy)
    ├── GitHubError                 GitHub (pipeline.forge.github)
    │   ├── GitHubUnavailable (2)   rate limit, outage, network: retryable
    │   ├── GitHubRefused (2)       permission, not found, validation
    │   ├── ChangeUnreadable (2)    GitHub cannot list the whole change
    │   └── HeadMoved (0)           the pull request moved on since the event
    └── ChannelError                a social platform could not publish (here; below it: pipeline.channels.base)
        ├── RetryableError          429, 5xx, a daily cap: later (retry_after; here)
        │   ├── OutcomeUnknown      no answer after the request was sent: reconcile first (here)
        │   └── NotDue              publish_at is ahead (pipeline.channels.runner)
        ├── PermanentError          a person must act (action says what; here: the archive raises one)
        │   ├── AskPerson           only a person can say what became of a post (the claim stays)
        │   ├── ClaimLost           another run took the claim over (pipeline.archive.journal)
        │   ├── MissingPermission   the token may post but not read figures (pipeline.insights.base)
        │   ├── NotFound            the platform cannot find a post to edit or delete (pipeline.amend)
        │   └── PostRefused         no figures of this one post (it is gone); the others are read (insights)
        └── AwaitingUpload          the outbox wrote the package: a person uploads it

``pipeline.located_yaml.YamlProblem`` is no error for a person: the loaders turn it into a :class:`Problem`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass

from .redact import redact


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


class ChannelError(HumasError):
    """A channel could not publish. ``retryable`` says whether the same call may succeed later;
    ``outcome_unknown`` that the platform may have posted (reconcile before anything else)."""

    retryable = False
    outcome_unknown = False
    answered_status: int | None = None
    """The HTTP status when the platform answered (None: no answer came)."""
    platform_code: str = ""
    """The platform's own error code when its answer named one (TikTok's ``error.code``)."""

    def __init__(
        self, message: str, *, action: str = "", platform_message: str = "", retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.action = action
        self.platform_message = platform_message
        self.retry_after = retry_after


class RetryableError(ChannelError):
    """5xx, 429, rate limits: try again later (``retry_after`` seconds when the platform says)."""

    retryable = True


class OutcomeUnknown(RetryableError):
    """A timeout or a dropped connection after the request was sent: reconcile before retrying."""

    retryable = True
    outcome_unknown = True


class PermanentError(ChannelError):
    """Expired token, missing permission, duplicate, policy refusal: a person must act."""


def report(error: HumasError, write: Callable[[str], None], env: Mapping[str, str] | None = None) -> int:
    """The one exit path of a person's error: its line and its problems' (secrets masked), then its exit code."""
    write(redact(f"humas: {error.message}", env=env))
    for problem in error.problems:
        write(redact(str(problem), env=env))
    return error.exit_code
