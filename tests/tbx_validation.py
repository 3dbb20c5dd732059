"""Validation of TBX files against the official schemas shipped in tests/resources/schemas.

TBX v3: the TBX-Basic integrated RELAX NG (lxml) plus the TBX-Basic DCA
Schematron.  That Schematron uses XPath 2 (``matches()``, ``./local-name()``),
which lxml's isoschematron (XSLT 1) refuses, so :func:`run_schematron` runs
its ``rule``/``assert``/``report`` elements with elementpath's XPath 2 engine,
with ISO Schematron's semantics: within a pattern a node is checked by the
first rule whose context matches it.  TBX v2: the TBX-Basic v2 RNG and DTD.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "resources" / "schemas" / "tbx"
TBX3_RNG = SCHEMAS / "TBX-Basic_dialect" / "DCA" / "TBXcoreStructV03_TBX-Basic_integrated.v1.1.rng"
TBX3_SCH = SCHEMAS / "TBX-Basic_dialect" / "DCA" / "TBX-Basic_DCA.sch"
TBX2_RNG = SCHEMAS / "TBX-Spec" / "TBX-Basic" / "Validation" / "TBXBasicRNGV02.rng"
TBX2_DTD = SCHEMAS / "TBX-Spec" / "TBX-Basic" / "Validation" / "TBXBasiccoreStructV02.dtd"
SCH_NS = {"sch": "http://purl.oclc.org/dsdl/schematron"}


@dataclass
class Failure:
    pattern: str
    context: str
    test: str
    message: str
    node: str

    def __str__(self) -> str:
        return f"[{self.pattern}] {self.node}: {self.message.strip()} ({self.test})"


@cache
def _rng(path: Path) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(path)))


def _parse(source) -> etree._ElementTree:
    if isinstance(source, etree._ElementTree):
        return source
    if isinstance(source, (bytes, str)) and not (isinstance(source, str) and Path(source).exists()):
        data = source if isinstance(source, bytes) else source.encode("utf-8")
        return etree.ElementTree(etree.fromstring(data))
    return etree.parse(str(source))


@cache
def _schematron(path: Path):
    from elementpath import XPath2Parser

    sch = etree.parse(str(path))
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in sch.iterfind("sch:ns", SCH_NS)}
    parser = XPath2Parser(namespaces=namespaces)
    patterns = []
    for pat in sch.iterfind("sch:pattern", SCH_NS):
        rules = []
        for rule in pat.iterfind("sch:rule", SCH_NS):
            context = rule.get("context")
            # an XSLT match pattern matches nodes anywhere: "//" + pattern selects them
            selector = parser.parse("//" + context if not context.startswith("/") else context)
            checks = []
            for kind in ("assert", "report"):
                for el in rule.iterfind(f"sch:{kind}", SCH_NS):
                    checks.append((kind, el.get("test"), parser.parse(el.get("test")),
                                   "".join(el.itertext())))
            rules.append((context, selector, checks))
        patterns.append((pat.get("id") or "", rules))
    return patterns


def run_schematron(source, schema: Path = TBX3_SCH) -> list[Failure]:
    """Failed asserts and fired reports of an XPath 2 Schematron (empty list: valid)."""
    from elementpath import XPathContext

    tree = _parse(source)
    doc = XPathContext(tree).root
    failures: list[Failure] = []
    for pattern, rules in _schematron(schema):
        fired: set[int] = set()
        for context, selector, checks in rules:
            nodes = list(selector.select(XPathContext(doc)))
            for node in nodes:
                if id(node) in fired:
                    continue
                fired.add(id(node))
                for kind, test, token, message in checks:
                    value = token.boolean_value(token.evaluate(XPathContext(doc, item=node)))
                    if (kind == "assert" and not value) or (kind == "report" and value):
                        failures.append(Failure(pattern, context, test, message, getattr(node, "path", str(node))))
    return failures


def validate_tbx3(source) -> list[str]:
    """Errors of a TBX v3 TBX-Basic DCA file: RELAX NG then Schematron (empty: valid)."""
    try:
        tree = _parse(source)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    rng = _rng(TBX3_RNG)
    errors = [] if rng.validate(tree) else [str(e) for e in rng.error_log]
    return errors + [str(f) for f in run_schematron(tree)]


def validate_tbx2(source) -> list[str]:
    """Errors of a TBX v2 (martif) TBX-Basic file against the v2 RNG and DTD."""
    try:
        tree = _parse(source)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    rng = _rng(TBX2_RNG)
    errors = [] if rng.validate(tree) else [f"RNG: {e}" for e in rng.error_log]
    dtd = etree.DTD(str(TBX2_DTD))
    if not dtd.validate(tree):
        errors += [f"DTD: {e}" for e in dtd.error_log]
    return errors
