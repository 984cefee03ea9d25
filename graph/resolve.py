"""Entity resolution: names as written become canonical graph nodes.

- **Organisations** are scoped: a department is ``<issuing body>/<department>``, so 辽宁's 规信处 is not 湖南's;
  abbreviations resolve to one node (规信处 = 规划发展与信息化处) through ``data/departments.json``; names
  written relative to the document's region (省卫生健康委) are completed from it and expanded
  (``data/organisations.json``).
- **Regions** resolve through the GB/T 2260 gazetteer (``loaders.gazetteer``) to a code and its parent chain.
- **Indicators** resolve through ``data/indicators.json`` (aliases + rewrite rules): 县域内就诊率 = 县域就诊率.
- **Programmes** resolve through the taxonomy's ids and aliases (``loaders/data/programmes.json``).
- **Cited policies** resolve to a stub id from the normalised title, so a document loaded later is matched to
  its stub. The national policy catalogue (``graph/inheritance/data/national_policies.json``, the one source of
  those facts) supplies canonical titles, 文号, issuer and date; other citations get level, region and issuer
  inferred from their title and 文号 (:func:`graph.inheritance.catalogue.infer_level`).

>>> r = Resolver.default()
>>> r.indicator("县域就诊率").id == r.indicator("县域内就诊率").id
True
>>> title_key("《健康中国行动（2019—2030年）》") == title_key("健康中国行动(2019-2030年)")
True
"""
from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from ontology.errors import InputError

from .inheritance.catalogue import normalise_number, normalise_title

# --- normalisation -----------------------------------------------------------------------------------------


def norm(text: str) -> str:
    """NFKC, no whitespace.

    >>> norm("规信处 ")
    '规信处'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def title_key(title: str) -> str:
    """A title reduced to what identifies it: the catalogue's comparison form (no book-title marks, quotes or
    spaces, one dash), lower-cased."""
    return normalise_title(title).lower()


def doc_number_key(number: str) -> str:
    """A 文号 in one spelling (国卫基层函〔2019〕121号 = 国卫基层函[2019]121号): the catalogue's comparison form."""
    return normalise_number(number)


def stub_id(title: str) -> str:
    """The id of a Document known only from citations.

    >>> stub_id("《中医药法》")
    'ref:中医药法'
    """
    return "ref:" + title_key(title)


# --- data files --------------------------------------------------------------------------------------------

