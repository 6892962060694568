"""Rendered packages are valid whoever saved the template: one part per name, every part typed, house style applied."""

from __future__ import annotations

import collections
import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from reporter.document.draft.package_repair import CORE_TYPE, repair

from .conftest import FIXTURES, CliResult

RESAVED = FIXTURES / "templates" / "libreoffice-resaved-report.docx"
DRAFT = Path("drafts/2024/示例市2024年法治政府建设情况报告.docx")
LEGACY = "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _zip(entries: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in entries:
            z.writestr(name, body)
    return buf.getvalue()


RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{LEGACY}" Target="docProps/core.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId3" Type="{CORE_TYPE}" Target="docProps/core.xml"/></Relationships>'
)
TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/gone.xml" ContentType="application/xml"/></Types>'
)


def problems(data: bytes) -> list[str]:
    """What makes Word call a package damaged: duplicate parts, duplicate core relationships, untyped parts."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [i.filename for i in z.infolist()]
        out += [f"duplicate {n}" for n, c in collections.Counter(names).items() if c > 1]
        rels = etree.fromstring(z.read("_rels/.rels"))
        cores = [r for r in rels if r.get("Type") in (CORE_TYPE, LEGACY)]
        out += ["two core-properties relationships"] if len(cores) > 1 else []
        types = etree.fromstring(z.read("[Content_Types].xml"))
        defaults = {d.get("Extension").lower() for d in types.findall(f"{CT_NS}Default")}
        overrides = {o.get("PartName") for o in types.findall(f"{CT_NS}Override")}
        for name in set(names) - {"[Content_Types].xml"}:
            if "/" + name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
                out.append(f"untyped {name}")
        out += [f"override of missing {o}" for o in overrides if o[1:] not in names]
    return sorted(out)


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_repair_makes_a_damaged_package_valid() -> None:
    damaged = _zip(
        [
            ("[Content_Types].xml", TYPES),
            ("_rels/.rels", RELS),
            ("docProps/core.xml", "<first/>"),
            ("word/document.xml", "<doc/>"),
            ("docProps/core.xml", "<second/>"),
        ]
    )
    assert problems(damaged)  # the case is real
    fixed = repair(damaged)
    assert problems(fixed) == []
    with zipfile.ZipFile(io.BytesIO(fixed)) as z:
        assert z.read("docProps/core.xml") == b"<first/>"  # the template's own properties are kept
        assert [r.get("Type") for r in etree.fromstring(z.read("_rels/.rels"))] == [CORE_TYPE, RELS.split('Type="')[2].split('"')[0]]


def test_a_sound_package_comes_back_unchanged() -> None:
    sound = _zip(
        [
            (
                "[Content_Types].xml",
                TYPES.replace('<Override PartName="/word/gone.xml" ContentType="application/xml"/>', "").replace(
                    "</Types>", '<Default Extension="xml" ContentType="application/xml"/></Types>'
                ),
            ),
            ("word/document.xml", "<doc/>"),
        ]
    )
    assert repair(sound) == sound


def test_draft_from_a_libreoffice_resaved_template_is_valid_and_styled(cli: Callable[..., CliResult], example: Path) -> None:
    from docx import Document

    (example / "templates").mkdir()
    shutil.copy(RESAVED, example / "templates" / "report.docx")
    unit = example / "data/unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + '\nstyle:\n  page_number_format: "第 {page} 页"\n', encoding="utf-8")
    result = cli("build", "report", "--root", example)
    assert result.code == 0, result.err
    assert "Duplicate name" not in result.err
    data = (example / DRAFT).read_bytes()
    assert problems(data) == []
    footers = {
        Document(str(example / DRAFT)).sections[0].footer.paragraphs[0].text,
        Document(str(example / DRAFT)).sections[0].even_page_footer.paragraphs[0].text,
    }
    assert footers == {"第 1 页", "第 2 页"}  # the style of unit.yaml reached the user's template


def test_the_rels_dotfile_is_typed_by_its_extension() -> None:
    """`_rels/.rels` has the extension rels: no Default with an empty extension (LibreOffice refuses the file)."""
    types = TYPES.replace('<Override PartName="/word/gone.xml" ContentType="application/xml"/>', "")
    sound = _zip(
        [
            ("[Content_Types].xml", types),
            (
                "_rels/.rels",
                RELS.replace(LEGACY, CORE_TYPE).replace(f'<Relationship Id="rId3" Type="{CORE_TYPE}" Target="docProps/core.xml"/>', ""),
            ),
            ("word/document.xml", "<doc/>"),
        ]
    )
    assert repair(sound) == sound
