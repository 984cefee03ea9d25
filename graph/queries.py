"""Every Cypher statement PolicyGraph runs, in one place.

Written in Neo4j 5 Cypher and run unchanged on KGLite (``tests/graph/test_queries_compat.py`` runs each one).
Values always travel as ``$params``; labels and relation types are only ever taken from ``ontology.schema``,
so a builder given an unknown name raises :class:`~ontology.errors.SchemaViolation` instead of writing it.

Portability notes (forms chosen because they run on both engines):

- Region is keyed by ``code``; every other class by ``id``. KGLite gives keyless nodes a numeric ``id`` and
  adds ``type``/``title`` pseudo-properties to ``properties(n)``; readers keep only ontology properties.
- ``SET r += properties(x)`` copies KGLite's pseudo-properties, so relations are copied field by field.
- Task ownership is read from ``t.doc_id`` (indexed) rather than from ``CONTAINS*`` paths.
- Variable-length bounds cannot be parameters in Neo4j; they are fixed in the text.

>>> merge_nodes("Task").startswith("UNWIND $rows AS row MERGE (n:Task {id: row.key})")
True
"""
from __future__ import annotations

from dataclasses import dataclass

from ontology.ddl import neo4j_statements
from ontology.schema import check, node_type

#: Node classes a document owns outright (deleted with it); the rest are shared across documents.
OWNED_LABELS: tuple[str, ...] = ("Section", "Task", "Target")


def key_of(label: str) -> str:
    """The key property of ``label`` (``code`` for Region, else ``id``)."""
    return node_type(label).key


# --- writes -----------------------------------------------------------------------------------------------

def merge_nodes(label: str) -> str:
    """Batched upsert of ``label`` nodes from rows ``{key, props}``."""
    return f"UNWIND $rows AS row MERGE (n:{label} {{{key_of(label)}: row.key}}) SET n += row.props"


def merge_edges(relation: str, source: str, target: str) -> str:
    """Batched upsert of ``(source)-[relation]->(target)`` from rows ``{source, target, props}``."""
    check(source, relation, target)
    return (f"UNWIND $rows AS row MATCH (a:{source} {{{key_of(source)}: row.source}}) "
            f"MATCH (b:{target} {{{key_of(target)}: row.target}}) "
            f"MERGE (a)-[r:{relation}]->(b) SET r += row.props")


def delete_owned(label: str) -> str:
    """Delete every ``label`` node a document owns (``$doc_id``) with its relations."""
    if label not in OWNED_LABELS:
        raise ValueError(f"{label} is shared between documents; only {OWNED_LABELS} are deleted with one")
    return f"MATCH (n:{label} {{doc_id: $doc_id}}) DETACH DELETE n"


DELETE_DOCUMENT_NODE = "MATCH (d:Document {id: $doc_id}) DETACH DELETE d"

# A loaded document adopts the citations that pointed at a stub (or at its own previous version): each
# citing document gets the same REFERENCES edge to ``$doc_id``; the old nodes are then deleted.
ADOPT_REFERENCES = (
    "MATCH (d:Document {id: $doc_id}) "
    "MATCH (x:Document)-[r:REFERENCES]->(old:Document) WHERE old.id IN $old_ids AND x.id <> $doc_id "
    "MERGE (x)-[n:REFERENCES]->(d) "
    "SET n.citation = r.citation, n.as_written = r.as_written, n.ev_doc = r.ev_doc, "
    "n.ev_start = r.ev_start, n.ev_end = r.ev_end, n.ev_quote = r.ev_quote"
)

DELETE_DOCUMENTS_BY_ID = "MATCH (d:Document) WHERE d.id IN $ids DETACH DELETE d"

# Shared nodes left without a reason to exist after a document is deleted. Organisations and regions are
# pruned leaf-first (run until nothing changes): a body stays while a department or document still uses it.
PRUNE_ORPHANS: tuple[str, ...] = (
    "MATCH (n:Indicator) WHERE NOT (n)<-[:MEASURES]-() DETACH DELETE n",
    "MATCH (n:Programme) WHERE NOT (n)<-[:MENTIONS]-() AND NOT (n)-[:BROADER]-() DETACH DELETE n",
    ("MATCH (n:Organisation) WHERE NOT (n)-[:LEADS|SUPPORTS]->() AND NOT (n)<-[:ISSUED_BY|PART_OF]-() "
     "DETACH DELETE n"),
    "MATCH (n:Region) WHERE NOT (n)<-[:COVERS|PART_OF|LOCATED_IN]-() DETACH DELETE n",
    "MATCH (n:Document) WHERE n.stub = true AND NOT (n)<-[:REFERENCES]-() DETACH DELETE n",
)

# --- bookkeeping reads ------------------------------------------------------------------------------------

DOCUMENT_STATE = "MATCH (d:Document {id: $doc_id}) RETURN d.id AS id, d.stub AS stub, d.source AS source"
ALL_DOCUMENTS = ("MATCH (d:Document) RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, "
                 "d.source AS source, d.stub AS stub ORDER BY id")
COUNT_NODES = "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS count ORDER BY label"
COUNT_RELATIONS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
ALL_NODES = ("MATCH (n) RETURN labels(n)[0] AS label, CASE WHEN n:Region THEN n.code ELSE n.id END AS key, "
             "properties(n) AS props")
ALL_RELATIONS = ("MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] AS source_label, "
                 "CASE WHEN a:Region THEN a.code ELSE a.id END AS source, labels(b)[0] AS target_label, "
                 "CASE WHEN b:Region THEN b.code ELSE b.id END AS target, properties(r) AS props")


