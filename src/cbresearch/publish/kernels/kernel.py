"""A kernel manager and client that do not sit idle: the fixed waits of jupyter_client, trimmed for a batch.

jupyter_client is written for interactive use, where a few tenths of a
second do not matter.  Per report, a batch pays them every time:

* after the kernel answers ``kernel_info``, the client keeps reading IOPub
  until nothing arrives for 0.2 s; :class:`QuickKernelClient` only drains what
  is already there (nbclient ignores IOPub messages of other requests anyway);
* shutting down polls every 0.1 s for the process to end;
  :class:`QuickKernelManager` polls every 0.01 s;
* an immediate shutdown first interrupts the kernel (whose "KeyboardInterrupt
  caught in kernel" then lands in the log); a kernel that is being killed
  anyway is not interrupted.

papermill hands ``kernel_manager_class`` to nbclient (see
:func:`cbresearch.publish.batch.execute.execute_region`).

Examples
--------
>>> QuickKernelManager.client_class
'cbresearch.publish.kernels.kernel.QuickKernelClient'
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient

POLL_SECONDS = 0.01
_LAST_EXIT: list[int | None] = [None]  # the exit status of the last kernel this process saw die


def last_exit_status() -> int | None:
    """How the last kernel seen dead in this process ended: exit code, or minus / 128 plus the signal.

    Examples
    --------
    >>> last_exit_status() is None
    True
    """
    return _LAST_EXIT[0]


class QuickKernelClient(AsyncKernelClient):
    """An async kernel client whose wait for a ready kernel ends as soon as the kernel has answered."""

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # an IOPub message proves the subscription is connected; else ask again
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
        while True:  # drain what has already arrived, without waiting for more
            try:
                await self.iopub_channel.get_msg(timeout=POLL_SECONDS)
            except Empty:
                break


class QuickKernelManager(AsyncKernelManager):
    """An async kernel manager that polls a dying kernel often and does not interrupt one it is killing."""

    client_class = f"{__name__}.QuickKernelClient"

    async def _async_wait(self, pollinterval: float = POLL_SECONDS) -> None:
        await super()._async_wait(pollinterval=min(pollinterval, POLL_SECONDS))

    async def _async_is_alive(self) -> bool:
        alive = await super()._async_is_alive()
        process = getattr(self.provisioner, "process", None)
        if not alive and process is not None and process.returncode is not None:
            _LAST_EXIT[0] = process.returncode  # nbclient raises DeadKernelError without it: keep it for the index
        return alive

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:
            return  # the kernel is about to be killed: an interrupt would only print a traceback
        await super()._async_interrupt_kernel()
