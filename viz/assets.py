"""The browser assets every page inlines: vis-network (pyvis's bundled copy) and the page templates.

Nothing is fetched from a CDN: pages must work on networks with no internet.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps

VIS_DIR = "templates/lib/vis-9.1.2"  # inside the pyvis package (pyvis==0.3.2)


@cache
def vis_network_js() -> str:
    """vis-network's minified JavaScript, as shipped inside pyvis."""
    return _pyvis_file("vis-network.min.js")


@cache
def vis_network_css() -> str:
    """vis-network's stylesheet (its images are data: URIs)."""
    return _pyvis_file("vis-network.css")


def _pyvis_file(name: str) -> str:
    text = resources.files("pyvis").joinpath(f"{VIS_DIR}/{name}").read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():  # would end the inline element early
        raise RuntimeError(f"pyvis's {name} cannot be inlined; reinstall pyvis==0.3.2")
    return text


@cache
def environment() -> Environment:
    """The Jinja environment over ``viz/templates`` (HTML autoescaped)."""
    return Environment(loader=PackageLoader("viz", "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def script_json(value: Any) -> str:
    """JSON safe to place inside an inline ``<script>``: ``<``, ``>``, ``&`` and ``'`` are escaped.

    >>> script_json({"q": "</script>"})
    '{"q": "\\\\u003c/script\\\\u003e"}'
    """
    return str(htmlsafe_json_dumps(value, dumps=_dumps))


def _dumps(value: Any, **kwargs: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, **kwargs)
