"""GitHub enforces what it can: ``humas github setup`` applies the rulesets, environments and merge
settings, ``humas github check`` and every run that records or posts read them back, and the required
check ``humas/sop`` comes only from the institution's GitHub App.

Everything runs the real ``humas`` command (PyGithub underneath) against the local GitHub, whose answers
are validated against GitHub's OpenAPI description (tests/github/conftest.py)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.github.conftest import APP_ID, CHAIN, HUMAS1, TOKEN, World, assert_answers_documented
from tests.github.fake import NAME, OWNER, FakeGitHub
from tests.github.fake_protection import UPGRADE
from tests.helpers import HUMAS, base_env, publikasi, run_humas

ADMIN = "ghp_administratorT0kenOfTheInstitution01"
WRITER = "ghp_staffWriterT0kenOfAHumasMember0002"
REPO = f"{OWNER}/{NAME}"
DRAFT = "content/publikasi/2025/wisuda/index.md"


def _key() -> tuple[str, str]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return pem, public


APP_KEY, APP_PUBLIC = _key()
OTHER_KEY, _OTHER_PUBLIC = _key()


@pytest.fixture
def bare() -> Iterator[FakeGitHub]:
    """A repository nobody has protected yet (the local GitHub as GitHub creates it)."""
    server = FakeGitHub().start()
    server.add_token(TOKEN)
    server.add_token(ADMIN, "admin-pkj2", admin=True)
    server.add_token(WRITER, HUMAS1)
    server.init_main({"sop.yml": b"language: id\n"})
    try:
        yield server
    finally:
        server.stop()
    assert_answers_documented(server)


def humas(
    fake: FakeGitHub, *args: str, token: str = ADMIN, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    command = [HUMAS, "github", *args, "--repository", REPO, "--api-url", fake.base_url]
    done = run_humas(command[1:], env={**base_env(), "GITHUB_TOKEN": token, **env}, timeout=60, cwd=cwd or Path.cwd())
    return subprocess.CompletedProcess(command, done.code, done.out, done.err)


def writes(fake: FakeGitHub) -> list[str]:
    return [f"{e.method} {e.path}" for e in fake.log if e.method != "GET"]


MAIN_RULES = (
    '    aturan pull_request: tidak ada → {"allowed_merge_methods":["merge"],"dismiss_stale_reviews_on_push":true,'
    '"require_code_owner_review":true,"require_last_push_approval":true,"required_approving_review_count":1,'
    '"required_review_thread_resolution":false}\n'
    '    aturan required_status_checks: tidak ada → {"required_status_checks":[{"context":"humas/sop",'
    '"integration_id":424242}],"strict_required_status_checks_policy":false}\n'
)
PUBLIC_NOTE = (
    "catatan: push ruleset humas: workflows (.github/workflows/**): GitHub hanya menyediakan push ruleset untuk "
    "repositori privat dan internal pada paket Team dan Enterprise; di repositori ini CODEOWNERS dan reviu pemilik "
    "kode menjaga workflow di main, tidak di cabang lain\n"
)


def test_setup_shows_the_difference_applies_it_once_and_check_reads_it_back(bare: FakeGitHub) -> None:
    dry = humas(bare, "setup", "--dry-run", "--app-id", str(APP_ID))
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout == (
        f"perbedaan pada {REPO} (tidak ada yang diubah):\n"
        "  - buat ruleset humas: main:\n"
        '    target: null → "branch"\n'
        '    enforcement: null → "active"\n'
        '    conditions: null → {"ref_name":{"exclude":[],"include":["~DEFAULT_BRANCH"]}}\n'
        "    bypass_actors: null → []\n"
        "    aturan deletion: tidak ada → {}\n"
        "    aturan non_fast_forward: tidak ada → {}\n" + MAIN_RULES + "  - buat ruleset humas: arsip:\n"
        '    target: null → "branch"\n'
        '    enforcement: null → "active"\n'
        '    conditions: null → {"ref_name":{"exclude":[],"include":["refs/heads/arsip"]}}\n'
        "    bypass_actors: null → []\n"
        "    aturan deletion: tidak ada → {}\n"
        "    aturan non_fast_forward: tidak ada → {}\n"
        "  - buat environment publikasi: cabang deployment: hanya main\n"
        "  - buat environment humas-gate: cabang deployment: hanya main\n"
        "  - buat environment github-pages: cabang deployment: hanya main\n"
        "  - ubah pengaturan repositori:\n"
        "    allow_squash_merge: true → false\n"
        "    allow_rebase_merge: true → false\n" + PUBLIC_NOTE
    )
    assert writes(bare) == [] and bare.rulesets == {} and bare.environments == {}

    before = humas(bare, "check", token=TOKEN)  # the workflow's own token can read it all
    assert before.returncode == 1
    assert before.stdout == (
        f"{REPO} belum terlindungi sesuai kebutuhan humas:\n"
        "  - main: pull request tidak diwajibkan sebelum penggabungan\n"
        "  - main: pemeriksaan humas/sop tidak diwajibkan\n"
        "  - main: force push tidak dicegah\n"
        "  - main: penghapusannya tidak dicegah\n"
        "  - arsip: force push tidak dicegah\n"
        "  - arsip: penghapusannya tidak dicegah\n"
        "  - environment publikasi tidak ada (secrets-nya tidak akan berada di tempat yang terlindungi)\n"
        "  - environment humas-gate tidak ada (secrets-nya tidak akan berada di tempat yang terlindungi)\n"
    )

    applied = humas(bare, "setup", "--app-id", str(APP_ID))
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout == dry.stdout.replace(
        f"perbedaan pada {REPO} (tidak ada yang diubah):", f"diubah pada {REPO}:"
    )
    assert bare.settings == {"allow_merge_commit": True, "allow_squash_merge": False, "allow_rebase_merge": False}
    main = bare.ruleset_named("humas: main")
    assert main["bypass_actors"] == [] and main["conditions"]["ref_name"]["include"] == ["~DEFAULT_BRANCH"]
    assert {e: [b["name"] for b in bare.environments[e]["branches"]] for e in bare.environments} == {
        "publikasi": ["main"],
        "humas-gate": ["main"],
        "github-pages": ["main"],
    }

    written = len(writes(bare))
    again = humas(bare, "setup", "--app-id", str(APP_ID))
    assert again.returncode == 0
    assert again.stdout == f"tidak ada yang diubah: {REPO} terlindungi sesuai kebutuhan humas\n" + PUBLIC_NOTE
    assert len(writes(bare)) == written  # the second run changes nothing

    checked = humas(bare, "check", token=TOKEN, HUMAS_APP_ID=str(APP_ID))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout == (
        f"OK: {REPO}: main, arsip, serta environment publikasi dan humas-gate terlindungi; humas/sop wajib berasal "
        f"dari App {APP_ID}\n"
    )


def test_the_protected_test_repository_is_what_setup_makes(world: World) -> None:
    """The local GitHub of the other tests (``FakeGitHub.protect``) is exactly what setup leaves."""
    world.fake.add_token(ADMIN, "admin-pkj2", admin=True)
    dry = humas(world.fake, "setup", "--dry-run", "--app-id", str(APP_ID))
    assert dry.returncode == 0 and dry.stdout.startswith(f"tidak ada perbedaan: {REPO} terlindungi")


def test_setup_restores_a_weakened_ruleset_and_keeps_the_rules_it_does_not_manage(world: World) -> None:
    fake = world.fake
    fake.add_token(ADMIN, "admin-pkj2", admin=True)
    main = fake.ruleset_named("humas: main")
    main["rules"][2]["parameters"]["dismiss_stale_reviews_on_push"] = False
    main["rules"][3]["parameters"]["required_status_checks"] = [{"context": "humas/sop"}]
    main["rules"].append({"type": "required_signatures"})
    main["bypass_actors"] = [{"actor_id": 4, "actor_type": "RepositoryRole", "bypass_mode": "always"}]
    fake.environments["humas-gate"]["branches"].append({"id": 99, "name": "*", "type": "branch"})

    check = humas(fake, "check")
    assert check.returncode == 1
    assert check.stdout == (
        f"{REPO} belum terlindungi sesuai kebutuhan humas:\n"
        "  - main: tanda tangan (approval) tidak dibatalkan ketika ada commit baru yang di-push\n"
        "  - main: pemeriksaan humas/sop diwajibkan dari sumber mana pun: workflow cabang mana pun dapat "
        "mengirimkannya; tetapkan pada GitHub App milik institusi (humas github setup --app-id)\n"
        "  - main: ruleset 'humas: main' mengizinkan 1 aktor melewatinya (kosongkan daftar bypass-nya)\n"
        "  - environment humas-gate: cabang deployment adalah * (branch), main (branch), bukan hanya main\n"
    )
    dry = humas(fake, "setup", "--dry-run", "--app-id", str(APP_ID))
    assert dry.stdout == (
        f"perbedaan pada {REPO} (tidak ada yang diubah):\n"
        "  - ubah ruleset humas: main:\n"
        '    bypass_actors: [{"actor_id":4,"actor_type":"RepositoryRole","bypass_mode":"always"}] → []\n'
        '    aturan pull_request: {"dismiss_stale_reviews_on_push":false} → {"dismiss_stale_reviews_on_push":true}\n'
        '    aturan required_status_checks: {"required_status_checks":[{"context":"humas/sop"}]} → '
        '{"required_status_checks":[{"context":"humas/sop","integration_id":424242}]}\n'
        "  - ubah environment humas-gate: cabang deployment: * (branch), main (branch) → hanya main\n" + PUBLIC_NOTE
    )
    assert humas(fake, "setup", "--app-id", str(APP_ID)).returncode == 0
    assert {r["type"] for r in fake.ruleset_named("humas: main")["rules"]} == {
        "deletion",
        "non_fast_forward",
        "pull_request",
        "required_status_checks",
        "required_signatures",  # an administrator's own rule stays
    }
    assert humas(fake, "check", HUMAS_APP_ID=str(APP_ID)).returncode == 0


@pytest.mark.parametrize(
    ("owner_type", "plan", "made", "note"),
    [
        ("Organization", "team", True, ""),
        (
            "User",
            "pro",
            False,
            "catatan: push ruleset humas: workflows (.github/workflows/**): tidak tersedia pada paket repositori ini "
            "(GitHub menyediakannya pada Team dan Enterprise); CODEOWNERS dan reviu pemilik kode menjaga workflow di "
            "main, tidak di cabang lain\n",
        ),
        (
            "Organization",
            "pro",
            False,
            "catatan: push ruleset humas: workflows: GitHub menolaknya (Validation Failed: push rulesets are not "
            "available for this repository); CODEOWNERS dan reviu pemilik kode menjaga workflow di main, tidak di "
            "cabang lain\n",
        ),
    ],
)
def test_the_workflows_push_ruleset_where_the_plan_offers_it(
    bare: FakeGitHub, owner_type: str, plan: str, made: bool, note: str
) -> None:
    bare.private, bare.plan, bare.owner_type = True, plan, owner_type
    done = humas(bare, "setup", "--app-id", str(APP_ID))
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("allow_rebase_merge: true → false\n" + note)
    pushes = [r for r in bare.rulesets.values() if r["target"] == "push"]
    assert bool(pushes) == made
    if made:
        assert pushes[0]["rules"] == [
            {"type": "file_path_restriction", "parameters": {"restricted_file_paths": [".github/workflows/**"]}}
        ]
        assert pushes[0]["bypass_actors"] == [{"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"}]
        assert humas(bare, "setup", "--app-id", str(APP_ID)).stdout.startswith("tidak ada yang diubah")


@pytest.mark.parametrize("dry_run", [True, False])
def test_setup_refuses_a_private_repository_on_github_free(bare: FakeGitHub, dry_run: bool) -> None:
    bare.private = True
    done = humas(bare, "setup", *(["--dry-run"] if dry_run else []), "--app-id", str(APP_ID))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        f"humas: {REPO} tidak dapat dilindungi: repositori ini privat pada GitHub Free, yang tidak menyediakan "
        "ruleset, cabang terlindungi, maupun environment untuk repositori privat "
        f'(GitHub: "{UPGRADE}"). Workflow cabang milik siapa pun yang dapat menulis akan dapat membaca setiap secret '
        "dan mengirimkan pemeriksaan. Jadikan repositori publik, atau pindahkan ke GitHub Team atau Enterprise (Pro "
        "untuk akun pribadi), lalu jalankan lagi humas github setup (docs/github.md, bagian Paket)\n"
    )
    assert writes(bare) == []


@pytest.mark.parametrize(
    ("token", "extra", "code", "message"),
    [
        (
            WRITER,
            ["--app-id", str(APP_ID)],
            2,
            f"humas: token ini bukan milik administrator {REPO}: ruleset, environment, dan pengaturan penggabungan "
            "memerlukannya (berikan token administrator dengan --token-env)\n",
        ),
        (
            ADMIN,
            [],
            2,
            "humas: id GitHub App diperlukan (--app-id atau HUMAS_APP_ID): pemeriksaan wajib humas/sop ditetapkan "
            "padanya. Buat App terlebih dahulu (docs/github.md, bagian App)\n",
        ),
        (
            ADMIN,
            ["--app-id", "humas"],
            2,
            "humas: --app-id bernilai 'humas' (yang boleh: id numerik App, mis. 123456)\n",
        ),
        (
            "",
            ["--app-id", str(APP_ID)],
            2,
            "humas: variabel lingkungan GITHUB_TOKEN tidak memuat token (berikan yang lain dengan --token-env NAMA)\n",
        ),
    ],
)
def test_setup_says_what_it_needs(bare: FakeGitHub, token: str, extra: list[str], code: int, message: str) -> None:
    done = humas(bare, "setup", *extra, token=token)
    assert (done.returncode, done.stderr) == (code, message)
    assert writes(bare) == []


def test_a_branch_workflows_status_does_not_pass_the_check_that_humas_github_check_requires(world: World) -> None:
    """A staff member's branch workflow (``statuses: write``, ``checks: write``) sets humas/sop to success on
    their pull request's head, as a commit status and as a check run; GitHub's ruleset, pinned to the App,
    still refuses the merge. Only the gate, as the App, makes it pass."""
    fake = world.fake
    fake.enforce_rules = True
    fake.add_app(APP_ID, "humas-poltekkes", APP_PUBLIC)
    assert humas(fake, "check", token=TOKEN, HUMAS_APP_ID=str(APP_ID)).returncode == 0  # what check requires…
    pull = fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()})
    fake.add_token("ghs_branchWorkflowT0ken", "github-actions[bot]")  # a branch workflow's GITHUB_TOKEN
    fake.add_token(WRITER, HUMAS1)  # the staff member, who then presses the merge button
    forged = {"state": "success", "context": "humas/sop", "description": "OK"}
    _post(fake, "ghs_branchWorkflowT0ken", f"/repos/{REPO}/statuses/{pull.head_sha}", forged)
    _post(
        fake,
        "ghs_branchWorkflowT0ken",
        f"/repos/{REPO}/check-runs",
        {"name": "humas/sop", "head_sha": pull.head_sha, "status": "completed", "conclusion": "success"},
    )
    merged = _put(fake, WRITER, f"/repos/{REPO}/pulls/{pull.number}/merge", {"merge_method": "merge"})
    assert merged == (405, 'Repository rule violations found\n\nRequired status check "humas/sop" is expected.\n\n')
    assert not pull.merged

    # …and the same forgery passes a ruleset that does not name the App, which check refuses
    fake.ruleset_named("humas: main")["rules"][3]["parameters"]["required_status_checks"] = [{"context": "humas/sop"}]
    assert fake.check_passes(pull.head_sha, "humas/sop", None)
    weak = humas(fake, "check", token=TOKEN)
    assert weak.returncode == 1 and "main: pemeriksaan humas/sop diwajibkan dari sumber mana pun" in weak.stdout
    fake.ruleset_named("humas: main")["rules"][3]["parameters"]["required_status_checks"] = [
        {"context": "humas/sop", "integration_id": 15368}
    ]
    actions = humas(fake, "check", token=TOKEN)
    assert "main: pemeriksaan humas/sop diwajibkan dari GitHub Actions (15368): workflow cabang" in actions.stdout
    fake.ruleset_named("humas: main")["rules"][3]["parameters"]["required_status_checks"] = [
        {"context": "humas/sop", "integration_id": APP_ID}
    ]

    world.sign_chain(pull.number)
    gate = world.gate(pull.number, "pull_request_review", **app_env())
    assert gate.code == 0, gate.err
    [run] = fake.check_runs[pull.head_sha][1:]
    assert (run["app_id"], run["conclusion"]) == (APP_ID, "success")
    assert pull.merged and pull.merged_by == "humas-poltekkes[bot]"
    assert fake.dispatches == []  # the App's push starts the publish workflow
    assert f"the push of {pull.merge_commit_sha[:7]} to main starts the publish workflow" in gate.out


def app_env(key: str = APP_KEY, app_id: int = APP_ID) -> dict[str, str]:
    return {"HUMAS_APP_ID": str(app_id), "HUMAS_APP_PRIVATE_KEY": key}


def _send(fake: FakeGitHub, method: str, token: str, path: str, body: dict) -> tuple[int, str]:
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        fake.base_url + path,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request) as answer:  # noqa: S310 - the local GitHub
            return answer.status, json.loads(answer.read() or b"{}").get("message", "")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()).get("message", "")


def _post(fake: FakeGitHub, token: str, path: str, body: dict) -> None:
    status, message = _send(fake, "POST", token, path, body)
    assert status == 201, message


def _put(fake: FakeGitHub, token: str, path: str, body: dict) -> tuple[int, str]:
    return _send(fake, "PUT", token, path, body)


def test_the_gate_posts_a_pending_chain_as_action_required_from_the_app(world: World) -> None:
    fake = world.fake
    fake.add_app(APP_ID, "humas-poltekkes", APP_PUBLIC)
    pull = fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()})
    world.sign_chain(pull.number, CHAIN[:1])
    gate = world.gate(pull.number, **app_env())
    assert gate.code == 0, gate.err
    [run] = fake.check_runs[pull.head_sha]
    assert (run["app_id"], run["status"], run["conclusion"]) == (APP_ID, "completed", "action_required")
    assert run["output"]["title"].startswith("menunggu Pengendalian") and run["details_url"].endswith("/runs/777")
    assert fake.status_of(pull.head_sha) is None and not pull.merged
    token = next(t for t, who in fake.tokens.items() if who.get("app_id") == APP_ID)
    assert fake.tokens[token]["permissions"] == {
        "checks": "write",
        "contents": "write",
        "pull_requests": "write",
        "metadata": "read",
    }
    assert APP_KEY.splitlines()[1] not in gate.out + gate.err and token not in gate.out + gate.err


@pytest.mark.parametrize(
    ("env", "installed", "message"),
    [
        (
            {"HUMAS_APP_ID": str(APP_ID)},
            True,
            "humas: HUMAS_APP_ID terisi tetapi HUMAS_APP_PRIVATE_KEY kosong: job harus berjalan di environment "
            "humas-gate, yang menyimpan kunci privat App\n",
        ),
        (
            {"HUMAS_APP_PRIVATE_KEY": APP_KEY},
            True,
            "humas: HUMAS_APP_PRIVATE_KEY terisi tetapi HUMAS_APP_ID kosong (setel variabel repositori HUMAS_APP_ID)\n",
        ),
        (
            app_env("not a key"),
            True,
            "humas: HUMAS_APP_PRIVATE_KEY bukan kunci privat (tempelkan seluruh isi berkas .pem App)\n",
        ),
        (
            app_env(OTHER_KEY),
            True,
            f"humas: GitHub menolak memberikan token untuk App {APP_ID}: 401 Bad credentials\n",
        ),
        (
            app_env(),
            False,
            f"humas: GitHub App {APP_ID} belum dipasang pada {REPO}: pasang di sana (docs/github.md, bagian App)\n",
        ),
    ],
)
def test_the_gate_with_a_broken_app_set_up_posts_nothing(
    world: World, env: dict[str, str], installed: bool, message: str
) -> None:
    fake = world.fake
    fake.add_app(APP_ID, "humas-poltekkes", APP_PUBLIC, installed=installed)
    pull = fake.open_pull(HUMAS1, "publikasi/wisuda", {DRAFT: publikasi().encode()})
    world.sign_chain(pull.number)
    gate = world.gate(pull.number, "pull_request_review", **env)
    assert (gate.code, gate.err) == (2, message)
    assert not fake.check_runs and fake.status_of(pull.head_sha) is None and not pull.merged


# --- every run that records or posts reads protection back -------------------------------------------


REFUSAL = (
    f"humas: {REPO} belum terlindungi di GitHub, sehingga tidak ada yang dicatat atau diunggah (administrator "
    "menjalankan humas github setup; docs/github.md):\n"
)


def actions_env(world: World, **extra: str) -> dict[str, str]:
    event = {"ref": "refs/heads/main", "after": world.fake.branches["main"], "repository": {"default_branch": "main"}}
    return world.env("push", event, GITHUB_SHA=world.fake.branches["main"], **extra)


@pytest.mark.parametrize(
    ("weaken", "missing"),
    [
        (
            lambda f: f.environments.pop("humas-gate"),
            "  - environment humas-gate tidak ada (secrets-nya tidak akan berada di tempat yang terlindungi)\n",
        ),
        (
            lambda f: f.environments["publikasi"].update(policy=None, branches=[]),
            "  - environment publikasi: cabang deployment adalah semua cabang, bukan hanya main\n",
        ),
        (
            lambda f: f.rulesets.pop(f.ruleset_named("humas: arsip")["id"]),
            "  - arsip: force push tidak dicegah\n  - arsip: penghapusannya tidak dicegah\n",
        ),
        (
            lambda f: f.ruleset_named("humas: main").update(enforcement="evaluate"),
            "  - main: pull request tidak diwajibkan sebelum penggabungan\n"
            "  - main: pemeriksaan humas/sop tidak diwajibkan\n"
            "  - main: force push tidak dicegah\n"
            "  - main: penghapusannya tidak dicegah\n",
        ),
    ],
)
@pytest.mark.parametrize("command", [["publish", "--verify-only"], ["publish"], ["channels", "doctor"]])
def test_publish_and_doctor_in_actions_refuse_an_unprotected_repository(
    world: World, tmp_path: Path, weaken: object, missing: str, command: list[str]
) -> None:
    weaken(world.fake)  # type: ignore[operator]
    repo = tmp_path / "checkout"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    done = subprocess.run([HUMAS, *command], cwd=repo, env=actions_env(world), capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (1, REFUSAL + missing)
    assert done.stdout == "" and writes(world.fake) == []
    assert not world.fake.requests("GET", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls")  # nothing verified


def test_publish_in_actions_refuses_a_check_pinned_to_another_app(world: World, tmp_path: Path) -> None:
    repo = tmp_path / "checkout"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    env = actions_env(world, HUMAS_APP_ID="999")
    done = subprocess.run([HUMAS, "publish", "--verify-only"], cwd=repo, env=env, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (
        1,
        REFUSAL + f"  - main: pemeriksaan humas/sop diwajibkan dari App {APP_ID}, bukan dari App HUMAS_APP_ID 999\n",
    )


def test_a_job_token_without_actions_read_is_told_what_to_grant(world: World, tmp_path: Path) -> None:
    world.fake.tokens["ghs_contentsReadOnly"] = {
        "login": "github-actions[bot]",
        "write": True,
        "admin": False,
        "app_id": 15368,
        "permissions": {"contents": "write"},
    }
    repo = tmp_path / "checkout"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    env = actions_env(world, GITHUB_TOKEN="ghs_contentsReadOnly")
    done = subprocess.run([HUMAS, "publish", "--verify-only"], cwd=repo, env=env, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (
        2,
        f"humas: token job tidak boleh membaca perlindungan {REPO} (Resource not accessible by integration): "
        "berikan job permissions: actions: read (environment) selain contents\n",
    )
