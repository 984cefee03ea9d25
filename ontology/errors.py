"""One error root for PolicyGraph; every stage raises a subclass with a message that says what to do next."""
from __future__ import annotations


class PolicyGraphError(Exception):
    """Root of every error PolicyGraph raises on purpose."""


class InputError(PolicyGraphError):
    """A file or parameter a user gave cannot be used (empty, binary, unreadable, wrong option)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class ParseError(InputError):
    """Text was read but could not be parsed; carries the document and line."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.line = line
        where = f"{source}:{line}" if source and line else source
        super().__init__(message, source=where)


class SchemaViolation(PolicyGraphError):
    """A record or edge does not fit the ontology (unknown class, relation or pattern)."""


class StoreUnavailable(PolicyGraphError):
    """The graph store cannot be reached or opened."""


class QueryRejected(PolicyGraphError):
    """A query was refused: it writes, is malformed, or exceeded its time or row budget."""


class NotFound(PolicyGraphError):
    """An entity looked up by id or name does not exist in the graph."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind, self.key = kind, key
        super().__init__(f"no {kind} matches {key!r}")