def neighbourhood_nodes(label: str) -> str:
    """Nodes within two hops of one node (``$key``), any direction: ``eid``, ``label``, ``key``, ``props``."""
    return (f"MATCH (c:{label} {{{key_of(label)}: $key}})-[*0..2]-(n) "
            "RETURN DISTINCT elementId(n) AS eid, labels(n)[0] AS label, "
            "CASE WHEN n:Region THEN n.code ELSE n.id END AS key, properties(n) AS props")


RELATIONS_AMONG = ("MATCH (a)-[r]->(b) WHERE elementId(a) IN $ids AND elementId(b) IN $ids "
                   "RETURN type(r) AS type, labels(a)[0] AS source_label, "
                   "CASE WHEN a:Region THEN a.code ELSE a.id END AS source, labels(b)[0] AS target_label, "
                   "CASE WHEN b:Region THEN b.code ELSE b.id END AS target, properties(r) AS props")


# --- schema -----------------------------------------------------------------------------------------------

def schema_statements() -> list[str]:
    """Neo4j 5 constraints and indexes, generated by the ontology (``ontology.ddl``); all idempotent."""
    return neo4j_statements()


# --- analysts' questions -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A shipped, read-only question: its Cypher, the parameters it needs and what it answers."""

    name: str
    cypher: str
    params: tuple[str, ...]
    description: str


_IND = "(i.id = $indicator OR i.name = $indicator OR ('|' + coalesce(i.aliases, '') + '|') CONTAINS ('|' + $indicator + '|'))"
# The indicators named $indicator (as _IND), found from candidates by the indexed id and name and by a plain
# CONTAINS on aliases — each fast alone, where their OR is evaluated indicator by indicator — then the exact test.
_INDICATORS = ("CALL { MATCH (i:Indicator {id: $indicator}) RETURN i UNION MATCH (i:Indicator {name: $indicator}) "
               "RETURN i UNION MATCH (i:Indicator) WHERE i.aliases CONTAINS $indicator RETURN i } "
               "WITH i WHERE " + _IND + " ")
_ORG = "(o.id = $organisation OR o.name = $organisation OR ('|' + coalesce(o.aliases, '') + '|') CONTAINS ('|' + $organisation + '|'))"
_PRG = "(p.id = $programme OR p.name = $programme OR ('|' + coalesce(p.aliases, '') + '|') CONTAINS ('|' + $programme + '|'))"

#: What ``search`` looks in: (label, key property, name property, properties searched).
_SEARCHED = (
    ("Document", "id", "title", ("title", "doc_number")),
    ("Organisation", "id", "name", ("name", "aliases")),
    ("Indicator", "id", "name", ("name", "aliases")),
    ("Programme", "id", "name", ("name", "aliases")),
    ("Region", "code", "name", ("name",)),
)


def _search_text(name: str, props: tuple[str, ...]) -> str:
    """The Cypher for a searched class's snippet column: its searched property other than the name, or ''."""
    other = [p for p in props if p != name]
    return f"n.{other[0]}" if other else "''"


#: Rows each branch of ``search`` and ``search_tasks`` keeps, and rows ``search`` keeps of their union.
SEARCH_ROWS = 50
#: ``search``'s branches as one top-level UNION, each stopping at :data:`SEARCH_ROWS`: the rows that ``search``
#: orders by label and name (nulls last) and keeps :data:`SEARCH_ROWS` of. KGLite stops a top-level branch's scan
#: at its LIMIT but collects every match of a branch inside ``CALL { … }`` before its LIMIT (健康 in most of
#: 126,000 document titles: ~200 ms instead of ~3), so the API runs this and orders the rows itself.
SEARCH_NAMES = " UNION ".join(
    f"MATCH (n:{label}) WHERE n.{prop} CONTAINS $text "
    f"RETURN '{label}' AS label, n.{key} AS key, n.{name} AS name, {_search_text(name, props)} AS text "
    f"LIMIT {SEARCH_ROWS}"
    for label, key, name, props in _SEARCHED for prop in props)


# The answer rows of the owner queries: a target g on indicator i in document d (region r), its task t and bodies.
_OWNER_BODIES = (
    "OPTIONAL MATCH (lo:Organisation)-[l:LEADS]->(t) "
    "OPTIONAL MATCH (so:Organisation)-[s:SUPPORTS]->(t) "
    "RETURN g.id AS target_id, i.id AS indicator_id, i.name AS indicator, g.indicator AS indicator_as_written, "
    "g.value AS value, g.number AS number, g.unit AS unit, g.comparator AS comparator, g.year AS year, "
    "g.nature AS nature, g.ev_quote AS quote, g.ev_start AS start, g.ev_end AS end, "
    "d.id AS doc_id, d.title AS document, d.year AS document_year, r.code AS region_code, r.name AS region, "
    "t.id AS task_id, t.number AS task_number, t.title AS task, "
    "collect(DISTINCT {id: lo.id, name: lo.name, as_written: l.as_written}) AS lead, "
    "collect(DISTINCT {id: so.id, name: so.name, as_written: s.as_written}) AS support "
    "ORDER BY region_code, doc_id, start, target_id"
)
_OWNER_ROWS = "MATCH (t:Task)-[:SETS_TARGET]->(g) " + _OWNER_BODIES + " SKIP $offset LIMIT $limit"

# The same rows for a page of targets already chosen and ordered (``WITH d, g ORDER BY … SKIP … LIMIT …``):
# each relation is read for the page's targets only, by their indexed keys.
_OWNER_PAGE = (
    "MATCH (i:Indicator {id: g.indicator_id}) MATCH (t:Task {id: g.task_id}) "
    "OPTIONAL MATCH (d)-[:COVERS]->(r:Region) " + _OWNER_BODIES
)

