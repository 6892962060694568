"""Every rule of every rule module, run on one workspace year: the one list `check` applies."""

from __future__ import annotations

from reporter.checks import figures, indicator_rules, plan_rules, report_rules, rules
from reporter.checks.base import Inputs
from reporter.core.diagnostics import Diagnostic

__all__ = ["Inputs", "run_rules"]


def run_rules(inputs: Inputs) -> list[Diagnostic]:
    return (
        rules.content_findings(inputs)
        + plan_rules.plan_findings(inputs)
        + report_rules.year_findings(inputs)
        + figures.figure_findings(inputs)
        + indicator_rules.registry_findings(inputs)
    )
