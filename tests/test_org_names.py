"""Organisation-name endings: one list for annotations, signatures, issuers and 主送 lines."""

from __future__ import annotations

import pytest

from reporter.content.org_names import ISSUING_ENDINGS, OTHER_ENDINGS, is_issuer, is_org_name, names_issuers


@pytest.mark.parametrize("name", ["市司法局", "各县（市、区）人民政府", "市属开发区管委会", "市大数据中心", "县人民法院", "市政府办公室"])
def test_names_of_organisations(name: str) -> None:
    assert is_org_name(name)


@pytest.mark.parametrize("text", ["加强组织领导", "2025年6月底前", "全面推进", ""])
def test_other_phrases_are_no_names(text: str) -> None:
    assert not is_org_name(text) and not is_issuer(text)


def test_every_issuer_is_an_organisation_and_the_lists_do_not_overlap() -> None:
    assert all(is_org_name("示例市" + ending) for ending in ISSUING_ENDINGS + OTHER_ENDINGS)
    assert not set(ISSUING_ENDINGS) & set(OTHER_ENDINGS)
    assert is_issuer("示例市人民政府办公室") and not is_issuer("市大数据中心")
    assert names_issuers("中共示例市委、示例市人大常委会") and not names_issuers("各位代表")
