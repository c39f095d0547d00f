"""Compose the digest of new papers as a multipart email (plain text and HTML)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import cache
from urllib.parse import urlsplit

import jinja2

from generator.corpus.model import Corpus
from generator.corpus.schema import Paper
from generator.site import text
from generator.site.paths import paper_path, public_url

_EXCERPT_CHARACTERS = 400


@dataclass(frozen=True)
class Digest:
    """The papers added on some days (usually one), ready to be sent to each recipient."""

    corpus: Corpus
    days: tuple[dt.date, ...]  # oldest first
    base_url: str
    sender: Address
    unsubscribe: str  # a mailto: or https: address for List-Unsubscribe
    papers: tuple[Paper, ...]

    @property
    def headline(self) -> str:
        """What the digest holds: '3 papers added on 24 Nov 2026', or '… from 22 to 24 Nov'."""
        count = text.count_papers(len(self.papers))
        first, last = self.days[0], self.days[-1]
        if first == last:
            return f"{count} added on {text.long_date(last)}"
        return f"{count} added from {text.long_date(first)} to {text.long_date(last)}"

    def message_for(self, recipient: str, now: dt.datetime) -> EmailMessage:
        """Return the digest addressed to one recipient, so no one sees the others' addresses."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = recipient
        message["Subject"] = f"{self.corpus.site.title}: {self.headline}"
        message["Date"] = format_datetime(now)
        message["Message-ID"] = make_msgid(
            f"digest-{self.days[-1].isoformat()}", self.sender.domain
        )
        message["List-Id"] = f"{self.corpus.site.title} <digest.{self.sender.domain}>"
        message["List-Unsubscribe"] = f"<{self.unsubscribe}>"
        message["Auto-Submitted"] = "auto-generated"
        message["Precedence"] = "bulk"
        context = {
            "site": self.corpus.site,
            "headline": self.headline,
            "papers": self.papers,
            "base_url": self.base_url,
            "unsubscribe": self.unsubscribe,
            "topics_of": self.corpus.topics_of,
            "url_of": lambda paper: public_url(self.base_url, paper_path(paper)),
        }
        message.set_content(_render("digest.txt.j2", context), cte="quoted-printable")
        message.add_alternative(
            _render("digest.html.j2", context), subtype="html", cte="quoted-printable"
        )
        return message


def compose_digest(
    corpus: Corpus,
    days: Sequence[dt.date],
    base_url: str,
    sender: Address,
    unsubscribe: str | None = None,
) -> Digest:
    """Gather the papers added on `days`, newest first; the digest is empty when there are none."""
    wanted = frozenset(days)
    papers = tuple(paper for paper in corpus.papers if paper.added in wanted)
    address = unsubscribe or f"mailto:{sender.addr_spec}?subject=unsubscribe"
    return Digest(corpus, tuple(sorted(wanted)), base_url, sender, address, papers)


def default_sender(corpus: Corpus, base_url: str) -> Address:
    """The sender when none is configured: the site's name at its own host."""
    host = urlsplit(base_url).hostname or "localhost"
    return Address(corpus.site.title, "digest", host)


def _render(template: str, context: dict[str, object]) -> str:
    return _environment().get_template(template).render(context)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.digest", "templates"),
        # HTML is escaped; the plain-text part is text, where escaping would show entities.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["excerpt"] = lambda abstract: text.shorten(abstract, _EXCERPT_CHARACTERS)
    return environment
