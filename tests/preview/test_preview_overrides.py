"""The preview of a publication's page uses the institution's templates as main holds them
(overrides/humas/, merged through the sistem chain), never the change's own, and refuses a hostile or
unsigned one on main as ``humas build`` does (pipeline/preview/site_page.py)."""

from __future__ import annotations

import pathlib

import pytest

from pipeline.git import GitRepo
from pipeline.preview.render import render_previews
from pipeline.site import SiteError
from pipeline.site.templating import OWN
from pipeline.trusted import TrustedMain
from tests.forge.test_provenance import refusal
from tests.helpers import Repo, copied, publikasi, through_the_sop
from tests.site.support import content, parse

ARTICLE = (OWN / "publication.html.j2").read_text(encoding="utf-8")
MAINS = ARTICLE.replace("<h1>{{ title }}</h1>", '<h1>{{ title }}</h1>\n<p class="kami">Dikelola Humas: {{ title }}</p>')
BRANCHS = ARTICLE.replace("<h1>{{ title }}</h1>", '<h1>{{ title }}</h1>\n<p class="kami">Versi cabang: {{ title }}</p>')
PAGE = "2025/wisuda/site/2025/wisuda/index.html"


def change(repo: Repo, overrides: dict[str, str] | None = None) -> None:
    """Branch publikasi/wisuda: a new publication (and, if given, templates of its own)."""
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(title="Wisuda Angkatan 2025"))
    for name, text in (overrides or {}).items():
        repo.write(f"overrides/humas/{name}", text)
    repo.commit("Desain konten: wisuda")
    repo.switch("main")


def markers(page: pathlib.Path) -> list[str]:
    return content(parse(page)).texts("p", "kami")


@pytest.fixture(scope="module")
def mains_template(template_repo: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The template repository whose main holds MAINS as its article page, merged through the sistem chain
    (made once for the tests that start from it; each gets a copy)."""
    repo = copied(template_repo, tmp_path_factory.mktemp("mains-template") / "humas-repo")
    repo.write("overrides/humas/publication.html.j2", MAINS)
    through_the_sop(repo, "tampilan/artikel", "Tampilan artikel")
    return repo.root


@pytest.fixture
def mains_repo(mains_template: pathlib.Path, tmp_path: pathlib.Path) -> Repo:
    return copied(mains_template, tmp_path / "humas-repo")


def test_the_preview_shows_mains_template(mains_repo: Repo, tmp_path: pathlib.Path) -> None:
    repo = mains_repo  # MAINS merged to main through the sistem chain
    change(repo)

    run = repo.humas("preview", "publikasi/wisuda", "--out", str(tmp_path / "p"))
    assert run.code == 0, run.err
    assert markers(tmp_path / "p" / PAGE) == ["Dikelola Humas: Wisuda Angkatan 2025"]
    assert content(parse(tmp_path / "p" / PAGE)).find("h1").text() == "Wisuda Angkatan 2025"


def test_a_change_that_brings_its_own_template_gets_mains_in_its_preview(
    mains_repo: Repo, tmp_path: pathlib.Path
) -> None:
    repo = mains_repo  # MAINS merged to main through the sistem chain
    # its own article page (the sistem chain has not signed it) and a card that reaches for Python's objects
    change(repo, {"publication.html.j2": BRANCHS, "card.html.j2": "{{ ''.__class__.__mro__ }}"})

    run = repo.humas("preview", "publikasi/wisuda", "--out", str(tmp_path / "p"))
    assert run.code == 0, run.err
    assert markers(tmp_path / "p" / PAGE) == ["Dikelola Humas: Wisuda Angkatan 2025"]
    assert "Versi cabang" not in (tmp_path / "p" / PAGE).read_text(encoding="utf-8")

    # the gate's way: the base is the pull request's base commit, named by its id
    main = repo.git("rev-parse", "main").strip()
    head = repo.git("rev-parse", "publikasi/wisuda").strip()
    sop = TrustedMain(GitRepo(repo.root)).sop()
    [preview] = render_previews(GitRepo(repo.root), head, tmp_path / "gate", sop, base=main)
    assert preview.page is not None and markers(preview.page) == ["Dikelola Humas: Wisuda Angkatan 2025"]


def test_a_hostile_template_on_main_refuses_the_preview_with_its_file_and_line(
    repo: Repo, tmp_path: pathlib.Path
) -> None:
    repo.write("overrides/humas/card.html.j2", (OWN / "card.html.j2").read_text() + "{{ ''.__class__.__mro__ }}\n")
    through_the_sop(repo, "tampilan/kartu", "Tampilan kartu")  # signed: what refuses it is the sandbox
    line = (repo.root / "overrides/humas/card.html.j2").read_text().count("\n")
    change(repo)

    run = repo.humas("preview", "publikasi/wisuda", "--out", str(tmp_path / "p"))
    assert (run.code, run.err) == (
        2,
        f"humas: overrides/humas/card.html.j2:{line}: '__class__': templat tidak boleh menjangkau bagian dalam "
        "Python (yang boleh: data halaman; tanpa nama yang diawali _)\n",
    )
    assert "Traceback" not in run.out + run.err
    assert not (tmp_path / "p").exists()  # refused before anything is written


def test_a_template_committed_straight_to_main_refuses_the_preview(repo: Repo, tmp_path: pathlib.Path) -> None:
    repo.write("overrides/humas/publication.html.j2", MAINS)
    repo.commit("Tampilan artikel", who="humas1")  # no branch, no signature: main written directly
    change(repo)

    run = repo.humas("preview", "publikasi/wisuda", "--out", str(tmp_path / "p"))
    assert (run.code, run.err) == (1, refusal(repo, "overrides/humas"))
    assert not (tmp_path / "p").exists()


def test_a_link_among_mains_templates_refuses_the_gates_preview(repo: Repo, tmp_path: pathlib.Path) -> None:
    # the gate names the base by its commit (no provenance proved there): the folder is still checked
    (repo.root / "overrides/humas").mkdir(parents=True)
    (repo.root / "overrides/humas/publication.html.j2").symlink_to("/etc/passwd")
    repo.commit("Tampilan artikel", who="humas1")
    change(repo)
    main = repo.git("rev-parse", "main").strip()
    head = repo.git("rev-parse", "publikasi/wisuda").strip()
    sop = TrustedMain(GitRepo(repo.root)).sop()
    with pytest.raises(SiteError) as refused:
        render_previews(GitRepo(repo.root), head, tmp_path / "gate", sop, base=main)
    assert refused.value.message == (
        "overrides/humas/publication.html.j2: tautan atau submodul tidak diizinkan di sini (yang boleh: berkas "
        "templat yang bernama seperti templat humas)"
    )
    assert not (tmp_path / "gate").exists()
