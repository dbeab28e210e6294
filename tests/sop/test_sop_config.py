"""sop.yml is parsed strictly: each error names the file, the line, the key and the allowed values."""

from __future__ import annotations

import pytest

from pipeline import skeleton
from pipeline.problems import ConfigError
from pipeline.sop.config import parse_sop
from tests.helpers import Repo

TEMPLATE = skeleton.read("sop.yml").decode()


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_sop(text)
    return [str(p) for p in caught.value.problems]


def test_the_template_is_valid_and_holds_the_sop_steps() -> None:
    sop = parse_sop(TEMPLATE)
    assert [(s.id, s.role, s.minutes) for s in sop.steps] == [
        ("arahan", "pengarah", 5),
        ("rencana", "ketua_tim", 10),
        ("desain", "anggota", 120),
        ("verifikasi", "verifikator", 10),
        ("pengendalian", "pengendali", 10),
        ("persetujuan", "penanggung_jawab", 10),
        ("pengesahan", "pengarah", 10),
        ("unggah", "anggota", 5),
    ]
    assert sop.sop.number == "OT.02.02/F.XXXIV/0764/2025"
    assert [(c.name, c.steps) for c in sop.chains] == [
        ("publikasi", ["verifikasi", "pengendalian", "persetujuan", "pengesahan"]),
        ("pengumuman", ["verifikasi", "pengendalian", "persetujuan", "pengesahan"]),
        ("agenda", ["verifikasi", "pengendalian", "persetujuan", "pengesahan"]),
        ("halaman", ["pengendalian", "pengesahan"]),
        ("arahan", ["arahan"]),
        ("rencana", ["rencana"]),
        ("sistem", ["pengendalian", "pengesahan"]),
        ("konfigurasi", ["pengesahan"]),
    ]
    for path, chain in (
        ("content/publikasi/2025/a/index.md", "publikasi"),
        ("content/pengumuman/2026/a/index.md", "pengumuman"),
        ("content/agenda/2026/a/surat.pdf", "agenda"),
        ("content/halaman/profil/index.md", "halaman"),
        ("content/halaman/.gitkeep", "halaman"),
        ("content/arahan/a.md", "arahan"),
        ("content/rencana/r.md", "rencana"),
        ("sop.yml", "sistem"),
        ("mkdocs.yml", "sistem"),
        (".github/workflows/gate.yml", "sistem"),
        ("pipeline/cli.py", "sistem"),
        ("docs/css/humas.css", "sistem"),
        ("overrides/main.html", "sistem"),
        ("requirements.lock", "sistem"),
        ("pyproject.toml", "sistem"),
        ("README.md", "konfigurasi"),
    ):
        found = sop.chain_for(path)
        assert found is not None and found.name == chain


def test_unknown_key() -> None:
    assert problems(TEMPLATE.replace("unit: Humas", "unit: Humas\nwarna: biru")) == [
        "sop.yml:8: warna: kunci tidak dikenal (yang boleh: institution, unit, sop, language, timezone, site_url, "
        "kota, signatures, "
        "record_keys, revoked_keys, bidang, "
        "people, roles, steps, chains, corrections, withdrawals, emergency)"
    ]


def test_a_role_naming_an_unknown_person() -> None:
    assert problems(TEMPLATE.replace("pengarah: [reni]", "pengarah: [reny]")) == [
        "sop.yml:63: roles.pengarah[0]: orang 'reny' tidak dikenal (yang boleh: kasubbag_akademik, kasubbag_umum, "
        "koordinator, humas1, humas2, reni, spi, wadir1, wadir2, wadir3)".replace(
            "kasubbag_akademik, kasubbag_umum, koordinator, humas1, humas2",
            "humas1, humas2, kasubbag_akademik, kasubbag_umum, koordinator",
        )
    ]


