"""Run the engine (MkDocs): render a generated source into a staged folder, or preview it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import yaml

from generator.cache import CACHE_FOLDER
from generator.engine import share_hook, template_cache_hook
from generator.engine.share_hook import EXCEPT, ONLY, SHARE_VARIABLE
from generator.engine.state import retired_folder
from generator.engine.template_cache_hook import TEMPLATE_CACHE_VARIABLE
from generator.errors import BuildError


def engine_environment(source_date_epoch: int) -> dict[str, str]:
    """The environment for the engine: reproducible dates, no end-of-life banner."""
    environment = dict(os.environ)
    environment.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch))
    environment["NO_MKDOCS_2_WARNING"] = "1"
    return environment


def engine_messages(log: str, *, everything: bool) -> list[str]:
    """The engine's log lines worth showing: all of them when it failed, else all but INFO."""
    if everything:
        return [line for line in log.splitlines() if _DIRTY_NOTICE not in line]
    shown, keep = [], True
    for line in log.splitlines():
        if not line.startswith((" ", "\t")):  # a new message; indented lines continue one
            keep = not line.startswith("INFO") and _DIRTY_NOTICE not in line
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


@contextmanager
def staged_site(
    site_dir: Path, *, base: Path | None = None, keep_retired: bool = False
) -> Iterator[Path]:
    """A folder to render into, swapped in for `site_dir` only if the block succeeds.

    The folder does not exist yet, unless `base` (an older site) is given: it is moved there
    to be brought up to date. `keep_retired`: keep the replaced site (see `replace_folder`).
    """
    site_dir = site_dir.resolve()
    # Staging folders of builds that were killed (no cleanup ran) are removed first.
    for stale in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    if base is not None:
        base.rename(staging)
    try:
        yield staging
        replace_folder(staging, site_dir, keep_retired=keep_retired)
    except BuildError as error:
        raise BuildError(f"{error}; {site_dir} was left as it was") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


_DIRTY_NOTICE = "A 'dirty' build is being performed"
"""MkDocs's warning on every --dirty build: expected here, where the reuse is checked."""


ENGINE_TEMPLATES = "engine-templates"
"""The folder of the generator's cache that keeps the theme's compiled templates."""


@dataclass(frozen=True)
class EngineRun:
    """One engine process of a build: the folder it renders into, and what it renders there:
    `only` these source files, or all but those `excluded` (by default, all)."""

    site_dir: Path
    only: frozenset[str] | None = None
    excluded: frozenset[str] = frozenset()

    @property
    def limited(self) -> bool:
        return self.only is not None or bool(self.excluded)


def run_engines(
    config_file: Path, runs: Sequence[EngineRun], environment: Mapping[str, str], *, dirty: bool
) -> None:
    """Have the engine render the generated source into each folder at once; a warning fails it.

    `dirty`: render only the pages whose output in the folder is missing or older than their
    source. MkDocs warns on every such run, so --strict cannot be used: any other warning
    fails the build here instead. A limited run must be dirty: it skips what it does not
    render (`share_hook`). Every run keeps the theme's compiled templates in the build
    folder's cache (`template_cache_hook`).
    """
    # Not --quiet: it hides the warnings that make a strict build fail. Its INFO lines (the
    # folder it builds into, how long it took) are left out of a build that succeeds.
    command = [sys.executable, "-m", "mkdocs", "build"]
    hooks = [template_cache_hook]
    if any(run.limited for run in runs):
        hooks.append(share_hook)
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="papers-engine-")))
        settings = stack.enter_context(_with_hooks(config_file, hooks))
        logs = [stack.enter_context(tempfile.TemporaryFile("w+")) for _ in runs]
        processes = []
        for number, (run, log) in enumerate(zip(runs, logs, strict=True)):
            run_environment = _with_template_cache(environment, config_file)
            if run.limited:
                listing = work / f"share-{number}.txt"
                listing.write_text(_share_listing(run), encoding="utf-8")
                run_environment[SHARE_VARIABLE] = str(listing)
            arguments = ["--config-file", str(settings), "--site-dir", str(run.site_dir)]
            arguments.append("--dirty" if dirty or run.limited else "--strict")
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [*command, *arguments], env=run_environment, stderr=log
                )
            )
        try:
            codes = [process.wait() for process in processes]
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        texts = []
        for log in logs:
            log.seek(0)
            texts.append(log.read())
    failed = any(codes) or any(_warned(text) for text in texts)
    shown = dict.fromkeys(  # the processes share the navigation's pages: one message each
        line for text in texts for line in engine_messages(text, everything=failed)
    )
    for line in shown:
        print(line, file=sys.stderr)
    if failed:
        code = max(codes)
        raise BuildError(f"mkdocs build failed (exit {code}, messages above)")


