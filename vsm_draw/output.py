"""Writing outputs: atomically (a failed command never leaves a half-written file), and
with reproducible dates (``SOURCE_DATE_EPOCH``, never the clock)."""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Mapping, Optional, Union

__all__ = ["write_atomic", "write_problem", "SourceDateError", "source_date_epoch", "real_folders",
           "linked_folder"]


class SourceDateError(ValueError):
    """``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds."""


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> Optional[int]:
    """``SOURCE_DATE_EPOCH`` as seconds, None when unset or empty; SourceDateError when malformed."""
    text = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    # ASCII digits only: str.isdigit() also takes '²' (int() refuses it) and Arabic-Indic
    # digits (int() reads them, cairo does not and exits the process).
    if not (text.isascii() and text.isdigit()):
        raise SourceDateError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {text!r}")
    seconds = int(text)
    if seconds > _LAST_SECOND:
        raise SourceDateError(f"SOURCE_DATE_EPOCH {text[:30]} is after the year 9999; give the "
                              f"seconds since 1970-01-01 UTC, at most {_LAST_SECOND}")
    return seconds


_LAST_SECOND = 253402300799  # 9999-12-31T23:59:59Z, the last moment a PDF date can hold


def drawn_already(path: Union[str, Path]) -> bool:
    """Whether a cached picture is there: a regular file, not a link. A link planted under a
    picture's (guessable) hash name must not be taken as the picture and published."""
    return os.path.isfile(path) and not os.path.islink(path)


#: How much of an output's name its temporary file's name keeps (bytes): with the dots,
#: mkstemp's 8 characters and '.tmp', at most 128 bytes, within any file system's 255.
_TEMP_NAME_BYTES = 114


def write_atomic(path: Union[str, Path], data: bytes, follow_links: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never a half file.

    A symlink at ``path`` is replaced by the new file, its target untouched: a link in an
    output or cache folder (which may come from a checked-out repository) must not send the
    output to whatever file it names. Only the one output the user named on the command line
    passes ``follow_links=True``, and is written through the link, as ``>`` does."""
    import tempfile  # here, not at the top: render's start-up does not need it

    target = Path(path)
    if follow_links and target.is_symlink():
        # Renaming over the link would replace it with a file and leave its target stale.
        target = Path(os.path.realpath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    # The output's name, cut: mkstemp adds 8 characters and '.tmp', and a name of 250 bytes
    # (which a folder takes) made one too long to create ('File name too long').
    stem = target.name.encode("utf-8", "surrogateescape")[:_TEMP_NAME_BYTES].decode(
        "utf-8", "ignore")
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp makes 0600: a new output is a normal file, a replaced one keeps its mode
        # (a private 0600 file stays private).
        # A link that is not followed is replaced as a new file: its target's mode is not taken.
        try:
            st = os.lstat(target)
        except OSError:
            st = None
        if st is not None and stat.S_ISREG(st.st_mode):
            mode = st.st_mode & 0o7777
        else:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def linked_folder(root: Union[str, Path], path: Union[str, Path]) -> Optional[Path]:
    """The first folder between ``root`` (not included) and ``path`` that is a symbolic
    link, or None: a file there is not in ``root``, whatever its path says."""
    root, path = Path(root), Path(path)
    for folder in reversed(path.parents):
        if folder == root or root not in folder.parents:
            continue
        if folder.is_symlink():
            return folder
    return None


def real_folders(root: Union[str, Path], path: Union[str, Path]) -> None:
    """Make each folder between ``root`` and the file ``path`` a real folder inside ``root``:
    a symbolic link there (a checked-out output tree may hold one) is replaced by an empty
    folder, its target untouched, as :func:`write_atomic` replaces a linked file. Only the
    last part of the path was checked: ``OUTDIR/sub -> /elsewhere`` wrote into /elsewhere."""
    while True:
        link = linked_folder(root, path)
        if link is None:
            return
        link.unlink()
        link.mkdir()


def write_problem(path: Union[str, Path], exc: OSError) -> str:
    """Why :func:`write_atomic` could not write ``path``, in words: a file where one of its
    folders should be is named (the system says only "File exists" or "Not a directory")."""
    for folder in Path(path).parents:
        if os.path.lexists(folder):
            if not os.path.isdir(folder):
                return (f"{folder} is a file, not a folder; write into a folder, or move "
                        f"{folder} away")
            break
    return str(exc.strerror or exc)


_UMASK: Optional[int] = None


def _umask() -> int:
    # os.umask can only be read by setting it; do that once, at the first write.
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK
