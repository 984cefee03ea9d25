"""A national corpus loaded in segments, each in a fresh process.

One process loading 100,000 documents into the embedded store keeps what every batch left on its heap: KGLite
copies a property column to the heap on the first write after each save (the copy is freed, but millions of
small strings fragment the heap), so a process that has loaded 90,000 documents holds about twice what a
process holding the same saved graph does. :func:`load_in_segments` therefore loads :data:`SEGMENT_DOCUMENTS`
files at a time in a fresh process that opens the file, loads its segment through the bulk path and saves;
the caller's store lets go of its graph meanwhile and reads the file again at the end.

Nothing changes for crash-safety: each segment's batches are saved atomically as before, so a segment killed
midway (or by the kernel for memory) leaves the file with its whole documents, and loading the same files again
skips those (``unchanged``).
"""
from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Sequence
from itertools import chain
from multiprocessing.connection import Connection
from pathlib import Path

from ontology.errors import PolicyGraphError, StoreUnavailable

from .curation import Curation
from .kglite_store import KGLiteStore
from .load import LoadSummary, Progress, extract_all

#: Files a fresh process loads before handing over to the next one; larger loads are segmented.
SEGMENT_DOCUMENTS = 20_000
_ROOT = Path(__file__).resolve().parents[1]  # the folder holding the packages, for the segment's interpreter


def load_in_segments(store: KGLiteStore, files: Sequence[Path], *, curation: Curation | None = None,
                     workers: int | None = None, progress: Progress | None = None,
                     segment_documents: int | None = None) -> LoadSummary:
    """Load ``files`` into the file-backed ``store`` through the bulk path, ``segment_documents`` files per fresh
    process (see the module); the summary is the segments' together. The store is usable again on return,
    holding everything loaded; a failed segment raises :class:`StoreUnavailable` naming it, the file keeping
    every batch saved before."""
    if store.path is None:
        raise PolicyGraphError("segmented loading needs a store file; an in-memory graph is loaded in-process")
    segment_documents = segment_documents or SEGMENT_DOCUMENTS
    summaries: list[LoadSummary] = []
    with store.released():
        for start in range(0, len(files), segment_documents):
            segment = list(files[start:start + segment_documents])
            summaries.append(_run_segment(store, segment, curation, workers, progress,
                                          f"files {start + 1}–{start + len(segment)} of {len(files)}"))
    return _together(summaries, store.counts())


def _run_segment(store: KGLiteStore, files: list[Path], curation: Curation | None, workers: int | None,
                 progress: Progress | None, name: str) -> LoadSummary:
    """One segment in a fresh interpreter (``python -m graph.segments``: unlike a multiprocessing child it does
    not import the caller's main script); its progress is relayed as it comes."""
    read, write = os.pipe()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(_ROOT), os.environ.get("PYTHONPATH"))))}
    child = subprocess.Popen([sys.executable, "-m", "graph.segments", str(write)], stdin=subprocess.PIPE,
                             pass_fds=(write,), env=env)
    os.close(write)
    outcome: LoadSummary | PolicyGraphError | None = None
    with Connection(read, writable=False) as messages:
        try:
            child.stdin.write(pickle.dumps((str(store.path), store.storage, files, curation, workers)))
            child.stdin.close()
        except BrokenPipeError:
            pass  # the child ended at once: its exit status says how
        while True:
            try:
                message = messages.recv()
            except EOFError:
                break
            if message[0] == "progress" and progress is not None:
                progress(message[1], message[2])
            elif message[0] in ("done", "error"):
                outcome = message[1]
    status = child.wait()
    if isinstance(outcome, LoadSummary):
        return outcome
    if isinstance(outcome, PolicyGraphError):
        raise outcome
    how = f"killed by signal {-status}" if status < 0 else f"exit status {status}"
    hint = " (SIGKILL: most often the kernel, out of memory)" if status == -signal.SIGKILL else ""
    raise StoreUnavailable(f"the process loading {name} into {store.path} ended without finishing: {how}{hint}; "
                           "the file keeps every batch saved before: load the same files again to go on")


def _segment_main(out: Connection) -> None:
    """The body of a segment's process: read its task from stdin, extract, load in bulk, save, report."""
    from .bulk import bulk_load
    from .memory import die_with_parent

    die_with_parent()  # a caller killed outright leaves no segment writing behind it (saves are atomic)
    try:
        path, storage, files, curation, workers = pickle.load(sys.stdin.buffer)
        items = extract_all(files, workers=workers, curation=curation, as_rows=True)
        # the extraction workers fork now, before the store is open: forked after, they would keep the
        # store's heap pages alive while this process rewrites them
        first = next(items, None)
        with KGLiteStore(path, storage=storage) as store:
            summary = bulk_load(store, chain([] if first is None else [first], items),
                                progress=lambda source, outcome: out.send(("progress", source, outcome)))
        out.send(("done", summary))
    except PolicyGraphError as e:
        _tell_caller(out, e)
    except Exception as e:  # noqa: BLE001 — reported to the parent with its type, not lost with the process
        _tell_caller(out, StoreUnavailable(f"loading failed in the segment process: {type(e).__name__}: {e}"))
    finally:
        out.close()


def _tell_caller(out: Connection, error: PolicyGraphError) -> None:
    """Report ``error`` to the caller; a caller gone (the pipe broken: the reason this segment stopped) hears
    nothing."""
    try:
        out.send(("error", error))
    except OSError:
        pass


def _together(summaries: list[LoadSummary], counts: dict[str, dict[str, int]]) -> LoadSummary:
    """The segments' summaries as one: outcomes in order, added counts and seconds summed, the final counts."""
    def joined(outcome: str) -> tuple:
        return tuple(chain.from_iterable(getattr(s, outcome) for s in summaries))

    seconds: dict[str, float] = {}
    for s in summaries:
        for k, v in s.seconds.items():
            seconds[k] = seconds.get(k, 0.0) + v
    return LoadSummary(joined("loaded"), joined("replaced"), joined("unchanged"), joined("failed"),
                       sum(s.nodes_added for s in summaries), sum(s.relations_added for s in summaries),
                       counts["nodes"], counts["relations"], seconds=seconds)

if __name__ == "__main__":  # python -m graph.segments FD: one segment, reporting on the pipe FD
    _segment_main(Connection(int(sys.argv[1]), readable=False))
