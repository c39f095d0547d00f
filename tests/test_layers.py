"""The packages import downwards only: load, validate and model below render, render below the
engine, the engine below the build, a preview above it, the command line on top; bench never
imports the tests."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

# Lowest first. A module may import its own layer and the layers before it, never after.
LAYERS = (
    ("errors", "project"),
    ("write",),
    ("cache",),
    ("corpus",),
    ("sources",),
    ("site",),
    ("engine",),
    ("source",),
    ("build",),
    ("preview",),
    ("curate", "digest"),
    ("cli", "__main__"),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """The line and name of each absolute import in a file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = (
                [node.module]
                if node.module != "generator"
                else [f"generator.{alias.name}" for alias in node.names]
            )
            yield from ((node.lineno, name) for name in names)
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)


def layer_of(module: str) -> str | None:
    """The generator package or module a dotted name belongs to (None: the package's root)."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "generator":
        return None
    root = PROJECT_ROOT / "generator"
    is_module = (root / parts[1]).is_dir() or (root / f"{parts[1]}.py").is_file()
    return parts[1] if is_module else None  # e.g. generator.__version__


def generator_files() -> list[Path]:
    return sorted((PROJECT_ROOT / "generator").rglob("*.py"))


def test_every_part_of_the_generator_has_a_layer() -> None:
    parts = {path.relative_to(PROJECT_ROOT / "generator").parts[0] for path in generator_files()}
    parts = {part.removesuffix(".py") for part in parts} - {"__init__"}
    assert parts <= set(RANK), f"give {sorted(parts - set(RANK))} a place in LAYERS"


@pytest.mark.parametrize(
    "path", generator_files(), ids=lambda path: path.relative_to(PROJECT_ROOT).as_posix()
)
def test_a_module_imports_only_its_own_layer_and_those_below(path: Path) -> None:
    own = path.relative_to(PROJECT_ROOT / "generator").parts[0].removesuffix(".py")
    if own == "__init__":
        return
    upward = [
        f"line {line}: {name}"
        for line, name in imports(path)
        if (layer := layer_of(name)) is not None and RANK[layer] > RANK[own]
    ]
    assert not upward, f"{own} imports a higher layer: {upward}"


@pytest.mark.parametrize("folder", ["bench", "standins", "tools"])
def test_bench_tools_and_stand_ins_never_import_the_tests(folder: str) -> None:
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {name}"
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
        for line, name in imports(path)
        if name == "tests" or name.startswith("tests.")
    ]
    assert not found


def test_the_command_line_starts_without_the_numeric_libraries() -> None:
    # NumPy, SciPy and scikit-learn serve relating and suggesting papers only; imported by
    # every `papers` command, they cost each 0.3 s before it does anything.
    code = (
        "import sys, generator.cli, generator.build;"
        "print(sorted({name.split('.')[0] for name in sys.modules}"
        " & {'numpy', 'scipy', 'sklearn'}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert loaded.stdout.strip() == "[]"
