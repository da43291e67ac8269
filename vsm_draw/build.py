"""``vsm-draw build``: every map under some folders, drawn into a mirrored tree, with a cache.

Maps are ``*.vsm.yaml`` files and any ``*.yaml`` whose top level has ``vsm:``. An output is
up to date when the manifest in OUTDIR holds its cache key (see :mod:`vsm_draw.batch`) and
the file exists, so an unchanged rebuild reads and hashes the maps and draws nothing.
Broken maps are never cached: they are checked again on every build, and reported.
Each format has a manifest of its own, merged with what is on disk when written, so two
builds of different formats into one OUTDIR at once keep each other's entries.
"""
from __future__ import annotations

import json
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from .batch import FORMATS, Options, cache_key, problems_of, render_text, suffix
from .errors import Problem, VsmError
from .loader import read_map_bytes
from .output import drawn_already, linked_folder, real_folders, write_atomic, write_problem

__all__ = ["MANIFEST", "manifest_name", "MapSource", "BuildResult", "find_maps", "build",
           "watch"]

#: The cache manifests written in OUTDIR (one per format, see :func:`manifest_name`):
#: output path -> cache key.
MANIFEST = ".vsm-draw-cache"

_TOP_LEVEL_VSM = re.compile(rb"^vsm[ \t]*:", re.MULTILINE)
_MAP_SUFFIXES = (".vsm.yaml", ".vsm.yml", ".yaml", ".yml")


@dataclass(frozen=True)
class MapSource:
    """A map file and the stem of its outputs, relative to OUTDIR (``maps/delivery``)."""

    path: Path
    stem: str


@dataclass
class BuildResult:
    """What a build did: map paths rendered, up to date, and every problem of those that failed."""

    rendered: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    pruned: Optional[list[Path]] = None  # with prune=True: the outputs removed
    #: (map path, problem) of each PDF drawn with a page larger than PDF viewers show
    #: (:func:`~vsm_draw.graphviz_backend.pdf_page_problem`): written all the same
    pdf_pages: list[tuple[str, str]] = field(default_factory=list)
    #: The load warnings of the maps drawn (FILE:LINE:COLUMN: warning: ...), in path order
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.rendered)} rendered, {len(self.up_to_date)} up to date, "
                f"{len(self.failed)} failed"
                + (f", {len(self.pruned)} pruned" if self.pruned is not None else ""))