NAMED: dict[str, NamedQuery] = {q.name: q for q in (
    NamedQuery(
        "target_owners",
        # The indicator is resolved once (by its indexed id and name, or an alias). A national question starts
        # from the indicator's targets (indexed indicator_id); every other one from the regions' documents and
        # their targets (indexed doc_id, then indicator_id): fewer than the indicator's targets nationwide.
        # A target's task is read by its indexed task_id (the task that SETS_TARGET it).
        _INDICATORS + "MATCH (r:Region {code: $region_code}) "
        "CALL { WITH i, r WITH i, r WHERE r.level = 'national' "
        "MATCH (g:Target {indicator_id: i.id}) "
        "MATCH (d:Document {id: g.doc_id})-[:COVERS]->(sub:Region)-[:PART_OF*0..4]->(r) RETURN g, d, sub "
        "UNION "
        "WITH i, r WITH i, r WHERE r.level <> 'national' "
        "MATCH (r)<-[:PART_OF*0..4]-(sub:Region)<-[:COVERS]-(d:Document) "
        "MATCH (g:Target {doc_id: d.id}) WHERE g.indicator_id = i.id RETURN g, d, sub } "
        "MATCH (t:Task {id: g.task_id}) "
        "MATCH (o:Organisation)-[role:LEADS|SUPPORTS]->(t) "
        "RETURN o.name AS organisation, o.id AS organisation_id, type(role) AS role, t.title AS task, "
        "t.id AS task_id, g.value AS value, g.comparator AS comparator, g.year AS year, i.name AS indicator, "
        "d.title AS document, d.id AS doc_id, sub.name AS region "
        "ORDER BY region, document, task, role, organisation",
        ("indicator", "region_code"),
        "Who leads or supports the tasks that set targets on an indicator, in a region and every region below it.",
    ),
    NamedQuery(
        "body_tasks",
        "MATCH (o:Organisation) WHERE " + _ORG + " "
        "MATCH (unit:Organisation)-[:PART_OF*0..2]->(o) "
        "MATCH (unit)-[r:LEADS|SUPPORTS]->(t:Task) "
        "MATCH (d:Document {id: t.doc_id}) "
        "RETURN unit.name AS organisation, unit.id AS organisation_id, type(r) AS role, r.split AS split, "
        "r.as_written AS as_written, t.id AS task_id, t.number AS number, t.title AS task, "
        "d.title AS document, d.id AS doc_id "
        "ORDER BY document, number, role, organisation",
        ("organisation",),
        "The tasks an organisation (and its departments) leads or supports, with the words the text used.",
    ),
    NamedQuery(
        "document_detail",
        "MATCH (d:Document {id: $doc_id}) "
        "OPTIONAL MATCH (d)-[:ISSUED_BY]->(o:Organisation) "
        "OPTIONAL MATCH (d)-[:COVERS]->(r:Region) "
        "RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, d.date AS date, d.year AS year, "
        "d.level AS level, d.kind AS kind, d.source AS source, d.stub AS stub, d.issuer AS issuer_as_written, "
        "collect(DISTINCT o.name) AS issuers, collect(DISTINCT r.name) AS regions, "
        "COUNT { MATCH (s:Section {doc_id: $doc_id}) } AS sections, "
        "COUNT { MATCH (t:Task {doc_id: $doc_id}) } AS tasks, "
        "COUNT { MATCH (g:Target {doc_id: $doc_id}) } AS targets, "
        "COUNT { (d)-[:REFERENCES]->() } AS references, COUNT { (d)<-[:REFERENCES]-() } AS cited_by",
        ("doc_id",),
        "One document's metadata, issuer, regions and counts of what was extracted from it.",
    ),
    NamedQuery(
        "document_tasks",
        "MATCH (t:Task {doc_id: $doc_id}) "
        "OPTIONAL MATCH (lead:Organisation)-[:LEADS]->(t) "
        "OPTIONAL MATCH (sup:Organisation)-[:SUPPORTS]->(t) "
        "OPTIONAL MATCH (t)-[:SETS_TARGET]->(g:Target) "
        "RETURN t.id AS task_id, t.number AS number, t.title AS title, t.split AS split, "
        "collect(DISTINCT lead.name) AS lead, collect(DISTINCT sup.name) AS support, "
        "count(DISTINCT g) AS targets, t.ev_start AS start, t.ev_end AS end "
        "ORDER BY start",
        ("doc_id",),
        "A document's tasks in reading order with their lead and supporting bodies and target counts.",
    ),
    NamedQuery(
        "lineage",
        "MATCH path = (d:Document {id: $doc_id})-[:REFERENCES*1..4]->(cited:Document) "
        "RETURN [n IN nodes(path) | n.title] AS chain, [n IN nodes(path) | n.id] AS ids, "
        "[r IN relationships(path) | r.citation] AS citations, length(path) AS hops, cited.stub AS stub "
        "ORDER BY hops, chain",
        ("doc_id",),
        "The policies a document cites, and what those cite in turn (up to four hops).",
    ),
    NamedQuery(
        "cited_by",
        "MATCH (x:Document)-[r:REFERENCES]->(d:Document {id: $doc_id}) "
        "RETURN x.id AS id, x.title AS title, x.level AS level, r.citation AS citation, "
        "r.as_written AS as_written ORDER BY title",
        ("doc_id",),
        "The documents that cite this one, and how.",
    ),
    NamedQuery(
        "inherited_documents",
        "MATCH (c:Region {code: $region_code})-[:PART_OF*0..4]->(up:Region)<-[:COVERS]-(d:Document) "
        "OPTIONAL MATCH (d)-[r:REFERENCES]->(cited:Document) "
        "RETURN up.name AS region, up.level AS level, d.id AS id, d.title AS title, d.year AS year, "
        "collect(DISTINCT cited.title) AS cites ORDER BY level, year, title",
        ("region_code",),
        "The documents a region inherits from: those covering it and every region above it, with what they cite.",
    ),
    NamedQuery(
        "indicator_trace",
        "MATCH (g:Target)-[:MEASURES]->(i:Indicator) WHERE " + _IND + " "
        "MATCH (d:Document {id: g.doc_id}) "
        "OPTIONAL MATCH (d)-[:COVERS]->(r:Region) "
        "RETURN i.name AS indicator, g.indicator AS as_written, g.value AS value, g.number AS number, "
        "g.unit AS unit, g.comparator AS comparator, g.year AS year, g.nature AS nature, r.name AS region, "
        "r.level AS level, d.title AS document, d.id AS doc_id, g.ev_quote AS quote "
        "ORDER BY year, region, document",
        ("indicator",),
        "Every document's target on one indicator: value, year and region, with the quote.",
    ),
    NamedQuery(
        "programme_neighbourhood",
        "MATCH (p:Programme) WHERE " + _PRG + " "
        "MATCH (x)-[m:MENTIONS]->(p) "
        "OPTIONAL MATCH (o:Organisation)-[:LEADS]->(x) "
        "RETURN p.name AS programme, labels(x)[0] AS kind, x.id AS id, coalesce(x.title, x.id) AS title, "
        "coalesce(x.doc_id, x.id) AS doc_id, m.as_written AS as_written, collect(DISTINCT o.name) AS leads, "
        "[(p)-[:BROADER]->(b:Programme) | b.name] AS broader, [(n:Programme)-[:BROADER]->(p) | n.name] AS narrower "
        "ORDER BY doc_id, id",
        ("programme",),
        "Where a programme is named (documents and tasks), who leads those tasks, and its broader/narrower terms.",
    ),
    NamedQuery(
        "region_detail",
        "MATCH (r:Region {code: $region_code}) "
        "OPTIONAL MATCH (r)-[:PART_OF]->(parent:Region) "
        "RETURN r.code AS code, r.name AS name, r.level AS level, parent.code AS parent_code, "
        "parent.name AS parent, [(child:Region)-[:PART_OF]->(r) | child.name] AS children, "
        "[(d:Document)-[:COVERS]->(r) | d.title] AS documents",
        ("region_code",),
        "A region with its parent, its children in the graph and the documents that cover it.",
    ),
    NamedQuery(
        "search",
        # One branch per class and property (an OR across properties defeats KGLite's fast column scan);
        # UNION drops a node found twice. Tasks and targets have their own, bounded, search_tasks.
        # ``text`` is the class's other searched property (aliases, document number), for snippets. Each branch
        # stops at 50 (in Neo4j; KGLite stops only top-level branches: the API runs SEARCH_NAMES and orders).
        "CALL { " + SEARCH_NAMES + " } "
        f"RETURN label, key, name, text ORDER BY label, name LIMIT {SEARCH_ROWS}",
        ("text",),
        "Documents, organisations, indicators, programmes and regions whose name, title, number or aliases "
        "contain a substring: the first 50 found per class and property, then the first 50 of those by class "
        "and name.",
    ),
    NamedQuery(
        "department_ranking",
        "MATCH (o:Organisation)-[:LEADS]->(t:Task)-[:SETS_TARGET]->(g:Target) "
        "OPTIONAL MATCH (o)-[:PART_OF]->(body:Organisation) "
        "RETURN o.name AS organisation, o.id AS organisation_id, body.name AS within, "
        "count(DISTINCT g) AS targets, count(DISTINCT t) AS tasks "
        "ORDER BY targets DESC, tasks DESC, organisation LIMIT 50",
        (),
        "Bodies ranked by the number of targets set by tasks they lead.",
    ),
    NamedQuery(
        "counts",
        "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS count ORDER BY label",
        (),
        "How many nodes of each class the graph holds.",
    ),
)}


