"""SYNTHETIC graphs in the render contract, for unit tests and benchmarks only: small invented ones and a big one.

Everything here is made up — documents, bodies, quotes and values are not real policy and must not be shown
as PolicyGraph's output. The documentation's screenshots are drawn from the sample corpus as the API serves
it (:mod:`viz.screenshots`). The small graph follows one indicator family down a four-level lineage
(national → province → city → county) so that view builders can be tested without a store.

>>> g = sample_graph()
>>> sorted({t for _, t in g.nodes(data="type")})[:3]
['Document', 'Indicator', 'Organisation']
"""
from __future__ import annotations

import itertools
import random
from collections.abc import Hashable

import networkx as nx

_DOCS = (
    ("doc:nat", "健康中国行动（2019—2030年）", "national", 2019, "100000", "国务院"),
    ("doc:prov", "健康湖南行动实施方案", "province", 2020, "430000", "湖南省人民政府"),
    ("doc:city", "长沙市卫生健康事业发展规划", "city", 2021, "430100", "长沙市人民政府"),
    ("doc:county", "宁乡市推进紧密型县域医共体建设实施方案", "county", 2022, "430182", "宁乡市人民政府"),
)
_INDICATORS = (
    ("ind:life", "人均预期寿命", "岁"),
    ("ind:doctors", "每千人口执业（助理）医师数", "人"),
    ("ind:mmr", "孕产妇死亡率", "1/10万"),
    ("ind:county", "县域内就诊率", "%"),
)
# (doc, indicator, value, year, comparator, via task or None)
_TARGETS = (
    ("doc:nat", "ind:life", "77.7岁", 2030, ">=", None),
    ("doc:nat", "ind:mmr", "12/10万", 2030, "<=", None),
    ("doc:nat", "ind:doctors", "3.0人", 2030, ">=", None),
    ("doc:prov", "ind:life", "78.5岁", 2030, ">=", None),
    ("doc:prov", "ind:mmr", "9.5/10万", 2030, "<=", None),
    ("doc:prov", "ind:doctors", "3.2人", 2030, ">=", "task:prov:1"),
    ("doc:city", "ind:life", "80岁", 2025, ">=", None),
    ("doc:city", "ind:doctors", "3.6人", 2025, ">=", "task:city:1"),
    ("doc:city", "ind:mmr", "8/10万", 2025, "<=", None),
    ("doc:county", "ind:county", "90%", 2025, ">=", "task:county:1"),
    ("doc:county", "ind:doctors", "2.9人", 2025, ">=", "task:county:2"),
)
_ORGS = (
    ("org:nhc", "国家卫生健康委", "national"),
    ("org:hn-hc", "湖南省卫生健康委", "province"),
    ("org:hn-fin", "湖南省财政厅", "province"),
    ("org:cs-hc", "长沙市卫生健康委", "city"),
    ("org:cs-hr", "长沙市人力资源社会保障局", "city"),
    ("org:nx-hc", "宁乡市卫生健康局", "county"),
    ("org:nx-hs", "宁乡市医疗保障局", "county"),
    ("org:nx-fin", "宁乡市财政局", "county"),
    ("org:nx-hr", "宁乡市人力资源社会保障局", "county"),
)
# (task, doc, title, leads, supports, programmes)
_TASKS = (
    ("task:nat:1", "doc:nat", "实施妇幼健康促进行动", ("org:nhc",), (), ("prog:mch",)),
    ("task:prov:1", "doc:prov", "加强基层卫生人才队伍建设", ("org:hn-hc",), ("org:hn-fin",), ("prog:primary",)),
    ("task:city:1", "doc:city", "扩充医疗卫生人才总量", ("org:cs-hc",), ("org:cs-hr",), ()),
    ("task:county:1", "doc:county", "组建紧密型县域医共体", ("org:nx-hc",), ("org:nx-hs", "org:nx-fin"),
     ("prog:ycgt",)),
    ("task:county:2", "doc:county", "实施乡村医生定向培养", ("org:nx-hc",), ("org:nx-hr", "org:nx-fin"),
     ("prog:primary",)),
    ("task:county:3", "doc:county", "推进医保基金打包支付", ("org:nx-hs",), ("org:nx-hc",), ("prog:ycgt",)),
    ("task:county:4", "doc:county", "推动医养结合服务进社区", ("org:nx-hc",), ("org:nx-hs",), ("prog:yyjh",)),
)
_PROGRAMMES = (
    ("prog:ycgt", "县域医共体"), ("prog:primary", "基层卫生服务能力提升"),
    ("prog:yyjh", "医养结合"), ("prog:mch", "妇幼健康"), ("prog:reform", "深化医药卫生体制改革"),
)
_REGIONS = (
    ("100000", "中国", "national", None), ("430000", "湖南省", "province", "100000"),
    ("430100", "长沙市", "city", "430000"), ("430182", "宁乡市", "county", "430100"),
    ("430181", "浏阳市", "county", "430100"),
)


