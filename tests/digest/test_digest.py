"""`papers digest` composes the day's papers and delivers them to a real SMTP server."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.corpus import load_corpus
from generator.corpus.edit import yaml_flow
from generator.digest.compose import compose_digest
from generator.site import text
from tests.conftest import RunPapers
from tests.digest.conftest import Mailbox, free_port, parts
from tests.hostile import MARKUP_TEXT
from tests.safety import shown

DAY = "2026-11-24"
HOSTILE_TITLE = "<script>alert(1)</script> & <b>bold</b>"
PIQA = "PIQA: Reasoning about Physical Commonsense in Natural Language"


@pytest.fixture
def corpus_with_two_new_papers(corpus_dir: Path) -> Path:
    (corpus_dir / "papers" / "hostile.yaml").write_text(
        f"id: hostile\ntitle: '{HOSTILE_TITLE}'\nadded: {DAY}\ntopics: [circuits]\n"
        "abstract: A <i>new</i> result.\n"
    )
    return corpus_dir


def test_send_delivers_both_parts_to_each_recipient_alone(
    run_papers: RunPapers, mailbox: Mailbox, corpus_with_two_new_papers: Path
) -> None:
    run = run_papers("digest", "--send", "--date", DAY, "--content", corpus_with_two_new_papers)

    assert run.exit_code == 0, run.stderr
    assert [recipients for recipients, _ in mailbox.received] == [
        ["ada@example.org"],
        ["grace@example.org"],
    ]
    for recipients, message in mailbox.received:
        assert message["To"] == recipients[0]
        assert message["From"] == "Trending Papers <digest@papers.example.org>"
        assert message["Subject"] == "Fixture Papers: 2 papers added on 24 Nov 2026"
        assert (
            message["List-Unsubscribe"] == "<mailto:digest@papers.example.org?subject=unsubscribe>"
        )
        assert message.get_content_type() == "multipart/alternative"
        plain, html = parts(message)
        assert PIQA in plain
        assert HOSTILE_TITLE in plain
        assert "https://papers.example.org/archive/papers/piqa/" in plain
        page = BeautifulSoup(html, "html.parser")
        assert [a.get_text() for a in page.select("h2 a")] == [
            PIQA,
            HOSTILE_TITLE,
        ]  # "<script>" sorts by its letters
        assert page.find("script") is None
        assert page.find("b") is None
        assert page.find("a", string="Unsubscribe") is not None


def test_refused_recipient_is_reported_and_the_others_still_get_it(
    run_papers: RunPapers,
    mailbox: Mailbox,
    corpus_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PAPERS_DIGEST_TO", "gone@example.org, ada@example.org")
    mailbox.replies["gone@example.org"] = ["550 5.1.1 No such mailbox"] * 5

    run = run_papers("digest", "--send", "--date", DAY, "--content", corpus_dir)

    assert run.exit_code == 1
    assert "not sent to gone@example.org: 550 5.1.1 No such mailbox" in run.stderr
    assert [recipients for recipients, _ in mailbox.received] == [["ada@example.org"]]
    assert mailbox.attempts.count("gone@example.org") == 1  # a permanent refusal is not retried


def test_temporary_refusal_is_retried_until_delivered(
    run_papers: RunPapers,
    mailbox: Mailbox,
    corpus_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PAPERS_DIGEST_TO", "busy@example.org, ada@example.org")
    mailbox.replies["busy@example.org"] = ["451 4.3.0 Try again later"]

    run = run_papers("digest", "--send", "--date", DAY, "--content", corpus_dir)

    assert run.exit_code == 0, run.stderr
    assert sorted(recipients[0] for recipients, _ in mailbox.received) == [
        "ada@example.org",
        "busy@example.org",
    ]
    assert mailbox.attempts.count("busy@example.org") == 2
    assert mailbox.attempts.count("ada@example.org") == 1  # delivered once, never resent


def test_unreachable_server_fails_clearly_after_retrying(
    run_papers: RunPapers, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "PAPERS_SMTP_HOST": "127.0.0.1",
        "PAPERS_SMTP_PORT": str(free_port()),  # nothing listens there
        "PAPERS_SMTP_SECURITY": "none",
        "PAPERS_SMTP_RETRY_DELAY": "0",
        "PAPERS_DIGEST_FROM": "digest@papers.example.org",
        "PAPERS_DIGEST_TO": "ada@example.org",
    }.items():
        monkeypatch.setenv(name, value)

    run = run_papers("digest", "--send", "--date", DAY, "--content", corpus_dir)

    assert run.exit_code == 1
    assert "not sent to ada@example.org: cannot reach 127.0.0.1" in run.stderr
    assert run.stderr.count("retrying") == 2  # three attempts in all


def test_nothing_added_that_day_sends_nothing(
    run_papers: RunPapers, mailbox: Mailbox, corpus_dir: Path
) -> None:
    run = run_papers("digest", "--send", "--date", "2026-01-01", "--content", corpus_dir)
    assert (run.exit_code, mailbox.received) == (0, [])
    assert "nothing to send" in run.stderr


def test_dry_run_writes_the_message_without_sending(
    run_papers: RunPapers, mailbox: Mailbox, corpus_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "digest.eml"
    run = run_papers("digest", "--dry-run", target, "--date", DAY, "--content", corpus_dir)
    assert run.exit_code == 0, run.stderr
    assert mailbox.received == []
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"] == "ada@example.org"
    assert PIQA in parts(message)[0]


def test_dry_run_to_stdout_needs_no_mail_settings(run_papers: RunPapers, corpus_dir: Path) -> None:
    run = run_papers("digest", "--date", DAY, "--content", corpus_dir)
    assert run.exit_code == 0, run.stderr
    message = email.message_from_string(run.stdout, policy=email.policy.default)
    assert message["Subject"] == "Fixture Papers: 1 paper added on 24 Nov 2026"
    assert message["From"] == "Fixture Papers <digest@papers.example.org>"


def test_recipients_can_come_from_a_file(
    run_papers: RunPapers,
    mailbox: Mailbox,
    corpus_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listing = tmp_path / "subscribers.txt"
    listing.write_text(
        "# readers\nada@example.org\n\nGrace@Example.org  # twice\ngrace@example.org\n"
    )
    monkeypatch.setenv("PAPERS_DIGEST_TO", f"@{listing}")
    run = run_papers("digest", "--send", "--date", DAY, "--content", corpus_dir)
    assert run.exit_code == 0, run.stderr
    assert [recipients for recipients, _ in mailbox.received] == [
        ["ada@example.org"],
        ["grace@example.org"],
    ]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PAPERS_SMTP_HOST", "", "PAPERS_SMTP_HOST is not set"),
        ("PAPERS_SMTP_SECURITY", "tls13", "use starttls, ssl or none"),
        ("PAPERS_SMTP_PORT", "smtp", "PAPERS_SMTP_PORT is 'smtp', not a number"),
        ("PAPERS_DIGEST_TO", "not-an-address", "is not an e-mail address"),
        ("PAPERS_DIGEST_TO", "", "PAPERS_DIGEST_TO is not set"),
    ],
)
def test_bad_settings_are_named(
    run_papers: RunPapers,
    mailbox: Mailbox,
    corpus_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    value: str,
    expected: str,
) -> None:
    monkeypatch.setenv(name, value)
    run = run_papers("digest", "--send", "--date", DAY, "--content", corpus_dir)
    assert run.exit_code == 1
    assert expected in run.stderr
    assert mailbox.received == []


@pytest.mark.parametrize("abstract", MARKUP_TEXT)
def test_the_html_part_shows_an_abstract_as_its_text(corpus_dir: Path, abstract: str) -> None:
    (corpus_dir / "papers" / "marked-up.yaml").write_text(
        f"id: marked-up\ntitle: Marked up\nadded: {DAY}\ntopics: [circuits]\n"
        f"abstract: {yaml_flow(abstract)}\n",
        encoding="utf-8",
    )
    corpus = load_corpus(corpus_dir)
    sender = Address("Trending Papers", "digest", "papers.example.org")
    digest = compose_digest(corpus, [dt.date(2026, 11, 24)], "https://papers.example.org/", sender)
    _, html = parts(digest.message_for("ada@example.org", dt.datetime(2026, 11, 25, tzinfo=dt.UTC)))
    page = BeautifulSoup(html, "html.parser")
    (card,) = [h2.parent for h2 in page.select("h2") if h2.get_text() == "Marked up"]
    assert card is not None
    _, excerpt = card.select("p")  # the byline, then the abstract
    expected = text.shorten(corpus.papers_by_id["marked-up"].abstract, 400)
    assert shown(excerpt.decode_contents()) == (expected, set())
