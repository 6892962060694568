"""The command line: help everywhere, Chinese usage errors, exit codes 0/1/2, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporter.cli import app


def command_names() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)  # type: ignore[union-attr]


def test_every_command_has_chinese_help(cli) -> None:
    names = command_names()
    assert {"build", "init"} <= set(names)
    for name in names:
        result = cli(name, "--help")
        assert result.code == 0
        assert "--root" in result.out
        assert any("\u4e00" <= ch <= "\u9fff" for ch in result.out), name


def test_top_level_help(cli) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "法治政府建设年度报告" in result.out


def test_unknown_option_is_usage_error(cli, example: Path) -> None:
    result = cli("build", "--colour", "--root", example)
    assert result.code == 2
    assert result.err.startswith("用法错误：没有选项 --colour")


@pytest.mark.parametrize(("args", "message"), [(("build", "report", "24"), "年份应为四位年份，如 2024，而不是“24”"), (("init", "budget", "2025"), "不认识的类型“budget”；应为 plan 或 report")])
def test_bad_arguments_exit_2(cli, example: Path, args: tuple[str, ...], message: str) -> None:
    result = cli(*args, "--root", example)
    assert result.code == 2
    assert message in result.err


def test_year_without_data_names_the_missing_file(cli, example: Path) -> None:
    result = cli("build", "report", "2030", "--root", example)
    assert result.code == 1
    assert "缺少文件 data/2030/report.yaml；请先运行 reporter init report 2030" in result.err
    assert "Traceback" not in result.err


def test_missing_unit_yaml(cli, example: Path) -> None:
    (example / "data/unit.yaml").unlink()
    result = cli("build", "report", "--root", example)
    assert result.code == 1
    assert "data/unit.yaml: 缺少单位信息文件" in result.err


def test_root_without_data(cli, tmp_path: Path) -> None:
    result = cli("build", "--root", tmp_path)
    assert result.code == 1
    assert "下没有 data/ 文件夹" in result.err


def test_debug_shows_the_traceback(example: Path) -> None:
    from reporter.cli import main
    from reporter.errors import MissingFileError

    with pytest.raises(MissingFileError):
        main(["build", "report", "2030", "--root", str(example), "--debug"])
