"""The PolicyGraph schema, declared once: node classes, their key and properties, relations and the
(source, relation, target) patterns they allow.

The property graph (KGLite, Neo4j), the store constraints and indexes, the OWL/Turtle export and the
SHACL shapes are all generated from these declarations. Evidence is a class in RDF (a Web Annotation
with a text-position selector); in the property graph it is flattened onto every extracted node and
edge as the ``ev_doc``, ``ev_start``, ``ev_end`` and ``ev_quote`` properties — except where a class's own
property already is the quote (a Task's ``text`` is exactly the source span): the quote is then stored once,
in that property (:attr:`NodeType.quote`), and :func:`stored_evidence` lists what the graph holds.

>>> NODE_TYPES["Task"].key
'id'
>>> allowed("Organisation", "LEADS", "Task")
True
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import SchemaViolation

EVIDENCE_PROPERTIES: tuple[str, ...] = ("ev_doc", "ev_start", "ev_end", "ev_quote")


@dataclass(frozen=True, slots=True)
class Property:
    name: str
    datatype: str  # xsd local name: string | integer | decimal | boolean | date
    label_zh: str
    comment: str = ""
    indexed: bool = False
    vocab: str | None = None  # CURIE of a reused vocabulary term this property maps to
    values: tuple[str, ...] = ()  # the allowed values, when the property is an enumeration
    separator: str | None = None  # set when one string joins several values ('|')
    iri: str | None = None  # RDF local name, when the default (lowerCamelCase of name) would clash
    refers_to: str | None = None  # the node class whose key this property holds (a relation's end kept as a key)

    @property
    def local_name(self) -> str:
        """The property's local name in the ``pg:`` namespace: ``doc_id`` -> ``docId``."""
        return self.iri or camel(self.name)


@dataclass(frozen=True, slots=True)
class NodeType:
    name: str
    label_zh: str
    comment: str
    key: str
    properties: tuple[Property, ...]
    vocab: tuple[str, ...] = ()  # CURIEs of reused classes this class specialises
    evidenced: bool = True  # extracted nodes carry evidence; reference data (Region) does not
    quote: str = "ev_quote"  # the property holding the evidence quote (one copy: a Task's text is its quote)

    def property(self, name: str) -> Property:
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise SchemaViolation(f"{self.name} has no property {name!r}")


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    label_zh: str
    comment: str
    patterns: tuple[tuple[str, str], ...]
    properties: tuple[Property, ...] = ()
    vocab: str | None = None
    evidenced: bool = True


def camel(name: str, *, upper: bool = False) -> str:
    """``doc_id`` / ``SETS_TARGET`` -> ``docId`` / ``setsTarget`` (``SetsTarget`` with ``upper``).

    >>> camel("SETS_TARGET"), camel("doc_id", upper=True)
    ('setsTarget', 'DocId')
    """
    words = [w for w in name.lower().split("_") if w]
    head = words[0].capitalize() if upper else words[0]
    return head + "".join(w.capitalize() for w in words[1:])


def _p(name: str, datatype: str, label_zh: str, comment: str = "", *, indexed: bool = False,
       vocab: str | None = None, values: tuple[str, ...] = (), separator: str | None = None,
       iri: str | None = None, refers_to: str | None = None) -> Property:
    return Property(name, datatype, label_zh, comment, indexed, vocab, values, separator, iri, refers_to)


@dataclass(frozen=True, slots=True)
class Individual:
    """A named member of an RDF-only class; ``value`` is how the property graph writes it."""

    value: str
    iri: str  # local name in the pg: namespace
    label_zh: str
    comment: str = ""


@dataclass(frozen=True, slots=True)
class RdfClass:
    """A class that exists only in the RDF view (evidence, roles, levels, qualified relations)."""

    name: str
    label_zh: str
    comment: str
    vocab: tuple[str, ...] = ()
    individuals: tuple[Individual, ...] = ()