#: The bounded task and target search (a scan that stops early, for national corpora): one branch per class
#: and property, each stopping at 50, so an OR across properties never defeats KGLite's fast column scan.
_TASK_SEARCHED = (("Task", "title"), ("Task", "text"), ("Target", "indicator"), ("Target", "text"))
#: ``search_tasks``' branches as one top-level UNION (each stops at its LIMIT in KGLite, see
#: :data:`SEARCH_NAMES`): the rows ``search_tasks`` orders by label, name (nulls last) and key.
SEARCH_TASKS_UNION = " UNION ".join(
    f"MATCH (n:{label}) WHERE n.{prop} CONTAINS $text RETURN '{label}' AS label, n.id AS key, "
    f"n.{'title' if label == 'Task' else 'indicator'} AS name, n.text AS text LIMIT {SEARCH_ROWS}"
    for label, prop in _TASK_SEARCHED)
SEARCH_TASKS = NamedQuery(
    "search_tasks",
    "CALL { " + SEARCH_TASKS_UNION + " } "
    "RETURN label, key, name, text ORDER BY label, name, key",
    ("text",),
    "Tasks whose title or text and targets whose indicator or text contain a substring: the first 50 found "
    "per class and property (not the first 50 in any order), so the answer stays quick on a national corpus.",
)
NAMED[SEARCH_TASKS.name] = SEARCH_TASKS


def named(name: str) -> NamedQuery:
    """The shipped query called ``name``; raises ``KeyError`` listing the names when unknown."""
    try:
        return NAMED[name]
    except KeyError:
        raise KeyError(f"no query named {name!r}; shipped queries: {sorted(NAMED)}") from None



