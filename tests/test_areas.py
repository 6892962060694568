"""Area catalogues: full titles, short forms and free text."""

import pytest

from reporter.data.areas import Catalogue


@pytest.mark.parametrize(
    ("edition", "text", "index"),
    [
        ("gangyao-2021", "健全行政执法工作体系", 4),
        ("gangyao-2021", "行政执法", 4),
        ("gangyao-2021", "数字法治政府", 8),
        ("gangyao-2021", "行政决策", 3),
        ("gangyao-2021", "政府职能", 1),
        ("gangyao-2021", "优化营商环境", None),
        ("gangyao-2015", "行政执法", 3),
        ("gangyao-2015", "行政决策", 2),
        ("gangyao-2015", "矛盾纠纷", 5),
    ],
)
def test_resolve(edition: str, text: str, index: int | None) -> None:
    match = Catalogue.named(edition).resolve(text)
    assert match.index == index
    if index is None:
        assert match.title == text


def test_custom_list() -> None:
    cat = Catalogue.named(["营商环境", "执法监督"])
    assert cat.resolve("执法监督").index == 1
