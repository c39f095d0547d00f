"""The writer brings a folder to exactly the gathered files, and only ever its own folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath

import pytest

from generator.engine.run import replace_folder
from generator.errors import BuildError
from generator.write import KEEP, MARKER, Content, OnDisk, sync_folder
from tests.conftest import PROJECT_ROOT


def files(**contents: str) -> dict[PurePosixPath, bytes]:
    return {
        PurePosixPath(name.replace("__", "/")): text.encode() for name, text in contents.items()
    }


def test_first_sync_writes_everything(tmp_path: Path) -> None:
    report = sync_folder(files(a="1", docs__b="2"), tmp_path / "build")
    assert (report.written, report.unchanged, report.removed) == (2, 0, 0)
    assert (tmp_path / "build" / "docs" / "b").read_text() == "2"


def test_unchanged_files_keep_their_modification_time(tmp_path: Path) -> None:
    folder = tmp_path / "build"
    sync_folder(files(a="1", b="2"), folder)
    os.utime(folder / "a", (1, 1))
    report = sync_folder(files(a="1", b="changed"), folder)
    assert (report.written, report.unchanged) == (1, 1)
    assert (folder / "a").stat().st_mtime == 1
    assert (folder / "b").read_text() == "changed"


def test_a_file_kept_where_it_is_is_not_opened(tmp_path: Path) -> None:
    folder = tmp_path / "build"
    sync_folder(files(a="1", b="2"), folder)
    # The caller found `a` in the folder a moment ago and left it there: it is not opened.
    kept: dict[PurePosixPath, Content] = {**files(b="3"), PurePosixPath("a"): OnDisk(folder / "a")}
    report = sync_folder(kept, folder)
    assert (report.written, report.unchanged) == (1, 1)
    (folder / "a").write_text("on disk")
    sync_folder(kept, folder)
    assert (folder / "a").read_text() == "on disk"
    # A file on disk elsewhere is copied as it is then.
    (tmp_path / "elsewhere").write_text("copied")
    report = sync_folder({**kept, PurePosixPath("c"): OnDisk(tmp_path / "elsewhere")}, folder)
    assert (report.written, (folder / "c").read_text()) == (1, "copied")


def test_stale_files_and_emptied_folders_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "build"
    sync_folder(files(keep="1", old__gone="2"), folder)
    report = sync_folder(files(keep="1"), folder)
    assert report.removed == 1
    assert sorted(path.name for path in folder.iterdir()) == [MARKER, "keep"]


def test_the_cache_and_folders_holding_wanted_files_stay_whatever_their_depth(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "build"
    sync_folder(files(a__b__c="1", a__b__d="2", a__e__f="3", g__h__i="4"), folder)
    (folder / KEEP / "deep").mkdir(parents=True)
    (folder / KEEP / "deep" / "kept.json").write_text("{}")
    (folder / "a" / "b" / KEEP).mkdir()  # only the top folder's cache is the generator's
    report = sync_folder(files(a__b__c="1"), folder)
    assert report.removed == 3
    assert sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")) == [
        KEEP,
        f"{KEEP}/deep",
        f"{KEEP}/deep/kept.json",
        MARKER,
        "a",
        "a/b",
        "a/b/c",
    ]


def test_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    with pytest.raises(BuildError, match="not made by `papers`"):
        sync_folder(files(a="1"), precious)
    assert (precious / "thesis.tex").read_text() == "years of work"


def test_replace_folder_swaps_in_the_new_site(tmp_path: Path) -> None:
    old, new = tmp_path / "site", tmp_path / "new"
    old.mkdir()
    (old / "index.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    replace_folder(new, old)
    assert (old / "index.html").read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_replace_folder_refuses_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    target, new = tmp_path / "documents", tmp_path / "new"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    new.mkdir()
    with pytest.raises(BuildError, match="does not look like a built site"):
        replace_folder(new, target)
    assert (target / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("name", ["site", "preview"])
def test_git_ignores_the_staging_folders_a_build_leaves_beside_the_site(name: str) -> None:
    if not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    folders = [f".{name}.building-4242/index.html", f".{name}.old/index.html", f"{name}/index.html"]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", *folders],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    ignored = set(result.stdout.split())
    assert {f".{name}.building-4242/index.html", f".{name}.old/index.html"} <= ignored
    assert (f"{name}/index.html" in ignored) == (name == "site")
