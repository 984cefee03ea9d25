"""Read the inheritance layer's data files (word lists and curated facts live in ``data/``, not in code)."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ontology.errors import PolicyGraphError


class DataFileError(PolicyGraphError):
    """A data file of the inheritance layer is missing or malformed; reinstall PolicyGraph or fix the file."""


@cache
def load_json(name: str) -> Any:
    """Return the parsed JSON of ``graph/inheritance/data/<name>`` (cached; treat the result as read-only)."""
    try:
        text = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as e:
        raise DataFileError(f"cannot read inheritance data file {name!r}: {e}; reinstall PolicyGraph or fix the file") from e
