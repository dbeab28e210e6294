"""``humas ingatkan`` without GitHub: reminders by e-mail, for the local forge (one machine or a shared remote).

Where there is no GitHub, ``humas ingatkan`` (a cron job on the server or on the Koordinator's computer,
in a clone of the repository) reads the open changes (every branch not merged yet; with a shared remote,
fetched first), evaluates each with the same policy as ``humas status`` and, for each step that waits
longer than its Mutu Baku on a working day, sends one e-mail to the people the step waits for, at the
``email`` sop.yml lists for them. The same rule as on GitHub: a step is reminded at most once per working
day, however often the job runs. The day's reminder is claimed first on ``arsip``
(``reminders/<day>/<branch>/<chain>~<step>.json``, a write that fails when the file exists already, pushed
to the shared remote at once), so two machines never both send it; a claim whose e-mail could not be sent
is removed again, so the next run tries again. Reminders never block anything: a claim written by hand
on ``arsip`` silences a reminder for one day and nothing else.

The server and the account come from the environment (the password never from a file humas reads,
never in any output: ``pipeline.redact`` masks ``HUMAS_SMTP_PASSWORD`` everywhere):

``HUMAS_SMTP_HOST``       the SMTP server (setting it chooses e-mail)
``HUMAS_SMTP_PORT``       default 587 (starttls), 465 (tls), 25 (none)
``HUMAS_SMTP_SECURITY``   ``starttls`` (default), ``tls`` (implicit TLS) or ``none`` (only to a server on
                          this machine: a password is never sent in clear text over a network)
``HUMAS_SMTP_USER``, ``HUMAS_SMTP_PASSWORD``   the account, when the server asks for a login
``HUMAS_SMTP_FROM``       the sender's address, e.g. ``humas@kampus.ac.id``
``HUMAS_SMTP_CA_FILE``    optional: the certificate (PEM) that signs the server's, when it is the
                          institution's own; otherwise the system's trusted authorities. The server's
                          certificate is always verified.
"""

from __future__ import annotations

import contextlib
import json
import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from ..archive.review import branch_key
from ..archive.store import StaleWrite
from ..git import GitRepo, repository_around
from ..messages import _, translated
from ..problems import ConfigError
from ..redact import redact
from ..sop.config import Sop
from ..sop.evaluate import evaluate
from ..sop.explain import duration, format_time
from ..sop.overdue import Overdue, overdue_steps, working_day
from .local import LocalForge
from .merge import change_title
from .shared import synced

REMINDERS = "reminders"
SECURITY = {"starttls": 587, "tls": 465, "none": 25}
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str
    password: str
    sender: str
    ca_file: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpSettings:
        host = env.get("HUMAS_SMTP_HOST", "").strip()
        security = env.get("HUMAS_SMTP_SECURITY", "starttls").strip().lower() or "starttls"
        if security not in SECURITY:
            raise ConfigError(
                _(
                    "HUMAS_SMTP_SECURITY is {value!r} (allowed: {allowed})",
                    value=security,
                    allowed=", ".join(SECURITY),
                )
            )
        raw_port = env.get("HUMAS_SMTP_PORT", "").strip()
        if raw_port and not (raw_port.isdigit() and 0 < int(raw_port) < 65536):
            raise ConfigError(_("HUMAS_SMTP_PORT is {value!r} (allowed: a port number, 1 to 65535)", value=raw_port))
        user = env.get("HUMAS_SMTP_USER", "")
        password = env.get("HUMAS_SMTP_PASSWORD", "")
        if bool(user) != bool(password):
            raise ConfigError(_("set both HUMAS_SMTP_USER and HUMAS_SMTP_PASSWORD, or neither (no login)"))
        if user and security == "none" and host.lower() not in LOCAL_HOSTS:
            raise ConfigError(
                _(
                    "HUMAS_SMTP_SECURITY=none would send the password to {host} in clear text: use starttls or "
                    "tls (none is only for a server on this machine)",
                    host=host,
                )
            )
        sender = env.get("HUMAS_SMTP_FROM", "").strip()
        if "@" not in sender or any(c.isspace() or c in "<>\r\n" for c in sender):
            raise ConfigError(
                _("HUMAS_SMTP_FROM is {value!r} (allowed: the sender's e-mail address, name@domain)", value=sender)
            )
        port = int(raw_port) if raw_port else SECURITY[security]
        ca_file = env.get("HUMAS_SMTP_CA_FILE", "").strip() or None
        if ca_file is not None and not Path(ca_file).is_file():
            raise ConfigError(_("HUMAS_SMTP_CA_FILE: no file {path}", path=ca_file))
        return cls(
            host=host, port=port, security=security, user=user, password=password, sender=sender, ca_file=ca_file
        )


