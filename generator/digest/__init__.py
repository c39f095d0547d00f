"""The daily email digest: compose the day's new papers as an email, then send it over SMTP.

Settings come from the environment only (PAPERS_SMTP_*, PAPERS_DIGEST_*), never the repository.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from email.message import EmailMessage

from generator.corpus.model import Corpus
from generator.digest.compose import Digest, compose_digest, default_sender
from generator.digest.send import (
    DeliveryReport,
    SmtpSettings,
    deliver,
    parse_address,
    read_recipients,
)
from generator.errors import BuildError

__all__ = ["DeliveryReport", "Digest", "digest_from_environment", "preview", "send"]


def digest_from_environment(
    corpus: Corpus, days: Sequence[dt.date], base_url: str, environment: Mapping[str, str]
) -> Digest:
    """The digest of the papers added on `days`, from PAPERS_DIGEST_FROM (else the site's own
    address) and PAPERS_DIGEST_UNSUBSCRIBE (else a mailto: to the sender)."""
    sender_text = environment.get("PAPERS_DIGEST_FROM", "").strip()
    sender = (
        parse_address(sender_text, "PAPERS_DIGEST_FROM")
        if sender_text
        else default_sender(corpus, base_url)
    )
    unsubscribe = environment.get("PAPERS_DIGEST_UNSUBSCRIBE", "").strip() or None
    return compose_digest(corpus, days, base_url, sender, unsubscribe)


def preview(digest: Digest, environment: Mapping[str, str], now: dt.datetime) -> EmailMessage:
    """The message as the first recipient would get it (or to no one in particular)."""
    listed = environment.get("PAPERS_DIGEST_TO", "").strip()
    first = str(read_recipients(listed)[0]) if listed else "undisclosed-recipients:;"
    return digest.message_for(first, now)


def send(
    digest: Digest,
    environment: Mapping[str, str],
    now: dt.datetime,
    report_progress: Callable[[str], None],
) -> tuple[DeliveryReport, int]:
    """Send the digest to every PAPERS_DIGEST_TO recipient; the report and how many there were."""
    settings = SmtpSettings.from_environment(environment)
    if not environment.get("PAPERS_DIGEST_FROM", "").strip():
        raise BuildError("PAPERS_DIGEST_FROM is not set: the digest needs a sender address")
    listed = environment.get("PAPERS_DIGEST_TO", "").strip()
    if not listed:
        raise BuildError("PAPERS_DIGEST_TO is not set: no one to send the digest to")
    recipients = read_recipients(listed)
    messages = [(r.addr_spec, digest.message_for(str(r), now)) for r in recipients]
    return deliver(messages, settings, report_progress), len(recipients)
