"""Hand the generated source to the site engine (MkDocs); the only module that knows it."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path, PurePosixPath

from generator.errors import BuildError
from generator.write import replace_folder


def engine_environment(source_date_epoch: int) -> dict[str, str]:
    """The environment for the engine: reproducible dates, no end-of-life banner."""
    environment = dict(os.environ)
    environment.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch))
    environment["NO_MKDOCS_2_WARNING"] = "1"
    return environment


ENGINE_PACKAGES = ("mkdocs", "mkdocs-material")


def engine_inputs(source: str, theme_dir: Path, environment: Mapping[str, str]) -> str:
    """A hash of all a built site depends on: its generated source (that source's fingerprint),
    the theme overrides, the engine's versions and the build's timestamp."""
    digest = hashlib.sha256(source.encode())
    for package in ENGINE_PACKAGES:
        digest.update(f"\0{package} {metadata.version(package)}".encode())
    digest.update(f"\0{environment.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    for path in sorted(path for path in theme_dir.rglob("*") if path.is_file()):
        digest.update(str(path.relative_to(theme_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def engine_messages(log: str, *, everything: bool) -> list[str]:
    """The engine's log lines worth showing: all of them when it failed, else all but INFO."""
    if everything:
        return log.splitlines()
    shown, keep = [], True
    for line in log.splitlines():
        if not line.startswith((" ", "\t")):  # a new message; indented lines continue one
            keep = not line.startswith("INFO")
        if keep:
            shown.append(line)
    return shown


def check_free_address(address: str) -> None:
    """Refuse, in one line, a HOST:PORT the preview server could not listen on."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise BuildError(f"--dev-addr {address!r} is not HOST:PORT, e.g. 127.0.0.1:8000")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as error:
            suggestion = f"{host}:{int(port) + 1}"
            raise BuildError(
                f"cannot serve on {address} ({error.strerror or error}); another preview may be"
                f" running there: choose another address, e.g. --dev-addr {suggestion}"
            ) from None


def build_site(
    config_file: Path,
    site_dir: Path,
    environment: Mapping[str, str],
    late_files: Callable[[], Mapping[PurePosixPath, bytes]] | None = None,
) -> None:
    """Render the site into a fresh folder and swap it in only when the engine succeeded.

    `late_files` gives files made while the engine ran (the search index), copied in as is.
    """
    site_dir = site_dir.resolve()
    # Staging folders of builds that were killed (no cleanup ran) are removed first.
    for stale in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    # Not --quiet: it hides the warnings that make a strict build fail. Its INFO lines (the
    # folder it builds into, how long it took) are left out of a build that succeeds.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["--config-file", str(config_file), "--site-dir", str(staging)]
    try:
        result = subprocess.run(  # noqa: S603
            command, env=dict(environment), check=False, stderr=subprocess.PIPE, text=True
        )
        for line in engine_messages(result.stderr, everything=result.returncode != 0):
            print(line, file=sys.stderr)
        if result.returncode != 0:
            raise BuildError(
                f"mkdocs build failed (exit {result.returncode}, messages above); "
                f"{site_dir} was left as it was"
            )
        for path, content in (late_files() if late_files else {}).items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(content)
        replace_folder(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def start_dev_server(
    config_file: Path, address: str, environment: Mapping[str, str]
) -> subprocess.Popen[bytes]:
    """Start the engine's live-reloading preview server on the generated source."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config_file)]
    command += ["--dev-addr", address]
    return subprocess.Popen(command, env=dict(environment))  # noqa: S603