def _is_map(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith((".vsm.yaml", ".vsm.yml")):
        return True
    try:  # bounded, regular files only: a symlink to /dev/zero is not a map
        return bool(_TOP_LEVEL_VSM.search(read_map_bytes(path, regular_only=True)))
    except VsmError:
        return False


def _stem(name: str) -> str:
    lowered = name.lower()
    for ending in _MAP_SUFFIXES:
        if lowered.endswith(ending):
            return name[: -len(ending)]
    return name


def _candidates(folder: Path) -> Iterable[Path]:
    """YAML files under ``folder``, sorted, skipping hidden folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith((".yaml", ".yml")) and not name.startswith("."):
                yield Path(root) / name


def find_maps(sources: Sequence[str | Path], exclude: Optional[Path] = None
              ) -> tuple[list[MapSource], list[Problem]]:
    """The maps under ``sources`` (files are taken as given, folders searched) and a
    problem for each source that does not exist. A folder's tree is mirrored; a file
    lands at the top of OUTDIR."""
    maps: list[MapSource] = []
    problems: list[Problem] = []
    seen: set[Path] = set()  # a map named twice (``build bd bd/x.vsm.yaml``) is drawn once
    excluded = exclude.resolve() if exclude else None
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = []
            # Skip what lies in an OUTDIR inside this folder; an OUTDIR that is this folder
            # or holds it (pictures beside their maps) skips nothing.
            skip = excluded if excluded and path.resolve() in excluded.parents else None
            for file in _candidates(path):
                if skip and skip in file.resolve().parents:
                    continue
                if _is_map(file) and file.resolve() not in seen:
                    seen.add(file.resolve())
                    rel = file.relative_to(path)
                    found.append(MapSource(file, (rel.parent / _stem(rel.name)).as_posix()))
            maps.extend(sorted(found, key=lambda m: m.stem))
        elif path.is_file():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                maps.append(MapSource(path, _stem(path.name)))
        elif path.exists():  # /dev/zero, a pipe: never read as a map
            problems.append(Problem(str(source), 1, 1, "not a regular file or a folder; give "
                                    "map files or folders of them"))
        else:
            problems.append(Problem(str(source), 1, 1, "no such file or folder"))
    return maps, problems


# --- the manifest --------------------------------------------------------------------------

def manifest_name(fmt: str) -> str:
    """The manifest of one format in OUTDIR: ``.vsm-draw-cache.svg.json``."""
    return f"{MANIFEST}.{fmt}.json"


def _read_manifest(outdir: Path, fmt: str) -> dict[str, str]:
    try:
        data = json.loads((outdir / manifest_name(fmt)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    outputs = data.get("outputs") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in outputs.items()} if isinstance(outputs, dict) else {}


def _write_manifest(outdir: Path, fmt: str, changed: dict[str, str], removed: set[str]) -> None:
    """Merge this build's entries into the manifest on disk (another build may have written
    it since this one read it) and write it atomically."""
    outputs = _read_manifest(outdir, fmt)
    outputs.update(changed)
    for rel in removed:
        outputs.pop(rel, None)
    text = json.dumps({"about": f"vsm-draw build cache of the {fmt} outputs: output -> key; "
                                "safe to delete",
                       "outputs": dict(sorted(outputs.items()))}, indent=1)
    write_atomic(outdir / manifest_name(fmt), text.encode("utf-8") + b"\n")


def _prune(out: Path, stems: set[str]) -> dict[str, set[str]]:
    """Remove the outputs that every format's manifest records for maps not in ``stems``
    (and folders they leave empty); {format: outputs removed}. Files no manifest records
    are never touched."""
    removed: dict[str, set[str]] = {}
    for fmt in FORMATS:
        for rel in _read_manifest(out, fmt):
            if rel.endswith(suffix(fmt)) and rel[: -len(suffix(fmt))] in stems:
                continue
            path = out / rel
            if linked_folder(out, path) is None:  # else the file is not in OUTDIR: left alone
                path.unlink(missing_ok=True)
            removed.setdefault(fmt, set()).add(rel)
            for parent in path.parents:  # folders the map's outputs leave empty
                if parent == out or out not in parent.parents:
                    break
                try:
                    parent.rmdir()
                except OSError:
                    break
    return removed


# --- rendering one map (runs in a worker process) ---------------------------------------------

def _render_job(path: str, data: bytes, targets: list[tuple[str, str]],
                options: Options) -> tuple[list[str], list[Problem], list[str]]:
    """Draw one map into ``targets`` [(format, output path)]; the written paths, or problems,
    and what is wrong with a PDF written all the same (a page too large for viewers)."""
    from .graphviz_backend import pdf_page_problem
    from .yamlsource import decode

    try:
        outputs = render_text(decode(data, path), path, [fmt for fmt, _ in targets], options)
    except Exception as error:  # a broken map or a failing renderer: report, never crash
        return [], list(problems_of(error, path)), []
    for fmt, out in targets:
        try:
            write_atomic(out, outputs[fmt])
        except OSError as exc:  # OUTDIR not writable, a folder in the way...
            return [], [Problem(path, 1, 1, f"cannot write {out}: {write_problem(out, exc)}")], []
    pdf = outputs.get("pdf")
    page = pdf_page_problem(pdf) if pdf is not None else None
    return [out for _, out in targets], [], [page] if page else []


def _check(path: str, data: bytes) -> tuple[list[Problem], list[Problem]]:
    """Validate a map in this process (broken maps never reach the pool): its problems, and
    its load warnings."""
    from .loader import load_text
    from .yamlsource import decode

    try:
        vsm = load_text(decode(data, path), path)
    except Exception as error:  # VsmError, or a bug: this map fails, the build goes on
        return list(problems_of(error, path)), []
    return [], list(vsm.warnings)


#: A map to draw: its path, bytes, [(format, output path)] and {output: cache key}.
Work = tuple[str, bytes, list[tuple[str, str]], dict[str, str]]

Progress = Callable[[str, str, int, int], None]
"""Called as progress(status, map path, done, total); status: rendered, failed."""


def build(sources: Sequence[str | Path], outdir: str | Path, formats: Sequence[str],
          options: Options = Options(), *, jobs: Optional[int] = None, force: bool = False,
          progress: Optional[Progress] = None, prune: bool = False) -> BuildResult:
    """Draw every map under ``sources`` into ``outdir`` in ``formats``; see the module doc.

    ``prune`` removes the outputs (of any format) that the manifests record for maps no
    longer under ``sources``."""
    out = Path(outdir)
    result = BuildResult()
    maps, missing = find_maps(sources, exclude=out)
    for problem in missing:
        result.failed.append(problem.file)
        result.problems.append(problem)
    manifest = {fmt: {} if force else _read_manifest(out, fmt) for fmt in formats}
    changed: dict[str, dict[str, str]] = {fmt: {} for fmt in formats}

    owners: dict[str, Path] = {}
    work: list[Work] = []
    for source in maps:
        name = str(source.path)
        first = owners.setdefault(source.stem, source.path)
        if first != source.path:
            result.failed.append(name)
            result.problems.append(Problem(name, 1, 1, f"its outputs ({source.stem}.*) would "
                                           f"overwrite those of {first}; rename one of them"))
            continue
        try:
            data = read_map_bytes(source.path, regular_only=True)
        except VsmError as error:  # too large, a device, unreadable: this map only
            result.failed.append(name)
            result.problems.extend(error.problems)
            continue
        targets, keys = [], {}
        for fmt in formats:
            rel = source.stem + suffix(fmt)
            key = cache_key(data, fmt, options)
            # a link (to a file, or a folder on the way) is no output of ours: drawn again
            if manifest[fmt].get(rel) != key or not drawn_already(out / rel) or \
                    linked_folder(out, out / rel):
                targets.append((fmt, str(out / rel)))
                keys[(fmt, rel)] = key
        if not targets:
            result.up_to_date.append(name)
            continue
        problems, warnings = _check(name, data)
        result.warnings.extend(warnings)
        if problems:
            result.failed.append(name)
            result.problems.extend(problems)
            continue
        try:  # here, before the workers: a folder link under OUTDIR is replaced, not followed
            for _, target in targets:
                real_folders(out, target)
        except OSError as exc:
            result.failed.append(name)
            result.problems.append(Problem(name, 1, 1, f"cannot write {targets[0][1]}: "
                                                       f"{write_problem(targets[0][1], exc)}"))
            continue
        work.append((name, data, targets, keys))

    total = len(work)
    done = 0

    def finished(name: str, written: list[str], problems: list[Problem], pdf_pages: list[str],
                 keys: dict[str, str]) -> None:
        nonlocal done
        done += 1
        result.pdf_pages.extend((name, page) for page in pdf_pages)
        if problems:
            result.failed.append(name)
            result.problems.extend(problems)
            status = "failed"
        else:
            result.rendered.append(name)
            result.written.extend(Path(w) for w in written)
            for (fmt, rel), key in keys.items():
                changed[fmt][rel] = key
            status = "rendered"
        if progress:
            progress(status, name, done, total)

    workers = min(jobs or os.cpu_count() or 1, total)
    try:
        if workers <= 1:
            for name, data, targets, keys in work:
                finished(name, *_render_job(name, data, targets, options), keys)
        else:
            crashed = _run_pool(work, options, workers, finished)
            # A renderer that kills its process breaks the whole pool: draw the maps it took
            # down again one at a time, so only the culprit fails.
            for item in crashed:
                if _run_pool([item], options, 1, finished):
                    name = item[0]
                    finished(name, [], [Problem(name, 1, 1, "the renderer crashed while "
                                                "drawing this map; please report it")], [], {})
    except KeyboardInterrupt:
        # Ctrl-C: keep the cache of the maps that finished, so the rerun draws only the rest,
        # and remove what a stopped worker may have left half-written.
        for _, _, targets, _ in work:
            for _, target in targets:
                for tmp in Path(target).parent.glob(f".{Path(target).name}.*.tmp"):
                    tmp.unlink(missing_ok=True)
        _save(out, formats, changed, {})
        raise

    # Workers finish in any order: list what failed the same way on every run.
    result.rendered.sort()
    result.failed.sort()
    result.problems.sort(key=lambda p: (p.file, p.line, p.column, p.message))
    result.pdf_pages.sort()
    removed: dict[str, set[str]] = {}
    if prune and missing:
        result.problems.append(Problem(str(out), 1, 1, "nothing pruned: a SRC is missing, "
                                                       "and its maps' outputs would go"))
    elif prune:
        removed = _prune(out, {m.stem for m in maps})
        result.pruned = sorted(out / rel for rels in removed.values() for rel in rels)
    # A manifest that cannot be written is a problem but no failed map: the exit status
    # is 1 all the same (see cli).
    result.problems.extend(_save(out, formats, changed, removed))
    return result


def _save(out: Path, formats: Sequence[str], changed: dict[str, dict[str, str]],
          removed: dict[str, set[str]]) -> list[Problem]:
    """Write the manifests this build changed; a problem for each that cannot be written."""
    problems = []
    for fmt in dict.fromkeys([*formats, *removed]):
        if not (changed.get(fmt) or removed.get(fmt)):
            continue
        try:
            _write_manifest(out, fmt, changed.get(fmt, {}), removed.get(fmt, set()))
        except OSError as exc:
            problems.append(Problem(str(out / manifest_name(fmt)), 1, 1,
                                    f"cannot write the build cache: {exc.strerror or exc}"))
    return problems


def _run_pool(work: list[Work], options: Options, workers: int,
              finished: Callable[..., None]) -> list[Work]:
    """Draw ``work`` in a process pool, calling ``finished`` for each map; the items lost
    to a crashed worker process."""
    crashed: list[Work] = []
    # Ctrl-C waits while the workers start (submit starts them): one interrupted half-way
    # was no process of the pool, outlived the build and died with a traceback when it
    # found the pool's semaphores gone. Blocked, not ignored: it lands below, each worker
    # known and ended. The workers (and the forkserver) are born with it blocked too.
    held = _hold_interrupts()
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                   initializer=_worker_start, initargs=(os.getpid(),))
    except BaseException:
        _release_interrupts(held)
        raise
    try:
        try:
            futures = {pool.submit(_render_job, item[0], item[1], item[2], options): item
                       for item in work}
        finally:
            _release_interrupts(held)  # a Ctrl-C pressed meanwhile is raised here
        for future in as_completed(futures):
            item = futures[future]
            try:
                written, problems, pdf_pages = future.result()
            except BrokenProcessPool:
                crashed.append(item)
                continue
            finished(item[0], written, problems, pdf_pages, item[3])
    except BaseException:  # Ctrl-C (or a failing callback): stop now, not after the queue
        processes = list((getattr(pool, "_processes", None) or {}).values())
        manager = getattr(pool, "_executor_manager_thread", None)  # shutdown forgets it
        for process in processes:
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(5)
        # Let the pool's manager thread finish closing its wake-up pipe before the interpreter
        # exits: the exit hook of concurrent.futures writes to that pipe unlocked, and when
        # the two met it printed a traceback (OSError: Bad file descriptor) after "Aborted!".
        if manager is not None:
            manager.join(5)
        raise
    pool.shutdown()
    return sorted(crashed)


def _hold_interrupts():
    """Block SIGINT in this thread (and in the processes and threads it starts); the mask
    to restore, None where signals cannot be blocked."""
    import signal
    from multiprocessing import resource_tracker

    if not hasattr(signal, "pthread_sigmask"):
        return None
    # Started first: starting it unblocks SIGINT (SIG_UNBLOCK, not the mask it found).
    resource_tracker.ensure_running()
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release_interrupts(mask) -> None:
    if mask is not None:
        import signal

        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _worker_start(parent: int) -> None:
    """In each worker: Ctrl-C is the parent's to handle, and the worker exits when the
    parent is gone (``kill -9`` of a build leaves no worker, and so no resource tracker)."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except OSError:  # alive, though not ours to signal
                pass

    threading.Thread(target=watch, name="vsm-draw-parent-watch", daemon=True).start()