LEVELS: tuple[Individual, ...] = (
    Individual("national", "nationalLevel", "国家级", "The State Council and national ministries."),
    Individual("province", "provinceLevel", "省级", "Provinces, autonomous regions, municipalities."),
    Individual("city", "cityLevel", "市级", "Prefecture-level cities and their districts' parents."),
    Individual("county", "countyLevel", "县级", "Counties, county-level cities and districts."),
)
LEVEL_VALUES: tuple[str, ...] = tuple(i.value for i in LEVELS)


_ID = _p("id", "string", "标识", "Stable identifier.", indexed=True)
_NAME = _p("name", "string", "名称", "Canonical name.", indexed=True, vocab="skos:prefLabel")
_ALIASES = _p("aliases", "string", "别名", "Other names, '|'-separated; each one is a skos:altLabel.",
              separator="|")

NODE_TYPES: dict[str, NodeType] = {t.name: t for t in (
    NodeType("Document", "文件", "A policy document: work report, work points, action plan, five-year plan, law …",
             "id", (
                 _ID,
                 _p("title", "string", "标题", indexed=True, vocab="eli:title"),
                 _p("issuer", "string", "发文机关", "Issuer as written or inferred."),
                 _p("doc_number", "string", "文号", indexed=True, vocab="eli:id_local"),
                 _p("date", "date", "成文日期", vocab="eli:date_document"),
                 _p("year", "integer", "年度", indexed=True),
                 _p("level", "string", "层级", "national | province | city | county", indexed=True,
                    values=LEVEL_VALUES),
                 _p("kind", "string", "文种", "work report | work points | action plan | five-year plan …"),
                 _p("period_start", "integer", "规划期起"),
                 _p("period_end", "integer", "规划期止"),
                 _p("region_code", "string", "行政区划代码", indexed=True),
                 _p("source", "string", "来源文件"),
                 _p("content_hash", "string", "内容哈希", "SHA-256 of the decoded text; the document identity."),
                 _p("stub", "boolean", "仅被引用", "True while the document is known only from citations."),
                 _p("inferred", "string", "推断字段", "Metadata fields inferred rather than stated, '|'-separated.",
                    separator="|"),
             ), ("eli:LegalResource",), evidenced=False),
    NodeType("Section", "章节", "A numbered heading of a document.", "id", (
        _ID,
        _p("doc_id", "string", "所属文件", indexed=True),
        _p("number", "string", "编号"),
        _p("title", "string", "标题"),
        _p("depth", "integer", "层级深度"),
    ), ("eli:LegalResourceSubdivision",)),
    NodeType("Task", "任务", "A unit of work assigned in a document.", "id", (
        _ID,
        _p("doc_id", "string", "所属文件", indexed=True),
        _p("number", "string", "编号", "The numbering path as written, e.g. 一/（二）."),
        _p("title", "string", "标题", indexed=True),
        _p("text", "string", "原文", "The task's source text, exactly: also its evidence quote."),
        _p("split", "boolean", "分别负责", "True when leads own separate parts (分别负责)."),
        _p("group", "string", "分组"),
    ), ("eli:LegalResourceSubdivision",), quote="text"),
    NodeType("Organisation", "机构", "A body: an authority, one of its departments, or another named body.", "id", (
        _ID,
        _NAME,
        _ALIASES,
        _p("kind", "string", "机构类型", "authority | department | other",
           values=("authority", "department", "other")),
        _p("function", "string", "职能", "Functional class (primary-care, tcm …) for counterpart bodies."),
        _p("level", "string", "层级", values=LEVEL_VALUES),
        _p("region_code", "string", "行政区划代码"),
    ), ("org:Organization",), evidenced=False),
    NodeType("Indicator", "指标", "A measured quantity, shared across documents.", "id", (
        _ID,
        _NAME,
        _ALIASES,
        _p("unit", "string", "单位"),
        _p("direction", "string", "方向", "higher | lower: which way is better.", values=("higher", "lower")),
    ), ("qb:MeasureProperty",), evidenced=False),
    NodeType("Target", "目标值", "One document's quantified goal on one indicator.", "id", (
        _ID,
        _p("doc_id", "string", "所属文件", indexed=True),
        # The ends of the target's MEASURES and SETS_TARGET relations, kept as indexed keys (like doc_id) so
        # "who owns this indicator's targets in this province" is answered by index lookups on a national corpus.
        _p("indicator_id", "string", "指标标识", "The id of the Indicator the target MEASURES.", indexed=True,
           refers_to="Indicator"),
        _p("task_id", "string", "任务标识", "The id of the Task that SETS_TARGET it; absent when the document "
           "sets it in an indicator table.", indexed=True, refers_to="Task"),
        _p("indicator", "string", "指标（原文）"),
        _p("value", "string", "目标值（原文）"),
        _p("number", "decimal", "数值", "The target's number, as a decimal.", iri="numericValue"),
        _p("unit", "string", "单位"),
        _p("comparator", "string", "比较", ">= | <= | = | ~ | trend", values=(">=", "<=", "=", "~", "trend")),
        _p("year", "integer", "目标年份", indexed=True),
        _p("nature", "string", "指标性质", "约束性 (binding) | 预期性 (expected)", values=("约束性", "预期性")),
        _p("per", "string", "周期"),
        _p("baseline", "string", "基期值"),
        _p("text", "string", "原文"),
    ), ("qb:Observation",)),
    NodeType("Programme", "重点工作", "A named programme or campaign (医共体, 医养结合 …), a SKOS concept.", "id", (
        _ID,
        _NAME,
        _ALIASES,
        _p("core", "boolean", "核心"),
    ), ("skos:Concept",), evidenced=False),
    NodeType("Region", "行政区", "An administrative region with its GB/T 2260 code.", "code", (
        _p("code", "string", "行政区划代码", "GB/T 2260 six-digit code; 100000 for 中国.", indexed=True),
        _NAME,
        _ALIASES,
        _p("level", "string", "层级", "national | province | city | county", indexed=True,
           values=LEVEL_VALUES),
    ), ("prov:Location", "org:Site", "eli:AdministrativeArea"), evidenced=False),
)}

