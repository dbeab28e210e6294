"""An outbox package that waits for a person when its publication is withdrawn: the withdrawal empties it and
records, signed on ``arsip``, that it will not be uploaded (state ``withdrawn``); ``humas status``, ``humas due``,
``humas outbox list`` and the Lembar Pengesahan then say *ditarik, jangan diunggah*, never *menunggu unggah
manual*. A ``withdrawn`` receipt written on ``arsip`` by hand, or a genuine one written back over the receipt of a
post a person uploaded anyway, is not accepted, and the withdrawal's deletion of that post still follows. Driven
with the real ``humas`` commands on a real repository (``tests/test_publish.py``'s publication and withdrawal)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, rewrite_arsip
from tests.test_publish import arsip_files, merged_publication, withdraw

URL = "https://www.instagram.com/p/Cwisuda/"
WAITING = [
    "menunggu unggah manual: 2025/wisuda → facebook (outbox/facebook/2025-wisuda)",
    "menunggu unggah manual: 2025/wisuda → instagram (outbox/instagram/2025-wisuda)",
]
WITHDRAWN = [
    "ditarik, jangan diunggah: 2025/wisuda → facebook (outbox/facebook/2025-wisuda)",
    "ditarik, jangan diunggah: 2025/wisuda → instagram (outbox/instagram/2025-wisuda)",
]


def receipt_file(repo: Repo, channel: str) -> str:
    [path] = [f for f in arsip_files(repo) if f.endswith(f"/receipts/2025/wisuda/{channel}.json")]
    return path


def receipt(repo: Repo, channel: str) -> dict[str, Any]:
    return dict(json.loads(repo.git("show", f"arsip:{receipt_file(repo, channel)}")))


def status(repo: Repo) -> list[str]:
    """The lines of ``humas status`` on main about outbox packages."""
    run = repo.humas("status", "main")
    assert run.code == 0, run.err
    return [line for line in run.out.splitlines() if "2025/wisuda →" in line]


def copy(root: Path, tmp_path: Path) -> Repo:
    target = tmp_path / "humas-repo"
    shutil.copytree(root, target, symlinks=True)
    return Repo(target)


@pytest.fixture(scope="module")
def published(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publication merged and ``humas publish`` run: its two packages wait in the outbox. Made once per
    worker; each test works on its own copy."""
    repo = copy(template_repo, tmp_path_factory.mktemp("published"))
    merged_publication(repo)
    assert repo.humas("publish").code == 0
    return repo.root