# --- answers served by the API and CLI (``api/services.py``) -----------------------------------------------

_IND_OR_ANY = "($indicator IS NULL OR " + _IND + ")"

NAMED.update({q.name: q for q in (
    NamedQuery(
        "owners",
        "MATCH (g:Target)-[:MEASURES]->(i:Indicator) WHERE " + _IND_OR_ANY + " "
        "MATCH (d:Document {id: g.doc_id}) WHERE $year IS NULL OR g.year = $year OR d.year = $year "
        "OPTIONAL MATCH (d)-[:COVERS]->(r:Region) "
        "WITH g, i, d, r WHERE $region_code IS NULL OR r.code = $region_code OR ($descendants AND "
        "EXISTS { (r)-[:PART_OF*1..4]->(:Region {code: $region_code}) }) "
        + _OWNER_ROWS,
        ("indicator", "region_code", "descendants", "year", "offset", "limit"),
        "Each matching target with its document, region, task, lead and supporting bodies (canonical and as "
        "written) and the quote; region filter includes regions below it when $descendants.",
    ),
    NamedQuery(
        "documents_page",
        "MATCH (d:Document) WHERE $include_stubs OR coalesce(d.stub, false) = false "
        "OPTIONAL MATCH (d)-[:COVERS]->(r:Region) "
        "RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, d.year AS year, d.level AS level, "
        "d.kind AS kind, coalesce(d.stub, false) AS stub, r.code AS region_code, r.name AS region "
        "ORDER BY stub, level, title, id SKIP $offset LIMIT $limit",
        ("include_stubs", "offset", "limit"),
        "A page of documents (loaded first, then those known only from citations), with their region.",
    ),
    NamedQuery(
        "documents_total",
        "MATCH (d:Document) WHERE $include_stubs OR coalesce(d.stub, false) = false RETURN count(d) AS total",
        ("include_stubs",),
        "How many documents documents_page pages through.",
    ),
    NamedQuery(
        "document_by_title",
        "MATCH (d:Document) WHERE d.title = $name OR d.doc_number = $name OR d.source = $name "
        "RETURN d.id AS id, d.title AS title, coalesce(d.stub, false) AS stub ORDER BY stub, id",
        ("name",),
        "Documents whose title, document number or source file is exactly $name.",
    ),
    NamedQuery(
        "document_sections",
        "MATCH (s:Section {doc_id: $doc_id}) "
        "RETURN s.id AS id, s.number AS number, s.title AS title, s.depth AS depth, s.ev_start AS start "
        "ORDER BY start, id",
        ("doc_id",),
        "A document's sections in reading order.",
    ),
    NamedQuery(
        "document_targets",
        "MATCH (g:Target {doc_id: $doc_id}) "
        "OPTIONAL MATCH (g)-[:MEASURES]->(i:Indicator) "
        "OPTIONAL MATCH (t:Task)-[:SETS_TARGET]->(g) "
        "RETURN g.id AS id, i.name AS indicator, g.indicator AS indicator_as_written, g.value AS value, "
        "g.comparator AS comparator, g.year AS year, g.nature AS nature, t.id AS task_id, g.ev_quote AS quote, "
        "g.ev_start AS start ORDER BY start, id",
        ("doc_id",),
        "A document's targets in reading order, with their indicator, task and quote.",
    ),
    NamedQuery(
        "document_references",
        "MATCH (d:Document {id: $doc_id})-[r:REFERENCES]->(c:Document) "
        "RETURN c.id AS id, c.title AS title, c.level AS level, coalesce(c.stub, false) AS stub, "
        "r.citation AS citation, r.as_written AS as_written, r.ev_quote AS quote, r.ev_start AS start "
        "ORDER BY start, id",
        ("doc_id",),
        "The documents one document cites, how, and the words it used.",
    ),
    NamedQuery(
        "organisation_candidates",
        "MATCH (o:Organisation) WHERE " + _ORG + " "
        "OPTIONAL MATCH (o)-[:PART_OF]->(body:Organisation) "
        "RETURN o.id AS id, o.name AS name, o.kind AS kind, o.level AS level, o.region_code AS region_code, "
        "body.name AS within ORDER BY id",
        ("organisation",),
        "Organisations whose id, canonical name or alias is $organisation.",
    ),
    NamedQuery(
        "organisation_tasks",
        "MATCH (unit:Organisation)-[:PART_OF*0..2]->(o:Organisation) WHERE o.id IN $ids "
        "MATCH (unit)-[r:LEADS|SUPPORTS]->(t:Task) WHERE $role IS NULL OR type(r) = $role "
        "MATCH (d:Document {id: t.doc_id}) "
        "OPTIONAL MATCH (t)-[:SETS_TARGET]->(g:Target) "
        "RETURN DISTINCT unit.id AS organisation_id, unit.name AS organisation, type(r) AS role, "
        "r.as_written AS as_written, r.split AS split, t.id AS task_id, t.number AS number, t.title AS task, "
        "d.id AS doc_id, d.title AS document, t.ev_start AS start, "
        "collect(DISTINCT {id: g.id, indicator: g.indicator, value: g.value, comparator: g.comparator, "
        "year: g.year, quote: g.ev_quote}) AS targets "
        "ORDER BY doc_id, start, role, organisation SKIP $offset LIMIT $limit",
        ("ids", "role", "offset", "limit"),
        "The tasks some organisations (and their departments) lead or support, with the targets they set.",
    ),
    NamedQuery(
        "programme_detail",
        "MATCH (p:Programme) WHERE " + _PRG + " "
        "MATCH (x)-[m:MENTIONS]->(p) "
        "MATCH (d:Document {id: coalesce(x.doc_id, x.id)}) "
        "OPTIONAL MATCH (d)-[:COVERS]->(r:Region) "
        "OPTIONAL MATCH (d)-[:ISSUED_BY]->(issuer:Organisation) "
        "OPTIONAL MATCH (o:Organisation)-[role:LEADS|SUPPORTS]->(x) "
        "RETURN p.id AS programme_id, p.name AS programme, labels(x)[0] AS kind, x.id AS id, "
        "coalesce(x.title, x.id) AS title, d.id AS doc_id, d.title AS document, r.code AS region_code, "
        "r.name AS region, m.as_written AS as_written, collect(DISTINCT issuer.name) AS issuers, "
        "collect(DISTINCT {id: o.id, name: o.name, role: type(role)}) AS bodies, "
        "[(p)-[:BROADER]->(b:Programme) | b.name] AS broader, [(n:Programme)-[:BROADER]->(p) | n.name] AS narrower "
        "ORDER BY doc_id, id",
        ("programme",),
        "Where a programme is named, with each place's document, region and the bodies leading or supporting it.",
    ),
    NamedQuery(
        "region_documents",
        "MATCH (r:Region {code: $region_code})<-[:COVERS]-(d:Document) "
        "RETURN d.id AS id, d.title AS title, d.year AS year, d.level AS level ORDER BY year, title",
        ("region_code",),
        "The documents that cover one region.",
    ),
)})

