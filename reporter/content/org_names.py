"""Organisation names: the endings that make a phrase an organisation's name, one list for whoever reads names."""

from __future__ import annotations

import re

# Bodies that issue, sign and receive documents (a signature line, an issuer, a 主送 line end with one).
ISSUING_ENDINGS = ("人民政府办公室", "人民政府办公厅", "人民政府", "办公室", "办公厅", "委员会", "司法局", "局", "委", "办", "厅", "政府")
# Any other organisation a task names as 牵头单位 or 责任单位.
OTHER_ENDINGS = (
    "院",
    "部",
    "府",
    "会",
    "室",
    "处",
    "队",
    "所",
    "站",
    "中心",
    "公司",
    "部门",
    "单位",
    "机构",
    "组",
    "社",
    "行",
    "馆",
    "团",
    "联",
    "署",
    "司",
)

ISSUER_END = re.compile("(?:" + "|".join(ISSUING_ENDINGS) + ")$")
ORG_END = re.compile("(?:" + "|".join(ISSUING_ENDINGS + OTHER_ENDINGS) + ")$")
_ISSUING_WORD = re.compile("|".join(ISSUING_ENDINGS + ("会",)))


def is_org_name(text: str) -> bool:
    """市司法局, 各县（市、区）人民政府, 市属开发区管委会: the phrase ends as an organisation's name does."""
    return bool(ORG_END.search(text))


def is_issuer(text: str) -> bool:
    """A body that issues or signs documents: 示例市人民政府办公室, 市司法局."""
    return bool(ISSUER_END.search(text))


def names_issuers(text: str) -> bool:
    """A line that names bodies documents are sent to (中共示例市委、示例市人大常委会：)."""
    return "、" in text or bool(_ISSUING_WORD.search(text))
