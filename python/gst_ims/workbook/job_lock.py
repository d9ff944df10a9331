"""A lock of the tool's own on a workbook file for the duration of a job, so that two jobs
on one workbook at once cannot both succeed with one's work lost (each loads the file,
and the one saving last would overwrite the other).

The lock is a small file next to the workbook, created exclusively (the operating system
lets only one process create it), naming the process that holds it. A lock left by a
process that is gone (killed, power cut) is taken over: on this machine when its process
no longer exists, anywhere once it is older than any job runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Final

from gst_ims.domain.problems import InputError

_STALE_AFTER_SECONDS: Final = 12 * 3600


def lock_path(workbook: Path) -> Path:
    """The lock file of `workbook` (hidden on Linux and macOS, like Excel's ``~$``)."""
    return workbook.with_name(f".~gst-ims.{workbook.name}.lock")


def _process_gone(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process on Windows
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


def _remove_if_mine(path: Path, token: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        if json.loads(path.read_text(encoding="utf-8")).get("token") == token:
            path.unlink()


class JobLock:
    """Held from `acquire` to `release` (or until the object is garbage-collected, or
    the process ends)."""

    def __init__(self, workbook: Path) -> None:
        self.workbook = workbook
        self.path = lock_path(workbook)
        self.token = uuid.uuid4().hex
        self._finalizer: Callable[[], object] | None = None

    def acquire(self) -> JobLock:
        """Take the lock; `InputError` naming the holder when another job has it."""
        for _attempt in range(2):
            try:
                handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if holder is None:
                    continue  # taken over from a job that is gone
                raise InputError(holder) from None
            except OSError:
                return self  # a folder where no file can be made: the save will say so
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"pid": os.getpid(), "host": socket.gethostname(),
                           "started": time.time(), "token": self.token}, stream)
            self._finalizer = weakref.finalize(self, _remove_if_mine, self.path, self.token)
            return self
        raise InputError(f"{self.workbook.name}: cannot take the job lock {self.path.name}; "
                         "delete that file if no gst-ims job is running")

    def _holder(self) -> str | None:
        """Who holds the lock, in words; None after removing a stale lock (its process
        is gone or it is older than any job) or one left by this very process."""
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
            pid, host, started = int(info["pid"]), str(info["host"]), float(info["started"])
        except (OSError, ValueError, KeyError, TypeError):
            info, pid, host, started = {}, 0, "", self.path.stat().st_mtime
        here = host == socket.gethostname()
        stale = (time.time() - started > _STALE_AFTER_SECONDS
                 or (here and (pid == os.getpid() or _process_gone(pid)))
                 or (not info and time.time() - started > 60))
        if stale:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return None
        since = time.strftime("%d-%m-%Y %H:%M", time.localtime(started))
        return (f"another gst-ims job is working on {self.workbook.name} (process {pid} on "
                f"{host or 'another computer'}, since {since}); nothing was changed. Wait "
                f"for it to finish and run this job again. If no job is running, delete "
                f"{self.path.name} next to the workbook.")

    def release(self) -> None:
        """Give the lock up (only if it is still this job's)."""
        if self._finalizer is not None:
            self._finalizer()
            self._finalizer = None
