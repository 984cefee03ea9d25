"""Response and request models: what each endpoint returns, so the OpenAPI schema documents it."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Problem(Model):
    """Every error: RFC 9457 problem details."""

    model_config = ConfigDict(frozen=True, extra="allow")
    type: str = Field(description="A URI reference naming the kind of problem, e.g. /problems/not-found.")
    title: str
    status: int
    detail: str = Field(description="What went wrong and what to do next.")


class Health(Model):
    status: Literal["ok"]
    store: str = Field(description="The store URI (no credentials).")
    documents: int
    nodes: dict[str, int]
    relations: dict[str, int]


class Evidence(Model):
    """Where a fact was read: the document, the span of its normalised text and the original words."""

    doc_id: str
    start: int | None = None
    end: int | None = None
    quote: str | None = None


class Body(Model):
    """An organisation as resolved (canonical ``name``) and as the text wrote it (``as_written``)."""

    id: str
    name: str
    as_written: str | None = None


class DocumentRef(Model):
    id: str
    title: str | None = None
    year: int | None = None


class RegionRef(Model):
    code: str
    name: str | None = None
    level: str | None = None


class TaskRef(Model):
    id: str
    number: str | None = None
    title: str | None = None


class TargetOwners(Model):
    """One target with the bodies that own it."""

    target_id: str
    indicator: str | None
    indicator_id: str | None
    indicator_as_written: str | None
    value: str | None
    number: float | None
    unit: str | None
    comparator: str | None
    year: int | None
    nature: str | None
    document: DocumentRef
    region: RegionRef | None
    task: TaskRef
    lead: list[Body]
    support: list[Body]
    evidence: Evidence


class OwnersQuery(Model):
    indicator: str | None
    region: str | None
    region_code: str | None
    region_name: str | None
    year: int | None
    descendants: bool


class OwnersPage(Model):
    query: OwnersQuery
    items: list[TargetOwners]
    limit: int
    offset: int
    has_more: bool


class Organisation(Model):
    id: str
    name: str
    kind: str | None = None
    level: str | None = None
    region_code: str | None = None
    within: str | None = Field(None, description="The body this one is a department of.")


class TargetBrief(Model):
    id: str
    indicator: str | None = None
    value: str | None = None
    comparator: str | None = None
    year: int | None = None
    quote: str | None = None


class Assignment(Model):
    """One task a body leads or supports."""

    organisation: Body
    role: Literal["lead", "support"]
    split: bool | None
    task: TaskRef
    document: DocumentRef
    targets: list[TargetBrief]


class OrganisationTasks(Model):
    organisations: list[Organisation] = Field(description="The bodies the id or name matched.")
    items: list[Assignment]
    limit: int
    offset: int
    has_more: bool


class DocumentSummary(Model):
    id: str
    title: str | None
    doc_number: str | None = None
    year: int | None = None
    level: str | None = None
    kind: str | None = None
    stub: bool = Field(False, description="Known only from citations, not loaded.")
    region: RegionRef | None = None


class DocumentsPage(Model):
    items: list[DocumentSummary]
    total: int
    limit: int
    offset: int


class SectionOut(Model):
    id: str
    number: str | None
    title: str | None
    depth: int | None


class DocumentTask(Model):
    id: str
    number: str | None
    title: str | None
    split: bool | None
    lead: list[str]
    support: list[str]
    targets: int
    start: int | None
    end: int | None


class DocumentTarget(Model):
    id: str
    indicator: str | None
    indicator_as_written: str | None
    value: str | None
    comparator: str | None
    year: int | None
    nature: str | None
    task_id: str | None
    quote: str | None


class Citation(Model):
    id: str
    title: str | None
    level: str | None = None
    stub: bool = False
    citation: str | None = Field(None, description="implements | basis | mentions …")
    as_written: str | None = None
    quote: str | None = None


class DocumentCounts(Model):
    sections: int
    tasks: int
    targets: int
    references: int
    cited_by: int


class DocumentDetail(Model):
    id: str
    title: str | None
    doc_number: str | None
    date: str | None
    year: int | None
    level: str | None
    kind: str | None
    source: str | None
    stub: bool
    issuer_as_written: str | None
    issuers: list[str]
    regions: list[str]
    counts: DocumentCounts
    sections: list[SectionOut]
    tasks: list[DocumentTask]
    targets: list[DocumentTarget]
    references: list[Citation]
    cited_by: list[Citation]


class LineageStep(Model):
    """One document on a chain; every step after the first says how it is linked to the step before."""

    id: str
    title: str | None
    level: str | None = Field(None, description="national | province | city | county")
    region: RegionRef | None = None
    stub: bool = Field(False, description="Known only from citations, not loaded.")
    citation: str | None = Field(None, description="How the previous document cites this one: basis | implements "
                                                    "| mentions (None when it does not cite it).")
    basis: str | None = Field(None, description="The evidence for the link: citation (the previous document cites "
                                                "this one), co-citation (documents citing the previous one cite "
                                                "this one too) or shared (programmes, indicators, period).")
    quotes: list[str] = Field(default_factory=list, description="The citing words (of the previous document, or "
                                                                "of the co-citing documents).")
    evidence: str | None = Field(None, description="The link's evidence in one line.")
    co_cited_by: list[DocumentRef] = Field(default_factory=list,
                                           description="Documents that cite both the previous step and this one.")
    shared_programmes: list[str] = Field(default_factory=list)
    shared_indicators: list[str] = Field(default_factory=list)
    period_overlap: list[int] | None = Field(None, description="[first year, last year] both documents cover.")
    rank: int | None = Field(None, description="1 = the previous document's best-ranked parent.")


class LineageChain(Model):
    steps: list[LineageStep]
    hops: int
    ends_at_stub: bool = Field(description="The last document is known only from citations.")


class Lineage(Model):
    document: DocumentRef
    level: str | None = None
    region: RegionRef | None = None
    reaches_national: bool = Field(False, description="The best chain ends at a national document.")
    chains: list[LineageChain] = Field(description="Every path upwards (each chain and its prefixes, so they form a "
                                                   "tree), best first.")
    policies: list[Citation] = Field(description="Every document reached, nearest first.")


class IndicatorOut(Model):
    id: str
    name: str
    aliases: list[str]
    unit: str | None = None
    direction: str | None = None


class TraceBody(Model):
    """A body leading or supporting the task that sets a target, with its function class."""

    id: str
    name: str
    as_written: str | None = None
    role: Literal["lead", "support"]
    function: str | None = Field(None, description="primary-care, medical-administration, tcm, … (data file).")


class TraceItem(Model):
    target_id: str
    as_written: str | None
    value: str | None
    number: float | None
    unit: str | None
    comparator: str | None
    year: int | None
    nature: str | None
    level: str | None
    region: RegionRef | None
    document: DocumentRef
    task: str | None = None
    bodies: list[TraceBody] = Field(default_factory=list)
    evidence: Evidence


class Counterpart(Model):
    """Bodies at two levels carrying the same function."""

    function: str
    higher: str
    lower: str


class TraceLink(Model):
    """A lower target answering a higher one, classified; ``not_transmitted`` links have no lower target."""

    higher: str = Field(description="The higher target's target_id.")
    lower: str | None = Field(None, description="The lower target's target_id; None when not transmitted.")
    region: RegionRef
    status: Literal["consistent", "stricter", "looser", "not_transmitted", "incomparable"]
    reason: str
    year_gap: int | None = None
    counterparts: list[Counterpart] = Field(default_factory=list)


class IndicatorTrace(Model):
    indicator: IndicatorOut
    region: RegionRef | None
    items: list[TraceItem] = Field(description="The targets, national → county.")
    links: list[TraceLink] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict, description="Links per status.")


class ProgrammeTask(Model):
    id: str
    title: str | None
    doc_id: str
    as_written: str | None
    bodies: list[str]


class BodyRoles(Model):
    id: str | None
    name: str
    roles: list[str] = Field(description="lead, support, issuer")


class ProgrammeDetail(Model):
    id: str
    name: str
    aliases: list[str]
    broader: list[str]
    narrower: list[str]
    documents: list[DocumentSummary]
    tasks: list[ProgrammeTask]
    bodies: list[BodyRoles]
    regions: list[RegionRef]


class RegionDetail(Model):
    code: str
    name: str
    level: str
    parent: RegionRef | None
    ancestors: list[RegionRef]
    children: list[RegionRef]
    documents: list[DocumentSummary]
    in_graph: bool = Field(description="Whether any loaded document covers this region.")


class SearchItem(Model):
    kind: str = Field(description="Document | Task | Target | Organisation | Programme | Indicator | Region")
    id: str
    name: str | None
    snippet: str | None


class SearchPage(Model):
    items: list[SearchItem]
    total: int
    limit: int
    offset: int


class CypherRequest(Model):
    query: str = Field(min_length=1, max_length=20_000, description="A read-only Cypher query.",
                       examples=["MATCH (d:Document) RETURN d.title AS title LIMIT 5"])
    params: dict[str, Any] = Field(default_factory=dict, description="Values for $parameters.")


class CypherResult(Model):
    columns: list[str]
    rows: list[list[Any]] = Field(description="Nodes as objects with _id, _labels and their properties; "
                                               "relationships with _type, _start, _end.")
    truncated: bool = Field(description="The row cap cut the answer short.")


class IngestFailure(Model):
    source: str
    error: str


class IngestResult(Model):
    loaded: list[str]
    replaced: list[str]
    unchanged: list[str]
    failed: list[IngestFailure]
    documents: list[DocumentRef]
    nodes_added: int
    relations_added: int
