"""The channel specs are the one description of each channel: every part of humas reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.channels.registry import VARIABLES
from pipeline.channels.spec import ChannelSpec
from pipeline.channels.specs import BY_NAME, PLATFORMS, SPECS
from pipeline.content.model import CHANNEL_NAMES, SOCIAL_CHANNELS, Channels

ROOT = Path(__file__).resolve().parents[2]


def test_every_list_of_channels_is_the_specs() -> None:
    names = tuple(spec.name for spec in SPECS)
    assert names == CHANNEL_NAMES
    assert tuple(Channels.model_fields) == names
    assert set(SOCIAL_CHANNELS) == {spec.name for spec in PLATFORMS} == set(VARIABLES)
    assert [spec.name for spec in PLATFORMS][:4] == ["instagram", "facebook", "tiktok", "youtube"]


@pytest.mark.parametrize("spec", PLATFORMS, ids=lambda spec: spec.name)
def test_the_docs_of_a_channel_name_its_variables_and_hosts(spec: ChannelSpec) -> None:
    assert spec.settings is not None and spec.connect is not None and spec.doctor is not None
    assert spec.outbox is not None and spec.editor("id") and spec.scaffold("Judul").startswith(f"  {spec.name}:")
    assert spec.docs == f"docs/channels/{spec.name}.md"
    text = (ROOT / spec.docs).read_text(encoding="utf-8")
    settings = spec.settings
    named = (*settings.required, *settings.optional, *settings.alone, *settings.tuning, *spec.hosts)
    assert [name for name in named if name not in text] == []
    assert BY_NAME[spec.name] is spec


def test_every_channel_variable_reaches_the_jobs_that_post_and_check() -> None:
    """A platform whose secrets never reach the post job (or the doctor) would stay in the outbox on GitHub
    whatever the institution sets: every variable a spec reads is in the env of both steps."""
    import yaml

    root = Path(__file__).resolve().parents[2]

    def step_env(workflow: str, job: str, runs: str) -> set[str]:
        jobs = yaml.safe_load((root / ".github/workflows" / workflow).read_text())["jobs"]
        [step] = [s for s in jobs[job]["steps"] if str(s.get("run", "")).startswith(runs)]
        return set(step.get("env", {}))

    wanted = {
        name
        for spec in SPECS
        if spec.settings is not None  # the website has no secrets
        for name in (*spec.settings.required, *spec.settings.optional, *spec.settings.alone, *spec.settings.tuning)
    }
    assert sorted(wanted - step_env("publish.yml", "post", "humas publish")) == []
    assert sorted(wanted - step_env("doctor.yml", "doctor", "humas channels doctor")) == []


@pytest.mark.parametrize("spec", PLATFORMS, ids=lambda spec: spec.name)
def test_a_platform_is_one_module(spec: ChannelSpec) -> None:
    """The block, the limits and the check of a platform live in its own module, as everything else of it;
    content/limits.py keeps only what every channel shares."""
    module = f"pipeline.channels.{spec.name}"
    assert spec.block.__module__ == module
    assert getattr(spec.check, "__module__", module) == module
    import pipeline.content.limits as shared

    assert not [name for name in vars(shared) if name.lower().startswith(spec.name)]
