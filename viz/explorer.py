"""The explorer served at ``GET /``: search that opens an entity's view, links between views, and a read-only
Cypher box whose rows show as a table and, where they hold nodes, as a graph.

The page is one self-contained HTML document (vis-network inlined); it talks only to its own API:
``GET /search?q=`` → ``{"items": [{"kind", "id", "name", "snippet"}, …]}``, the ``/viz/…`` views, and
``POST /cypher`` ``{"query", "params"}`` → ``{"columns", "rows", "truncated"}`` (nodes as objects with
``_id``, ``_labels`` and their properties; relationships with ``_type`` and ``_start``/``_end``).
"""
from __future__ import annotations

from functools import cache

from ontology.schema import NODE_TYPES

from .assets import environment, script_json, vis_network_css, vis_network_js
from .style import style


@cache
def explorer_page() -> str:
    """The explorer's HTML (built once per process)."""
    return environment().get_template("explorer.html").render(
        vis_js=vis_network_js(), vis_css=vis_network_css(), style=script_json(style().as_json()),
        quotes=script_json({t.name: t.quote for t in NODE_TYPES.values() if t.quote != "ev_quote"}))
