"""The process's own memory, as the bulk load watches it on a national corpus.

KGLite keeps in the heap what a process writes (nodes, relations, their property columns and, once more than
262,144 relations carry properties, the topology); a graph loaded from its saved file holds much of that in
place in the file's mapping instead (on 86,000 documents: 2.9 GiB anonymous memory after a reload, against more
than 5 GiB in the process that wrote it). :class:`Regrowth` tells a long load when reloading the graph from the
file it has just saved is worth its cost; :func:`release_freed` hands freed heap pages back to the system, so
the drop is real and not only free space inside the allocator.

Linux only (``/proc/self/status``, glibc's ``malloc_trim``); elsewhere nothing is measured or released and a
load never reloads.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GiB = 1 << 30


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


@dataclass
class Regrowth:
    """When a load should reload its graph from the file it just saved.

    Due once the process's anonymous memory is above ``floor`` bytes *and* has grown to ``ratio`` times what it
    was after the last reload (or at the start): small loads never pay for a reload, and a graph whose own
    size is above the floor is not reloaded after every batch.

    >>> Regrowth(floor=100, ratio=1.5, baseline=80).due_at(110)
    False
    >>> Regrowth(floor=100, ratio=1.5, baseline=80).due_at(130)
    True
    """

    floor: int = 3 * GiB
    ratio: float = 1.5
    baseline: int | None = None

    def due_at(self, now: int | None) -> bool:
        """Whether a reload is due with ``now`` bytes of anonymous memory (None: unknown, never due)."""
        if now is None:
            return False
        if self.baseline is None:
            self.baseline = now
        return now > self.floor and now > self.ratio * self.baseline

    def due(self) -> bool:
        return self.due_at(anonymous_bytes())

    def reset(self) -> None:
        """After a reload: its memory is the new baseline."""
        self.baseline = anonymous_bytes()
