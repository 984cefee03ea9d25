"""Policy inheritance from national to county level: the pure, store-independent core.

- :mod:`.catalogue` — key national health policies (with sources) and citation matching;
  :func:`infer_level` for cited documents that are not loaded.
- :mod:`.cascade` — link one indicator's targets across levels and classify each link.
- :mod:`.lineage` — rank a document's candidate parents and walk the chain to national level.
- :mod:`.counterparts` — classify health-authority bodies by function.
- :mod:`.mentions` — catalogued policies named without 《》 in running text.

Over a store (not imported here): :mod:`.service` — ``lineage(store, doc)`` and
``indicator_trace(store, indicator, region)``.
"""
from .cascade import CascadeLink, CascadeTarget, LinkStatus, compare, line_up, link
from .catalogue import LevelGuess, Policy, PolicyTarget, infer_level, load_catalogue, match
from .counterparts import Classification, classify, explain
from .lineage import DocReference, LineageDoc, ParentLink, chain, rank_parents

__all__ = [
    "CascadeLink", "CascadeTarget", "Classification", "DocReference", "LevelGuess", "LineageDoc", "LinkStatus",
    "ParentLink", "Policy", "PolicyTarget", "chain", "classify", "compare", "explain", "infer_level", "line_up",
    "link", "load_catalogue", "match", "rank_parents",
]
