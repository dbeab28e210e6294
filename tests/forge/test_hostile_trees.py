"""Hostile trees: no path read from git ever makes humas write outside the folder it chose.

The trees are made with git plumbing (``hash-object``, ``mktree``, ``commit-tree``): plain git accepts
``..``, ``.git``, a backslash or a control character in a tree it does not check with fsck, and anyone
who can push a branch can push one.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.git import GitRepo, path_problem, shown_path
from pipeline.problems import ConfigError, HostileTree
from tests.helpers import Repo, base_env, identity_env, publikasi, run_humas

DRAFT = "content/publikasi/2026/x/index.md"
HOOK = "#!/bin/sh\necho pwned > /dev/null\n"


def git(repo: Repo | Path, *args: str, stdin: bytes | None = None, check: bool = True) -> str:
    root = repo.root if isinstance(repo, Repo) else repo
    env = {**base_env(), **identity_env("humas1")}
    done = subprocess.run(["git", *args], cwd=root, env=env, input=stdin, capture_output=True, check=check)
    return done.stdout.decode().strip()


def put(repo: Repo, tree: str | None, parts: list[str], mode: str, sha: str) -> str:
    """``tree`` (None: an empty one) with the entry ``parts`` set to ``mode`` ``sha``, made with mktree."""
    entries: dict[bytes, bytes] = {}
    if tree:
        out = subprocess.run(["git", "ls-tree", "-z", tree], cwd=repo.root, capture_output=True, check=True).stdout
        for line in filter(None, out.split(b"\0")):
            entries[line.partition(b"\t")[2]] = line
    name = parts[0].encode()
    if len(parts) == 1:
        kind = {"160000": "commit", "040000": "tree"}.get(mode, "blob")
        entries[name] = f"{mode} {kind} {sha}\t".encode() + name
    else:
        inner = entries.get(name)
        below = inner.split(b" ")[2].split(b"\t")[0].decode() if inner and b" tree " in inner else None
        entries[name] = f"040000 tree {put(repo, below, parts[1:], mode, sha)}\t".encode() + name
    return git(repo, "mktree", "-z", stdin=b"".join(entry + b"\0" for entry in entries.values()))


def hostile_branch(repo: Repo, branch: str, entries: dict[str, tuple[str, bytes]]) -> str:
    """A branch on main with a valid publication draft plus ``entries`` ({path: (mode, bytes)}), paths
    split on ``/`` only, so ``..`` and ``.git`` become tree entries as they are."""
    tree = git(repo, "rev-parse", "main^{tree}")
    for path, (mode, data) in {DRAFT: ("100644", publikasi(title="X", date="2026-02-10").encode()), **entries}.items():
        sha = data.decode() if mode == "160000" else git(repo, "hash-object", "-w", "--stdin", stdin=data)
        tree = put(repo, tree, path.split("/"), mode, sha)
    commit = git(repo, "commit-tree", tree, "-p", "main", "-m", "Desain konten: x")
    git(repo, "update-ref", f"refs/heads/{branch}", commit)
    return commit


def climbing_into(repo: Repo) -> str:
    """A path inside a publication that climbs out of any scratch folder to the root and back down into
    the approver's own repository: an attacker guesses a home folder, the test knows it."""
    return "content/publikasi/2026/x/" + "../" * 40 + repo.root.relative_to("/").as_posix() + "/.git/hooks/pre-commit"


def refusal(branch: str, path: str, why: str) -> str:
    return (
        f"humas: cabang {branch} memuat path yang ditolak humas: {shown_path(path)} ({why}); tidak ada yang ditulis\n"
    )


# --- the rule, as a table ---------------------------------------------------------------------------

