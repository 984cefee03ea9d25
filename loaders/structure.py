"""Document structure: numbering hierarchies into Sections and Tasks with stable ids."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .records import Responsibility, Section, Task
from .text import SourceText


@dataclass(frozen=True)
class ParsedStructure:
    """Sections and tasks of one document, with each task's span in the *normalised* text."""

    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    spans: tuple[tuple[int, int], ...]  # spans[i] is tasks[i]'s [start, end) in SourceText.text
    responsibilities: tuple[Responsibility, ...] = ()
    _starts: tuple[int, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s for s, _ in self.spans))

    def task_at(self, pos: int) -> str | None:
        """The id of the task whose span holds normalised position ``pos``, or None."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
            return self.tasks[i].id
        return None


def parse(src: SourceText) -> ParsedStructure:
    """Parse the numbering hierarchy of ``src.text`` into sections and tasks (with responsibilities)."""
    raise NotImplementedError
