"""Kernels forked from a template process: the "zygote" (preload) pattern for report batches.

Starting a Jupyter kernel and importing pandas, matplotlib, seaborn,
statsmodels and the package costs each report ~2.5 s, most of it imports.
A *zygote* is a process that imports all of that once and then waits; for
each report it ``fork()``s a child that becomes a brand-new ipykernel, in a
fresh namespace, with the libraries already in memory.

How the pieces fit (Linux only):

* :meth:`Zygote.start` launches ``python -m cbresearch.publish.kernels.zygote serve SOCKET``
  and writes a kernelspec ``cbresearch-zygote`` into a private
  ``JUPYTER_PATH``; papermill is simply told to use that kernel.
* jupyter_client starts the kernelspec's command, the small *launcher*
  (``python -m cbresearch.publish.kernels.zygote launch CONNECTION_FILE``), exactly as it
  would start a kernel.  The launcher asks the zygote over a Unix socket to
  fork a kernel with that connection file, working directory and
  environment, then stays alive as the kernel's stand-in: it forwards
  interrupts and termination, and exits when the kernel exits.
* In the child: the random generators are reseeded (a fork copies their
  state), ZMQ sockets are created only now (after the fork), matplotlib's
  inline backend is wired into the new IPython shell (a fresh kernel does it
  when the backend is first imported, which here happened in the zygote),
  the launcher's stdin/stdout/stderr are taken over, and a watchdog ends the
  kernel if its launcher disappears.

Reports made this way are compared with fresh-kernel runs in the tests.

Examples
--------
>>> "pandas" in PRELOAD and "cbresearch.publish.report.regional" in [m.__name__ for m in project_modules()]
True
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .limits import apply_memory_limit

KERNEL_NAME = "cbresearch-zygote"
SOCKET_ENV = "CBRESEARCH_ZYGOTE_SOCKET"

#: what every regional report imports: loaded once, in the zygote
PRELOAD = (
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "matplotlib_inline.backend_inline",
    "matplotlib.pyplot",
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "scipy.stats",
    "seaborn",
    "statsmodels.api",
    "adjustText",
)
#: this module's importable name, also when it runs as ``python -m`` (where ``__name__`` is "__main__")
MODULE = __spec__.name if __spec__ is not None else __name__


def project_modules() -> tuple:
    """The package's modules every regional report uses, loaded once in the zygote after :data:`PRELOAD`.

    Imported here rather than at the top so that the launcher, which starts for
    every kernel, stays light; referred to as modules, never as names in strings.
    """
    from ...analysis import coverage, matrices, survey
    from ...check import reproduction
    from ..figures import maps, plots
    from ..report import programme, regional

    return (regional, plots, maps, programme, coverage, matrices, survey, reproduction)


@dataclass
class Zygote:
    """A running zygote and the kernelspec that reaches it."""

    process: subprocess.Popen
    directory: Path
    socket_path: str
    kernel_name: str = KERNEL_NAME

    @property
    def env(self) -> dict[str, str]:
        """Environment variables a papermill worker needs to find the kernelspec."""
        existing = os.environ.get("JUPYTER_PATH")
        path = str(self.directory) + (os.pathsep + existing if existing else "")  # kernels/ is found below it
        return {"JUPYTER_PATH": path, SOCKET_ENV: self.socket_path}

    @classmethod
    def start(cls, timeout: float = 120.0) -> Zygote:
        """Start the template process and wait until it has imported everything."""
        zygote = cls.spawn()
        zygote.wait_ready(timeout)
        return zygote

    @classmethod
    def spawn(cls, log: Path | None = None) -> Zygote:
        """Start the template process without waiting for it (see :meth:`wait_ready`); its output goes to ``log``."""
        directory = Path(tempfile.mkdtemp(prefix="cbresearch-zygote-"))
        socket_path = str(directory / "zygote.sock")
        spec_dir = directory / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True)
        spec = {
            "argv": [sys.executable, "-m", MODULE, "launch", "{connection_file}"],
            "display_name": "Python (cbresearch, forked)",
            "language": "python",
            "interrupt_mode": "signal",
            "env": {SOCKET_ENV: socket_path},
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0"}
        output = open(log, "ab") if log is not None else None  # noqa: SIM115 - the child keeps it open
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", MODULE, "serve", socket_path],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
            )
        finally:
            if output is not None:
                output.close()  # the child has its own copy
        return cls(process, directory, socket_path)

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Wait until the template process has imported everything and listens."""
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.socket_path + ".ready"):
            if self.process.poll() is not None:
                shutil.rmtree(self.directory, ignore_errors=True)
                raise RuntimeError(f"the zygote exited during start-up (code {self.process.returncode})")
            if time.monotonic() > deadline:
                self.process.kill()
                shutil.rmtree(self.directory, ignore_errors=True)
                raise RuntimeError("the zygote did not become ready in time")
            time.sleep(0.02)

    def stop(self) -> None:
        """Stop the template process and remove its files."""
        with contextlib.suppress(OSError):
            _request(self.socket_path, {"op": "quit"})
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)


def _request(socket_path: str, payload: dict, fds: list[int] | None = None) -> dict:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(socket_path)
        message = json.dumps(payload).encode() + b"\n"
        if fds:
            sent = socket.send_fds(connection, [message], fds)
            if sent < len(message):  # never an empty sendall: the zygote may have answered and closed already
                connection.sendall(message[sent:])
        else:
            connection.sendall(message)
        data = b""
        while not data.endswith(b"\n"):
            chunk = connection.recv(65536)
            if not chunk:
                break
            data += chunk
    return json.loads(data or b"{}")


_ENDED: dict[int, int] = {}  # in the zygote: wait status of each kernel that ended, for its launcher