def _context():
    """Worker processes start with ``forkserver`` where there is one (no fork of a threaded
    parent, no re-import per task), else ``spawn``."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


# --- watching --------------------------------------------------------------------------------

def _snapshot(sources: Sequence[str | Path]) -> dict[str, tuple[int, int]]:
    state: dict[str, tuple[int, int]] = {}
    for source in sources:
        path = Path(source)
        files = _candidates(path) if path.is_dir() else [path]
        for file in files:
            try:
                st = file.stat()
            except OSError:
                continue
            state[str(file)] = (st.st_mtime_ns, st.st_size)
    return state


def watch(sources: Sequence[str | Path], outdir: str | Path, formats: Sequence[str],
          options: Options = Options(), *, on_build: Callable[[BuildResult], None],
          interval: float = 0.3, stop: Callable[[], bool] = lambda: False,
          jobs: Optional[int] = None, prune: bool = False) -> None:
    """Rebuild whenever a file under ``sources`` changes (polling every ``interval``
    seconds) until ``stop()`` is true; ``on_build`` gets each rebuild's result."""
    seen = _snapshot(sources)
    while not stop():
        time.sleep(interval)
        now = _snapshot(sources)
        if now != seen:
            seen = now
            on_build(build(sources, outdir, formats, options, jobs=jobs, prune=prune))
