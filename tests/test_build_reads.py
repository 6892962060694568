"""One load per build: `build report`, `build`, `build --units` and `merge` read each data file from disk once."""

from __future__ import annotations

import builtins
import io
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reporter import api


def _count_reads(monkeypatch: pytest.MonkeyPatch, root: Path, log: Path | None = None) -> Counter[str]:
    """Every opening of a YAML file under data/ for reading, whole or in part (Path.read_bytes, Path.open, open() all go
    through io.open): a peek at a file's head counts as a read as much as a full load.

    `log`: each read is also appended to this file, so that pool workers (forked with the patch) are counted too."""
    reads: Counter[str] = Counter()
    data = (root / "data").resolve()

    def note(name: str) -> None:
        reads[name] += 1
        if log is not None:  # os-level append: no io.open inside the patched io.open
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            os.write(fd, (name + "\n").encode("utf-8"))
            os.close(fd)

    def counting(opener: Callable[..., Any]) -> Callable[..., Any]:
        def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, Path)) and not any(c in mode for c in "wax+"):
                resolved = Path(file).resolve()
                if resolved.suffix in (".yaml", ".yml") and resolved.is_relative_to(data):
                    note(resolved.relative_to(data).as_posix())
            return opener(file, mode, *args, **kwargs)

        return open_

    monkeypatch.setattr(io, "open", counting(io.open))
    monkeypatch.setattr(builtins, "open", counting(builtins.open))
    return reads


def _units(year: str) -> list[str]:
    names = ["东城街道办事处", "交通运输局", "人力资源和社会保障局", "住房和城乡建设局", "公安局", "司法局", "教育局", "生态环境局"]
    return [f"{year}/units/示例市{n}.yaml" for n in names]


CHECKED = ["unit.yaml", "indicators.yaml", "2023/report.yaml", "2024/plan.yaml", "2024/report.yaml", *_units("2024")]


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        (lambda root: api.build_report(root, 2024), CHECKED),
        (lambda root: api.build_season(root, 2024), [*CHECKED, "2025/plan.yaml"]),
        (lambda root: api.build_units(root, 2024, jobs=1), ["unit.yaml", *_units("2024")]),
        (
            lambda root: api.merge(root, 2024),
            ["unit.yaml", "indicators.yaml", "2024/plan.yaml", "2024/units/received.yaml", *_units("2024")],
        ),
    ],
    ids=["build report", "build", "build --units", "merge"],
)
def test_each_data_file_is_read_once(
    example: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[[Path], object], expected: list[str]
) -> None:
    reads = _count_reads(monkeypatch, example)
    run(example)
    assert reads == Counter(expected)


def test_season_without_next_plan_reads_the_report_once(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan made on the fly comes from the report the checks loaded, not from a third load of it."""
    (example / "data" / "2025" / "plan.yaml").unlink()
    reads = _count_reads(monkeypatch, example)
    result = api.build_season(example, 2024)
    assert reads == Counter(CHECKED)
    assert [w.path.name for w in result.drafts][1].endswith("（临时生成）.docx")


def test_units_on_a_process_pool_read_each_file_once(example: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With worker processes, the parent reads each unit's file once and the workers load those bytes: none reads again."""
    log = tmp_path / "reads.log"
    _count_reads(monkeypatch, example, log)
    result = api.build_units(example, 2024, jobs=2)
    assert len(result.drafts) == 8
    assert Counter(log.read_text(encoding="utf-8").splitlines()) == Counter(["unit.yaml", *_units("2024")])