def _add(g: nx.MultiDiGraph, key: Hashable, type_: str, label: str, level: str | None = None,
         props: dict | None = None, quote: str | None = None, doc: str | None = None) -> None:
    g.add_node(key, type=type_, label=label, level=level, props=props or {}, quote=quote, doc=doc)


def sample_graph() -> nx.MultiDiGraph:
    """The whole synthetic graph (about 50 nodes; invented, for tests)."""
    g = nx.MultiDiGraph()
    titles = {d[0]: d[1] for d in _DOCS}
    for key, title, level, year, code, issuer in _DOCS:
        _add(g, key, "Document", title, level, {"id": key, "title": title, "year": year, "level": level,
                                                "region_code": code, "issuer": issuer})
    for a, b in zip(_DOCS[1:], _DOCS):
        g.add_edge(a[0], b[0], type="REFERENCES", props={"citation": "implements", "as_written": f"《{b[1]}》"})
    for key, name, unit in _INDICATORS:
        _add(g, key, "Indicator", name, None, {"id": key, "name": name, "unit": unit})
    for key, name, level in _ORGS:
        _add(g, key, "Organisation", name, level, {"id": key, "name": name, "kind": "department", "level": level})
    for key, name in _PROGRAMMES:
        _add(g, key, "Programme", name, None, {"id": key, "name": name})
    g.add_edge("prog:ycgt", "prog:reform", type="BROADER")
    g.add_edge("prog:primary", "prog:reform", type="BROADER")
    for code, name, level, parent in _REGIONS:
        _add(g, f"region:{code}", "Region", name, level, {"code": code, "name": name, "level": level})
        if parent:
            g.add_edge(f"region:{code}", f"region:{parent}", type="PART_OF")
    for key, _, level, _, code, _ in _DOCS:
        g.add_edge(key, f"region:{code}", type="COVERS")
    for key, doc, title, leads, supports, progs in _TASKS:
        lead_names = "、".join(n for k, n, _ in _ORGS if k in leads)
        quote = f"{title}。（{lead_names}牵头）"
        _add(g, key, "Task", title, None, {"id": key, "doc_id": doc, "title": title}, quote, titles[doc])
        g.add_edge(doc, key, type="CONTAINS")
        for org in leads:
            g.add_edge(org, key, type="LEADS", props={"as_written": lead_names})
        for org in supports:
            g.add_edge(org, key, type="SUPPORTS")
        for prog in progs:
            g.add_edge(key, prog, type="MENTIONS")
    for n, (doc, ind, value, year, comparator, via) in enumerate(_TARGETS):
        key = f"target:{n}"
        name = next(i[1] for i in _INDICATORS if i[0] == ind)
        quote = f"到{year}年，{name}{'达到' if comparator == '>=' else '下降到'}{value}"
        _add(g, key, "Target", f"{name} {value}", None,
             {"id": key, "doc_id": doc, "indicator": name, "value": value, "year": year, "comparator": comparator},
             quote, titles[doc])
        g.add_edge(via or doc, key, type="SETS_TARGET")
        g.add_edge(key, ind, type="MEASURES")
    return g


def neighbourhood(g: nx.MultiDiGraph, centre: Hashable, radius: int = 2) -> nx.MultiDiGraph:
    """Nodes within ``radius`` hops of ``centre`` (either direction): a stand-in for the store's queries."""
    keep = nx.ego_graph(g.to_undirected(as_view=True), centre, radius=radius).nodes
    return nx.MultiDiGraph(g.subgraph(keep))