NAMED.update({q.name: q for q in (
    NamedQuery(
        "indicator_lookup",
        _INDICATORS + "RETURN i.id AS id, i.name AS name, i.aliases AS aliases, i.unit AS unit, i.direction AS direction "
        "ORDER BY id",
        ("indicator",),
        "Indicators whose id, canonical name or alias is $indicator.",
    ),
    NamedQuery(
        "programme_lookup",
        "MATCH (p:Programme) WHERE " + _PRG + " "
        "RETURN p.id AS id, p.name AS name, p.aliases AS aliases, "
        "[(p)-[:BROADER]->(b:Programme) | b.name] AS broader, [(n:Programme)-[:BROADER]->(p) | n.name] AS narrower "
        "ORDER BY id",
        ("programme",),
        "Programmes whose id, canonical name or alias is $programme, with their broader and narrower terms.",
    ),
    NamedQuery(
        "indicator_targets",
        "MATCH (g:Target)-[:MEASURES]->(i:Indicator {id: $indicator_id}) "
        "MATCH (d:Document {id: g.doc_id}) "
        "OPTIONAL MATCH (d)-[:COVERS]->(r:Region) "
        "RETURN g.id AS target_id, g.indicator AS as_written, g.value AS value, g.number AS number, "
        "g.unit AS unit, g.comparator AS comparator, g.year AS year, g.nature AS nature, r.code AS region_code, "
        "r.name AS region, coalesce(r.level, d.level) AS level, d.id AS doc_id, d.title AS document, "
        "d.year AS document_year, g.ev_quote AS quote, g.ev_start AS start, g.ev_end AS end "
        "ORDER BY year, region_code, doc_id, start",
        ("indicator_id",),
        "Every target on one indicator (by id) across documents, levels, regions and years, with the quote.",
    ),
)})

# --- inheritance: lineage and target cascades (``graph/inheritance/service.py``) -----------------------------

NAMED.update({q.name: q for q in (
    NamedQuery(
        "lineage_documents",
        "MATCH (d:Document) OPTIONAL MATCH (d)-[:COVERS]->(r:Region) "
        "RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, d.level AS level, "
        "coalesce(d.stub, false) AS stub, d.year AS year, d.date AS date, d.issuer AS issuer, "
        "d.period_start AS period_start, d.period_end AS period_end, d.source AS source, "
        "coalesce(r.code, d.region_code) AS region_code, r.name AS region ORDER BY id",
        (),
        "Every document (loaded and known only from citations) with its level, region and period.",
    ),
    NamedQuery(
        "lineage_references",
        "MATCH (a:Document)-[r:REFERENCES]->(b:Document) "
        "RETURN a.id AS source, b.id AS target, r.citation AS citation, r.as_written AS as_written, "
        "r.ev_quote AS quote, r.ev_start AS start, r.ev_end AS end ORDER BY source, start, target",
        (),
        "Every citation between documents: how it cites and the words it used.",
    ),
    NamedQuery(
        "lineage_programmes",
        "MATCH (x)-[:MENTIONS]->(p:Programme) "
        "RETURN DISTINCT coalesce(x.doc_id, x.id) AS doc_id, p.name AS programme ORDER BY doc_id, programme",
        (),
        "The programmes each document names (in its tasks or as a whole).",
    ),
    NamedQuery(
        "lineage_indicators",
        "MATCH (g:Target)-[:MEASURES]->(i:Indicator) "
        "RETURN DISTINCT g.doc_id AS doc_id, i.name AS indicator ORDER BY doc_id, indicator",
        (),
        "The indicators each document sets targets on.",
    ),
    NamedQuery(
        "cascade_targets",
        "MATCH (g:Target)-[:MEASURES]->(i:Indicator {id: $indicator_id}) "
        "MATCH (d:Document {id: g.doc_id}) "
        "OPTIONAL MATCH (d)-[:COVERS]->(r:Region) "
        "OPTIONAL MATCH (t:Task)-[:SETS_TARGET]->(g) "
        "RETURN g.id AS target_id, i.id AS indicator_id, i.name AS indicator, g.indicator AS as_written, "
        "g.value AS value, g.number AS number, g.unit AS unit, g.comparator AS comparator, g.year AS year, "
        "g.nature AS nature, g.text AS text, g.ev_doc AS ev_doc, g.ev_quote AS quote, g.ev_start AS start, "
        "g.ev_end AS end, d.id AS doc_id, d.title AS document, coalesce(d.stub, false) AS stub, "
        "d.level AS doc_level, d.year AS document_year, coalesce(d.period_end, d.year) AS period_end, "
        "coalesce(r.code, d.region_code) AS region_code, r.name AS region, r.level AS level, "
        "t.id AS task_id, t.title AS task ORDER BY target_id",
        ("indicator_id",),
        "Every target on one indicator with its document's region, level and period and the task setting it.",
    ),
    NamedQuery(
        "cascade_bodies",
        "MATCH (t:Task)-[:SETS_TARGET]->(g:Target)-[:MEASURES]->(:Indicator {id: $indicator_id}) "
        "MATCH (o:Organisation)-[r:LEADS|SUPPORTS]->(t) "
        "RETURN g.id AS target_id, o.id AS id, o.name AS name, o.function AS function, o.level AS level, "
        "type(r) AS role, r.as_written AS as_written ORDER BY target_id, role, name",
        ("indicator_id",),
        "The bodies leading or supporting the tasks that set targets on one indicator, with their function class.",
    ),
    NamedQuery(
        "loaded_regions",
        "MATCH (d:Document)-[:COVERS]->(r:Region) WHERE coalesce(d.stub, false) = false "
        "RETURN DISTINCT r.code AS code, r.name AS name ORDER BY code",
        (),
        "The regions of loaded documents (those whose targets a cascade can examine).",
    ),
)})

