"""Every way ``services.owners`` reads a page (region slices, indicator first, one query) gives the rows the
general ``owners_in_regions`` query gives, page by page."""
from __future__ import annotations

import pytest

from api import services
from graph import queries as q

PLANS = {  # (documents per first slice, INDICATOR_FIRST): force each plan on the small sample corpus
    "slices from one document": (1, 10**9),
    "slices from two documents": (2, 10**9),
    "everything in one slice": (10**6, 10**9),
    "indicator first": (1, 0),
}


def general(store, codes, indicator_id, year, offset, limit):
    params = dict(region_codes=codes, indicator_id=indicator_id, year=year, offset=offset, limit=limit)
    return list(store.run_read(q.named("owners_in_regions").cypher, params, row_cap=100000).rows)


@pytest.mark.parametrize("plan", sorted(PLANS))
@pytest.mark.parametrize("indicator_id", [None, "ind:县域内就诊率"])
@pytest.mark.parametrize("year", [None, 2025])
def test_every_plan_pages_like_the_general_query(sample_store, monkeypatch, plan, indicator_id, year):
    first, factor = PLANS[plan]
    monkeypatch.setattr(services, "SLICE_DOCUMENTS", first)
    monkeypatch.setattr(services, "INDICATOR_FIRST", factor)
    codes = services._region_codes("210000")
    whole = general(sample_store, codes, indicator_id, year, 0, 1000)
    assert whole, "the sample corpus has owners in Liaoning"
    for limit in (1, 2, 3, 1000):
        for offset in range(0, len(whole) + 2, limit if limit < 1000 else 1):
            got = services._owners_in_regions(sample_store, codes, indicator_id, year, offset, limit)
            assert got == whole[offset:offset + limit], (plan, limit, offset)


def test_an_indicator_no_task_sets_has_no_owners(sample_store):
    lonely = sample_store.fetch("MATCH (g:Target) WHERE g.task_id IS NULL RETURN g.indicator_id AS id LIMIT 1")
    if not lonely:
        pytest.skip("every target of the sample corpus is set by a task")
    indicator_id = lonely[0]["id"]
    if sample_store.fetch(q.named("indicator_task_target").cypher, {"indicator_id": indicator_id}):
        pytest.skip("that indicator also has targets set by tasks")
    codes = services._region_codes("100000")
    assert services._owners_in_regions(sample_store, codes, indicator_id, None, 0, 50) == []
    assert general(sample_store, codes, indicator_id, None, 0, 50) == []

