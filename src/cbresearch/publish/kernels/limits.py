"""A memory cap for report kernels (``cbresearch reports --max-memory MB``), so a runaway region fails alone.

The cap is the kernel's address space (``RLIMIT_AS``, Unix): an allocation
beyond it raises ``MemoryError`` in the region's notebook instead of taking
the machine down.  A report's libraries already take about 700 MB of address
space, so caps below 1.000 MB stop every report.

* Forked kernels (the zygote) apply it right after the fork
  (:func:`apply_memory_limit`, reading :data:`MEMORY_ENV`).
* Fresh kernels start through this module (``python -m
  cbresearch.publish.kernels.limits -f CONNECTION_FILE``), which applies it and then
  runs ipykernel; :func:`limited_kernelspec` writes that kernelspec.

Examples
--------
>>> apply_memory_limit({})  # no cap asked for
False
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

MEMORY_ENV = "CBRESEARCH_MAX_MEMORY_MB"
LIMITED_KERNEL = "cbresearch-limited"
#: this module's importable name, also when it runs as ``python -m``
MODULE = __spec__.name if __spec__ is not None else __name__


def apply_memory_limit(environ: dict | None = None) -> bool:
    """Cap this process's address space at ``CBRESEARCH_MAX_MEMORY_MB`` megabytes, when it is set (Unix).

    Examples
    --------
    >>> apply_memory_limit({MEMORY_ENV: ""})
    False
    """
    value = (os.environ if environ is None else environ).get(MEMORY_ENV, "")
    if not value or sys.platform == "win32":
        return False
    import resource

    limit = int(value) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return True


def limited_kernelspec(folder: Path) -> dict[str, str]:
    """Write a kernelspec that starts a fresh, capped kernel under ``folder``; return the environment that finds it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     "JUPYTER_PATH" in limited_kernelspec(Path(d))
    True
    """
    spec_dir = Path(folder) / "kernels" / LIMITED_KERNEL
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", MODULE, "-f", "{connection_file}"],
        "display_name": "Python (cbresearch, with a memory cap)",
        "language": "python",
        "interrupt_mode": "signal",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    existing = os.environ.get("JUPYTER_PATH")
    return {"JUPYTER_PATH": str(folder) + (os.pathsep + existing if existing else "")}


def temporary_folder() -> Path:
    """A private folder for a kernelspec (the caller removes it).

    Examples
    --------
    >>> folder = temporary_folder(); folder.is_dir(), folder.rmdir()
    (True, None)
    """
    return Path(tempfile.mkdtemp(prefix="cbresearch-limited-"))


if __name__ == "__main__":  # the capped kernel: cap, then become ipykernel with the same arguments
    import runpy

    apply_memory_limit()
    sys.argv = ["ipykernel_launcher", *sys.argv[1:]]
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
