"""Assembling an imported report's models: metrics given to the items that state them, only found keys written."""

from __future__ import annotations

from reporter.content.phrasing import metric_sentence
from reporter.data.model import Achievement, Item, Report
from reporter.data.yamlwrite import model_data
from reporter.importer.report_assembly import LOOSE_METRICS, attach_metrics
from reporter.importer.word_tables import MetricRow


def test_an_item_whose_text_only_states_its_metric_keeps_no_text() -> None:
    item = Item(title="规范执法", text=metric_sentence("行政处罚案件", 152, "件", 130))
    areas = [Achievement(area="行政执法", items=[item])]
    attach_metrics(areas, [MetricRow(3, "行政处罚案件", "件", 152, 130)])
    assert model_data(areas[0]) == {
        "area": "行政执法",
        "items": [{"title": "规范执法", "metrics": [{"name": "行政处罚案件", "value": 152, "unit": "件", "previous": 130}]}],
    }


def test_a_figure_written_with_wan_is_written_back_as_it_was() -> None:
    row = MetricRow(4, "罚没金额", "元", 56000, 50000, scaled={"value": "5.6万", "previous": "5万"})
    metric = row.metric()
    assert (metric.value, metric.scale("value"), metric.scale("previous")) == (56000, "万", "万")
    assert model_data(metric) == {"name": "罚没金额", "value": "5.6万", "unit": "元", "previous": "5万"}


def test_rows_no_item_names_go_to_a_final_item_and_unreadable_ones_stay_words() -> None:
    areas = [Achievement(area="行政执法", items=[Item(title="规范执法", text="全年办案。")])]
    attach_metrics(areas, [MetricRow(5, "听证次数", "次", 4), MetricRow(6, "复议纠错率", "%", written="待统计")])
    assert model_data(areas[0])["items"][1] == {
        "title": LOOSE_METRICS,
        "text": "复议纠错率：待统计。",
        "metrics": [{"name": "听证次数", "value": 4, "unit": "次", "in_text": False}],
    }
    report = Report(year=2024, achievements=areas)
    assert Report.model_validate(model_data(report)) == report  # what an import writes loads back to the same report
