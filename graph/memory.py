"""The process's own memory on a national corpus: what it holds, and giving back what it freed.

A bulk load frees a batch's rows and a save's buffers (gigabytes at 100,000 documents); glibc keeps freed
heap pages for reuse, so the process would go on holding them. :func:`release_freed` hands them back to the
system after each batch; :func:`anonymous_bytes` (of this process or of :func:`child_processes`) is the figure the
benchmarks report.

Linux only (``/proc/<pid>/status``, glibc's ``malloc_trim``); elsewhere nothing is measured or released.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from pathlib import Path


def anonymous_bytes(pid: int | str = "self") -> int | None:
    """A process's anonymous resident memory (``RssAnon``: heap, not pages of mapped files; this process's by
    default), or None where the system does not say or the process is gone."""
    return _status(pid).get("RssAnon")


def child_processes(pid: int | str = "self") -> list[int]:
    """The processes ``pid`` started that are still running (a large load's segment processes, a pool's
    workers); empty where the system does not say."""
    parent = Path(f"/proc/{pid}").resolve().name
    return [int(p.parent.name) for p in Path("/proc").glob("[0-9]*/status")
            if str(_status(p.parent.name).get("PPid")) == parent]


def _status(pid: int | str) -> dict[str, int]:
    """The numeric fields of ``/proc/<pid>/status`` (sizes in bytes); empty when it cannot be read."""
    fields: dict[str, int] = {}
    try:
        with Path(f"/proc/{pid}/status").open() as status:
            for line in status:
                name, _, value = line.partition(":")
                parts = value.split()
                if parts and parts[0].isdigit():
                    fields[name] = int(parts[0]) * (1024 if parts[1:] == ["kB"] else 1)
    except OSError:
        return {}
    return fields


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