def owners_of(g: nx.MultiDiGraph, indicator: Hashable) -> nx.MultiDiGraph:
    """An indicator's responsibility neighbourhood: its targets, the tasks setting them, their bodies, and
    the other tasks and targets those bodies own."""
    targets = {t for t, _, r in g.in_edges(indicator, data="type") if r == "MEASURES"}
    tasks = {s for t in targets for s, _, r in g.in_edges(t, data="type")
             if r == "SETS_TARGET" and g.nodes[s]["type"] == "Task"}
    orgs = {o for t in tasks for o, _, r in g.in_edges(t, data="type") if r in ("LEADS", "SUPPORTS")}
    tasks |= {t for o in orgs for _, t, r in g.out_edges(o, data="type") if r in ("LEADS", "SUPPORTS")}
    orgs |= {o for t in tasks for o, _, r in g.in_edges(t, data="type") if r in ("LEADS", "SUPPORTS")}
    targets |= {x for t in tasks for _, x, r in g.out_edges(t, data="type") if r == "SETS_TARGET"}
    indicators = {i for t in targets for _, i, r in g.out_edges(t, data="type") if r == "MEASURES"}
    return nx.MultiDiGraph(g.subgraph({indicator} | targets | tasks | orgs | indicators))


def sample_views() -> dict[str, tuple[nx.MultiDiGraph, Hashable, str]]:
    """For each view: (neighbourhood, focus node, page title) drawn from :func:`sample_graph`."""
    g = sample_graph()
    lineage = [n for n, t in g.nodes(data="type") if t in ("Document", "Target", "Indicator", "Task")]
    return {
        "responsibility": (owners_of(g, "ind:doctors"), "ind:doctors", "每千人口执业（助理）医师数 · 谁负责"),
        "inheritance": (nx.MultiDiGraph(g.subgraph(lineage)), "doc:county", "宁乡市医共体方案 · 政策传导"),
        "programme": (neighbourhood(g, "prog:ycgt", 2), "prog:ycgt", "县域医共体 · 重点工作"),
        "region": (neighbourhood(g, "region:430100", 2), "region:430100", "长沙市 · 地区"),
        "trace": (_cascade(g, "ind:doctors"), "ind:doctors", "每千人口执业（助理）医师数 · 目标传导"),
    }


def _cascade(g: nx.MultiDiGraph, indicator: Hashable) -> nx.MultiDiGraph:
    """An indicator's targets, each with its document's level, linked level to level (a synthetic trace)."""
    targets = [t for t, _, r in g.in_edges(indicator, data="type") if r == "MEASURES"]
    out = nx.MultiDiGraph(g.subgraph([indicator, *targets]))
    level = {t: g.nodes[out.nodes[t]["props"]["doc_id"]]["level"] for t in targets}
    order = ("national", "province", "city", "county")
    for t in targets:
        out.nodes[t]["level"] = level[t]
    by_level = sorted(targets, key=lambda t: order.index(level[t]))
    for higher, lower in itertools.pairwise(by_level):
        status = "STRICTER" if lower == by_level[2] else "CONSISTENT"
        out.add_edge(higher, lower, type=status, label=status.lower(), props={"status": status.lower()})
    return out


def big_graph(n: int = 2000, *, seed: int = 7) -> nx.MultiDiGraph:
    """A synthetic responsibility-shaped graph of ``n`` nodes (bodies, tasks, targets, indicators)."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    n_org, n_ind = max(n // 20, 1), max(n // 40, 1)
    n_task = max((n - n_org - n_ind) * 3 // 5, 1)
    n_target = n - n_org - n_ind - n_task
    levels = ("national", "province", "city", "county")
    for i in range(n_org):
        _add(g, f"o{i}", "Organisation", f"机构{i}", levels[i % 4], {"id": f"o{i}"})
    for i in range(n_ind):
        _add(g, f"i{i}", "Indicator", f"指标{i}", None, {"id": f"i{i}"})
    for i in range(n_task):
        _add(g, f"t{i}", "Task", f"任务{i}", None, {"id": f"t{i}"}, f"任务{i}的原文", f"文件{i % 50}")
        g.add_edge(f"o{rnd.randrange(n_org)}", f"t{i}", type="LEADS")
        for _ in range(rnd.randrange(3)):
            g.add_edge(f"o{rnd.randrange(n_org)}", f"t{i}", type="SUPPORTS")
    for i in range(n_target):
        _add(g, f"g{i}", "Target", f"目标{i}", levels[i % 4], {"id": f"g{i}"}, f"到2025年达到{i}%", f"文件{i % 50}")
        g.add_edge(f"t{rnd.randrange(n_task)}", f"g{i}", type="SETS_TARGET")
        g.add_edge(f"g{i}", f"i{rnd.randrange(n_ind)}", type="MEASURES")
    return g