@pytest.fixture(scope="module")
def withdrawn(published: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Then the publication withdrawn and ``humas publish`` run again: the repository and the withdrawal's
    record id. Made once per worker; each test works on its own copy."""
    repo = copy(published, tmp_path_factory.mktemp("withdrawn"))
    withdrawal = withdraw(repo)
    run = repo.humas("publish")
    assert (run.code, run.err) == (0, "")
    return repo.root, withdrawal.record


@pytest.fixture
def published_repo(published: Path, tmp_path: Path) -> Repo:
    return copy(published, tmp_path)


@pytest.fixture
def withdrawn_repo(withdrawn: tuple[Path, str], tmp_path: Path) -> tuple[Repo, str]:
    """A copy of the withdrawn repository, and the withdrawal's record id."""
    return copy(withdrawn[0], tmp_path), withdrawn[1]


def test_status_and_the_outbox_list_say_a_withdrawn_package_is_not_to_be_uploaded(published_repo: Repo) -> None:
    repo = published_repo
    assert status(repo) == WAITING
    assert repo.humas("outbox", "list").out.splitlines() == WAITING

    withdrawal = withdraw(repo)
    # merged, no publish run yet: the receipts still say waiting, but the publication is withdrawn
    assert status(repo) == WITHDRAWN
    run = repo.humas("publish")
    assert (run.code, run.err) == (0, "")
    assert status(repo) == WITHDRAWN
    assert repo.humas("outbox", "list").out.splitlines() == WITHDRAWN

    written = receipt(repo, "instagram")
    assert written["state"] == "withdrawn"
    assert written["details"] == {"package": "outbox/instagram/2025-wisuda", "withdrawal": withdrawal.record}
    assert written["signature"].startswith("-----BEGIN SSH SIGNATURE-----")
    folder = receipt_file(repo, "instagram").split("/receipts/")[0]
    sheet = repo.git("show", f"arsip:{folder}/lembar-pengesahan.md")
    assert sheet.count("ditarik: tidak diunggah") == 2
    assert "menunggu unggah manual" not in sheet

    laporan = repo.humas("laporan", "--out", str(repo.root / "laporan"))
    assert laporan.code == 0, laporan.err
    report = (repo.root / laporan.out.splitlines()[0]).read_text(encoding="utf-8")
    assert "ditarik: tidak diunggah" in report and "menunggu unggah manual" not in report

    again = repo.humas("publish")  # a later run leaves the signed receipt as it is
    assert (again.code, again.err) == (0, "")
    assert receipt(repo, "instagram") == written


def test_due_lists_no_upload_of_a_withdrawn_package(withdrawn_repo: tuple[Repo, str]) -> None:
    repo, _tarik = withdrawn_repo
    run = repo.humas("due")
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == ["tidak ada yang jatuh tempo", *WITHDRAWN]


def test_uploaded_anyway_is_recorded_and_its_deletion_goes_to_a_person(withdrawn_repo: tuple[Repo, str]) -> None:
    repo, tarik = withdrawn_repo
    recorded = repo.humas("outbox", "uploaded", "2025/wisuda", "instagram", URL, "--withdrawn")
    assert recorded.code == 0, recorded.err
    assert status(repo) == WITHDRAWN[:1]  # the post is receipted: no package line for it any more
    run = repo.humas("publish")
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines()[1:] == [
        f"2025/wisuda → instagram: menunggu dikerjakan petugas: outbox/instagram/2025-wisuda.{tarik}",
        f"  yang perlu dilakukan: humas ralat selesai 2025/wisuda instagram {tarik}",
    ]


def test_a_withdrawn_receipt_written_by_hand_is_not_accepted(published_repo: Repo) -> None:
    """Think as someone who can push ``arsip``: a ``withdrawn`` receipt nobody signed does not take a package off
    the list of uploads; a genuine one with a field changed is read as waiting and signed again by the next run."""
    repo = published_repo
    path = receipt_file(repo, "instagram")
    forged = {**receipt(repo, "instagram"), "state": "withdrawn"}
    rewrite_arsip(repo, path, json.dumps(forged))
    assert status(repo) == WAITING  # the publication is not withdrawn: its package still waits
    run = repo.humas("publish")
    assert run.code == 0
    assert run.err == (
        f"peringatan: arsip:{path}: bukti penarikan paket yang tidak membuktikan apa pun (tidak ditandatangani) "
        "diabaikan; paketnya dianggap masih menunggu unggah sampai humas publish menandainya lagi\n"
    )

    tarik = withdraw(repo).record
    assert repo.humas("publish").code == 0
    genuine = receipt(repo, "instagram")
    assert genuine["details"]["withdrawal"] == tarik
    changed = {**genuine, "details": {**genuine["details"], "withdrawal": "2025-01-01-lain-0000000"}}
    rewrite_arsip(repo, path, json.dumps(changed))
    run = repo.humas("publish")
    assert run.code == 0
    assert run.err.startswith(f"peringatan: arsip:{path}: bukti penarikan paket yang tidak membuktikan apa pun (")
    assert receipt(repo, "instagram")["details"]["withdrawal"] == tarik  # marked again, signed by this run
    assert receipt(repo, "instagram")["signature"] != genuine["signature"]


def test_a_genuine_withdrawn_receipt_written_back_over_an_upload_hides_nothing(
    withdrawn_repo: tuple[Repo, str],
) -> None:
    """The package was uploaded anyway and recorded (``--withdrawn``); someone who can push ``arsip`` writes the
    earlier, genuinely signed ``withdrawn`` receipt back over the upload's receipt, so that nobody deletes the post.
    ``arsip`` keeps its history: the upload's receipt stands, the status does not call the package withdrawn,
    and the deletion goes to a person."""
    repo, tarik = withdrawn_repo
    path = receipt_file(repo, "instagram")
    earlier = repo.git("show", f"arsip:{path}")
    assert json.loads(earlier)["state"] == "withdrawn"
    assert repo.humas("outbox", "uploaded", "2025/wisuda", "instagram", URL, "--withdrawn").code == 0
    rewrite_arsip(repo, path, earlier)
    assert status(repo) == WITHDRAWN[:1]  # facebook only: the instagram post was uploaded
    run = repo.humas("publish")
    assert run.code == 0
    assert run.err == (
        f"peringatan: arsip:{path}: menyatakan paketnya tidak diunggah, padahal versi sebelumnya mencatat unggahan "
        f"{URL}; catatan itulah yang berlaku, dan penarikan menghapus unggahan tersebut\n"
    )
    assert run.out.splitlines()[1:] == [
        f"2025/wisuda → instagram: menunggu dikerjakan petugas: outbox/instagram/2025-wisuda.{tarik}",
        f"  yang perlu dilakukan: humas ralat selesai 2025/wisuda instagram {tarik}",
    ]