def _data(name: str) -> Any:
    try:
        return json.loads(resources.files("graph").joinpath("data", name).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise InputError(f"cannot read graph/data/{name} ({e}); reinstall PolicyGraph or fix the file") from e


class RegionLike(Protocol):
    code: str
    name: str
    level: Any
    parent_code: str | None


class Gazetteer(Protocol):
    def lookup(self, name: str, within: str | None = None) -> RegionLike | None: ...
    def ancestors(self, code: str) -> list[RegionLike]: ...
    def find_all(self, text: str, within: str | None = None) -> list[tuple[int, int, RegionLike]]: ...


# --- resolved entities -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Org:
    id: str
    name: str
    kind: str  # authority | department | other
    aliases: tuple[str, ...] = ()
    level: str | None = None
    region_code: str | None = None
    function: str | None = None
    parent: Org | None = None


@dataclass(frozen=True, slots=True)
class Named:
    """A resolved Indicator or Programme (and a Programme's broader terms)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    broader: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    """A cited policy: its stub id and whatever the catalogue or its title and 文号 tell about it.

    ``region_code`` is the region it applies to (``100000`` for national policies) when known;
    ``catalogue_id`` names the catalogued national policy it is, if any.
    """

    id: str
    title: str
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    kind: str | None = None
    level: str | None = None
    region_code: str | None = None
    catalogue_id: str | None = None


# --- the resolver ------------------------------------------------------------------------------------------

class Resolver:
    """Resolve names as written to canonical nodes. Build with :meth:`default` (reads the data files)."""

    def __init__(self, departments: dict, organisations: dict, indicators: dict, programmes: list[dict],
                 gazetteer: Gazetteer | None) -> None:
        self.gazetteer = gazetteer
        self._dept_suffixes = tuple(departments["department_suffixes"])
        self._stems = {g["alias_stem"]: g["stem"] for g in departments["generic_stems"]}
        self._bodies: dict[str, dict] = {}
        for body in departments["bodies"]:
            for name in (body["name"], *body.get("short_names", ())):
                self._bodies.setdefault(norm(name), body)
        self._expansions = sorted(((norm(a), norm(b)) for a, b in organisations["expansions"]),
                                  key=lambda p: -len(p[0]))
        self._relative = sorted(organisations["relative_prefixes"].items(), key=lambda p: -len(p[0]))
        self._rewrites = [(re.compile(r["pattern"]), r["replace"]) for r in indicators["rewrites"]]
        self._indicators: dict[str, dict] = {}
        for ind in indicators["indicators"]:
            for name in (ind["name"], *ind.get("aliases", ())):
                self._indicators.setdefault(self._indicator_form(name), ind)
        self._programmes: dict[str, dict] = {}
        for p in programmes:
            for name in (p["name"], p["id"], *p.get("aliases", ())):
                self._programmes.setdefault(norm(name), p)

    @classmethod
    def default(cls) -> Resolver:
        """The resolver over the shipped data files and the GB/T 2260 gazetteer (cached)."""
        return _default_resolver()

    # -- regions ------------------------------------------------------------------------------------------
    def region_chain(self, name: str | None, parent: str | None = None) -> list[RegionLike]:
        """The region a document names and its ancestors up to 中国, nearest first; [] when unknown."""
        if not name or self.gazetteer is None:
            return []
        within = None
        if parent:
            up = self.gazetteer.lookup(norm(parent))
            within = up.code if up else None
        found = self.gazetteer.lookup(norm(name), within)
        if found is None:  # a path of names (威海市环翠区): the deepest region it spells out
            opening = self._region_at_start(norm(name))
            found = opening[0] if opening and opening[1] == len(norm(name)) else None
        if found is None:
            return []
        return [found, *self.gazetteer.ancestors(found.code)]

    def _region_at_start(self, name: str) -> tuple[RegionLike, int] | None:
        """The deepest region named by consecutive region names opening ``name`` (威海市环翠区… → 环翠区),
        with the offset where the rest of the name begins."""
        if self.gazetteer is None:
            return None
        found, pos = None, 0
        for start, end, region in sorted(self.gazetteer.find_all(name), key=lambda h: (h[0], -h[1])):
            if start == pos and region.parent_code is not None:  # 中国医科大学 is not a body of region 中国
                found, pos = region, end
        return (found, pos) if found is not None else None

    # -- organisations ------------------------------------------------------------------------------------
    def _expand(self, name: str) -> str:
        for short, full in self._expansions:
            if name.endswith(short):
                return name[: len(name) - len(short)] + full
        return name

    def issuer(self, written: str, chain: list[RegionLike]) -> Org:
        """The issuing body of a document (its departments are scoped to it)."""
        return self._body(self._complete(norm(written), chain), chain)

    def _complete(self, name: str, chain: list[RegionLike]) -> str:
        """Complete a name written relative to the document's region: 省卫健委 → 辽宁省卫健委 → full form."""
        if self._region_at_start(name) is None:
            for prefix, level in self._relative:
                if name.startswith(prefix) and len(name) > len(prefix) + 1:
                    region = next((r for r in chain if str(getattr(r.level, "value", r.level)) == level), None)
                    if region is not None:
                        name = region.name + name[len(prefix):]
                    break
        return self._expand(name)

    def _body(self, name: str, chain: list[RegionLike]) -> Org:
        known = self._bodies.get(name)
        if known is not None:
            name = norm(known["name"])
        opening = self._region_at_start(name)
        region = opening[0] if opening else None
        # bodies are keyed by region code + the rest of the name, so 威海市环翠区卫生健康局 = 环翠区卫生健康局
        key = f"org:{region.code}:{name[opening[1]:]}" if opening and name[opening[1]:] else f"org:{name}"
        kind = "authority" if name.endswith(("委员会", "局", "厅", "部", "委", "政府")) else "other"
        return Org(key, name, kind,
                   aliases=tuple(sorted({norm(s) for s in (known or {}).get("short_names", ())})),
                   level=(known or {}).get("level") or (str(getattr(region.level, "value", region.level))
                                                        if region else None),
                   region_code=region.code if region else None)

    def organisation(self, written: str, issuer: Org | None, chain: list[RegionLike],
                     scope: str | None = None) -> Org:
        """A body named in a responsibility line: the issuer itself, one of its departments, or another body.

        ``scope`` names the documents' own scope (a doc id) when the issuer is unknown, so unscoped
        departments never merge across documents.
        """
        name = norm(written).strip("，。、；;,.:：")
        if issuer is not None and (name == issuer.name or name in issuer.aliases
                                   or self._body(self._complete(name, chain), chain).id == issuer.id):
            return issuer
        department = self._department(name, issuer)
        if department is not None:
            parent = issuer
            key = issuer.id if issuer else f"org:doc:{scope}"
            canonical, function, aliases = department
            return Org(f"{key}/{canonical}", canonical, "department", aliases,
                       level=issuer.level if issuer else None,
                       region_code=issuer.region_code if issuer else None, function=function, parent=parent)
        return self._body(self._complete(name, chain), chain)

    def _department(self, name: str, issuer: Org | None) -> tuple[str, str | None, tuple[str, ...]] | None:
        """``(canonical name, function, aliases)`` when ``name`` is an internal department of ``issuer``."""
        body = self._bodies.get(issuer.name) if issuer else None
        for dept in (body or {}).get("departments", ()):
            forms = {norm(dept["name"]), *(norm(a) for a in dept.get("aliases", ()))}
            if name in forms:
                return norm(dept["name"]), dept.get("function"), tuple(sorted(forms - {norm(dept["name"])}))
        if not name.endswith(self._dept_suffixes) or self._region_at_start(name) is not None:
            return None
        if any(name.startswith(p) for p, _ in self._relative):
            return None
        stem, suffix = name[:-1], name[-1]
        if suffix in "处科股司" and stem in self._stems:
            full = self._stems[stem] + suffix
            return full, None, (name,)
        return name, None, ()

    # -- indicators ---------------------------------------------------------------------------------------
    def _indicator_form(self, name: str) -> str:
        form = norm(name)
        for pattern, replace in self._rewrites:
            form = pattern.sub(replace, form)
        return form

    def indicator(self, written: str) -> Named:
        """The shared Indicator an indicator name denotes."""
        form = self._indicator_form(written)
        known = self._indicators.get(form)
        if known is None:
            return Named(f"ind:{form}", form)
        extra = {k: known[k] for k in ("unit", "direction") if known.get(k)}
        return Named(f"ind:{norm(known['name'])}", norm(known["name"]),
                     tuple(norm(a) for a in known.get("aliases", ())), extra)

    # -- programmes ---------------------------------------------------------------------------------------
    def programme(self, name: str) -> Named:
        """The taxonomy concept a programme name denotes (unknown names become their own concept)."""
        known = self._programmes.get(norm(name))
        if known is None:
            return Named(f"prog:{norm(name)}", norm(name))
        return Named(known["id"], known["name"], tuple(known.get("aliases", ())),
                     {"core": bool(known.get("core", False))}, tuple(known.get("broader", ())))

    def programme_concept(self, concept_id: str) -> Named | None:
        """A taxonomy concept by id (for broader terms)."""
        known = self._programmes.get(norm(concept_id))
        return self.programme(known["name"]) if known else None

    # -- cited policies -----------------------------------------------------------------------------------
    def policy(self, title: str, doc_number: str | None = None, level: str | None = None,
               within: str | None = None) -> Policy:
        """The stub a cited title (and 文号) denotes.

        A catalogued national policy gets its canonical title, 文号, issuer and date; any other citation
        gets the level, region and issuer its title and 文号 suggest (``within``: the citing document's
        region code, to settle abbreviations); ``level`` (the extractor's guess) fills a gap.
        """
        from .inheritance.catalogue import infer_level, match

        known = match(title, doc_number)
        if known is not None:
            return Policy(stub_id(known.title), known.title, known.doc_number or doc_number,
                          known.issuer, known.date, known.kind, known.level.value, "100000", known.id)
        clean = re.sub(r"[《》〈〉\s]", "", title) or title
        guess = infer_level(title, doc_number, within=within)
        level = guess.level.value if guess.level else level
        code = guess.region_hint.code if guess.region_hint is not None else "100000" if level == "national" else None
        return Policy(stub_id(title), clean, doc_number, guess.issuer_hint, level=level, region_code=code)

    def document_keys(self, title: str | None, doc_number: str | None) -> set[str]:
        """The stub ids and 文号 keys a loaded document answers to."""
        keys = set()
        if title:
            keys |= {stub_id(title), self.policy(title).id}
        if doc_number:
            keys.add("no:" + doc_number_key(doc_number))
        return keys


def _programme_entries() -> list[dict]:
    """Concepts of the programme taxonomy as ``{id, name, aliases, broader, core}`` (empty if absent)."""
    spec = importlib.util.find_spec("loaders")  # locate the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return []
    try:
        raw = json.loads((Path(spec.submodule_search_locations[0]) / "data" / "programmes.json").read_text("utf-8"))
    except (OSError, json.JSONDecodeError):
        return []
    items = raw.get("concepts") or raw.get("programmes") or [] if isinstance(raw, dict) else raw
    out = []
    for item in items if isinstance(items, list) else []:
        name = item.get("prefLabel") or item.get("name")
        if not name:
            continue
        broader = item.get("broader") or ()
        out.append({"id": item.get("id") or f"prog:{name}", "name": name,
                    "aliases": list(item.get("aliases") or item.get("altLabel") or item.get("altLabels") or ()),
                    "broader": [broader] if isinstance(broader, str) else list(broader),
                    "core": bool(item.get("core", False))})
    return out


@cache
def _default_resolver() -> Resolver:
    try:
        from loaders import gazetteer as gz
        gazetteer: Gazetteer | None = gz.gazetteer()
    except ImportError:  # the gazetteer's data package is missing: regions stay unresolved
        gazetteer = None
    return Resolver(_data("departments.json"), _data("organisations.json"), _data("indicators.json"),
                    _programme_entries(), gazetteer)


def load_curation(path: Path | None = None) -> dict[str, list[dict]]:
    """The curation file (``graph/data/curation.toml`` unless ``path``): ``{"merge": [...], "split": [...]}``."""
    import tomllib

    try:
        text = path.read_text("utf-8") if path else \
            resources.files("graph").joinpath("data", "curation.toml").read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise InputError(f"cannot read the curation file ({e}); fix its TOML", source=str(path or "curation.toml")) from e
    return {"merge": list(data.get("merge", [])), "split": list(data.get("split", []))}
