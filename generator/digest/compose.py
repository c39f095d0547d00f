"""Compose the digest of one day's new papers as a multipart email (plain text and HTML)."""

from __future__ import annotations

import datetime as dt
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
    """The papers added on one day, ready to be sent to each recipient."""

    corpus: Corpus
    day: dt.date
    base_url: str
    sender: Address
    unsubscribe: str  # a mailto: or https: address for List-Unsubscribe
    papers: tuple[Paper, ...]

    @property
    def headline(self) -> str:
        """What the digest holds, e.g. '3 papers added on 24 Nov 2026'."""
        return f"{text.count_papers(len(self.papers))} added on {text.long_date(self.day)}"

    def message_for(self, recipient: str, now: dt.datetime) -> EmailMessage:
        """Return the digest addressed to one recipient, so no one sees the others' addresses."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = recipient
        message["Subject"] = f"{self.corpus.site.title}: {self.headline}"
        message["Date"] = format_datetime(now)
        message["Message-ID"] = make_msgid(f"digest-{self.day.isoformat()}", self.sender.domain)
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
    corpus: Corpus, day: dt.date, base_url: str, sender: Address, unsubscribe: str | None = None
) -> Digest:
    """Gather the papers added on `day`; the digest is empty when there are none."""
    papers = tuple(paper for paper in corpus.papers if paper.added == day)
    address = unsubscribe or f"mailto:{sender.addr_spec}?subject=unsubscribe"
    return Digest(corpus, day, base_url, sender, address, papers)


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
