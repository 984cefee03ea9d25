"""Typed, frozen records that the loaders emit and every later stage consumes.

Every extracted record carries an :class:`Evidence`: the document id and the character span of the
source text (offsets into the *decoded original* text, before normalisation), plus the quote itself,
so an analyst can always check a claim against the words it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


class Role(StrEnum):
    LEAD = "lead"
    SUPPORT = "support"


class Comparator(StrEnum):
    GE = ">="
    LE = "<="
    EQ = "="
    APPROX = "~"
    TREND = "trend"


class CitationKind(StrEnum):
    """How a document cites another: the basis it is made on, a policy it implements, or a mention."""

    BASIS = "basis"  # 根据 / 依据 / 按照
    IMPLEMENTS = "implements"  # 贯彻落实 / 落实 / 执行
    MENTIONS = "mentions"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a record came from: ``source_text[start:end] == quote`` in document ``doc_id``."""

    doc_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class NoiseLine:
    """A line removed before parsing (scraped-page spam, Word bookmarks, page furniture)."""

    reason: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Document-level facts. Names listed in ``inferred`` were not stated but inferred from the text."""

    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None  # YYYY-MM-DD
    year: int | None = None
    region: str | None = None
    parent_region: str | None = None
    level: Level | None = None
    kind: str | None = None  # work report | work points | action plan | five-year plan | …
    period: tuple[int, int] | None = None
    notice_title: str | None = None
    inferred: frozenset[str] = frozenset()
    evidence: dict[str, Evidence] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered heading. ``id`` is the numbering path as written, e.g. ``一`` or ``一/（二）``."""

    id: str
    number: str
    title: str
    depth: int
    parent_id: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Responsibility:
    """One body's role on one task, as written (``org``) — resolution to canonical bodies is the graph's job."""

    task_id: str
    org: str
    role: Role
    split: bool
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Task:
    """A unit of work: a numbered item (or unnumbered section body) with its text and responsibilities."""

    id: str
    section_id: str | None
    title: str
    text: str
    evidence: Evidence
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    split: bool = False
    group: str | None = None  # a sub-heading grouping items (e.g. 公共卫生方面) or a 专栏 title
    responsibility_text: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """A quantified goal. ``value`` is the number and unit as written, without the comparator word."""

    indicator: str
    value: str
    number: float | None
    unit: str | None
    comparator: Comparator
    year: int | None
    nature: str | None  # 约束性 | 预期性 | None
    task_id: str | None
    text: str
    evidence: Evidence
    per: str | None = None  # 每年 for recurring annual targets
    baseline: str | None = None  # the table's base-year value, when a table gives one
    source: str | None = None  # "indicator table" or None for running text


@dataclass(frozen=True, slots=True)
class ProgrammeMention:
    """A programme named in the text: ``programme`` is the taxonomy's canonical name, ``alias`` as written."""

    programme: str
    alias: str
    task_id: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Reference:
    """A cited policy: its 《title》 (and 文号 when given), its inferred level and how it is cited."""

    title: str
    doc_number: str | None
    level: Level | None
    citation: CitationKind
    task_id: str | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Mention:
    """A named region or organisation appearing in the text, as written."""

    name: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    doc_id: str  # content hash of the decoded text
    source: str  # file name as given
    encoding: str
    meta: DocumentMeta
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    targets: tuple[Target, ...] = ()
    programmes: tuple[ProgrammeMention, ...] = ()
    references: tuple[Reference, ...] = ()
    regions: tuple[Mention, ...] = ()
    organisations: tuple[Mention, ...] = ()
    noise: tuple[NoiseLine, ...] = ()
    warnings: tuple[str, ...] = ()
    text: str = field(default="", repr=False, compare=False)  # the decoded original that evidence offsets index
