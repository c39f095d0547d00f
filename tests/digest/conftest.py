"""A real SMTP server on loopback for the digest's tests, and how to read what it received."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    """An SMTP handler that keeps what it receives and can refuse chosen recipients."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    attempts: list[str] = field(default_factory=list)
    replies: dict[str, list[str]] = field(default_factory=dict)  # next refusals, per address

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        self.attempts.append(address)
        refusals = self.replies.get(address)
        if refusals:
            return refusals.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """A real SMTP server on loopback, with the digest's settings pointing at it."""
    handler = Mailbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings = {
        "PAPERS_SMTP_HOST": "127.0.0.1",
        "PAPERS_SMTP_PORT": str(port),
        "PAPERS_SMTP_SECURITY": "none",
        "PAPERS_SMTP_RETRY_DELAY": "0",
        "PAPERS_DIGEST_FROM": "Trending Papers <digest@papers.example.org>",
        "PAPERS_DIGEST_TO": "ada@example.org, grace@example.org",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    yield handler
    controller.stop()


def parts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    return plain.get_content(), html.get_content()