# The owners answer a page at a time, in two steps: the page's target ids in the answer's order (region code,
# document, position, id), read on indexed keys only, then ``owners_of_targets`` reads those targets' tasks,
# bodies and quotes. ``api.services.owners`` asks for ids region slice by region slice, or indicator first for
# an indicator with few targets (by an index count), and stops when the page is full. Predicates are spelt out
# per query (no ``$x IS NULL OR …`` on the indicator): KGLite evaluates such a disjunction on every target
# instead of filtering on the key; the sort keys are projected once per row. ``$prefix`` is the common prefix
# of ``$region_codes`` (a cheap test every one of them passes, run before the membership test).
_YEAR = "($year IS NULL OR g.year = $year OR d.year = $year)"
_OWNER_IDS = ("WITH d.region_code AS region_code, d.id AS doc_id, g.ev_start AS start, g.id AS target_id "
              "ORDER BY region_code, doc_id, start, target_id SKIP $offset LIMIT $limit RETURN target_id")

NAMED.update({q.name: q for q in (
    NamedQuery(
        "owner_targets_in_regions",
        "MATCH (d:Document) WHERE d.region_code IN $region_codes "
        "MATCH (g:Target {doc_id: d.id}) WHERE g.task_id IS NOT NULL AND " + _YEAR + " " + _OWNER_IDS,
        ("region_codes", "year", "offset", "limit"),
        "A page of the ids of the targets tasks set in documents of the given regions (optionally of one year), "
        "in the owners answer's order.",
    ),
    NamedQuery(
        "owner_targets_of_indicator_in_regions",
        "MATCH (d:Document) WHERE d.region_code IN $region_codes "
        "MATCH (g:Target {doc_id: d.id}) WHERE g.indicator_id = $indicator_id AND g.task_id IS NOT NULL "
        "AND " + _YEAR + " " + _OWNER_IDS,
        ("region_codes", "indicator_id", "year", "offset", "limit"),
        "The same for targets on one indicator, read region first.",
    ),
    NamedQuery(
        "owner_targets_of_indicator_by_indicator",
        "MATCH (g:Target {indicator_id: $indicator_id}) WHERE g.task_id IS NOT NULL "
        "MATCH (d:Document {id: g.doc_id}) WHERE d.region_code STARTS WITH $prefix "
        "AND d.region_code IN $region_codes AND " + _YEAR + " " + _OWNER_IDS,
        ("indicator_id", "region_codes", "prefix", "year", "offset", "limit"),
        "The same, read indicator first (for an indicator with few targets).",
    ),
    NamedQuery(
        "owners_of_targets",
        "MATCH (g:Target) WHERE g.id IN $target_ids MATCH (d:Document {id: g.doc_id}) " + _OWNER_PAGE,
        ("target_ids",),
        "Some targets (by id) with their indicator, document, region, task, lead and supporting bodies and the "
        "quote, in the owners answer's order.",
    ),
    NamedQuery(
        "indicator_target_count",
        "MATCH (g:Target {indicator_id: $indicator_id}) RETURN count(g) AS targets",
        ("indicator_id",),
        "How many targets measure one indicator (an index count).",
    ),
    NamedQuery(
        "indicator_task_target",
        "MATCH (g:Target {indicator_id: $indicator_id}) WHERE g.task_id IS NOT NULL RETURN g.id AS id LIMIT 1",
        ("indicator_id",),
        "One target on an indicator that a task sets, if there is any.",
    ),
    NamedQuery(
        "region_document_counts",
        "MATCH (d:Document) WHERE d.region_code IN $region_codes "
        "RETURN d.region_code AS code, count(d) AS documents ORDER BY code",
        ("region_codes",),
        "How many documents (loaded and stubs) each of the given regions has, for those that have any.",
    ),
)})

