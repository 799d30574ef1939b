"""The batch under faults: bad data, signals, a hanging or dying kernel, two runs on one folder, a lost dask worker.

Every run is the ``cbresearch`` command in a subprocess, as cron or CI would start it, tagged with an
environment variable that its every descendant inherits: after the run, no process carrying the tag may be
alive.  A region is made to fail by a notebook with one extra cell (the test-only way in).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import nbformat
import psutil
import pytest
from helpers import read_rows, write_rows

from cbresearch import config
from cbresearch.publish.batch.guard import FolderBusyError, RunLock, check_output_folder
from cbresearch.publish.batch.runner import default_notebook
from conftest import BIN, Published

pytestmark = pytest.mark.slow
TAG = "CBRESEARCH_TEST_RUN"


def tagged_env(**extra: str) -> dict[str, str]:
    return {**os.environ, TAG: uuid.uuid4().hex, **extra}


def leftovers(tag: str, within: float = 10.0) -> list[str]:
    """Processes still alive that carry the run's tag, after waiting up to ``within`` seconds for them to end."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for process in psutil.process_iter(["pid", "name", "cmdline"]):
            try:
                if process.environ().get(TAG) == tag and process.status() != psutil.STATUS_ZOMBIE:
                    found.append(f"{process.pid} {' '.join(process.info['cmdline'] or [])[:100]}")
            except psutil.Error:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def reports(*arguments: str, env: dict, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "cbresearch"), "reports", *arguments], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, **options,
    )  # fmt: skip


