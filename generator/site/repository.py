"""Links from the site into the archive's GitHub repository: edit a paper, report, propose.

Only a github.com repository (corpus.yaml's `repository`, or the address a build is given)
gets them: the web editor's and issue forms' addresses follow GitHub's layout.
Issue forms take their fields' values from the address's query, by field id:
https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms#creating-issue-forms
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from generator.corpus.schema import Paper, Site, Topic

ADD_PAPER_FORM = "add-paper.yml"
CORRECT_PAPER_FORM = "correct-paper.yml"
PAPERS_IN_REPOSITORY = "content/papers"  # where a paper's file lives, from the repository's root

_GITHUB_REPOSITORY = re.compile(
    r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?"
)


@dataclass(frozen=True)
class Repository:
    """A GitHub repository holding the corpus, on its default branch."""

    address: str  # https://github.com/owner/name
    branch: str

    def edit_paper(self, paper: Paper) -> str:
        """The web editor's address for the paper's YAML file."""
        return f"{self.address}/edit/{self.branch}/{PAPERS_IN_REPOSITORY}/{paper.id}.yaml"

    def paper_file(self, paper: Paper) -> str:
        """The address of the paper's YAML file, as GitHub shows it."""
        return f"{self.address}/blob/{self.branch}/{PAPERS_IN_REPOSITORY}/{paper.id}.yaml"

    def report_problem(self, paper: Paper) -> str:
        """A new "Correct a paper" issue, its id and title filled in."""
        return self._new_issue(
            CORRECT_PAPER_FORM, title=f"Correct {paper.id}: {paper.title}", paper=paper.id
        )

    def suggest_paper(self, topic: Topic | None = None) -> str:
        """A new "Add a paper" issue, the topic chosen when there is one (and named in the
        title, should the form not take a choice from the address)."""
        if topic is None:
            return self._new_issue(ADD_PAPER_FORM, title="Add a paper")
        return self._new_issue(
            ADD_PAPER_FORM, title=f"Add a paper to {topic.title}", topics=topic.title
        )

    def _new_issue(self, form: str, **fields: str) -> str:
        return f"{self.address}/issues/new?" + urlencode({"template": form, **fields})


def repository_of(site: Site) -> Repository | None:
    """The site's GitHub repository, or None when it has none (or one elsewhere)."""
    match = _GITHUB_REPOSITORY.fullmatch(site.repository or "")
    if match is None:
        return None
    owner, name = match.groups()
    return Repository(f"https://github.com/{owner}/{name}", site.branch)