PATHS = [
    ("content/publikasi/2026/x/index.md", None),
    ("content/publikasi/2026/x/foto 1.jpg", None),
    (".github/workflows/gate.yml", None),
    ("content/publikasi/.gitkeep", None),
    (".gitignore", None),
    ("content/publikasi/2026/x/..foto.jpg", None),
    ("content/publikasi/2026/x/git~2", None),
    ("content/publikasi/2026/x/berita-é.md", None),
    ("content/pengumuman/2026/x/index.md", None),
    ("content/agenda/2026/x/index.md", None),
    ("content/halaman/profil/index.md", None),
    ("content/halaman/../../x.md", "bagian .."),
    ("content/agenda/2026/x/.Git/config", "bagian .git"),
    ("", "path kosong"),
    ("/etc/passwd", "path absolut"),
    ("content//x.md", "bagian kosong"),
    ("content/x/", "bagian kosong"),
    ("..", "bagian .."),
    ("../.git/hooks/pre-commit", "bagian .."),
    ("content/publikasi/2026/x/../../../.git/hooks/pre-commit", "bagian .."),
    ("content/./x.md", "bagian ."),
    (".git/hooks/pre-commit", "bagian .git"),
    ("content/.GIT/config", "bagian .git"),
    ("content/.Git/config", "bagian .git"),
    ("content/.git./config", "bagian .git"),
    ("content/.git /config", "bagian .git"),
    ("content/.git::$INDEX_ALLOCATION/config", "bagian .git"),
    ("content/GIT~1/config", "bagian .git"),
    ("content/.g\u200cit/config", "bagian .git"),
    ("content/.git\ufeff/config", "bagian .git"),
    ("content\\..\\..\\x.md", "garis miring terbalik"),
    ("content/a\0b.md", "karakter kontrol"),
    ("content/a\nb.md", "karakter kontrol"),
    ("content/a\x1b[2Jb.md", "karakter kontrol"),
    ("content/a\x85b.md", "karakter kontrol"),
    ("content/a\udcffb.md", "byte yang bukan UTF-8"),
]


@pytest.mark.parametrize(("path", "why"), PATHS)
def test_which_tree_paths_are_refused(path: str, why: str | None) -> None:
    assert path_problem(path) == why


def test_a_refused_path_is_shown_with_nothing_hidden() -> None:
    assert shown_path('a\nb\\c\u202ed\udcffe"f g') == '"a\\x0ab\\\\c\\u202ed\\xffe\\"f g"'


# --- preview, review, merge and check of a change holding such a path --------------------------------


def test_preview_of_a_branch_climbing_into_the_repository_writes_no_hook(repo: Repo) -> None:
    """Before the paths were checked, this preview wrote .git/hooks/pre-commit into the approver's own
    repository (from the export of the publication into a scratch folder); git runs it at their next
    commit, where their signing key is."""
    path = climbing_into(repo)
    hostile_branch(repo, "publikasi/x", {path: ("100755", HOOK.encode())})
    run = repo.humas("preview", "publikasi/x", who="akademik")
    assert (run.code, run.out, run.err) == (1, "", refusal("publikasi/x", path, "bagian .."))
    assert not (repo.root / ".git/hooks/pre-commit").exists()
    assert not (repo.root / "build").exists()


def test_merge_of_a_branch_climbing_into_the_repository_writes_no_hook(repo: Repo) -> None:
    """``humas merge`` exported the change's content to check it before refusing an incomplete chain."""
    path = climbing_into(repo)
    hostile_branch(repo, "publikasi/x", {path: ("100755", HOOK.encode())})
    main = git(repo, "rev-parse", "main")
    run = repo.humas("merge", "publikasi/x", who="reni")
    assert (run.code, run.out, run.err) == (1, "", refusal("publikasi/x", path, "bagian .."))
    assert not (repo.root / ".git/hooks/pre-commit").exists()
    assert git(repo, "rev-parse", "main") == main
    assert git(repo, "rev-parse", "--verify", "--quiet", "refs/heads/arsip", check=False) == ""


HOSTILE = [
    ("../.git/hooks/pre-commit", "bagian .."),
    ("content/publikasi/2026/x/../../../.git/hooks/pre-commit", "bagian .."),
    ("content/publikasi/2026/x/.GIT/hooks/pre-commit", "bagian .git"),
    ("content/publikasi/2026/x/git~1/hooks/pre-commit", "bagian .git"),
    ("content/publikasi/2026/x/..\\..\\.git\\hooks\\pre-commit", "garis miring terbalik"),
    ("content/publikasi/2026/x/foto\n.jpg", "karakter kontrol"),
    ("content/..", "bagian .."),
    # the portal's kinds: the same rule in each kind's folder
    ("content/pengumuman/2026/x/../../../../.git/hooks/pre-commit", "bagian .."),
    ("content/agenda/2026/x/.git/hooks/pre-commit", "bagian .git"),
    ("content/halaman/../../.git/hooks/pre-commit", "bagian .."),
    ("content/halaman/profil/foto\x1b.jpg", "karakter kontrol"),
]


def humas(repo: Repo, *args: str, who: str) -> tuple[int, str, str]:
    """A ``humas`` command in process, as ``who`` (the table of cases below; the tests above run the
    real command)."""
    env = {**identity_env(who), "HUMAS_CACHE_DIR": base_env()["HUMAS_CACHE_DIR"], "HUMAS_LANGUAGE": "id"}
    result = CliRunner().invoke(main, [*args, "--repo", str(repo.root)], env=env, catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("path", "why"), HOSTILE)