def notebook_with(tmp_path: Path, code: str) -> Path:
    """The report notebook with one more cell after the parameters: ``code`` runs in every region."""
    notebook = nbformat.read(default_notebook(), as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell(code))
    path = tmp_path / "regional_report.ipynb"
    nbformat.write(notebook, path)
    return path


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_bad_raw_data_exits_1_and_leaves_no_process(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(config.RAW_DIR, data / "raw")
    (data / "processed").mkdir()
    header, rows = read_rows(data / "raw" / "survey_responses.csv")
    rows[0]["Adeguatezza - Reti di comunità"] = "7 - moltissimo"
    write_rows(data / "raw" / "survey_responses.csv", header, rows)
    env = tagged_env(CBRESEARCH_DATA_DIR=str(data))
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{BIN / 'cbresearch'}' reports --out-dir '{tmp_path / 'out'}' 2>&1 | cat"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout
    assert "errore: survey_responses.csv, riga 2" in done.stdout
    assert leftovers(env[TAG]) == []


def _pages(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.glob("*.html")}


@pytest.mark.xdist_group("published")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_a_signal_mid_batch_stops_everything_and_keeps_the_last_good_pages(
    published: Published, tmp_path: Path, how: str
) -> None:
    out = tmp_path / "out"
    shutil.copytree(published.reports, out)
    before = _pages(out)
    env = tagged_env()
    run = reports("--force", "--regions", "01,02,03,04,05,06,07", "--out-dir", str(out), env=env,
                  start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while not list((out / "notebooks").glob(".*.running.ipynb")):  # a region is executing
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()
        time.sleep(0.1)
    time.sleep(1)
    stopped = time.monotonic()
    if how == "SIGTERM":
        run.send_signal(signal.SIGTERM)  # what cron or systemd send: to the command only
    else:
        os.killpg(run.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole process group
    _, stderr = run.communicate(timeout=30)
    assert time.monotonic() - stopped < 15
    assert run.returncode == (143 if how == "SIGTERM" else 130), stderr
    assert "interrotto" in stderr
    assert leftovers(env[TAG]) == []
    after = _pages(out)
    assert set(after) == set(before)
    for name, page in after.items():  # each page is the old one or a whole new one, never a part
        assert page == before[name] or page.rstrip().endswith(b"</html>"), name
    assert not list(out.rglob("*.tmp")) and not list(out.rglob("*.running.ipynb"))
    assert manifest(out)  # whole JSON


def test_a_hanging_region_is_stopped_at_its_timeout_and_the_others_go_on(tmp_path: Path) -> None:
    notebook = notebook_with(tmp_path, 'if region_code == "SM":\n    import time\n    time.sleep(600)')
    out = tmp_path / "out"
    env = tagged_env()
    run = reports("--regions", "15,SM", "--timeout", "8", "--notebook", str(notebook), "--out-dir", str(out), env=env)
    _, stderr = run.communicate(timeout=180)
    assert run.returncode == 1, stderr
    entries = manifest(out)
    assert entries["15"]["status"] == "ok"
    assert entries["SM"]["status"] == "failed" and entries["SM"]["cell"] == 4
    assert entries["SM"]["error"].startswith("tempo scaduto: oltre 8 s")
    assert "tempo scaduto" in (out / "index.html").read_text(encoding="utf-8")
    assert leftovers(env[TAG]) == []


@pytest.mark.parametrize("isolation", ["zygote", "kernel"])
def test_a_kernel_that_dies_is_marked_and_the_others_are_built(tmp_path: Path, isolation: str) -> None:
    code = 'if region_code == "SM":\n    import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)'
    out = tmp_path / "out"
    env = tagged_env()
    run = reports("--regions", "15,SM", "--isolation", isolation, "--notebook", str(notebook_with(tmp_path, code)),
                  "--out-dir", str(out), env=env)  # fmt: skip
    _, stderr = run.communicate(timeout=180)
    assert run.returncode == 1 and "San Marino (SM)" in stderr
    entries = manifest(out)
    assert entries["15"]["status"] == "ok"
    assert entries["SM"]["error"] == "il kernel si è interrotto (segnale 9, SIGKILL)"
    assert entries["SM"]["cell"] == 4
    assert leftovers(env[TAG]) == []


def test_a_kernel_over_its_memory_cap_fails_alone(tmp_path: Path) -> None:
    code = 'if region_code == "SM":\n    hoard = bytearray(4 * 2**30)'
    out = tmp_path / "out"
    run = reports("--regions", "15,SM", "--max-memory", "2000", "--notebook", str(notebook_with(tmp_path, code)),
                  "--out-dir", str(out), env=tagged_env())  # fmt: skip
    run.communicate(timeout=180)
    assert run.returncode == 1
    entries = manifest(out)
    assert entries["15"]["status"] == "ok"
    assert entries["SM"]["error"].startswith("memoria esaurita")


def test_two_runs_on_one_folder_take_turns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(5):
        first = reports("--force", "--regions", "SM", "--out-dir", str(out), env=tagged_env())
        time.sleep(0.3)
        second = reports("--force", "--regions", "SM", "--out-dir", str(out), env=tagged_env())
        outputs = [run.communicate(timeout=180) for run in (first, second)]
        assert [run.returncode for run in (first, second)] == [0, 0], outputs
        assert manifest(out)["SM"]["status"] == "ok"
        assert (out / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
        assert not list(out.rglob("*.tmp")) and not list(out.rglob("*.running.ipynb"))
    assert any("sta scrivendo in" in err and err.count("attendo") == 1 for _, err in outputs)


def test_no_wait_exits_3_while_another_run_writes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = reports("--force", "--regions", "SM", "--out-dir", str(out), env=tagged_env())
    deadline = time.monotonic() + 60
    while not (out / ".cbresearch.run").exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    second = subprocess.run([str(BIN / "cbresearch"), "reports", "--no-wait", "--out-dir", str(out)],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    first.communicate(timeout=180)
    assert second.returncode == 3
    assert second.stderr.startswith("errore: un'altra esecuzione (processo ")
    assert first.returncode == 0


def test_a_lock_left_by_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from cbresearch.publish.batch.guard import RunLock\n"
        f"lock = RunLock(Path({str(tmp_path)!r})).__enter__(); print('held', flush=True); time.sleep(60)"
    )], stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(FolderBusyError):
        RunLock(tmp_path, wait=False).__enter__()
    holder.kill()
    holder.wait()
    with RunLock(tmp_path, wait=False):  # the killed run's lock is free: taken over at once
        assert json.loads((tmp_path / ".cbresearch.run").read_text())["pid"] == os.getpid()


def test_a_lost_dask_worker_loses_no_region(tmp_path: Path) -> None:
    marker = tmp_path / "killed-once"
    code = (
        'if region_code == "11":\n    import os, pathlib, signal\n'
        '    marker = pathlib.Path(os.environ["CBRESEARCH_TEST_MARKER"])\n'
        "    if not marker.exists():\n        marker.touch()\n"
        '        os.kill(int(os.environ["CBRESEARCH_WORKER_PID"]), signal.SIGKILL)'
    )
    out = tmp_path / "out"
    env = tagged_env(CBRESEARCH_TEST_MARKER=str(marker))
    run = reports("--executor", "dask", "--jobs", "2", "--regions", "11,15,SM", "--notebook",
                  str(notebook_with(tmp_path, code)), "--out-dir", str(out), env=env)  # fmt: skip
    _, stderr = run.communicate(timeout=300)
    assert marker.exists()  # a worker was killed in the middle of region 11
    entries = manifest(out)
    assert set(entries) == {"11", "15", "SM"}  # none silently missing
    assert all(entries[c]["status"] in ("ok", "failed") for c in entries)
    assert entries["11"]["status"] == "ok", entries["11"]  # run again on the other worker
    assert run.returncode == 0, stderr[-2000:]
    assert leftovers(env[TAG]) == []


def test_the_output_folder_is_checked_before_anything_starts(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(Exception, match=r"la cartella che la contiene, .* non esiste"):
        check_output_folder(tmp_path / "missing" / "out", 22)
    (tmp_path / "file").write_text("x")
    with pytest.raises(Exception, match=r"non si può scrivere lì|è un file"):
        check_output_folder(tmp_path / "file" / "out", 22)
    monkeypatch.setattr("shutil.disk_usage", lambda path: SimpleNamespace(total=10, used=10, free=5 * 2**20))
    with pytest.raises(Exception, match="5 MB liberi, 22 rapporti ne richiedono circa 88"):
        check_output_folder(tmp_path / "out", 22)
    done = subprocess.run([str(BIN / "cbresearch"), "reports", "--out-dir", str(tmp_path / "no" / "where")],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "non esiste" in done.stderr