@contextmanager
def _with_hooks(config_file: Path, modules: Sequence[ModuleType]) -> Iterator[Path]:
    """Settings beside `config_file` (so its relative paths hold) that inherit it and add
    the hook `modules` to its hooks, for as long as the block runs."""
    inherited = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    hooks = [*inherited.get("hooks", []), *(_hook_file(module) for module in modules)]
    # Those of builds that were killed (no cleanup ran) are removed first.
    for stale in config_file.parent.glob(f".{config_file.stem}-engine-*.yml"):
        stale.unlink(missing_ok=True)
    derived = config_file.with_name(f".{config_file.stem}-engine-{os.getpid()}.yml")
    derived.write_text(
        yaml.safe_dump({"INHERIT": config_file.name, "hooks": hooks}), encoding="utf-8"
    )
    try:
        yield derived
    finally:
        derived.unlink(missing_ok=True)


def _share_listing(run: EngineRun) -> str:
    """What `share_hook` reads: the mode, then the source files it names, a line each."""
    mode, named = (ONLY, run.only) if run.only is not None else (EXCEPT, run.excluded)
    return "\n".join([mode, *sorted(named)]) + "\n"


def _warned(log: str) -> bool:
    """Whether the engine warned about anything but a dirty build being one."""
    return any(
        line.startswith("WARNING") and _DIRTY_NOTICE not in line for line in log.splitlines()
    )


_SITE_FILES = ("index.html", "sitemap.xml", "404.html")


def replace_folder(new: Path, target: Path, *, keep_retired: bool = False) -> None:
    """Swap the finished folder `new` into `target`'s place, then delete the old one.

    `keep_retired`: keep the old one instead, as `retired_folder(target)`: the next build
    starts from it, where deleting ten thousand folders and making them again costs seconds.
    """
    looks_built = any((target / name).is_file() for name in _SITE_FILES)
    if target.exists() and any(target.iterdir()) and not looks_built:
        raise BuildError(
            f"{target} is not empty and does not look like a built site; "
            "choose an empty or new folder for --site-dir"
        )
    retired = retired_folder(target)
    if retired.exists():
        shutil.rmtree(retired)
    if target.exists():
        target.rename(retired)
    new.rename(target)
    if retired.exists() and not keep_retired:
        shutil.rmtree(retired)


def start_dev_server(
    config_file: Path, address: str, environment: Mapping[str, str]
) -> subprocess.Popen[bytes]:
    """Start the engine's live-reloading preview server on the generated source.

    After its first build it renders only the pages whose source changed (--dirty): the
    generator's sync leaves the others untouched, and `refresh_navigation` marks the pages
    every page needs the titles of. Each rebuild loads the theme's compiled templates from
    the build folder's cache (`template_cache_hook`) instead of compiling them again.
    """
    settings = _serve_settings(config_file)
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(settings)]
    # The build folder's settings change with the topics: the server reloads them.
    command += ["--dev-addr", address, "--dirty", "--watch", str(config_file)]
    run_environment = _with_template_cache(environment, config_file)
    return subprocess.Popen(command, env=run_environment)  # noqa: S603


def _with_template_cache(environment: Mapping[str, str], config_file: Path) -> dict[str, str]:
    """`environment` naming the folder where `template_cache_hook` keeps the theme compiled:
    in the generator's cache, which a build folder keeps (and CI restores)."""
    templates = config_file.parent / CACHE_FOLDER / ENGINE_TEMPLATES
    return {**environment, TEMPLATE_CACHE_VARIABLE: str(templates)}


def _hook_file(module: ModuleType) -> str:
    """Where a hook module is, as settings name it."""
    return str(Path(str(module.__file__)).resolve())


def _serve_settings(config_file: Path) -> Path:
    """Settings for the preview server that inherit `config_file` and add the template cache
    hook, in the build folder's cache: beside `config_file`, the preview's sync would delete
    them. Their paths are absolute, as the inherited ones are no longer relative to them."""
    inherited = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    folder = config_file.parent.resolve()
    derived: dict[str, object] = {
        "INHERIT": str(config_file.resolve()),
        "docs_dir": str(folder / str(inherited.get("docs_dir", "docs"))),
        "hooks": [
            *(str(folder / hook) for hook in inherited.get("hooks", [])),
            _hook_file(template_cache_hook),
        ],
    }
    theme = inherited.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        derived["theme"] = {"custom_dir": str(folder / str(theme["custom_dir"]))}
    settings = folder / CACHE_FOLDER / "engine-serve.yml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(yaml.safe_dump(derived), encoding="utf-8")
    return settings