_ROLE_PROPS = (_p("split", "boolean", "分别负责"), _p("as_written", "string", "原文名称"))

RELATIONS: dict[str, RelationType] = {r.name: r for r in (
    # CONTAINS, SETS_TARGET and MEASURES carry no evidence of their own: the section, task or target they lead to
    # quotes the source text, and a copy on every edge would double the graph's size on a national corpus.
    RelationType("CONTAINS", "包含", "Structural containment; the contained node's evidence is its source.",
                 (("Document", "Section"), ("Section", "Section"), ("Section", "Task"), ("Document", "Task")),
                 vocab="eli:has_part", evidenced=False),
    RelationType("LEADS", "牵头", "The body leads (牵头/负责) the task.", (("Organisation", "Task"),),
                 _ROLE_PROPS),
    RelationType("SUPPORTS", "配合", "The body supports (配合/参与/会同) the task.", (("Organisation", "Task"),),
                 _ROLE_PROPS),
    RelationType("SETS_TARGET", "设定目标", "A task (or a document's indicator table) sets the target; the "
                 "target's evidence is its source.", (("Task", "Target"), ("Document", "Target")), evidenced=False),
    RelationType("MEASURES", "衡量", "The target is set on the indicator; the target's evidence is its source.",
                 (("Target", "Indicator"),), vocab="qb:measureType", evidenced=False),
    RelationType("ISSUED_BY", "发文机关", "The document's issuer.", (("Document", "Organisation"),),
                 vocab="eli:passed_by"),
    RelationType("COVERS", "适用地区", "The region a document applies to.", (("Document", "Region"),),
                 vocab="eli:jurisdiction"),
    RelationType("PART_OF", "隶属", "Region in region; department in its body.",
                 (("Region", "Region"), ("Organisation", "Organisation")), vocab="dcterms:isPartOf",
                 evidenced=False),
    RelationType("LOCATED_IN", "所在地区", "A body's jurisdiction.", (("Organisation", "Region"),),
                 vocab="org:hasSite", evidenced=False),
    RelationType("MENTIONS", "提及", "A task or document names a programme.",
                 (("Task", "Programme"), ("Document", "Programme")), (_p("as_written", "string", "原文名称"),),
                 vocab="dcterms:subject"),
    RelationType("REFERENCES", "引用", "A document cites another; citation = basis | implements | mentions.",
                 (("Document", "Document"),),
                 (_p("citation", "string", "引用方式", "basis | implements | mentions",
                     values=("basis", "implements", "mentions")),
                  _p("as_written", "string", "原文标题")),
                 vocab="eli:cites"),
    RelationType("BROADER", "上位概念", "Programme taxonomy.", (("Programme", "Programme"),),
                 vocab="skos:broader", evidenced=False),
)}


