"""The JSON endpoints: thin shells over :mod:`api.services`, documented in the OpenAPI schema."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile, status

from ontology.errors import InputError

from . import schemas as s
from . import services
from .deps import IngestAllowed, SettingsDep, StoreDep, WriteLockDep

PROBLEMS = {c: {"model": s.Problem, "description": d} for c, d in (
    (400, "Bad parameter or rejected query"), (404, "Unknown id or name"), (422, "Invalid parameters"),
    (503, "Graph store unavailable"))}

router = APIRouter(responses=PROBLEMS)

Limit = Annotated[int, Query(ge=1, le=500, description="Most items to return.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
Text = Annotated[str, Query(min_length=1, max_length=200)]
OptText = Annotated[str | None, Query(min_length=1, max_length=200)]


@router.get("/healthz", response_model=s.Health, tags=["service"])
def healthz(store: StoreDep) -> s.Health:
    """The store is reachable; node and relation counts."""
    return services.healthz(store)


@router.get("/owners", response_model=s.OwnersPage, tags=["answers"])
def owners(store: StoreDep, indicator: OptText = None, region: OptText = None,
           year: Annotated[int | None, Query(ge=1949, le=2100)] = None,
           descendants: Annotated[bool, Query(description="Include the regions below `region`.")] = True,
           limit: Limit = 50, offset: Offset = 0) -> s.OwnersPage:
    """Which body owns which target: each matching target with its lead and supporting bodies and the quote.

    `indicator` matches canonical names and aliases (县域就诊率 finds 县域内就诊率); `region` is a code or a
    name (辽宁, 辽宁省, 210000).
    """
    return services.owners(store, indicator, region, year, descendants, limit, offset)


@router.get("/organisations/{organisation:path}/tasks", response_model=s.OrganisationTasks, tags=["answers"])
def organisation_tasks(store: StoreDep, organisation: str,
                       role: Annotated[Literal["lead", "support"] | None, Query()] = None,
                       within: Annotated[str | None, Query(min_length=1, max_length=100,
                                                           description="A region that holds the body.")] = None,
                       limit: Limit = 50, offset: Offset = 0) -> s.OrganisationTasks:
    """What a body (id, canonical name or alias such as 规信处) and its departments lead or support."""
    return services.organisation_tasks(store, organisation, role, within, limit, offset)


@router.get("/documents", response_model=s.DocumentsPage, tags=["documents"])
def documents(store: StoreDep, limit: Limit = 50, offset: Offset = 0,
              include_stubs: Annotated[bool, Query(description="Also documents known only from citations.")] = False,
              ) -> s.DocumentsPage:
    """A page of documents."""
    return services.documents(store, limit, offset, include_stubs)


@router.get("/documents/{document:path}/lineage", response_model=s.Lineage, tags=["documents"])
def lineage(store: StoreDep, document: str) -> s.Lineage:
    """The chain of policies a document implements or cites, up towards national policy."""
    return services.lineage(store, document)


@router.get("/documents/{document:path}", response_model=s.DocumentDetail, tags=["documents"])
def document(store: StoreDep, document: str) -> s.DocumentDetail:
    """One document (id, exact title or document number): sections, tasks, targets, references."""
    return services.document(store, document)


@router.post("/documents", response_model=s.IngestResult, status_code=status.HTTP_201_CREATED, tags=["documents"],
             responses={401: {"model": s.Problem, "description": "Missing or wrong token"},
                        403: {"model": s.Problem, "description": "Ingest over HTTP is disabled"},
                        413: {"model": s.Problem, "description": "File too large"}})
def ingest(store: StoreDep, settings: SettingsDep, lock: WriteLockDep, _auth: IngestAllowed, response: Response,
           file: Annotated[UploadFile, File(description="A policy document (.txt, .docx, .pdf, .html).")],
           ) -> s.IngestResult:
    """Load an uploaded document (the `policygraph load` pipeline). Needs `Authorization: Bearer <token>`."""
    content = file.file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise InputError(f"the file is larger than {settings.max_upload_bytes} bytes; load it with "
                         "`policygraph load`", source=file.filename)
    with lock:
        result = services.ingest(store, file.filename or "", content, settings.curation)
    if result.failed:
        raise InputError(result.failed[0].error)
    if not result.loaded:
        response.status_code = status.HTTP_200_OK
    return result


@router.get("/indicators/{indicator:path}/trace", response_model=s.IndicatorTrace, tags=["answers"])
def indicator_trace(store: StoreDep, indicator: str, region: OptText = None) -> s.IndicatorTrace:
    """An indicator's targets across levels, regions and years."""
    return services.indicator_trace(store, indicator, region)


@router.get("/programmes/{programme:path}", response_model=s.ProgrammeDetail, tags=["answers"])
def programme(store: StoreDep, programme: str) -> s.ProgrammeDetail:
    """A programme (id or name: 医共体, 医养结合, 中蒙医药 …): its documents, tasks, bodies and regions."""
    return services.programme(store, programme)


@router.get("/regions/{region}", response_model=s.RegionDetail, tags=["answers"])
def region(store: StoreDep, region: str) -> s.RegionDetail:
    """A region by code or name: its parent, children and the documents covering it."""
    return services.region(store, region)


@router.get("/search", response_model=s.SearchPage, tags=["answers"])
def search(store: StoreDep, q: Text, limit: Annotated[int, Query(ge=1, le=200)] = 20,
           offset: Offset = 0) -> s.SearchPage:
    """Chinese substring search over tasks, targets, bodies, documents, programmes, indicators and regions."""
    return services.search(store, q, limit, offset)


@router.post("/cypher", response_model=s.CypherResult, tags=["cypher"])
def cypher(store: StoreDep, settings: SettingsDep, body: s.CypherRequest) -> s.CypherResult:
    """Run a read-only Cypher query: writes are refused, with a deadline and a row cap."""
    return services.cypher(store, body.query, body.params, timeout_s=settings.cypher_timeout_s,
                           row_cap=settings.cypher_row_cap)


@router.get("/export/{fmt}", tags=["export"], response_class=Response,
            responses={200: {"description": "The export file",
                             "content": {t: {} for t in services.EXPORT_TYPES.values()}}})
def export(store: StoreDep, fmt: Literal["ttl", "jsonld", "graphml", "csv"]) -> Response:
    """The whole graph as Turtle, JSON-LD, GraphML, or a zip of CSVs for neo4j-admin import."""
    f = services.export(store, fmt)
    return Response(f.content, media_type=f.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{f.filename}"'})
