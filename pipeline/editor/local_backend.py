"""Decap CMS's local backend protocol (the one ``decap-server`` speaks), against the repository on disk.

Decap's ``proxy`` backend posts ``{"action": …, "params": {…}}`` to one URL; this module answers each
action from git, as ``decap-server`` does in its ``git`` mode (decap-server/src/middlewares/localGit),
with three differences that the SOP asks for:

- entries are read from and written to branches with git plumbing: the person's checkout is never
  switched, and nothing is written outside ``content/``;
- every save goes to the entry's branch ``cms/<collection>/<slug>`` (the editorial workflow):
  a save that would commit to ``main`` is refused;
- "publish" (merging into main) is refused: a change reaches main by ``humas merge`` once every
  step of its chain is signed;
- the board is the SOP's: an entry's status (its column) and the line on its card come from the
  chain and the draft checks (``pipeline.editor.board``), not from labels set by hand; a merged
  entry leaves the board and its branch is removed; a save answers with what ``humas check`` finds;
- each save is committed as the person saving (``params.author``: the name and e-mail the page asked
  for once), not as the computer's git identity; a name or e-mail git cannot carry safely is refused.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from ..git import MAIN, GitRepo, refuse_path, source_of
from ..messages import _, translated
from ..problems import HumasError, NotAcceptable
from .board import remove_merged, standing
from .branches import commit_files, list_files, safe_path

CMS_PREFIX = "cms/"
PREVIEW_PATH = "/preview/"
"""Where ``humas editor`` serves the previews of a branch: ``/preview/<branch, %-encoded>/index.html``."""
DATA_EXTENSIONS = (".md", ".yml", ".yaml", ".json")
NAME_PUNCTUATION = " .,'-"
"""Besides letters: what names and academic titles use (Dr. Siti Nurhaliza, S.Kom.)."""
GIT_DROPS = " .,'"
"""What git drops from both ends of a name (its "crud"), among the characters a name may have."""
EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+")


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any


def branch_of(collection: str, slug: str) -> str:
    """The branch of an entry under the editorial workflow, as Decap names it."""
    return f"{CMS_PREFIX}{collection}/{slug}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _name_character(character: str) -> bool:
    return character in NAME_PUNCTUATION or unicodedata.category(character)[0] in "LMN"


def author_identity(author: Any, language: str) -> dict[str, str]:
    """git's identity variables for the person ``author`` names (``{"name": …, "email": …}``), author
    and committer alike; NotAcceptable, in ``language``, for anything else."""
    if not isinstance(author, dict) or not author.get("name") and not author.get("email"):
        raise NotAcceptable(
            translated(
                language, "Who is saving? Reload the editor and give your name and e-mail (asked once per browser)."
            )
        )
    name, email = author.get("name"), author.get("email")
    name = name.strip(" ") if isinstance(name, str) else ""
    if not 2 <= len(name) <= 100 or not all(_name_character(c) for c in name) or not name.strip(NAME_PUNCTUATION):
        raise NotAcceptable(
            translated(
                language,
                "Name {value!r} is not accepted (allowed: 2 to 100 characters, letters, digits, spaces and . , ' -; "
                "no < > @ or quotes)",
                value=str(author.get("name"))[:100],
            )
        )
    if not isinstance(email, str) or len(email) > 254 or not EMAIL.fullmatch(email):
        raise NotAcceptable(
            translated(
                language,
                "E-mail {value!r} is not accepted (allowed: one address such as nama@instansi.go.id)",
                value=email[:100] if isinstance(email, str) else "",
            )
        )
    name = name.strip(GIT_DROPS)  # as git writes it
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email.lower(),
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email.lower(),
    }


class LocalBackend:
    """Answers Decap's local backend actions for one repository; ``language`` is that of sop.yml."""

    def __init__(self, repo: GitRepo, *, language: str = "id", base: str = MAIN) -> None:
        self.repo = repo
        self.language = language
        self.base = base

    def handle(self, request: Any) -> Reply:
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            return Reply(422, {"error": 'expected {"action": …, "params": {…}}'})
        action = request["action"]
        params = request.get("params") or {}
        if not isinstance(params, dict):
            return Reply(422, {"error": "params must be an object"})
        if action == "info":
            return Reply(
                200, {"repo": self.repo.root.name, "publish_modes": ["editorial_workflow"], "type": "local_git"}
            )
        handler: Callable[[dict[str, Any]], Reply] | None = getattr(self, f"_{action}", None)
        if handler is None or action.startswith("_"):
            return Reply(422, {"error": f"Unknown action {action}"})
        branch = params.get("branch", self.base)
        if branch != self.base:
            return Reply(422, {"error": f"Default branch '{branch}' is not {self.base}"})
        try:
            return handler(params)
        except HumasError as error:
            return Reply(422, {"error": error.message})
        except FileNotFoundError as error:
            return Reply(404, {"error": str(error)})
        except (KeyError, TypeError, ValueError) as error:
            return Reply(422, {"error": f"{action}: malformed parameters ({type(error).__name__}: {error})"})

    def _no_publishing(self) -> str:
        return translated(
            self.language,
            "Merging from the editor is not allowed: a change reaches main by humas merge "
            "once every step of the SOP is signed.",
        )

    def _no_saving_to_main(self) -> str:
        return translated(
            self.language, "Saving straight to main is not allowed: every draft is saved on its own branch."
        )

    # --- reading main ----------------------------------------------------------------------------

    def _entry(self, ref: str, path: str, label: str | None = None) -> dict[str, Any]:
        path = safe_path(path)
        raw = self.repo.show(ref, path)
        return {
            "data": raw.decode("utf-8", "replace") if raw is not None else None,
            "file": {"path": path, "label": label, "id": _sha256(raw) if raw is not None else None},
        }

    def _media(self, ref: str, path: str) -> dict[str, Any]:
        path = safe_path(path)
        raw = self.repo.show(ref, path)
        if raw is None:
            raise FileNotFoundError(_("{path}: not found on {ref}", path=path, ref=ref))
        return {
            "id": _sha256(raw),
            "content": base64.b64encode(raw).decode(),
            "encoding": "base64",
            "path": path,
            "name": PurePosixPath(path).name,
        }

    def _entriesByFolder(self, params: dict[str, Any]) -> Reply:
        files = list_files(
            self.repo, self.base, params["folder"], params.get("extension", ""), int(params.get("depth", 1))
        )
        return Reply(200, [self._entry(self.base, path) for path in files])

    def _entriesByFiles(self, params: dict[str, Any]) -> Reply:
        return Reply(200, [self._entry(self.base, f["path"], f.get("label")) for f in params["files"]])

    def _getEntry(self, params: dict[str, Any]) -> Reply:
        return Reply(200, self._entry(self.base, params["path"]))

    def _getMedia(self, params: dict[str, Any]) -> Reply:
        folder = params["mediaFolder"]
        return Reply(200, [self._media(self.base, p) for p in list_files(self.repo, self.base, folder, "", 1)])

    def _getMediaFile(self, params: dict[str, Any]) -> Reply:
        return Reply(200, self._media(self.base, params["path"]))

    # --- the editorial workflow: one branch per entry ----------------------------------------------

    def _branches(self) -> list[str]:
        out = self.repo.run("for-each-ref", "--format=%(refname:strip=2)", f"refs/heads/{CMS_PREFIX}")
        return [line for line in out.splitlines() if line]

    def _diffs(self, branch: str) -> list[dict[str, Any]]:
        out = self.repo.run("diff", "--name-status", "--no-renames", "-z", f"{self.base}...{branch}")
        fields = [f for f in out.split("\0") if f]
        diffs = []
        for status, path in zip(fields[::2], fields[1::2], strict=False):
            refuse_path(path, source_of(f"refs/heads/{branch}"))  # a hostile path (``..``, ``.git``) is refused
            diffs.append(
                {
                    "oldPath": path,
                    "newPath": path,
                    "status": status,
                    "newFile": status == "A",
                    "path": path,
                    "id": path,
                    "binary": not path.endswith(DATA_EXTENSIONS),
                }
            )
        return diffs

    def _unpublishedEntries(self, params: dict[str, Any]) -> Reply:
        return Reply(200, [branch[len(CMS_PREFIX) :] for branch in remove_merged(self.repo, self._branches())])

    def _entry_branch(self, params: dict[str, Any], *, by_id: bool = False) -> tuple[str, str, str]:
        """The entry's collection, slug and branch; only unpublishedEntry names it by ``id`` (the content
        key ``<collection>/<slug>``): elsewhere ``id`` is a file's."""
        collection, slug = params.get("collection"), params.get("slug")
        if by_id and params.get("id"):
            collection, _separator, slug = str(params["id"]).partition("/")
        if not collection or not slug:
            raise NotAcceptable(_("collection and slug (or id) are required"))
        return str(collection), str(slug), branch_of(str(collection), str(slug))

    def _unpublishedEntry(self, params: dict[str, Any]) -> Reply:
        collection, slug, branch = self._entry_branch(params, by_id=True)
        if not self.repo.branch_exists(branch):
            return Reply(404, {"message": "Not Found"})
        stamp = self.repo.run("log", "-1", "--format=%ct", branch).strip()
        diffs = self._diffs(branch)
        where = standing(self.repo, branch)
        if where is None:  # merged meanwhile: not under the workflow any more
            return Reply(404, {"message": "Not Found"})
        return Reply(
            200,
            {
                "collection": collection,
                "slug": slug,
                "status": where.column,
                "diffs": diffs,
                "updatedAt": datetime.fromtimestamp(int(stamp), tz=UTC).isoformat(),
                # Decap shows it on the entry's card, above the title
                "pullRequestAuthor": where.line,
            },
        )

    def _unpublishedEntryDataFile(self, params: dict[str, Any]) -> Reply:
        branch = self._entry_branch(params)[2]
        return Reply(200, {"data": self._entry(branch, params["path"])["data"]})

    def _unpublishedEntryMediaFile(self, params: dict[str, Any]) -> Reply:
        branch = self._entry_branch(params)[2]
        return Reply(200, self._media(branch, params["path"]))

    def _persistEntry(self, params: dict[str, Any]) -> Reply:
        options = params.get("options") or {}
        if not options.get("useWorkflow"):
            raise NotAcceptable(self._no_saving_to_main())
        identity = author_identity(params.get("author"), self.language)
        data_files = params.get("dataFiles") or [params["entry"]]
        collection = str(options["collectionName"])
        branch = branch_of(collection, str(data_files[0]["slug"]))
        remove_merged(self.repo, [branch])  # a merged entry edited again starts afresh from main
        exists = self.repo.branch_exists(branch)
        changes: dict[str, bytes | None] = {}
        assets = {safe_path(a["path"]): base64.b64decode(a["content"]) for a in params.get("assets") or []}
        if exists:  # media removed from the entry since the last save
            for diff in self._diffs(branch):
                if diff["binary"] and diff["path"] not in assets:
                    changes[diff["path"]] = None
        for data_file in data_files:
            path = safe_path(data_file["path"])
            changes[path] = str(data_file["raw"]).encode("utf-8")
            if data_file.get("newPath"):
                new_path = safe_path(data_file["newPath"])
                old_folder, new_folder = str(PurePosixPath(path).parent), str(PurePosixPath(new_path).parent)
                ref = branch if exists else self.base
                siblings = (
                    [s for s in list_files(self.repo, ref, old_folder, "", 100) if s != path]
                    if old_folder != new_folder
                    else []
                )
                for sibling in [path, *siblings]:
                    moved = new_folder + sibling[len(old_folder) :] if sibling != path else new_path
                    content = changes.get(sibling) if sibling == path else self.repo.show(ref, sibling)
                    changes[sibling] = None
                    changes[moved] = content
        changes.update(assets)
        message = str(options.get("commitMessage") or f"Edit {branch}")
        commit_files(self.repo, branch, self.base, changes, message, identity)
        where = standing(self.repo, branch)
        reply: dict[str, Any] = {"message": "entry persisted"}
        if where is not None:
            reply["sop"] = where.line
            reply["problems"] = list(where.problems)
            if where.problems:
                reply["problemsTitle"] = translated(
                    self.language,
                    "Saved, but humas check refuses this draft as it is. Fix these and save again; "
                    "nobody is asked to sign before that:",
                )
        return Reply(200, reply)

    def _checkAuthor(self, params: dict[str, Any]) -> Reply:
        """The page asks once who is writing: a name and e-mail git can carry, or the reason they are not."""
        identity = author_identity(params.get("author"), self.language)
        return Reply(200, {"name": identity["GIT_AUTHOR_NAME"], "email": identity["GIT_AUTHOR_EMAIL"]})

    def _updateUnpublishedEntryStatus(self, params: dict[str, Any]) -> Reply:
        raise NotAcceptable(
            translated(
                self.language,
                "The column follows the SOP: a draft moves on when the next person signs it (humas review), "
                "not by dragging it.",
            )
        )

    def _deleteUnpublishedEntry(self, params: dict[str, Any]) -> Reply:
        branch = self._entry_branch(params)[2]
        if self.repo.current_branch() == branch:
            raise NotAcceptable(_("{branch} is checked out; switch to another branch first", branch=branch))
        if self.repo.branch_exists(branch):
            self.repo.run("branch", "-D", branch)
        return Reply(200, {"message": f"deleted branch: {branch}"})

    def _publishUnpublishedEntry(self, params: dict[str, Any]) -> Reply:
        raise NotAcceptable(self._no_publishing())

    def _persistMedia(self, params: dict[str, Any]) -> Reply:
        raise NotAcceptable(self._no_saving_to_main())

    def _deleteFile(self, params: dict[str, Any]) -> Reply:
        raise NotAcceptable(self._no_saving_to_main())

    def _deleteFiles(self, params: dict[str, Any]) -> Reply:
        raise NotAcceptable(self._no_saving_to_main())

    def _getDeployPreview(self, params: dict[str, Any]) -> Reply:
        """The entry's previews (page and posts), which Decap links from the editor as its "preview"."""
        branch = self._entry_branch(params)[2]
        if not self.repo.branch_exists(branch):
            return Reply(200, None)
        return Reply(200, {"url": f"{PREVIEW_PATH}{quote(branch, safe='')}/index.html", "status": "SUCCESS"})

    def _getNotes(self, params: dict[str, Any]) -> Reply:
        return Reply(200, {"notes": []})

    def _getPRMetadata(self, params: dict[str, Any]) -> Reply:
        return Reply(200, {"metadata": None})
