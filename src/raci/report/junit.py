"""JUnit XML: a test case per finding (failed) and per clean selected rule (passed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from raci.engine import Report
from raci.report.style import Style
from raci.rules import REGISTRY


def render(report: Report, style: Style) -> str:
    failing = {f.rule for f in report.findings}
    clean = [r for r in REGISTRY.values() if report.config.enabled(r) and r.slug not in failing]
    suite = ET.Element(
        "testsuite",
        name="raci",
        tests=str(len(report.findings) + len(clean)),
        failures=str(len(report.findings)),
        errors="0",
        skipped="0",
    )
    for f in report.findings:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"raci.{f.rule}",
            name=f"{f.entity.kind} {f.entity.id} ({f.loc.file}:{f.loc.line}:{f.loc.column})",
            file=f.loc.file,
            line=str(f.loc.line),
        )
        failure = ET.SubElement(
            case, "failure", message=f.message, type=f"{f.code} {f.severity.value}"
        )
        failure.text = f"{f.loc.file}:{f.loc.line}:{f.loc.column}: {f.message}\nFix: {f.fix}"
    for rule in clean:
        ET.SubElement(suite, "testcase", classname=f"raci.{rule.slug}", name="no findings")
    suites = ET.Element("testsuites", name="raci check")
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
