"""Cite a paper: a BibTeX entry and a plain-text reference, made from its record alone."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath

from generator.corpus.model import Corpus
from generator.corpus.schema import Paper
from generator.site.paths import (
    SITE_FOLDER,
    arxiv_abstract_url,
    arxiv_pdf_url,
    bibliography_path,
    topic_folder,
)

# The characters BibTeX or LaTeX give a meaning to, each as the command that prints it.
_BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "$": r"\$",
        "&": r"\&",
        "%": r"\%",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        "`": r"\textasciigrave{}",
    }
)
# LaTeX joins these pairs into other characters ("--" is a dash, "``" an opening quote): an
# empty group between the two keeps each character as typed.
_LIGATURE = re.compile(r"(?<=[-`'<>?!])(?=[-`'<>])")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WHITE_SPACE = re.compile(r"\s+")
# A comma or a lone "and" in a name would split it: BibTeX reads "Last, First" and "A and B".
_NAME_SEPARATORS = re.compile(r",|\band\b", re.IGNORECASE)


def bibtex_key(paper: Paper) -> str:
    """The paper's citation key: its id, unique in the corpus and never reassigned."""
    return paper.id


def bibtex_text(text: str) -> str:
    """Return `text` as the content of a braced BibTeX field, printing as exactly that text."""
    escaped = _WHITE_SPACE.sub(" ", text).strip().translate(_BIBTEX_ESCAPES)
    return _LIGATURE.sub("{}", escaped)


def year_and_month(paper: Paper) -> tuple[int, int] | tuple[None, None]:
    """When the paper appeared, from its `published` date only: the same year everywhere
    (search, filters, statistics, citations), and none for a paper without one."""
    if paper.published:
        return int(paper.published[:4]), int(paper.published[5:7])
    return None, None


def published_on(paper: Paper) -> str | None:
    """When the paper appeared, as an ISO date or month: 2022-09 or 2022-09-14."""
    return paper.published


def citation_url(paper: Paper) -> str | None:
    """The address a reference points at: arXiv, else the DOI, else the paper's own page."""
    if paper.arxiv:
        return arxiv_abstract_url(paper.arxiv)
    if paper.doi:
        return f"https://doi.org/{paper.doi}"
    for kind in ("pdf", "project", "code"):
        if kind in paper.links:
            return paper.links[kind]
    return None


def bibtex_entry(paper: Paper) -> str:
    """The paper as one BibTeX @misc entry, in the form arXiv itself exports."""
    fields = [("title", "{" + bibtex_text(paper.title) + "}")]  # inner braces keep its capitals
    if paper.authors:
        fields.append(("author", " and ".join(_bibtex_name(name) for name in paper.authors)))
    year, month = year_and_month(paper)
    if year is not None and month is not None:
        fields.append(("year", str(year)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
    if paper.doi:
        fields.append(("doi", _verbatim(paper.doi)))
    url = citation_url(paper)
    if url:
        fields.append(("url", _verbatim(url)))
    lines = [f"@misc{{{bibtex_key(paper)},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    if month is not None:
        lines.append(f"  month = {_MONTHS[month - 1]},")
    return "\n".join(lines) + "\n}\n"


def bibtex_file(papers: Sequence[Paper], entry_of: Callable[[Paper], str] | None = None) -> bytes:
    """Entries for all `papers`, in the order given, as a UTF-8 .bib file (each entry from
    `entry_of`, by default `bibtex_entry`)."""
    entry_of = entry_of or bibtex_entry
    return "\n".join(entry_of(paper) for paper in papers).encode("utf-8")


def plain_citation(paper: Paper) -> str:
    """A one-line reference: Authors (Year). Title. arXiv:id. URL"""
    year, _ = year_and_month(paper)
    when = f" ({year})" if year else ""
    title = _WHITE_SPACE.sub(" ", paper.title).strip()
    if paper.authors:
        names = [_WHITE_SPACE.sub(" ", name).strip() for name in paper.authors]
        authors = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        parts = [f"{authors}{when}.", title if title.endswith((".", "?", "!")) else title + "."]
    else:
        parts = [f"{title.rstrip('.')}{when}."]
    if paper.arxiv:
        parts.append(f"arXiv:{paper.arxiv}.")
    elif paper.doi:
        parts.append(f"doi:{paper.doi}.")
    url = citation_url(paper)
    if url:
        parts.append(url)
    return " ".join(parts)


def _verbatim(value: str) -> str:
    """A DOI or URL as BibTeX prints it (verbatim), with the braces and backslashes that would
    end the field early %-encoded, as in a URL."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _bibtex_name(name: str) -> str:
    text = bibtex_text(name)
    return "{" + text + "}" if _NAME_SEPARATORS.search(name) else text


def scholarly_metadata(paper: Paper) -> dict[str, object]:
    """What reference managers read from a page's head: Highwire `citation_<key>` tags."""
    meta: dict[str, object] = {"title": paper.title, "authors": list(paper.authors or ())}
    published = published_on(paper)
    if published:
        meta["publication_date"] = published.replace("-", "/")  # Highwire writes 2022/09
    if paper.arxiv:
        meta["arxiv_id"] = paper.arxiv
    pdf = paper.links.get("pdf") or (arxiv_pdf_url(paper.arxiv) if paper.arxiv else None)
    if pdf:
        meta["pdf_url"] = pdf
    if paper.doi:
        meta["doi"] = paper.doi
    return meta


def schema_org(paper: Paper, description: str) -> dict[str, object]:
    """The paper as a schema.org ScholarlyArticle, for JSON-LD."""
    article: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.title if len(paper.title) <= 110 else paper.title[:109] + "…",
        "description": description,
        "author": [{"@type": "Person", "name": name} for name in paper.authors or ()],
        "keywords": list(paper.topics),
    }
    published = published_on(paper)
    if published:
        article["datePublished"] = published
    url = citation_url(paper)
    if url:
        article["sameAs"] = url
    if paper.doi:
        article["identifier"] = f"https://doi.org/{paper.doi}"
    return article


def render_bibliographies(corpus: Corpus) -> dict[PurePosixPath, bytes]:
    """A .bib of every paper at the site's root, and one of each topic beside its page."""
    # Each paper's entry once, though it is in the root's file and in each of its topics'.
    entries = {paper.id: bibtex_entry(paper) for paper in corpus.papers}

    def entry_of(paper: Paper) -> str:
        return entries[paper.id]

    files = {bibliography_path(SITE_FOLDER): bibtex_file(corpus.papers, entry_of)}
    for topic in corpus.topics:
        files[bibliography_path(topic_folder(topic))] = bibtex_file(
            corpus.papers_by_topic[topic.slug], entry_of
        )
    return files
