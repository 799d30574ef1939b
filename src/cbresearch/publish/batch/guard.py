"""What keeps a batch safe to run from cron, CI or two terminals: folder checks, one run per folder, no orphans.

* :func:`check_output_folder` — before anything starts: the parent exists, the
  folder can be written, the disk has room for the pages (one clear line
  otherwise).
* :class:`RunLock` — one run per output folder (an OS file lock through the
  ``filelock`` package: a run that was killed leaves the lock free, and the
  next run takes it over); a second run waits, saying so in one line, or with
  ``--no-wait`` stops with exit code 3.
* :func:`sigterm_as_interrupt` — ``SIGTERM`` (cron, systemd, schedulers) takes
  the same path as Ctrl-C.
* :class:`OwnedProcesses` — every process the run started, and every process
  those started (kernels, launchers, the template processes, dask workers), is
  stopped when the run ends, however it ends.  On Linux the run is made a
  *subreaper*, so even a process whose parent died early is found.

Examples
--------
>>> run_id() != run_id()
True
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from ... import config
from ...errors import CbResearchError, os_error_text
from ...formats import number
from ...i18n import _

#: room a report needs on disk: its page, its executed notebook, its workbook (and its PDF)
BYTES_PER_REPORT = 4 * 1024 * 1024
BYTES_PER_PDF = 2 * 1024 * 1024
LOCK_NAME = ".cbresearch.lock"
HOLDER_NAME = ".cbresearch.run"


class FolderBusyError(CbResearchError):
    """Another run is writing in the output folder (exit code 3)."""

    exit_code = 3


def run_id() -> str:
    """A name for this run, unique across processes and time: it tags the run's temporary files."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


