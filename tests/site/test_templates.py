"""The site's HTML in Jinja templates, and an institution's own templates (overrides/humas/, templating.py).

An institution changes a page by committing a template of the same name in ``overrides/humas/`` through
the SOP (the ``sistem`` chain: pengendalian and pengesahan). ``humas build`` reads it from main as it
verified it; a branch being previewed cannot supply one. A template is rendered in Jinja's sandbox: one
that reaches for Python's objects, or cannot be read, is refused with its file and line (exit 2).
"""

from __future__ import annotations

import pathlib

import pytest

from pipeline.site import SiteError
from pipeline.site.templating import OWN, own_names
from tests.forge.test_provenance import refusal
from tests.helpers import Repo, publikasi, through_the_sop
from tests.site.support import build, content, parse, publication

ARTICLE = (OWN / "publication.html.j2").read_text(encoding="utf-8")
OURS = ARTICLE.replace("<h1>{{ title }}</h1>", '<h1>{{ title }}</h1>\n<p class="kami">Dikelola Humas: {{ title }}</p>')
NAMES = ", ".join(sorted(own_names()))


def overrides(tmp_path: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    folder = tmp_path / "repo/overrides/humas"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_an_override_merged_through_the_sistem_chain_changes_the_article_page(merged_repo: Repo) -> None:
    repo = merged_repo  # main holds one approved publication
    repo.write("overrides/humas/publication.html.j2", OURS)
    repo.git("switch", "-q", "-c", "tampilan/artikel")
    repo.commit("Tampilan artikel", who="humas1")
    repo.sign("tampilan/artikel", "reni", "pengarah")
    alone = repo.humas("merge", "tampilan/artikel")  # the Direktur alone: the sistem chain wants the SPI too
    assert alone.code == 1
    repo.switch("main")
    repo.git("branch", "-q", "-D", "tampilan/artikel")
    repo.write("overrides/humas/publication.html.j2", OURS)
    through_the_sop(repo, "tampilan/artikel-2", "Tampilan artikel")

    run = repo.humas("build", "--out", "site")
    assert run.code == 0, run.err
    page = content(parse(repo.root / "site/2025/wisuda/index.html"))
    assert page.find("p", "kami").text() == "Dikelola Humas: Wisuda Angkatan 2025"
    assert page.find("h1").text() == "Wisuda Angkatan 2025"  # the rest is humas' own
    home = (repo.root / "site/index.html").read_text(encoding="utf-8")
    assert "Dikelola Humas" not in home


def test_a_hostile_override_on_main_is_refused_with_exit_2_and_nothing_is_built(merged_repo: Repo) -> None:
    repo = merged_repo  # main holds one approved publication
    repo.write("overrides/humas/card.html.j2", (OWN / "card.html.j2").read_text() + "{{ ''.__class__.__mro__ }}\n")
    through_the_sop(repo, "tampilan/kartu", "Tampilan kartu")  # signed: what refuses it is the sandbox
    line = (repo.root / "overrides/humas/card.html.j2").read_text().count("\n")
    run = repo.humas("build", "--out", "site")
    assert (run.code, run.err) == (
        2,
        f"humas: overrides/humas/card.html.j2:{line}: '__class__': templat tidak boleh menjangkau bagian dalam "
        "Python (yang boleh: data halaman; tanpa nama yang diawali _)\n",
    )
    assert "Traceback" not in run.out + run.err
    assert not (repo.root / "site").exists()


def test_an_override_committed_straight_to_main_is_not_used(merged_repo: Repo) -> None:
    repo = merged_repo  # main holds one approved publication
    repo.write("overrides/humas/publication.html.j2", OURS)
    repo.commit("Tampilan artikel", who="humas1")  # no branch, no signature: main written directly
    run = repo.humas("build", "--out", "site")
    assert (run.code, run.err) == (1, refusal(repo, "overrides/humas"))
    assert not (repo.root / "site").exists()


HOSTILE = [  # (name, template, the refusal after "overrides/humas/")
    (
        "a filter that names an attribute",
        "{{ title }}\n{{ title|attr('__cla' ~ 'ss__') }}",
        "publication.html.j2:2: templat gagal dijalankan: access to attribute '__class__' of 'str' object is unsafe. "
        "(yang boleh: data halaman dan Jinja)",
    ),
    (
        "a subscript",
        "{{ title }}\n\n{{ title['__class__'] }}",
        "publication.html.j2:3: '__class__': templat tidak boleh menjangkau bagian dalam Python "
        "(yang boleh: data halaman; tanpa nama yang diawali _)",
    ),
    (
        "a method of a list",
        "{% set x = tags.append(1) %}{{ x }}",
        "publication.html.j2:1: templat gagal dijalankan: access to attribute 'append' of 'list' object is unsafe. "
        "(yang boleh: data halaman dan Jinja)",
    ),
    (
        "escaping turned off by a filter",
        "<h1>{{ title|safe }}</h1>",
        "publication.html.j2:1: 'safe': templat tidak boleh mematikan escaping (yang boleh: teks ditulis sebagai "
        "teks; HTML yang sudah diamankan humas diteruskan apa adanya)",
    ),
    (
        "escaping turned off for a block",
        "<h1>{{ title }}</h1>\n{% autoescape false %}{{ summary }}{% endautoescape %}",
        "publication.html.j2:2: 'autoescape': templat tidak boleh mematikan escaping (yang boleh: teks ditulis "
        "sebagai teks; HTML yang sudah diamankan humas diteruskan apa adanya)",
    ),
    (
        "a syntax error",
        "<h1>{{ title }}</h1>\n{% if %}\n",
        "publication.html.j2:2: templat tidak dapat dibaca: Expected an expression, got 'end of statement block' "
        "(yang boleh: sintaks Jinja)",
    ),
    (
        "an undefined name",
        "<h1>{{ title }}</h1>\n\n\n{{ config }}",
        "publication.html.j2:4: templat gagal dijalankan: 'config' is undefined (yang boleh: data halaman dan Jinja)",
    ),
]


@pytest.mark.parametrize(("template", "refusal"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_a_hostile_override_cannot_reach_python(tmp_path: pathlib.Path, template: str, refusal: str) -> None:
    folder = overrides(tmp_path, {"publication.html.j2": template})
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [publication(tmp_path / "content", "2025/a", tags=("a",))], templates=folder)
    assert str(refused.value) == f"overrides/humas/{refusal}"


@pytest.mark.parametrize(
    ("files", "refusal"),
    [
        (
            {"berita.html.j2": "x"},
            f"overrides/humas/berita.html.j2: bukan templat humas (yang boleh: berkas yang bernama sama dengan salah "
            f"satu templat humas: {NAMES})",
        ),
        (
            {"card.html.j2": "{% macro card(c) %}{{ c.title }}{% endmacro %}"},
            "overrides/humas/card.html.j2: makro 'cards' tidak ada (yang boleh: templat yang mendefinisikannya, "
            "seperti templat humas)",
        ),
    ],
    ids=["unknown name", "a macro missing"],
)
def test_an_override_humas_cannot_use_is_refused_before_anything_is_built(
    tmp_path: pathlib.Path, files: dict[str, str], refusal: str
) -> None:
    folder = overrides(tmp_path, files)
    with pytest.raises(SiteError) as refused:
        build(tmp_path, [publication(tmp_path / "content", "2025/a")], templates=folder)
    assert str(refused.value) == refusal
    assert not (tmp_path / "site").exists()


def test_a_previewed_branch_cannot_supply_a_template(repo: Repo, tmp_path: pathlib.Path) -> None:
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(title="Wisuda Angkatan 2025"))
    repo.write("overrides/humas/publication.html.j2", OURS)
    repo.write("overrides/humas/card.html.j2", "{{ ''.__class__ }}")
    repo.commit("Desain konten: wisuda")
    repo.switch("main")

    run = repo.humas("preview", "publikasi/wisuda", "--out", str(tmp_path / "p"))
    assert run.code == 0, run.err
    page = tmp_path / "p/2025/wisuda/site/2025/wisuda/index.html"
    assert content(parse(page)).find("h1").text() == "Wisuda Angkatan 2025"
    assert "Dikelola Humas" not in page.read_text(encoding="utf-8")


def test_titles_are_escaped_in_humas_templates_and_in_an_institutions(tmp_path: pathlib.Path) -> None:
    title = "<script>alert(1)</script> & \"kutip\" 'satu'"
    pub = publication(tmp_path / "content", "2025/a", title=title, summary="<b>tebal</b>", tags=("<i>x</i>",))
    for folder in (None, overrides(tmp_path, {"publication.html.j2": OURS})):
        build(tmp_path, [pub], templates=folder)
        html = (tmp_path / "site/2025/a/index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<b>tebal" not in html and "<i>x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;kutip&quot; &#x27;satu&#x27;" in html
        page = content(parse(tmp_path / "site/2025/a/index.html"))
        assert page.find("h1").text() == title
        assert len(page.find_all("p", "kami")) == (folder is not None)