class Mailer:
    """One SMTP session for the run; every error becomes a ConfigError whose text holds no password."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.session: smtplib.SMTP | None = None

    def _refused(self, error: BaseException) -> ConfigError:
        s = self.settings
        if isinstance(error, smtplib.SMTPAuthenticationError):
            return ConfigError(
                _(
                    "the e-mail server {host} refused the login of {user}: check HUMAS_SMTP_USER and "
                    "HUMAS_SMTP_PASSWORD",
                    host=s.host,
                    user=s.user,
                )
            )
        if isinstance(error, ssl.SSLCertVerificationError):
            return ConfigError(
                _(
                    "the certificate of the e-mail server {host} is not trusted ({why}): if it is the "
                    "institution's own, set HUMAS_SMTP_CA_FILE to the certificate that signs it",
                    host=s.host,
                    why=error.verify_message or error.reason or "-",
                )
            )
        why = redact(str(error) or type(error).__name__, [s.password])
        return ConfigError(_("could not send e-mail through {host}:{port} ({why})", host=s.host, port=s.port, why=why))

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        try:
            if self.session is None:
                context = ssl.create_default_context(cafile=s.ca_file)
                if s.security == "tls":
                    self.session = smtplib.SMTP_SSL(s.host, s.port, timeout=30, context=context)
                else:
                    self.session = smtplib.SMTP(s.host, s.port, timeout=30)
                    if s.security == "starttls":
                        self.session.starttls(context=context)
                if s.user:
                    self._login(self.session)
            self.session.send_message(message)
        except (smtplib.SMTPException, OSError, ssl.SSLError) as error:
            self.close()
            raise self._refused(error) from None

    def _login(self, session: smtplib.SMTP) -> None:
        """One login with the first of PLAIN and LOGIN the server offers (over TLS unless on this machine);
        a refusal is final (smtplib's ``login`` would try every other mechanism with the same password)."""
        session.ehlo_or_helo_if_needed()
        offered = session.esmtp_features.get("auth", "").upper().split()
        mechanism = next((m for m in ("PLAIN", "LOGIN") if m in offered), None)
        if mechanism is None:
            raise smtplib.SMTPNotSupportedError(
                _("the server offers no login by PLAIN or LOGIN (offered: {offered})", offered=" ".join(offered) or "-")
            )
        session.user, session.password = self.settings.user, self.settings.password
        method = session.auth_plain if mechanism == "PLAIN" else session.auth_login
        session.auth(mechanism, method)

    def close(self) -> None:
        if self.session is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.session.quit()
            self.session = None


def claim_path(day: str, branch: str, key: str) -> str:
    return f"{REMINDERS}/{day}/{branch_key(branch)}/{quote(key.replace('/', '~'), safe='~')}.json"


def render_mail(sop: Sop, change: str, title: str, steps: list[Overdue], names: list[str]) -> tuple[str, str]:
    """(subject, body) of one change's reminder, in the SOP's language."""
    lang = sop.language
    subject = translated(lang, "Mutu Baku reminder: {title}", title=title)
    lines = [
        translated(lang, "Dear {names},", names=", ".join(names)),
        "",
        translated(lang, "{title} ({change}) waits for your signature:", title=title, change=change),
        "",
    ]
    roles = []
    for step in steps:
        entry = sop.step_by_id[step.key.split("/", 1)[1]]
        roles.append(entry.role)
        lines.append(
            "- "
            + translated(
                lang,
                "{step_name} has waited for {people} since {since} ({elapsed}; standard {minutes} min)",
                step_name=entry.name,
                people=", ".join(sop.people[p].name for p in step.people),
                since=format_time(step.since, sop),
                elapsed=duration(step.elapsed, lang),
                minutes=step.minutes,
            )
        )
    lines += ["", translated(lang, "To sign, in your clone of the repository:"), f"  humas status {change}"]
    lines += [f"  humas review approve {change} --role {role}" for role in dict.fromkeys(roles)]
    lines += [
        "",
        translated(lang, "humas sends this reminder once per step per working day."),
        f"{sop.unit} — {sop.institution}",
    ]
    return subject, "\n".join(lines) + "\n"


def run_remind_mail(
    env: Mapping[str, str],
    *,
    now: datetime,
    repo_path: str | None,
    echo: Callable[[str], None],
) -> None:
    settings = SmtpSettings.from_env(env)
    root = Path(repo_path or ".").resolve()
    repo = repository_around(root)
    if repo is None:
        raise ConfigError(_("{root} is not a git repository (run humas init DIR first, or pass --repo)", root=root))
    shared = synced(repo, [], strict=False, all_branches=True)
    forge = LocalForge(repo, shared.remote if shared else None)
    sop = forge.sop()
    local = now.astimezone(ZoneInfo(sop.timezone))
    if not working_day(now, sop.timezone):
        echo(
            _("{day} is not a working day in {timezone}: no reminders.", day=f"{local:%d-%m-%Y}", timezone=sop.timezone)
        )
        return
    day = local.strftime("%Y-%m-%d")
    changes = forge.open_changes()
    if not changes:
        echo(_("no open change"))
    mailer = Mailer(settings)
    try:
        for change in changes:
            echo(_remind_change(repo, forge, sop, change.name, mailer, now=now, day=day))
    finally:
        mailer.close()


def _remind_change(
    repo: GitRepo, forge: LocalForge, sop: Sop, branch: str, mailer: Mailer, *, now: datetime, day: str
) -> str:

    change = forge.change(branch)
    late = overdue_steps(evaluate(sop, change.facts), now)
    if not late:
        return _("{change}: nothing over its Mutu Baku", change=branch)
    claimed: list[Overdue] = []
    for step in late:
        path = claim_path(day, branch, step.key)
        record = {"day": day, "change": branch, "step": step.key, "head": change.head, "people": step.people}
        try:
            forge.archive.write(
                {path: (json.dumps(record, indent=2) + "\n").encode()},
                f"reminder: {branch} {step.key} on {day}",
                expect={path: None},
            )
        except StaleWrite:
            continue
        claimed.append(step)
    if not claimed:
        return _("{change}: already reminded today", change=branch)
    people = list(dict.fromkeys(p for step in claimed for p in step.people))
    addressed = [p for p in people if sop.people[p].email]
    notes = [
        _("{name} has no email in sop.yml: not reminded", name=sop.people[p].name)
        for p in people
        if not sop.people[p].email
    ]
    if addressed:
        subject, body = render_mail(
            sop, branch, change_title(repo, change), claimed, [sop.people[p].name for p in addressed]
        )
        message = EmailMessage()
        message["From"] = formataddr((f"{sop.unit} {sop.institution}", mailer.settings.sender))
        message["To"] = ", ".join(formataddr((sop.people[p].name, sop.people[p].email or "")) for p in addressed)
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=mailer.settings.sender.rsplit("@", 1)[1])
        message.set_content(body)
        try:
            mailer.send(message)
        except ConfigError:
            forge.archive.write(
                {claim_path(day, branch, step.key): None for step in claimed},
                f"reminder: {branch} not sent on {day}",
            )
            raise
    sent = _(
        "{change}: reminded {steps} by e-mail to {emails}",
        change=branch,
        steps=", ".join(sop.step_by_id[s.key.split("/", 1)[1]].name for s in claimed),
        emails=", ".join(sop.people[p].email or "" for p in addressed) or "-",
    )
    return "\n".join([sent, *notes])