def _reap(signum=None, frame=None) -> None:
    """SIGCHLD in the zygote: collect every kernel that ended and keep how it ended (no zombies)."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _ENDED[pid] = status
        if len(_ENDED) > 1000:
            _ENDED.pop(next(iter(_ENDED)))


def _die_with_parent() -> None:
    """The zygote ends when the batch that started it is gone (Linux: the kernel sends SIGTERM)."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent or parent == 1:  # the parent went away before the request took effect
        os._exit(0)


def _handle(connection: socket.socket, server: socket.socket) -> bool:
    """Serve one request of a launcher; False when asked to quit."""
    data, fds, _, _ = socket.recv_fds(connection, 1 << 20, 3)
    while data and not data.endswith(b"\n"):
        chunk = connection.recv(1 << 20)
        if not chunk:
            break
        data += chunk
    request = json.loads(data or b"{}")
    reply: dict = {}
    if request.get("op") == "quit":
        connection.sendall(b"{}\n")
        return False
    if request.get("op") == "status":
        _reap()
        reply = {"status": _ENDED.pop(int(request["pid"]), None)}
    elif request.get("op") == "fork":
        pid = os.fork()
        if pid == 0:
            server.close()
            connection.close()
            for target, fd in enumerate(fds):  # the launcher's stdin, stdout, stderr
                os.dup2(fd, target)
            _become_kernel(request)  # never returns
        reply = {"pid": pid}
    for fd in fds:
        os.close(fd)
    with contextlib.suppress(OSError):  # a launcher that went away must not stop the zygote
        connection.sendall(json.dumps(reply).encode() + b"\n")
    return True


def _warm() -> None:
    """Read once, in the template, what every report reads the same: the registry of printed figures (the
    national matrices come from it); the kernels inherit it.  (Fonts are not touched here: a font object made
    before the fork measures text a hair differently from a fresh kernel's.)"""
    from ...sources.registry import load_registry

    load_registry()


def serve(socket_path: str) -> None:
    """The template process: import everything, then fork a kernel per request."""
    import importlib

    _die_with_parent()
    for module in PRELOAD:
        importlib.import_module(module)
    project_modules()
    _warm()
    signal.signal(signal.SIGCHLD, _reap)  # kernels are collected as they end, and how they ended is kept
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path)
    server.listen(16)
    Path(socket_path + ".ready").touch()
    serving = True
    while serving:
        connection, _ = server.accept()
        with connection:
            try:
                serving = _handle(connection, server)
            except (OSError, ValueError) as error:  # a broken request: tell the log, keep serving the others
                print(f"zygote: request refused ({type(error).__name__}: {error})", file=sys.stderr, flush=True)
    server.close()


def _become_kernel(request: dict) -> None:
    """In the forked child: start a fresh ipykernel for the launcher that asked for it."""
    import random

    import numpy as np

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.environ.clear()
    os.environ.update(request["env"])
    apply_memory_limit()
    os.chdir(request["cwd"])
    random.seed()
    np.random.seed(int.from_bytes(os.urandom(4), "little"))
    launcher = int(request["launcher_pid"])

    def watchdog() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(launcher, 0)
            except OSError:
                os._exit(1)

    threading.Thread(target=watchdog, daemon=True).start()
    code = 0
    try:
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        argv = ["-f", request["connection_file"]]
        # ipykernel reads these environment variables when it is imported, which here happened in the
        # zygote before jupyter_client set them: pass them explicitly, as a fresh kernel would have read them
        for variable, trait in (("JPY_PARENT_PID", "parent_handle"), ("JPY_INTERRUPT_EVENT", "interrupt")):
            if os.environ.get(variable):
                argv.append(f"--IPKernelApp.{trait}={int(os.environ[variable])}")
        app.initialize(argv)
        # A fresh kernel wires matplotlib's inline backend into IPython when the backend module is first
        # imported; here it was imported before any shell existed, so do that wiring now, the same way.
        from matplotlib_inline import backend_inline

        backend_inline._enable_matplotlib_integration()
        app.start()
    except BaseException:
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def launch(connection_file: str) -> int:
    """The kernel's stand-in that jupyter_client starts: ask the zygote for a kernel, then mirror it."""
    socket_path = os.environ[SOCKET_ENV]
    reply = _request(
        socket_path,
        {
            "op": "fork",
            "connection_file": os.path.abspath(connection_file),
            "cwd": os.getcwd(),
            "env": dict(os.environ),
            "launcher_pid": os.getpid(),
        },
        fds=[0, 1, 2],  # the kernel writes where jupyter_client expects its kernel to write
    )
    pid = int(reply["pid"])

    def forward(signum, _frame) -> None:
        with contextlib.suppress(OSError):
            os.kill(pid, signum)
        if signum == signal.SIGTERM:
            sys.exit(0)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT):
        signal.signal(signum, forward)
    while True:
        try:
            os.kill(pid, 0)
        except OSError:
            break
        time.sleep(0.05)
    try:  # end as the kernel ended, so jupyter_client (and the index) can tell a crash from a normal end
        status = _request(socket_path, {"op": "status", "pid": pid}).get("status")
    except OSError:
        return 0
    if status is None:
        return 0
    code = os.waitstatus_to_exitcode(status)
    return 128 - code if code < 0 else code  # killed by signal N: 128 + N, as a shell says


if __name__ == "__main__":
    command, argument = sys.argv[1], sys.argv[2]
    if command == "serve":
        serve(argument)
    elif command == "launch":
        sys.exit(launch(argument))
    else:
        sys.exit(f"usage: python -m {MODULE} serve SOCKET | launch CONNECTION_FILE (got {command!r})")
