"""Send digest messages over SMTP, one per recipient, retrying what fails for a while."""

from __future__ import annotations

import email.policy
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import TypeVar

from generator.errors import BuildError

_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the mail server; read from the environment, never from the repository."""

    host: str
    port: int
    security: str  # starttls, ssl or none
    username: str | None
    password: str | None
    timeout: float = 30.0
    attempts: int = 3
    retry_delay: float = 5.0

    @classmethod
    def from_environment(cls, environment: Mapping[str, str]) -> SmtpSettings:
        """Read PAPERS_SMTP_*; raise BuildError naming what is missing or wrong."""
        host = environment.get("PAPERS_SMTP_HOST", "").strip()
        if not host:
            raise BuildError("PAPERS_SMTP_HOST is not set: no mail server to send the digest to")
        security = environment.get("PAPERS_SMTP_SECURITY", "starttls").strip().lower()
        if security not in _DEFAULT_PORTS:
            raise BuildError(f"PAPERS_SMTP_SECURITY is {security!r}; use starttls, ssl or none")
        return cls(
            host=host,
            port=_number(environment, "PAPERS_SMTP_PORT", _DEFAULT_PORTS[security], int),
            security=security,
            username=environment.get("PAPERS_SMTP_USERNAME") or None,
            password=environment.get("PAPERS_SMTP_PASSWORD") or None,
            timeout=_number(environment, "PAPERS_SMTP_TIMEOUT", 30.0, float),
            attempts=_number(environment, "PAPERS_SMTP_ATTEMPTS", 3, int),
            retry_delay=_number(environment, "PAPERS_SMTP_RETRY_DELAY", 5.0, float),
        )


Number = TypeVar("Number", int, float)


def _number(
    environment: Mapping[str, str], name: str, default: Number, kind: Callable[[str], Number]
) -> Number:
    value = environment.get(name, "").strip()
    try:
        return kind(value) if value else default
    except ValueError:
        raise BuildError(f"{name} is {value!r}, not a number") from None


def parse_address(text: str, source: str) -> Address:
    """Parse 'someone@example.org' or 'Name <someone@example.org>'; raise BuildError if neither."""
    header = email.policy.default.header_factory("To", text.strip())
    addresses: tuple[Address, ...] = getattr(header, "addresses", ())
    if header.defects or len(addresses) != 1 or "." not in addresses[0].domain:
        raise BuildError(f"{source}: {text.strip()!r} is not an e-mail address")
    return addresses[0]


def read_recipients(value: str) -> list[Address]:
    """Parse PAPERS_DIGEST_TO: comma-separated addresses, or @path to a file of them."""
    source = "PAPERS_DIGEST_TO"
    if value.startswith("@"):
        path = Path(value[1:])
        try:
            value = path.read_text(encoding="utf-8")
        except OSError as error:
            raise BuildError(f"{source}: cannot read {path}: {error.strerror}") from None
        source = str(path)
    lines = (line.split("#", 1)[0] for line in value.replace(",", "\n").splitlines())
    entries = [line.strip() for line in lines if line.strip()]
    if not entries:
        raise BuildError(f"{source} names no recipient")
    unique = dict.fromkeys(entry.lower() for entry in entries)  # keep order, drop repeats
    return [parse_address(entry, source) for entry in unique]


@dataclass
class DeliveryReport:
    """Who got the digest, and why the others did not."""

    delivered: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


class _RefusedError(Exception):
    """The server would not take one message; `temporary` when a later attempt may succeed."""

    def __init__(self, reply: str, temporary: bool) -> None:
        super().__init__(reply)
        self.temporary = temporary


def deliver(
    messages: Sequence[tuple[str, EmailMessage]],
    settings: SmtpSettings,
    report_progress: Callable[[str], None] = lambda line: None,
) -> DeliveryReport:
    """Send each (recipient, message); a failure for one never stops the others.

    Temporary failures (4xx replies, lost connections) are retried up to `settings.attempts`
    times with a growing pause; permanent ones (5xx: no such mailbox) are reported at once.
    """
    report = DeliveryReport()
    pending = list(messages)
    for attempt in range(1, settings.attempts + 1):
        pending = _attempt(pending, settings, report, report_progress)
        if not pending or attempt == settings.attempts:
            break
        report_progress(f"attempt {attempt} failed for {len(pending)} recipient(s); retrying")
        time.sleep(settings.retry_delay * attempt)
    return report


def _attempt(
    pending: list[tuple[str, EmailMessage]],
    settings: SmtpSettings,
    report: DeliveryReport,
    report_progress: Callable[[str], None],
) -> list[tuple[str, EmailMessage]]:
    """Try every pending message over one connection; return those worth another attempt."""
    retry: list[tuple[str, EmailMessage]] = []
    try:
        with _connect(settings) as server:
            for index, (recipient, message) in enumerate(pending):
                try:
                    _send_one(server, recipient, message)
                except _RefusedError as refusal:
                    report.failed[recipient] = str(refusal)
                    if refusal.temporary:
                        retry.append((recipient, message))
                    continue
                except smtplib.SMTPServerDisconnected as reason:
                    for lost, _ in pending[index:]:
                        report.failed[lost] = f"connection lost: {reason}"
                    return retry + pending[index:]
                report.failed.pop(recipient, None)
                report.delivered.append(recipient)
                report_progress(f"sent to {recipient}")
    except (OSError, smtplib.SMTPException) as reason:
        # No connection (or it broke outside a send): nothing pending got through.
        for recipient, _ in pending:
            if recipient not in report.delivered:
                report.failed[recipient] = f"cannot reach {settings.host}: {reason}"
        return [item for item in pending if item[0] not in report.delivered]
    return retry


def _send_one(server: smtplib.SMTP, recipient: str, message: EmailMessage) -> None:
    try:
        refused = server.send_message(message, to_addrs=[recipient])
    except smtplib.SMTPRecipientsRefused as error:
        code, text = error.recipients[recipient]
        raise _RefusedError(_reply(code, text), temporary=400 <= code < 500) from None
    except smtplib.SMTPResponseException as error:  # sender or data refused
        code = error.smtp_code
        raise _RefusedError(_reply(code, error.smtp_error), temporary=400 <= code < 500) from None
    if refused:  # cannot happen with one recipient; never count a refusal as delivered
        code, text = refused[recipient]
        raise _RefusedError(_reply(code, text), temporary=400 <= code < 500)


def _reply(code: int, text: bytes | str) -> str:
    message = text.decode(errors="replace") if isinstance(text, bytes) else text
    return f"{code} {message}".strip()


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.security == "ssl":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.security == "starttls":
            server.starttls(context=context)
        if settings.username:
            server.login(settings.username, settings.password or "")
    except BaseException:
        server.close()
        raise
    return server