ROLES: tuple[Individual, ...] = (
    Individual("lead", "leadRole", "牵头", "Leads the task (牵头/负责); the role of a LEADS relation."),
    Individual("support", "supportRole", "配合",
               "Supports the task (配合/参与/会同); the role of a SUPPORTS relation."),
    Individual("split", "splitRole", "分别负责", "One of several bodies that each own a separate part (分别负责)."),
)

RDF_CLASSES: dict[str, RdfClass] = {c.name: c for c in (
    RdfClass("Evidence", "证据", "The exact source text a node or relation was extracted from: a segment of a "
             "document selected by character offsets (start, end) and by its quote.",
             ("oa:SpecificResource", "prov:Entity")),
    RdfClass("QualifiedRelation", "关系限定", "One relation with its properties and evidence: the qualified-relation "
             "pattern, since the plain triple cannot carry them."),
    RdfClass("ResponsibilityRole", "职责角色", "The part a body plays on a task.", ("prov:Role",), ROLES),
    RdfClass("Level", "行政层级", "A level of government.", ("skos:Concept",), LEVELS),
)}


def allowed(source: str, relation: str, target: str) -> bool:
    """Whether the ontology allows ``(source)-[relation]->(target)``."""
    rel = RELATIONS.get(relation)
    return rel is not None and (source, target) in rel.patterns


def check(source: str, relation: str, target: str) -> None:
    """Raise :class:`SchemaViolation` unless the pattern is allowed."""
    if relation not in RELATIONS:
        raise SchemaViolation(f"unknown relation {relation!r}; the ontology declares {sorted(RELATIONS)}")
    if not allowed(source, relation, target):
        raise SchemaViolation(f"({source})-[{relation}]->({target}) is not an allowed pattern; "
                              f"{relation} allows {RELATIONS[relation].patterns}")


def stored_evidence(t: NodeType | RelationType) -> tuple[str, ...]:
    """The evidence properties the property graph stores on ``t``'s nodes or relations: none when ``t`` is not
    evidenced; without ``ev_quote`` when one of the class's own properties is the quote.

    >>> stored_evidence(NODE_TYPES["Task"])
    ('ev_doc', 'ev_start', 'ev_end')
    >>> stored_evidence(RELATIONS["LEADS"])
    ('ev_doc', 'ev_start', 'ev_end', 'ev_quote')
    """
    if not t.evidenced:
        return ()
    if isinstance(t, NodeType) and t.quote != "ev_quote":
        return EVIDENCE_PROPERTIES[:3]
    return EVIDENCE_PROPERTIES


def node_type(label: str) -> NodeType:
    try:
        return NODE_TYPES[label]
    except KeyError as e:
        raise SchemaViolation(f"unknown node class {label!r}; the ontology declares {sorted(NODE_TYPES)}") from e