def test_a_change_holding_a_hostile_path_is_refused_by_preview_review_merge_and_check(
    repo: Repo, tmp_path: Path, path: str, why: str
) -> None:
    head = hostile_branch(repo, "publikasi/x", {path: ("100755", HOOK.encode())})
    expected = refusal("publikasi/x", path, why)[len("humas: ") :]
    out = tmp_path / "pratinjau"
    for args, who in (
        (("preview", "publikasi/x", "--out", str(out)), "akademik"),
        (("review", "approve", "publikasi/x", "--role", "verifikator"), "akademik"),
        (("review", "request-changes", "publikasi/x", "--role", "verifikator", "-m", "?"), "akademik"),
        (("merge", "publikasi/x"), "reni"),
        (("status", "publikasi/x"), "akademik"),
    ):
        code, said, err = humas(repo, *args, who=who)
        assert (code, said, err.removeprefix("humas: ")) == (1, "", expected), args
    # the work tree made from it: git itself refuses to check most of these out, so HEAD is pointed at it
    git(repo, "symbolic-ref", "HEAD", "refs/heads/publikasi/x")
    code, said, err = humas(repo, "check", who="humas1")
    assert (code, said, err.removeprefix("humas: ")) == (1, "", expected)
    git(repo, "update-ref", "--no-deref", "HEAD", head)
    code, said, err = humas(repo, "check", who="humas1")
    assert (code, err.removeprefix("humas: ")) == (1, expected.replace("cabang publikasi/x", f"commit {head[:7]}"))
    assert not out.exists()
    assert not (repo.root / ".git/hooks/pre-commit").exists()
    assert git(repo, "rev-parse", "--verify", "--quiet", "refs/heads/arsip", check=False) == ""


def test_a_clean_branch_is_still_previewed_checked_and_reviewed(repo: Repo) -> None:
    hostile_branch(repo, "publikasi/x", {"content/publikasi/2026/x/catatan.txt": ("100644", b"biasa\n")})
    assert repo.humas("preview", "publikasi/x", who="akademik").code == 0
    assert repo.humas("review", "approve", "publikasi/x", "--role", "verifikator", who="akademik").code == 0
    git(repo, "switch", "-q", "publikasi/x")
    run = repo.humas("check")
    assert (run.code, run.err) == (0, "")


def test_a_link_in_the_change_pointing_outside_is_not_followed_and_review_and_merge_refuse_it(repo: Repo) -> None:
    outside = repo.root / ".git/hooks/pre-commit"
    link = "content/publikasi/2026/x/foto.jpg"
    hostile_branch(repo, "publikasi/x", {link: ("120000", str(outside).encode())})
    refused = repo.sign("publikasi/x", "akademik", "verifikator")  # nobody signs what cannot merge
    assert refused.code == 1
    assert refused.err.splitlines()[1:] == [
        f"{link}: berupa tautan atau submodule (folder konten hanya boleh berisi berkas biasa: tanpa tautan)"
    ]
    run = repo.humas("merge", "publikasi/x", who="reni")
    assert run.code == 1
    assert run.err.splitlines() == [
        "humas: publikasi/x tidak dapat digabungkan: isinya bermasalah (jalankan humas check)",
        f"{link}: berupa tautan atau submodule (folder konten hanya boleh berisi berkas biasa: tanpa tautan)",
    ]
    run = repo.humas("preview", "publikasi/x", who="akademik")
    assert run.code == 0, run.err
    assert not outside.exists()
    made = [p for p in (repo.root / "build").rglob("*") if p.is_symlink()]
    assert made == []


# --- export: the one writer of git content to disk ----------------------------------------------------


def test_export_writes_regular_files_and_skips_links_and_submodules(repo: Repo, tmp_path: Path) -> None:
    head = hostile_branch(
        repo,
        "publikasi/x",
        {
            "content/publikasi/2026/x/tautan.jpg": ("120000", b"/etc/passwd"),
            "content/publikasi/2026/x/modul": ("160000", git(repo, "rev-parse", "main").encode()),
            "content/publikasi/2026/x/run.sh": ("100755", b"#!/bin/sh\n"),
        },
    )
    out = tmp_path / "out"
    skipped = GitRepo(repo.root).export(head, "content/publikasi/2026/x", out)
    assert sorted(skipped) == ["content/publikasi/2026/x/modul", "content/publikasi/2026/x/tautan.jpg"]
    folder = out / "content/publikasi/2026/x"
    assert sorted(p.name for p in folder.iterdir()) == ["index.md", "run.sh"]
    assert (folder / "run.sh").stat().st_mode & 0o777 == 0o755
    assert (folder / "index.md").read_text() == publikasi(title="X", date="2026-02-10")


