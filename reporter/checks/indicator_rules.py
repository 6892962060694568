"""Rules against the 口径 registry (data/indicators.yaml): a metric of the report the registry does not know, or in another unit."""

from __future__ import annotations

from reporter.checks.base import Inputs, finding
from reporter.core.diagnostics import Diagnostic
from reporter.data.quantities import convert


def registry_findings(inputs: Inputs) -> list[Diagnostic]:
    """Warnings for the year's report: each metric named outside the registry (with the nearest name), or in a unit that does not convert."""
    registry, loaded = inputs.indicators, inputs.report
    if loaded is not None and registry is None and loaded.model.metrics_definitions:
        message = "写了 metrics_definitions: true，但没有口径登记表 data/indicators.yaml，指标表下不会注明统计口径"
        return [finding("warning", loaded, ("metrics_definitions",), message, "运行 reporter init indicators 生成登记表并填写 definition")]
    if registry is None or loaded is None:
        return []
    out = []
    for ai, area in enumerate(loaded.model.achievements):
        for ii, item in enumerate(area.items):
            for mi, metric in enumerate(item.metrics):
                path = ("achievements", ai, "items", ii, "metrics", mi, "name")
                ind = registry.find(metric.name)
                if ind is None:
                    message = f"指标“{metric.name}”不在口径登记表（data/indicators.yaml）中"
                    out.append(finding("warning", loaded, path, message, registry.unregistered_fix(metric.name)))
                elif metric.value is not None and metric.unit and convert(metric.value, metric.unit, ind.unit) is None:
                    message = f"指标“{metric.name}”的单位“{metric.unit}”与口径登记表中“{ind.name}”的单位“{ind.unit}”不一致"
                    out.append(finding("warning", loaded, path[:-1] + ("unit",), message, "请按口径登记表的计量单位填写"))
    return out
