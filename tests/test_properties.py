"""Property: any Unicode text in any text field yields a draft that holds that text after clean-up."""

from __future__ import annotations

import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporter import api
from reporter.content.textclean import clean

from .conftest import docx_text

UNIT = {"name": "示例市人民政府", "short_name": "示例市", "recipients": ["中共示例市委"]}
# Surrogates cannot be stored in a UTF-8 file, so no YAML file can carry them.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=80)
FIELDS = ("preface", "item", "problem", "cause", "leadership", "next_year", "other")
# a problem must say something: blank text is a data error, tested in test_loader
REQUIRED = TEXT.filter(lambda s: clean(s.strip()).strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries({f: REQUIRED if f == "problem" else TEXT for f in FIELDS}))
def test_any_text_survives_into_the_draft(tmp_path_factory: pytest.TempPathFactory, values: dict[str, str]) -> None:
    root = tmp_path_factory.mktemp("ws")
    (root / "data/2024").mkdir(parents=True)
    (root / "data/unit.yaml").write_text(yaml.safe_dump(UNIT, allow_unicode=True), encoding="utf-8")
    report = {
        "year": 2024,
        "preface": values["preface"],
        "achievements": [{"area": "行政执法", "items": [{"title": "标题", "text": values["item"]}]}],
        "problems": [{"text": values["problem"], "cause": values["cause"]}],
        "leadership": [{"text": values["leadership"]}],
        "next_year": [{"title": "安排", "text": values["next_year"]}],
        "other": values["other"],
    }
    (root / "data/2024/report.yaml").write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    result = api.build_report(root, 2024)
    text = docx_text(result.drafts[0].path)
    for field, value in values.items():
        # the loader strips surrounding blanks and control characters; clean() is the documented rest
        expected = clean(value.strip())
        if expected.strip():
            assert expected.strip() in text, field
    shutil.rmtree(root)
