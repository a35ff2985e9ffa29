"""Worker processes: forked, to share the parent's memory, but not its handling of signals.

A forked process inherits its parent's signal handlers. Python's `Pool.terminate()` (which
leaving a `with Pool(...)` block calls) stops workers with SIGTERM, and counts on it: it
takes the lock of the workers' task queue, so a worker still waiting for a task waits for
ever unless SIGTERM ends it. Forked from a process whose event loop handles SIGTERM (the
preview server did, through asyncio), a worker only passed the signal on to its parent's
loop, and its parent waited for it for ever. Each worker here restores default handling
before it takes a task, and, on Linux, is ended by the kernel if its parent dies, so none
is left behind.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_pool(workers: int) -> multiprocessing.pool.Pool:
    """A pool of `workers` forked processes (so they share what this process has loaded).

    SIGTERM and SIGINT are held while the workers are forked. A fork runs the at-fork hooks of
    the libraries loaded (logging's releases its lock), and a signal handler that raises there
    is printed as "Exception ignored" and dropped: the preview's build process, stopped just
    then, would go on building. Held, the signal arrives once the pool exists, in code that
    passes the exception on."""
    stops = {signal.SIGTERM, signal.SIGINT}
    held = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    pool: multiprocessing.pool.Pool | None = None
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=start_worker, initargs=(os.getpid(),))
    finally:
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a held signal's handler runs here
        except BaseException:
            if pool is not None:
                pool.terminate()
            raise
    return pool


def start_worker(parent: int) -> None:
    """Default signal handling in a new worker: SIGTERM (how a pool stops its workers) ends it,
    and Ctrl-C is left to the parent, which stops the pool. Nothing the parent set up to hear
    signals by (an event loop's wakeup descriptor) is written to from here."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})  # held by fork_pool
    end_with_parent(parent, signal.SIGTERM)


def end_with_parent(parent: int, stop: signal.Signals) -> None:
    """Have the kernel send `stop` to this process when `parent` ends (Linux), so a killed
    parent leaves no child running; elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(stop), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request was made
        os.kill(os.getpid(), stop)
