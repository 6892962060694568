"""The command line: help everywhere, Chinese usage errors, exit codes 0/1/2, no tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reporter.cli.app import app

from .conftest import CliResult


def command_names() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)  # type: ignore[union-attr]


def test_every_command_has_chinese_help(cli: Callable[..., CliResult]) -> None:
    names = command_names()
    assert {"build", "init", "check", "schema"} <= set(names)
    groups = {g.name for g in app.registered_groups}
    assert groups == {"import"}
    for name in [*names, "import plan"]:
        result = cli(*name.split(), "--help")
        assert result.code == 0
        assert "--root" in result.out
        assert any("\u4e00" <= ch <= "\u9fff" for ch in result.out), name


def test_top_level_help(cli: Callable[..., CliResult]) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "法治政府建设年度报告" in result.out


def test_unknown_option_is_usage_error(cli: Callable[..., CliResult], example: Path) -> None:
    result = cli("build", "--colour", "--root", example)
    assert result.code == 2
    assert result.err.startswith("用法错误：没有选项 --colour")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "report", "24"), "年份应为四位年份，如 2024，而不是“24”"),
        (("init", "budget", "2025"), "不认识的类型“budget”；应为 unit、plan、report 或 indicators"),
    ],
)
def test_bad_arguments_exit_2(cli: Callable[..., CliResult], example: Path, args: tuple[str, ...], message: str) -> None:
    result = cli(*args, "--root", example)
    assert result.code == 2
    assert message in result.err


def test_year_without_data_names_the_missing_file(cli: Callable[..., CliResult], example: Path) -> None:
    result = cli("build", "report", "2030", "--root", example)
    assert result.code == 1
    assert "缺少文件 data/2030/report.yaml；请先运行 reporter init report 2030" in result.err
    assert "Traceback" not in result.err


def test_missing_unit_yaml(cli: Callable[..., CliResult], example: Path) -> None:
    (example / "data/unit.yaml").unlink()
    result = cli("build", "report", "--root", example)
    assert result.code == 1
    assert "data/unit.yaml: 缺少单位信息文件" in result.err


def test_root_without_data(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli("build", "--root", tmp_path)
    assert result.code == 1
    assert "下没有 data/ 文件夹" in result.err


def test_debug_shows_the_traceback(example: Path) -> None:
    from reporter.cli.app import main
    from reporter.core.errors import MissingFileError

    with pytest.raises(MissingFileError):
        main(["--debug", "build", "report", "2030", "--root", str(example)])


def test_check_exit_codes_and_strict(cli: Callable[..., CliResult], example: Path) -> None:
    assert cli("check", "--root", example).code == 0
    report = example / "data/2024/report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("宣讲团", "宣讲团XX", 1), encoding="utf-8")
    line = next(i for i, ln in enumerate(report.read_text(encoding="utf-8").splitlines(), 1) if "XX" in ln)
    result = cli("check", "2024", "--root", example)
    assert result.code == 1
    assert f"data/2024/report.yaml:{line}" in result.out
    assert "留有占位符“XX”" in result.out
    # build lists the finding but still writes the draft; --strict refuses
    built = cli("build", "report", "--root", example)
    assert built.code == 0 and "留有占位符“XX”" in built.out
    strict = cli("build", "report", "--root", example, "--strict", "--force")
    assert strict.code == 1
    assert "按 --strict 未生成初稿" in strict.err


def test_check_strict_fails_on_warnings(cli: Callable[..., CliResult], example: Path) -> None:
    report = example / "data/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("date: 2025-03-18", "date: 2025-05-18"), encoding="utf-8")
    assert cli("check", "--root", example).code == 0
    assert cli("check", "--root", example, "--strict").code == 1


def test_schema_command_writes_four_files(cli: Callable[..., CliResult], example: Path) -> None:
    result = cli("schema", "--root", example)
    assert result.code == 0
    names = sorted(p.name for p in (example / "schema").iterdir())
    assert names == ["indicators.schema.json", "plan.schema.json", "report.schema.json", "unit.schema.json"]


def test_import_refuses_a_png_named_docx(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    fake = tmp_path / "计划.docx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (tmp_path / "data").mkdir()
    result = cli("import", "plan", fake, "--year", "2025", "--root", tmp_path)
    assert result.code == 1
    assert "计划.docx" in result.err
    assert not (tmp_path / "data/2025/plan.yaml").exists()


def test_import_never_overwrites(cli: Callable[..., CliResult], example: Path, tmp_path: Path) -> None:
    doc = tmp_path / "plan.txt"
    doc.write_text(
        "示例市2024年法治政府建设工作要点\n一、健全行政执法工作体系\n1.推行执法公示。全面推行。（牵头单位：市司法局）\n", encoding="utf-8"
    )
    before = (example / "data/2024/plan.yaml").read_bytes()
    result = cli("import", "plan", doc, "--year", "2024", "--root", example)
    assert result.code == 1
    assert "data/2024/plan.yaml 已存在，未覆盖" in result.err
    assert (example / "data/2024/plan.yaml").read_bytes() == before
    written = cli("import", "plan", doc, "--year", "2024", "--root", example, "--out", tmp_path / "p.yaml")
    assert written.code == 0, written.err
    assert "已导入：1 个部分，1 项任务，其中 1 项注明了责任单位。" in written.out


def test_year_in_file_must_match_its_folder(cli: Callable[..., CliResult], example: Path) -> None:
    report = example / "data/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("year: 2024", "year: 2023", 1), encoding="utf-8")
    result = cli("build", "report", "2024", "--root", example)
    assert result.code == 1
    assert "data/2024/report.yaml:4:7: year: 文件在 2024 文件夹中，但 year 写的是 2023；请改为一致" in result.err


def test_an_internal_bug_gets_a_message_not_a_traceback(
    cli: Callable[..., CliResult], example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reporter import api

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "build_report", broken)
    result = cli("build", "report", "--root", example)
    assert result.code == 1
    assert result.err.startswith("内部错误（RuntimeError: boom）")
    assert "Traceback" not in result.err


# ------------------------------------------------------------ issue 10/11: one CLI, in Chinese, safe to interrupt

ENGLISH = ("Show this message and exit", "<bool>", "Usage:", "Options", "Arguments", "Commands", "Install completion")


@pytest.mark.parametrize("args", [(), ("build",), ("init",), ("check",), ("schema",), ("import",), ("import", "plan")])
def test_help_has_no_english_left(cli: Callable[..., CliResult], args: tuple[str, ...]) -> None:
    result = cli(*args, "--help")
    assert result.code == 0
    for word in ENGLISH:
        assert word not in result.out, (args, word)


def test_version_and_completion_options(cli: Callable[..., CliResult]) -> None:
    from reporter import api

    result = cli("--version")
    assert (result.code, result.out.strip()) == (0, f"reporter {api.version()}")
    top = cli("--help").out
    assert "--install-completion" in top and "安装命令补全" in top and "--debug" in top


def test_debug_is_declared_once() -> None:
    import inspect

    from reporter.cli import app as cli_app

    for command in cli_app.app.registered_commands:
        assert "debug" not in inspect.signature(command.callback).parameters  # type: ignore[arg-type]
    source = inspect.getsource(cli_app)
    assert "typer._click" not in source and "from click" not in source


def test_interrupt_says_so_and_exits_130(cli: Callable[..., CliResult], example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reporter import api

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "check", interrupted)
    result = cli("check", "--root", example)
    assert (result.code, result.err.strip()) == (130, "已中断")


def test_interrupt_during_start_up(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import reporter.cli as entry
    import reporter.cli.app as cli_app

    def interrupted(argv: object = None) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_app, "main", interrupted)
    with pytest.raises(SystemExit) as info:
        entry.run()
    assert info.value.code == 130
    assert capsys.readouterr().err == "已中断\n"


def test_interrupt_while_writing_leaves_no_temp_file(cli: Callable[..., CliResult], example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os  # reporter.core.files writes through this module's fsync

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = cli("build", "report", "--root", example)
    assert (result.code, result.err.strip().splitlines()[-1]) == (130, "已中断")
    leftovers = [p for p in example.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == [] and os.path.isdir(example / "data")


def test_workspace_is_found_upward(cli: Callable[..., CliResult], example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example / "data" / "2024")
    result = cli("check")
    assert result.code == 0, result.err
    # the example has the departments' submissions and next year's plan: check reads what build 2024 reads
    (scope,) = [line for line in result.err.splitlines() if line.startswith("已检查")]
    assert scope.startswith("已检查 2024、2025 年：data/unit.yaml、data/2024/plan.yaml、data/2024/report.yaml、data/2024/units/")
    assert scope.endswith("、data/2025/plan.yaml")


def test_init_unit_creates_its_folder(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    root = tmp_path / "新单位" / "法治报告"
    result = cli("init", "unit", "--root", root)
    assert result.code == 0, result.err
    assert (root / "data" / "unit.yaml").is_file()


def test_init_force_help_says_what_it_does(cli: Callable[..., CliResult]) -> None:
    assert "先备份（.bak）再替换为新骨架" in cli("init", "--help").out


def test_findings_print_one_line_each_when_piped(cli: Callable[..., CliResult], example: Path) -> None:
    report = example / "data/2024/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("宣讲团", "宣讲团XX", 1), encoding="utf-8")
    line = next(i for i, ln in enumerate(report.read_text(encoding="utf-8").splitlines(), 1) if "XX" in ln)
    checked = cli("check", "--root", example).out.splitlines()[0]
    built = cli("build", "report", "--root", example).out.splitlines()[0]
    assert checked == built
    assert checked.startswith(f"错误 data/2024/report.yaml:{line}:")
    assert checked.endswith("；填写实际内容，或删除这处文字")


def test_import_warns_when_the_title_names_another_year(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    doc = tmp_path / "plan.txt"
    doc.write_text(
        "示例市2024年法治政府建设工作要点\n一、健全行政执法工作体系\n1.推行执法公示。全面推行。（牵头单位：市司法局）\n", encoding="utf-8"
    )
    (tmp_path / "data").mkdir()
    result = cli("import", "plan", doc, "--year", "2023", "--root", tmp_path)
    assert result.code == 0, result.err
    assert "警告 plan.txt: 文件标题“示例市2024年法治政府建设工作要点”写的是 2024 年，而 --year 为 2023；核对年份" in result.out
    same = cli("import", "plan", doc, "--year", "2024", "--root", tmp_path)
    assert same.code == 0 and "警告" not in same.out + same.err


def test_user_text_is_never_read_as_rich_markup(cli: Callable[..., CliResult], example: Path) -> None:
    """short_name: 示例[b]市 — the path printed is the path written, brackets and all."""
    unit = example / "data" / "unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("short_name: 示例市", "short_name: 示例[b]市"), encoding="utf-8")
    result = cli("build", "report", "2024", "--root", example)
    assert result.code == 0, result.out + result.err
    printed = [line.removeprefix("已生成：") for line in result.out.splitlines() if line.startswith("已生成：") and line.endswith(".docx")]
    assert [Path(p).name for p in printed] == ["示例[b]市2024年法治政府建设情况报告.docx"]
    assert Path(printed[0]).is_file()