def test_a_step_naming_an_unknown_role_and_a_chain_naming_an_unknown_step() -> None:
    text = TEMPLATE.replace("role: pengendali,       minutes: 10", "role: auditor,       minutes: 10")
    text = text.replace("steps: [rencana]", "steps: [perencanaan]")
    assert problems(text) == [
        "sop.yml:83: steps[4].role: peran 'auditor' tidak dikenal (yang boleh: pengarah, penanggung_jawab, "
        "pengendali, verifikator, ketua_tim, anggota)",
        "sop.yml:113: chains[5].steps[0]: tahap 'perencanaan' tidak dikenal (yang boleh: arahan, rencana, desain, "
        "verifikasi, pengendalian, persetujuan, pengesahan, unggah)",
    ]


def test_a_per_bidang_role_naming_an_unknown_bidang() -> None:
    assert problems(TEMPLATE.replace("    umum: [wadir2]", "    keuangan: [wadir2]")) == [
        "sop.yml:66: roles.penanggung_jawab.keuangan: bidang 'keuangan' tidak dikenal (yang boleh: akademik, umum, "
        "kemahasiswaan)"
    ]


def test_yaml_syntax_and_aliases() -> None:
    assert problems("people: [\n") == [
        "sop.yml:2: kesalahan sintaks YAML: expected the node content, but found '<stream end>'"
    ]
    assert problems("a: &x 1\nb: *x\n") == [
        "sop.yml:1: anchor YAML (&x) tidak diperbolehkan (tuliskan nilainya secara lengkap)"
    ]


def test_a_broken_sop_on_main_is_a_configuration_error_exit_2(repo: Repo) -> None:
    repo.write("sop.yml", TEMPLATE.replace("pengarah: [reni]", "pengarah: [reny]"))
    repo.commit("break it", who="reni")
    run = repo.humas("check")
    assert run.code == 2
    assert run.err.splitlines()[0] == "humas: sop.yml (main) tidak sah"
    assert run.err.splitlines()[1].startswith("sop.yml (main):63: roles.pengarah[0]: orang 'reny' tidak dikenal")


def test_init_refuses_a_non_empty_directory(repo: Repo) -> None:
    run = repo.humas("init", str(repo.root))
    assert run.code == 2
    assert run.err == f"humas: {repo.root} sudah ada dan tidak kosong (pilih direktori baru)\n"


def test_the_correction_and_withdrawal_keys() -> None:
    sop = parse_sop(TEMPLATE)
    own = sop.chains[0]
    assert (sop.correction_chain(own).steps, sop.withdrawal_chain(own).steps) == (
        own.steps,
        ["pengendalian", "pengesahan"],
    )
    assert (sop.emergency_chain(own).steps, sop.emergency_people()) == (["pengesahan"], sop.holders("pengarah"))
    custom = parse_sop(
        TEMPLATE + "\ncorrections: {steps: [pengendalian, pengesahan]}\nwithdrawals: {steps: [pengesahan]}\n"
        "emergency: {people: [spi], steps: [pengesahan]}\n"
    )
    assert (custom.correction_chain(own).steps, custom.withdrawal_chain(own).steps) == (
        ["pengendalian", "pengesahan"],
        ["pengesahan"],
    )
    assert custom.emergency_rules().holders("pengarah") == ["spi"]
    found = problems(TEMPLATE + "\nwithdrawals: {steps: [desain, hapus]}\nemergency: {people: [tamu]}\n")
    assert [line.split(": ", 1)[1] for line in found] == [
        "withdrawals.steps[0]: tahap 'desain' bukan tahap tanda tangan (review: false)",
        "withdrawals.steps[1]: tahap 'hapus' tidak dikenal (yang boleh: arahan, rencana, desain, verifikasi, "
        "pengendalian, persetujuan, pengesahan, unggah)",
        "emergency.people[0]: orang 'tamu' tidak dikenal (yang boleh: humas1, humas2, kasubbag_akademik, "
        "kasubbag_umum, koordinator, reni, spi, wadir1, wadir2, wadir3)",
    ]
