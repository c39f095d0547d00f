"""The GitHub Pages stand-in that browser tests and benchmarks read the built site from."""

from __future__ import annotations

import socket
import struct
import urllib.parse
from pathlib import Path

import pytest

from standins.pages_server import serving_site


def test_a_reader_leaving_mid_response_is_no_error(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "big.bin").write_bytes(bytes(range(256)) * 40_000)  # 10 MB, not compressed
    with serving_site(tmp_path) as root:
        address = urllib.parse.urlsplit(root)
        for _ in range(3):
            with socket.create_connection((address.hostname, address.port)) as client:
                client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: pages\r\n\r\n")
                assert client.recv(1024).startswith(b"HTTP/1.0 200")
                # Closed at once with a reset, as a browser drops a page it no longer shows.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with socket.create_connection((address.hostname, address.port)) as client:
            client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: pages\r\n\r\n")
            assert client.recv(64).startswith(b"HTTP/1.0 200")  # still serving
    assert "Traceback" not in capfd.readouterr().err