# The owners answer, region first: documents by their (indexed) region_code among $region_codes, then their
# targets by (indexed) doc_id — fast at scale when a region narrows the question.
NAMED.update({q.name: q for q in (
    NamedQuery(
        "owners_in_regions",
        # Page first, on indexed properties only (the documents' region_code, the targets' doc_id, indicator_id
        # and task_id), then read the page's tasks and bodies: a province of a national corpus holds ~200,000
        # targets, and following each one's relations before the LIMIT took seconds.
        "MATCH (d:Document) WHERE d.region_code IN $region_codes "
        "MATCH (g:Target {doc_id: d.id}) WHERE g.task_id IS NOT NULL "
        "AND ($indicator_id IS NULL OR g.indicator_id = $indicator_id) AND ($year IS NULL OR g.year = $year OR d.year = $year) "
        "WITH d, g ORDER BY d.region_code, d.id, g.ev_start, g.id SKIP $offset LIMIT $limit "
        + _OWNER_PAGE,
        ("region_codes", "indicator_id", "year", "offset", "limit"),
        "Each target set by documents of the given regions (optionally on one indicator and year), with its "
        "lead and supporting bodies and the quote.",
    ),
    NamedQuery(
        "owners_of_indicator",
        "MATCH (g:Target) WHERE g.task_id IS NOT NULL AND ($indicator_id IS NULL OR g.indicator_id = $indicator_id) "
        "MATCH (d:Document {id: g.doc_id}) WHERE $year IS NULL OR g.year = $year OR d.year = $year "
        "WITH d, g ORDER BY d.region_code, d.id, g.ev_start, g.id SKIP $offset LIMIT $limit "
        + _OWNER_PAGE,
        ("indicator_id", "year", "offset", "limit"),
        "Each target on one indicator (or every target) anywhere, optionally of one year, with its lead and "
        "supporting bodies and the quote.",
    ),
)})

# Lineage by indexed lookups (``graph/inheritance/service.py``): a document's neighbourhood — the documents of
# its ancestor regions (indexed region_code), what it cites, who cites it — read for the ids at hand, never
# the whole corpus.
# A document's region is its own ``region_code`` (the region it was loaded with, always one it COVERS); the
# region's name is read separately by code (``lineage_region_names``). Not through COVERS: a stub cited from
# thousands of regions COVERS each of them, and which of those rows a reader kept would be arbitrary.
_LINEAGE_DOC_COLUMNS = (
    "RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, d.level AS level, "
    "coalesce(d.stub, false) AS stub, d.year AS year, d.period_start AS period_start, d.period_end AS period_end, "
    "d.region_code AS region_code ORDER BY id")

NAMED.update({q.name: q for q in (
    NamedQuery(
        "lineage_documents_by_id",
        "MATCH (d:Document) WHERE d.id IN $doc_ids " + _LINEAGE_DOC_COLUMNS,
        ("doc_ids",),
        "Some documents (by id) with their level, region code and period.",
    ),
    NamedQuery(
        "lineage_documents_in_regions",
        "MATCH (d:Document) WHERE d.region_code IN $region_codes " + _LINEAGE_DOC_COLUMNS,
        ("region_codes",),
        "The documents (loaded and stubs) of some regions, with their level, region and period.",
    ),
    NamedQuery(
        "lineage_region_names",
        "MATCH (r:Region) WHERE r.code IN $region_codes RETURN r.code AS code, r.name AS name",
        ("region_codes",),
        "The names of some regions (by code).",
    ),
    NamedQuery(
        "lineage_references_from",
        "MATCH (a:Document)-[r:REFERENCES]->(b:Document) WHERE a.id IN $doc_ids "
        "RETURN a.id AS source, b.id AS target, r.citation AS citation, r.as_written AS as_written, "
        "r.ev_quote AS quote, r.ev_start AS start ORDER BY source, start, target",
        ("doc_ids",),
        "The citations some documents make: how each cites and the words it used.",
    ),
    NamedQuery(
        "lineage_citing",
        "MATCH (a:Document)-[:REFERENCES]->(b:Document) WHERE b.id IN $doc_ids "
        "RETURN b.id AS cited, collect(DISTINCT a.id) AS sources ORDER BY cited",
        ("doc_ids",),
        "The documents citing each of some documents (those cited at all).",
    ),
    NamedQuery(
        "lineage_programmes_of",
        "MATCH (t:Task) WHERE t.doc_id IN $doc_ids WITH t MATCH (t)-[:MENTIONS]->(p:Programme) "
        "RETURN DISTINCT t.doc_id AS doc_id, p.name AS programme "
        "UNION MATCH (d:Document)-[:MENTIONS]->(p:Programme) WHERE d.id IN $doc_ids "
        "RETURN DISTINCT d.id AS doc_id, p.name AS programme",
        ("doc_ids",),
        "The programmes some documents name, in their tasks or as a whole.",
    ),
    NamedQuery(
        "lineage_indicators_of",
        "MATCH (g:Target)-[:MEASURES]->(i:Indicator) WHERE g.doc_id IN $doc_ids "
        "RETURN DISTINCT g.doc_id AS doc_id, i.name AS indicator",
        ("doc_ids",),
        "The indicators some documents set targets on.",
    ),
)})

# --- the text search side index (``graph/text_index.py``): what it copies from the store, read by doc_id -----

#: The ids of the loaded documents (not the stubs known only from citations): the documents the index holds.
LOADED_DOCUMENT_IDS = "MATCH (d:Document) WHERE coalesce(d.stub, false) = false RETURN d.id AS id"
#: The searched text of some documents' tasks and targets (``name``: a task's title, a target's indicator).
TEXT_INDEX_ROWS = {
    "Task": "MATCH (n:Task) WHERE n.doc_id IN $doc_ids "
            "RETURN n.doc_id AS doc_id, n.id AS key, n.title AS name, n.text AS text",
    "Target": "MATCH (n:Target) WHERE n.doc_id IN $doc_ids "
              "RETURN n.doc_id AS doc_id, n.id AS key, n.indicator AS name, n.text AS text",
}
