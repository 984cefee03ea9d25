"""The process's own memory on a national corpus: what it holds, and giving back what it freed.

A bulk load frees a batch's rows and a save's buffers (gigabytes at 100,000 documents); glibc keeps freed
heap pages for reuse, so the process would go on holding them. :func:`release_freed` hands them back to the
system after each batch; :func:`anonymous_bytes` is the figure the benchmarks report.

Linux only (``/proc/self/status``, glibc's ``malloc_trim``); elsewhere nothing is measured or released.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from pathlib import Path


def anonymous_bytes() -> int | None:
    """This process's anonymous resident memory (``RssAnon``: heap, not pages of mapped files), or None
    where the system does not say."""
    try:
        with Path("/proc/self/status").open() as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_freed() -> None:
    """Give the pages the allocator holds free back to the system (glibc ``malloc_trim``; a no-op elsewhere)."""
    if (libc := _libc()) is not None:
        libc.malloc_trim(0)


def die_with_parent() -> None:
    """Have the kernel end this process when the process that started it ends (Linux ``prctl``
    ``PR_SET_PDEATHSIG``; a no-op elsewhere): a helper process must not go on writing once its caller is gone."""
    import signal

    if (libc := _libc()) is not None and hasattr(libc, "prctl"):
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1
