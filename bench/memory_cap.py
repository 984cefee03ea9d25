"""Run a command under a hard memory limit (a Linux memory cgroup) and report what it used.

"100k documents load without exceeding 8 GB" is a claim about the kernel's accounting, not about a sampled
figure: this puts the command in a memory cgroup with that limit (cgroup v2 ``memory.max`` or v1
``memory.limit_in_bytes``), so going over it gets the command OOM-killed. Page cache of the store's mapped
files is charged to the cgroup too and is reclaimed under the limit, as it would be on an 8 GB machine.

Usage (as root, or with a delegated cgroup)::

    .venv/bin/python bench/memory_cap.py 8G -- .venv/bin/python bench/bench_scale.py --sizes 100000 --storage mapped

Prints the command's output, then its exit status, the limit, the cgroup's peak usage (page cache included,
so it sits at the limit when the kernel had to reclaim cache) and how many processes the kernel OOM-killed.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

V2 = Path("/sys/fs/cgroup")
V1 = Path("/sys/fs/cgroup/memory")


def parse_size(text: str) -> int:
    """``8G`` / ``512M`` / ``1024`` → bytes."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30}
    text = text.strip().upper().removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


class Cgroup:
    """A fresh memory cgroup with a hard limit (v2 if the unified hierarchy has the memory controller)."""

    def __init__(self, name: str, limit: int) -> None:
        if (V2 / "cgroup.controllers").is_file() and "memory" in (V2 / "cgroup.controllers").read_text().split():
            self.path, self.v2 = V2 / name, True
        elif V1.is_dir():
            self.path, self.v2 = V1 / name, False
        else:
            raise SystemExit("no memory cgroup controller here; run on Linux with cgroups mounted")
        try:
            self.path.mkdir(exist_ok=True)
            self._write("memory.max" if self.v2 else "memory.limit_in_bytes", str(limit))
            if not self.v2 and (self.path / "memory.memsw.limit_in_bytes").exists():
                self._write("memory.memsw.limit_in_bytes", str(limit))  # no escaping into swap
        except PermissionError as e:
            raise SystemExit(f"cannot create the cgroup {self.path} ({e}); run as root or in a delegated cgroup") from e
        self.limit = limit

    def _write(self, name: str, value: str) -> None:
        (self.path / name).write_text(value)

    def _read(self, name: str) -> str:
        return (self.path / name).read_text()

    def enter(self) -> None:
        """Move the calling process into the cgroup (children inherit it)."""
        self._write("cgroup.procs", str(os.getpid()))

    def report(self) -> dict[str, int]:
        if self.v2:
            events = dict(line.split() for line in self._read("memory.events").splitlines())
            peak = int(self._read("memory.peak")) if (self.path / "memory.peak").exists() else -1
            return {"peak": peak, "oom_kills": int(events.get("oom_kill", 0))}
        oom = dict(line.split() for line in self._read("memory.oom_control").splitlines())
        return {"peak": int(self._read("memory.max_usage_in_bytes")), "oom_kills": int(oom.get("oom_kill", 0))}

    def remove(self) -> None:
        """Kill what is left in the cgroup (a killed command's orphaned workers), then delete it."""
        for _ in range(50):
            left = [int(p) for p in self._read("cgroup.procs").split()]
            if not left:
                break
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.1)
        try:
            self.path.rmdir()
        except OSError:
            pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run a command under a hard memory limit and report its use.")
    ap.add_argument("limit", help="the limit, e.g. 8G")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command")
    args = ap.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("give the command after --")
    group = Cgroup(f"policygraph-cap-{os.getpid()}", parse_size(args.limit))
    try:
        child = subprocess.Popen(command, preexec_fn=group.enter)  # noqa: PLW1509 — only writes a cgroup file
        status = child.wait()
        used = group.report()
    finally:
        group.remove()
    print(f"memory cap {group.limit / 2**30:.1f} GiB: exit status {status}, cgroup peak {used['peak'] / 2**30:.2f} GiB "
          "(page cache included), {oom_kills} processes OOM-killed".format(**used),
          flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
