"""`papers changes` lists a pull request's papers for its job summary, titles escaped."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import FIXTURES, RunPapers
from tests.markdown_site import to_html


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True)


def test_summary_lists_added_changed_and_removed_papers(
    run_papers: RunPapers, tmp_path: Path
) -> None:
    content = Path(shutil.copytree(FIXTURES / "corpus", tmp_path / "content"))
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    papers = content / "papers"
    (papers / "hostile.yaml").write_text(
        "id: hostile\ntitle: '[x](javascript:alert(1)) <img src=x onerror=alert(1)> | a | b'\n"
        "added: 2026-11-24\ntopics: [physics]\nabstract: x\n"
    )
    piqa = papers / "piqa.yaml"
    piqa.write_text(piqa.read_text().replace("PIQA:", "PIQA (revised):"))
    (papers / "seeing-the-wind.yaml").unlink()
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "change")

    run = run_papers("changes", "--base", "main~1", "--content", content)

    assert run.exit_code == 0, run.stderr
    table = BeautifulSoup(to_html(run.stdout), "html.parser")
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in table.find_all("tr")[1:]]
    assert rows == [
        ["added", "hostile", "[x](javascript:alert(1)) <img src=x onerror=alert(1)> | a | b"],
        [
            "changed",
            "piqa",
            "PIQA (revised): Reasoning about Physical Commonsense in Natural Language",
        ],
        ["removed", "seeing-the-wind", ""],
    ]
    assert table.find("img") is None
    assert table.select("td a") == []


def test_no_paper_changes_says_so(run_papers: RunPapers, tmp_path: Path) -> None:
    content = Path(shutil.copytree(FIXTURES / "corpus", tmp_path / "content"))
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    run = run_papers("changes", "--base", "main", "--content", content)
    assert (run.exit_code, run.stdout) == (0, "No paper files changed.\n")
