"""``humas init``, ``humas new``, ``humas check`` and ``humas demo``: content repositories and drafts.

Imports inside functions keep a help page from loading the content checks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..git import source_of
from ..messages import _
from ..problems import ConfigError
from ..trusted import TrustedMain
from .options import repo_option, repository

if TYPE_CHECKING:
    from ..git import GitRepo
    from ..problems import Problem


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--answers",
    "answers_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A YAML file with the institution, its SOP, address, site address, people and roles (see README: humas init).",
)
@click.option("--institution", default=None, help="The institution's name.")
@click.option("--unit", default=None, help="The unit that runs the SOP (default: Humas).")
@click.option("--sop-number", default=None, help="The SOP's number.")
@click.option("--sop-name", default=None, help="The SOP's name.")
@click.option("--address", default=None, help="The institution's address (the website's footer).")
@click.option("--site-url", default=None, help="The website's address (https://…).")
@click.option("--example", is_flag=True, help="The product's example institution as it is, to try humas out.")
@click.option(
    "--key",
    "keys",
    multiple=True,
    metavar="PERSON=KEY",
    help="A first signing key, written into sop.yml in the founding commit: the person's id in sop.yml and "
    "their public key (a path to ~/.ssh/id_ed25519.pub, or the key line). Repeatable.",
)
def init(
    directory: Path,
    answers_file: Path | None,
    institution: str | None,
    unit: str | None,
    sop_number: str | None,
    sop_name: str | None,
    address: str | None,
    site_url: str | None,
    example: bool,
    keys: tuple[str, ...],
) -> None:
    """Create a new content repository for an institution: sop.yml, mkdocs.yml, content/, .github/workflows/.

    Who it is for comes from --answers FILE and the flags; on a terminal, humas asks what is missing."""
    from ..institution import Answers, ask, check_answers, read_answers
    from ..scaffold import init_repository

    if directory.exists() and any(directory.iterdir()):  # before any question is asked
        raise ConfigError(_("{directory} exists and is not empty (choose a new directory)", directory=directory))
    flags = {
        "institution": institution,
        "unit": unit,
        "sop_number": sop_number,
        "sop_name": sop_name,
        "address": address,
        "site_url": site_url,
    }
    given = answers_file is not None or any(v is not None for v in flags.values())
    answers = None
    if example:
        if given:
            raise ConfigError(_("--example takes the example as it is: give it without --answers and the other flags"))
    else:
        answers = read_answers(answers_file) if answers_file is not None else Answers()
        for name, value in flags.items():
            if value is not None:
                setattr(answers, name, value.strip())
        if answers.missing() and sys.stdin.isatty():
            answers = ask(answers, click.prompt)
        elif not given:
            raise ConfigError(
                _(
                    "say which institution the repository is for: --answers FILE (see README: humas init), the "
                    "flags (--institution, --sop-number, …), or run humas init on a terminal to be asked; "
                    "--example for the product's example institution, to try humas out"
                )
            )
        check_answers(answers, str(answers_file) if answers_file else "humas init")
    init_repository(directory, keys=keys, answers=answers)
    if keys:
        click.echo(
            _(
                "Created {directory} with the first keys of {people} in its founding commit.",
                directory=directory,
                people=", ".join(k.partition("=")[0].strip() for k in keys),
            )
        )
    elif answers is not None:
        click.echo(
            _(
                "Created {directory} for {institution}. Next: the approvers' signing keys (humas kunci awal "
                "PERSON=KEY …), then each person clones it (README: Without GitHub, or docs/github.md).",
                directory=directory,
                institution=answers.institution,
            )
        )
    else:
        click.echo(
            _("Created {directory}: edit sop.yml (people and roles), then commit it on main.", directory=directory)
        )


@click.command()
@click.argument("kind", type=click.Choice(["arahan", "rencana", "publikasi", "pengumuman", "agenda", "halaman"]))
@click.argument("title")
@click.option("--bidang", default=None, help="The bidang (publikasi, pengumuman, agenda): one of sop.yml's bidang.")
@click.option(
    "--channels",
    default="website",
    show_default=True,
    help="Comma-separated channels (publikasi, pengumuman, agenda; halaman: website only): "
    "website,instagram,tiktok,facebook,youtube.",
)
@click.option("--date", "when", default=None, help="The date, YYYY-MM-DD (default: today).")
@repo_option
def new(kind: str, title: str, bidang: str | None, channels: str, when: str | None, repo_path: str | None) -> None:
    """Scaffold a draft: arahan | rencana | publikasi | pengumuman | agenda | halaman."""
    from ..scaffold import new_draft

    repo = repository(repo_path)
    path = new_draft(
        repo, kind, title, bidang=bidang, channels=[c.strip() for c in channels.split(",") if c.strip()], when=when
    )
    click.echo(path)


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@repo_option
def check(paths: tuple[str, ...], fmt: str, repo_path: str | None) -> None:
    """Validate drafts (all of them, or those below PATHS); exit 1 on any problem.

    Without PATHS, the repository too: a line of .gitignore that hides files of the humas package."""
    from ..content.check import check_drafts, discover

    repo = repository(repo_path)
    if head := repo.rev("HEAD"):  # the commit the work tree was made from: refused if it holds a hostile path
        branch = repo.current_branch()
        repo.check_tree(head, source_of(f"refs/heads/{branch}" if branch else head))
    sop = TrustedMain(repo).sop()
    relative = [_relative(repo.root, p) for p in paths]
    report = check_drafts(repo.root, sop, discover(repo.root, relative))
    problems = report.problems if paths else _package_hidden(repo) + report.problems
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "ok": not problems,
                    "checked": len(report.drafts)
                    + len({p.path for p in report.problems} - {d.path for d in report.drafts}),
                    "problems": [p.to_json() for p in problems],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        if not problems:
            click.echo(_("{count} draft(s) OK", count=len(report.drafts)))
    if problems:
        sys.exit(1)


def _package_hidden(repo: GitRepo) -> list[Problem]:
    """The lines of .gitignore (or any ignore file git reads) that hide files of the humas package, in a
    repository that holds the package at its top level (``pipeline.ignored``): an older humas init wrote
    ``site/``, which kept ``pipeline/site/`` out of every commit."""
    if not (repo.root / "pipeline").is_dir():
        return []
    from ..ignored import package_ignored
    from ..scaffold import package_paths

    return package_ignored(repo, package_paths())


def _relative(root: Path, given: str) -> str:
    path = Path(given)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(given).as_posix()


@click.command()
@click.argument("directory", required=False, default="build/demo", type=click.Path(path_type=Path))
def demo(directory: Path) -> None:
    """The whole SOP on example content in a fresh repository."""
    try:
        from ..demo import run_demo
    except ModuleNotFoundError as error:  # a repository made by humas init for an institution has no example
        if error.name != "pipeline.demo":
            raise  # another module of the package is missing (pipeline.cli says which, and why)
        raise ConfigError(
            _("humas demo is not part of this repository's copy of humas (run it from humas itself)")
        ) from None

    run_demo(directory, echo=click.echo)


COMMANDS = {"init": init, "new": new, "check": check, "demo": demo}
