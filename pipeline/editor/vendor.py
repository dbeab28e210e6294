"""The vendored Decap CMS bundle: which release, which files, and the sha256 of each, checked before use.

The files under ``vendor/decap-cms/`` are the ``dist/`` of the npm package ``decap-cms`` (the prebuilt
bundle of ``decap-cms-app``), unchanged: ``decap-cms.js``, the chunks it loads on demand
(``<n>.decap-cms.js``), two WebAssembly modules and the licence notices. ``vendor/decap-cms.json``
records the release, the npm tarball's integrity and the sha256 of every file; :func:`vendored_files`
refuses a bundle that differs from it, so the admin page never serves JavaScript nobody reviewed.

To update: ``npm pack decap-cms@<version>``, copy ``package/dist/`` without the ``cms.*`` duplicates and
the source maps, then ``python -m pipeline.editor.vendor <version> <npm integrity>`` rewrites the record.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from ..messages import _
from ..problems import ConfigError

VENDOR_DIR = Path(__file__).parent / "vendor"
BUNDLE_DIR = VENDOR_DIR / "decap-cms"
MANIFEST = VENDOR_DIR / "decap-cms.json"
ENTRY = "decap-cms.js"


@dataclass(frozen=True)
class Bundle:
    package: str
    version: str
    integrity: str
    files: dict[str, str]
    """{file name: sha256 hex}"""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_manifest() -> Bundle:
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return Bundle(
        package=data["package"], version=data["version"], integrity=data["integrity"], files=dict(data["files"])
    )


def vendored_files() -> list[Path]:
    """Every file of the bundle, after checking each against its recorded sha256 (ConfigError if not)."""
    bundle = load_manifest()
    present = {path.name for path in BUNDLE_DIR.iterdir() if path.is_file()}
    if missing := sorted(set(bundle.files) - present):
        raise ConfigError(
            _(
                "editor bundle {package}@{version}: missing {files}",
                package=bundle.package,
                version=bundle.version,
                files=", ".join(missing),
            )
        )
    if extra := sorted(present - set(bundle.files)):
        raise ConfigError(
            _(
                "editor bundle {package}@{version}: unexpected {files} (not in vendor/decap-cms.json)",
                package=bundle.package,
                version=bundle.version,
                files=", ".join(extra),
            )
        )
    for name, digest in sorted(bundle.files.items()):
        if sha256_of(BUNDLE_DIR / name) != digest:
            raise ConfigError(
                _(
                    "editor bundle {package}@{version}: {name} does not match its sha256 in vendor/decap-cms.json",
                    package=bundle.package,
                    version=bundle.version,
                    name=name,
                )
            )
    return [BUNDLE_DIR / name for name in sorted(bundle.files)]


def record_manifest(version: str, integrity: str) -> Bundle:
    """Write vendor/decap-cms.json for the files now in vendor/decap-cms/ (after a reviewed update)."""
    files = {path.name: sha256_of(path) for path in sorted(BUNDLE_DIR.iterdir()) if path.is_file()}
    data = {
        "package": "decap-cms",
        "version": version,
        "integrity": integrity,
        "license": "MIT (LICENSE; third-party notices in decap-cms.js.LICENSE.txt)",
        "files": files,
    }
    MANIFEST.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return load_manifest()


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    record_manifest(sys.argv[1], sys.argv[2])