def test_export_refuses_a_hostile_tree_before_writing_anything(repo: Repo, tmp_path: Path) -> None:
    head = hostile_branch(
        repo, "publikasi/x", {"content/publikasi/2026/x/../../../.git/hooks/pre-commit": ("100644", b"x")}
    )
    out = tmp_path / "out"
    with pytest.raises(HostileTree) as refused:
        GitRepo(repo.root).export(head, "content", out)
    assert refused.value.path == "content/publikasi/2026/x/../../../.git/hooks/pre-commit"
    assert refused.value.exit_code == 1
    assert not out.exists()


@pytest.mark.parametrize("where", ["content", "content/publikasi/2026", "content/publikasi/2026/x/index.md"])
def test_export_follows_no_link_already_in_its_destination(repo: Repo, tmp_path: Path, where: str) -> None:
    head = hostile_branch(repo, "publikasi/x", {})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.md").write_text("milik orang lain\n")
    out = tmp_path / "out"
    (out / where).parent.mkdir(parents=True, exist_ok=True)
    (out / where).symlink_to(outside / "index.md" if where.endswith(".md") else outside)
    with pytest.raises(ConfigError) as refused:
        GitRepo(repo.root).export(head, "content", out)
    assert "humas tidak mengikuti tautan" in refused.value.message
    assert sorted(p.name for p in outside.iterdir()) == ["index.md"]
    assert (outside / "index.md").read_text() == "milik orang lain\n"


def test_export_never_overwrites_a_file_already_there(repo: Repo, tmp_path: Path) -> None:
    head = hostile_branch(repo, "publikasi/x", {})
    out = tmp_path / "out"
    (out / "content/publikasi/2026/x").mkdir(parents=True)
    (out / DRAFT).write_text("sudah ada\n")
    with pytest.raises(ConfigError) as refused:
        GitRepo(repo.root).export(head, "content", out)
    assert refused.value.message == (
        f"di {out.resolve()} sudah ada tautan atau berkas di tempat {shown_path(DRAFT)}: humas tidak mengikuti "
        "tautan dan hanya menulis berkas baru (pilih folder yang kosong)"
    )
    assert (out / DRAFT).read_text() == "sudah ada\n"


def test_export_refuses_a_folder_name_that_climbs(repo: Repo, tmp_path: Path) -> None:
    with pytest.raises(HostileTree):
        GitRepo(repo.root).export("main", "content/..", tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- the repository humas init makes checks what it receives -----------------------------------------


def test_a_repository_made_by_humas_init_rejects_a_push_of_hostile_trees(repo: Repo, tmp_path: Path) -> None:
    shared = tmp_path / "bersama"
    done = run_humas(["init", str(shared), "--example"], cwd=tmp_path, env=base_env())
    assert done.code == 0, done.err
    for key in ("receive.fsckobjects", "transfer.fsckobjects", "fetch.fsckobjects"):
        assert git(shared, "config", "--get", key) == "true"
    for number, (path, _why) in enumerate(HOSTILE[:4]):
        branch = f"publikasi/x{number}"
        hostile_branch(repo, branch, {path: ("100644", HOOK.encode())})
        pushed = subprocess.run(
            ["git", "push", str(shared), f"{branch}:refs/heads/{branch}"],
            cwd=repo.root,
            env=base_env(),
            capture_output=True,
            text=True,
        )
        assert pushed.returncode != 0
        assert "fsck" in pushed.stderr or "hasDot" in pushed.stderr, pushed.stderr
        assert git(shared, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False) == ""


def test_a_hostile_name_pushed_to_arsip_stops_no_build_and_is_never_written(repo: Repo) -> None:
    """Anyone with write access may push to arsip: a name humas refuses there is left out of every
    listing (records are re-verified from scratch anyway), so it can neither write nor stop a build."""
    from tests.archive.test_revocation import merged_publication

    merged_publication(repo)
    tip = git(repo, "rev-parse", "arsip")
    tree = git(repo, "rev-parse", "arsip^{tree}")
    hook = git(repo, "hash-object", "-w", "--stdin", stdin=HOOK.encode())
    for path in ("records/../../.git/hooks/pre-commit", "records/.GIT/hooks/pre-commit"):
        tree = put(repo, tree, path.split("/"), "100755", hook)
    commit = git(repo, "commit-tree", tree, "-p", tip, "-m", "records")
    git(repo, "update-ref", "refs/heads/arsip", commit)
    build = repo.humas("build", "--out", "site")
    assert build.code == 0, build.err
    assert "dikecualikan" not in build.out
    assert (repo.root / "site/2025/wisuda/index.html").exists()
    assert not (repo.root / ".git/hooks/pre-commit").exists()
