"""Run a command and measure it: wall time, peak memory of its whole process tree, outcome."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    """How a command ran."""

    seconds: float
    peak_mb: int
    returncode: int
    stderr: str


def measured(command: list[str], environment: dict[str, str]) -> Measured:
    """Run `command`; its wall seconds and peak resident memory, all its processes together.

    The search index and the engine run at the same time, so the peak is the largest sum
    over the process tree, sampled every 50 ms (GNU time would report the largest process).
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            command, env=environment, stdout=subprocess.DEVNULL, stderr=errors
        )
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_resident_bytes(process.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    return Measured(seconds, peak // 2**20, process.returncode, stderr)


def tree_resident_bytes(root: int) -> int:
    """Resident memory of a process and its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    resident: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pages = int((entry / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
        resident[int(entry.name)] = pages * page
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += resident.get(pid, 0)
        pending.extend(children.get(pid, []))
    return total
