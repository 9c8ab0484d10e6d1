"""JUnit XML: a test case per finding (failed) and per clean selected rule (passed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from raci.engine import Report
from raci.escape import printable
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
        # XML 1.0 cannot hold most control characters at all; show them as escapes.
        file, message, fix = printable(f.loc.file), printable(f.message), printable(f.fix)
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"raci.{f.rule}",
            name=printable(f"{f.entity.kind} {f.entity.id} ({file}:{f.loc.line}:{f.loc.column})"),
            file=file,
            line=str(f.loc.line),
        )
        failure = ET.SubElement(
            case, "failure", message=message, type=f"{f.code} {f.severity.value}"
        )
        failure.text = f"{file}:{f.loc.line}:{f.loc.column}: {message}\nFix: {fix}"
    for rule in clean:
        ET.SubElement(suite, "testcase", classname=f"raci.{rule.slug}", name="no findings")
    suites = ET.Element("testsuites", name="raci check")
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