def check_output_folder(out_dir: Path, reports: int, pdf: bool = False) -> Path:
    """Refuse an output folder the batch could not fill, before any kernel starts.

    Examples
    --------
    >>> check_output_folder(Path("/nonexistent/a/b"), 1)
    Traceback (most recent call last):
    ...
    cbresearch.errors.CbResearchError: /nonexistent/a/b: la cartella che la contiene, /nonexistent/a, non esiste; crearla o scegliere un'altra --out-dir
    """
    out_dir = Path(out_dir)
    parent = out_dir.parent
    if not out_dir.exists() and out_dir.resolve().is_relative_to(config.REPORTS_DIR.resolve()):
        with contextlib.suppress(OSError):  # inside the project's own reports folder: its tree is ours
            parent.mkdir(parents=True, exist_ok=True)
    if not out_dir.exists() and parent.is_file():
        raise CbResearchError(
            _("{folder}: the folder above it, {parent}, is a file; choose another --out-dir").format(
                folder=out_dir, parent=parent
            )
        )
    if not out_dir.exists() and not parent.is_dir():
        raise CbResearchError(
            _("{folder}: the folder above it, {parent}, does not exist; create it or choose another --out-dir").format(
                folder=out_dir, parent=parent
            )
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise CbResearchError(_("{folder}: is a file, not a folder; choose another --out-dir").format(folder=out_dir))
    where = out_dir if out_dir.exists() else parent
    try:
        with tempfile.NamedTemporaryFile(dir=where, prefix=".cbresearch-write-test-"):
            pass
    except OSError as error:
        reason = os_error_text(error)
        raise CbResearchError(
            _("{folder}: cannot write there ({reason}); choose another --out-dir").format(folder=where, reason=reason)
        ) from None
    needed = reports * (BYTES_PER_REPORT + (BYTES_PER_PDF if pdf else 0))
    free = shutil.disk_usage(where).free
    if free < needed:
        raise CbResearchError(
            _("{folder}: {free} MB free, {count} reports need about {needed} MB").format(
                folder=where, free=number(free / 2**20, 0), count=reports, needed=number(needed / 2**20, 0)
            )
        )
    return out_dir


class RunLock:
    """Hold the output folder for this run: an OS lock on ``.cbresearch.lock``, plus who holds it.

    Parameters
    ----------
    out_dir : Path
        The output folder (created if missing).
    wait : bool
        Wait for another run to finish (saying so through ``tell``), or raise :class:`FolderBusyError`.
    tell : callable
        Receives the one-line message when the run has to wait.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with RunLock(Path(folder)):
    ...         try:
    ...             RunLock(Path(folder), wait=False).__enter__()
    ...         except FolderBusyError as busy:
    ...             print(str(busy).split(": ")[0].startswith("un'altra esecuzione"))
    True
    """

    def __init__(self, out_dir: Path, wait: bool = True, tell: Callable[[str], None] = print):
        from filelock import FileLock

        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(exist_ok=True)
        self.wait, self.tell = wait, tell
        self.lock = FileLock(str(self.out_dir / LOCK_NAME))

    def _busy(self) -> str:
        try:
            holder = json.loads((self.out_dir / HOLDER_NAME).read_text(encoding="utf-8"))
            who = _(" (process {pid}, started at {started})").format(pid=holder["pid"], started=holder["started"])
        except (OSError, ValueError, KeyError):
            who = ""
        return _("another run{who} is writing in {folder}").format(who=who, folder=self.out_dir)

    def __enter__(self) -> RunLock:
        from filelock import Timeout

        try:
            self.lock.acquire(timeout=0)
        except Timeout:
            if not self.wait:
                raise FolderBusyError(
                    _("{busy}: try again later (without --no-wait the run waits)").format(busy=self._busy())
                ) from None
            self.tell(_("{busy}: waiting").format(busy=self._busy()))
            self.lock.acquire()
        holder = {"pid": os.getpid(), "started": time.strftime("%H:%M:%S")}
        (self.out_dir / HOLDER_NAME).write_text(json.dumps(holder), encoding="utf-8")
        return self

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(OSError):
            (self.out_dir / HOLDER_NAME).unlink()
        self.lock.release()


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While the block runs, ``SIGTERM`` raises ``KeyboardInterrupt`` (the Ctrl-C path); outside the main thread, nothing.

    The signal is also remembered: Python runs a handler between any two
    bytecodes, so its exception may be raised where it is swallowed (inside a
    ``__del__`` or a garbage-collector callback, which only print "Exception
    ignored").  :func:`stop_if_signalled` raises it again at the batch's safe
    points, and the block itself never ends normally after a signal.

    Examples
    --------
    >>> with sigterm_as_interrupt():
    ...     signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    True
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        _RECEIVED.append(signum)
        raise _interruption(signum)

    _RECEIVED.clear()
    previous = {signum: signal.signal(signum, interrupt) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
        stop_if_signalled()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _RECEIVED.clear()


#: the signals received inside :func:`sigterm_as_interrupt` (main thread only)
_RECEIVED: list[int] = []


def stop_if_signalled() -> None:
    """Raise ``KeyboardInterrupt`` again if a signal arrived whose exception was swallowed on its way.

    Examples
    --------
    >>> stop_if_signalled()  # no signal: nothing happens
    """
    if _RECEIVED:
        raise _interruption(_RECEIVED[-1])


def _interruption(signum: int) -> KeyboardInterrupt:
    """Ctrl-C as Python raises it; ``SIGTERM`` with its number (the command line exits 143 for it, 130 for Ctrl-C)."""
    return KeyboardInterrupt() if signum == signal.SIGINT else KeyboardInterrupt(f"signal {signum}")


def _set_subreaper(on: bool) -> bool:
    """Linux: orphaned descendants are re-parented to this process instead of init (so they can be found)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1 if on else 0, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


class OwnedProcesses:
    """Stop, on exit, every process started inside the block and everything those started.

    Processes that were children of this process before the block (a notebook user's own) are left alone.

    Examples
    --------
    >>> import subprocess, sys
    >>> with OwnedProcesses() as owned:
    ...     child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    >>> child.poll() is not None  # stopped with the block, long before its 60 seconds
    True
    """

    def __init__(self, grace: float = 3.0):
        self.grace = grace

    def __enter__(self) -> OwnedProcesses:
        import psutil

        self._me = psutil.Process()
        self._before = {child.pid for child in self._me.children(recursive=True)}
        self._subreaper = _set_subreaper(True)
        return self

    def _ours(self) -> list:
        import psutil

        found = []
        for child in self._me.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if child.pid in self._before or child.status() == psutil.STATUS_ZOMBIE:
                    continue
                command = " ".join(child.cmdline())
                helper = any(
                    name in command for name in ("multiprocessing.forkserver", "multiprocessing.resource_tracker")
                )
                if helper and child.ppid() == self._me.pid:
                    continue  # Python's fork server and resource tracker (not the workers forked from them):
                    # shared with later runs of this process, they end with it
                found.append(child)
        return found

    def stop_all(self) -> None:
        """Terminate the run's processes, wait ``grace`` seconds, kill what is left; reap them all."""
        import psutil

        for _attempt in range(3):  # a dying parent re-parents its children to us: look again
            alive = self._ours()
            if not alive:
                break
            for process in alive:
                with contextlib.suppress(psutil.Error):
                    process.terminate()
            _, alive = psutil.wait_procs(alive, timeout=self.grace)
            for process in alive:
                with contextlib.suppress(psutil.Error):
                    process.kill()
            psutil.wait_procs(alive, timeout=self.grace)
        self._reap()

    def _reap(self) -> None:
        """Collect the exit status of re-parented children that ended (no zombies are left behind)."""
        if not self._subreaper:
            return
        import psutil

        for child in self._me.children():
            with contextlib.suppress(psutil.Error, ChildProcessError):
                if child.pid not in self._before and child.status() == psutil.STATUS_ZOMBIE:
                    os.waitpid(child.pid, os.WNOHANG)

    def __exit__(self, *exc) -> None:
        try:
            self.stop_all()
        finally:
            if self._subreaper:
                _set_subreaper(False)
