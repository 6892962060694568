"""The `reporter` command line: parse, call one library function, print; errors map to exit codes here."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.console import Console

from reporter.cli import helptext
from reporter.cli.show import print_diagnostics
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import ChecksFailed, DataError, ReporterError, UsageError
from reporter.core.lazy import lazy_module
from reporter.data.workspace import find_root

if TYPE_CHECKING:
    from reporter import api
else:
    api = lazy_module("reporter.api")  # --help and usage errors never load the library

# click's usage error, reached through typer's public BadParameter (typer vendors click privately)
ClickUsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")

app = typer.Typer(
    name="reporter",
    help="法治政府建设年度报告与工作要点起草工具：YAML 数据 + Word 模板 → 报告初稿（.docx）。",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# markup off: file names, unit names and messages are the user's text (示例[b]市 must print as written)
out = Console(highlight=False, soft_wrap=True, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
_debug = False  # set by the global --debug option

Root = Annotated[
    Optional[Path],
    typer.Option(
        "--root",
        metavar="文件夹",
        help="工作目录（含 data/ templates/ drafts/）；默认从当前文件夹向上查找含 data/unit.yaml 的文件夹。",
        show_default=False,
    ),
]
Force = Annotated[bool, typer.Option("--force", help="覆盖已被修改的初稿（原稿不备份）。")]
InitForce = Annotated[bool, typer.Option("--force", help="数据文件已存在时先备份（.bak）再替换为新骨架。")]
Pdf = Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 生成 PDF。")]
Strict = Annotated[bool, typer.Option("--strict", help="有任何问题（含警告）即不通过。")]


def _year(text: str | None, what: str) -> int | None:
    if text is None:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise UsageError(f"{what}应为四位年份，如 2024，而不是“{text}”")
    return int(text)


def _say(label: str, colour: str, text: str) -> None:
    """A labelled line on stderr; the text is the user's or ours, never read as rich markup."""
    from rich.text import Text

    err.print(Text.assemble((label, colour), " ", text))


def _root(root: Path | None) -> Path:
    """--root as given, else the workspace found upward from the current folder (like git)."""
    return root if root is not None else find_root(Path.cwd())


def _findings(findings: list[Diagnostic], everything: str = "") -> None:
    """Every command's diagnostics, printed one way (a table on a terminal, one line each when piped);
    `everything`: where all of them are when a terminal shows only the first."""
    print_diagnostics(out, findings, everything)


def _report_build(result: api.BuildResult) -> None:
    _findings(result.findings + result.warnings)
    for path in result.templates:
        out.print(f"已生成默认模板：{path}")
    for written in result.drafts:
        if written.note:
            _say("注意", "yellow", written.note)
        out.print(f"已生成：{written.path}")
    for pdf in result.pdfs:
        out.print(f"已生成：{pdf}")


def _version(value: bool) -> None:
    if value:
        out.print(f"reporter {api.version()}")
        raise typer.Exit()


@app.callback()
def _global(
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示 Python 调用栈（供开发者排查）。")] = False,
    version: Annotated[bool, typer.Option("--version", help="显示版本并退出。", callback=_version, is_eager=True)] = False,
) -> None:
    """法治政府建设年度报告与工作要点起草工具：YAML 数据 + Word 模板 → 报告初稿（.docx）。"""
    global _debug
    _debug = debug


@app.command()
def build(
    target: Annotated[
        Optional[str],
        typer.Argument(help="report（报告）、plan（工作要点）或年份；省略则生成本季两份文件。", show_default=False, metavar="[类型]"),
    ] = None,
    year: Annotated[Optional[str], typer.Argument(help="年份，默认为 data/ 中最新的年份。", show_default=False, metavar="[年份]")] = None,
    root: Root = None,
    force: Force = False,
    pdf: Pdf = False,
    strict: Annotated[bool, typer.Option("--strict", help="检查发现错误时不生成初稿（与 check 的判断相同）。")] = False,
    units: Annotated[
        bool,
        typer.Option("--units", help="build report 年份 --units：为 data/年份/units/ 中每个单位生成其自己的报告（drafts/年份/units/）。"),
    ] = False,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", metavar="进程数", help="与 --units 同用：并行进程数，默认为全部 CPU 核数。", show_default=False, min=1),
    ] = None,
) -> None:
    """生成初稿：build report [年份]、build plan [年份]，或 build [年份]（年度报告 + 下一年工作要点）。"""
    if units or jobs is not None:
        _build_units(target, year, _root(root), force, units, jobs)
        return
    if target is not None and target not in ("report", "plan"):
        if year is not None:
            raise UsageError(f"不认识的类型“{target}”；应为 report 或 plan")
        target, year = None, target
    y = _year(year, "年份")
    builder = {"report": api.build_report, "plan": api.build_plan}.get(target or "", api.build_season)
    try:
        result = builder(_root(root), y, force=force, pdf=pdf, strict=strict)
    except ChecksFailed as exc:
        _findings(exc.findings)
        raise
    _report_build(result)


def _build_units(target: str | None, year: str | None, root: Path, force: bool, units: bool, jobs: int | None) -> None:
    if target != "report" or not units:
        raise UsageError("--units 和 --jobs 只用于 build report 年份 --units")
    result = api.build_units(root, _year(year, "年份"), jobs=jobs, force=force, progress=_unit_progress())
    for path in result.templates:
        out.print(f"已生成默认模板：{path}")
    for written in result.drafts:
        if written.note:
            _say("注意", "yellow", written.note)
    _findings(result.warnings + result.failures)
    out.print(f"已生成 {len(result.drafts)} 份单位报告（drafts/…/units/）；失败 {result.failed} 份。")
    if result.failed:
        raise ChecksFailed(f"{result.failed} 个单位的报告未能生成", printed=True)


def _unit_progress() -> Any:
    """A rich progress bar on a terminal; plain numbered lines when piped."""
    if not out.is_terminal:
        return lambda file, done, total: out.print(f"[{done}/{total}] {file}")
    from rich.progress import Progress

    bar = Progress(console=out, transient=True)
    task = bar.add_task("生成单位报告", total=None)
    bar.start()

    def step(file: str, done: int, total: int) -> None:
        bar.update(task, completed=done, total=total, description=file.rsplit("/", 1)[-1])
        if done == total:
            bar.stop()

    return step


@app.command()
def init(
    kind: Annotated[
        str,
        typer.Argument(
            help="unit（新建工作目录）、plan（下一年工作要点骨架）、report（年度报告骨架）或 indicators（指标口径登记表）。",
            show_default=False,
            metavar="类型",
        ),
    ],
    year: Annotated[Optional[str], typer.Argument(help="年份，如 2025（init unit 不需要）。", show_default=False, metavar="[年份]")] = None,
    root: Root = None,
    force: InitForce = False,
) -> None:
    """生成骨架：init unit（新建工作目录和 data/unit.yaml）、init plan 年份（由上一年报告和计划生成）、init report 年份（由本年计划生成）、init indicators 年份（由上一年的报告和各单位材料生成 data/indicators.yaml，从不覆盖）。"""
    if kind not in ("unit", "plan", "report", "indicators"):
        raise UsageError(f"不认识的类型“{kind}”；应为 unit、plan、report 或 indicators")
    if kind == "unit" and year is not None:
        raise UsageError("init unit 不需要年份")
    # a new workspace goes where it is asked (the current folder by default), never into one found above
    where = (root if root is not None else Path.cwd()) if kind == "unit" else _root(root)
    written = api.init(where, kind, _year(year, "年份"), force=force)
    if written.note:
        _say("注意", "yellow", written.note)
    out.print(f"已生成：{written.path}")


@app.command()
def check(
    year: Annotated[Optional[str], typer.Argument(help="年份，默认为 data/ 中最新的年份。", show_default=False, metavar="[年份]")] = None,
    root: Root = None,
    strict: Strict = False,
) -> None:
    """检查数据：一次列出 build 会读取的全部文件中的问题（位置、键、问题、建议）；有错误时退出码为 1（--strict 时警告也算）。"""
    result = api.check(_root(root), _year(year, "年份"))
    _findings(result.findings)
    err.print(result.scope())
    out.print(result.summary())
    if result.failed(strict):
        raise ChecksFailed("检查未通过：" + result.summary(), result.findings, printed=True)


@app.command()
def schema(
    root: Root = None,
    out_dir: Annotated[
        Optional[Path], typer.Option("--out", metavar="文件夹", help="输出文件夹，默认为工作目录下的 schema/。", show_default=False)
    ] = None,
) -> None:
    """生成 JSON Schema（unit、report、plan、indicators），供 VS Code 等编辑器在输入时补全键名、提示错误。"""
    for path in api.write_schemas(_root(root), out_dir):
        out.print(f"已生成：{path}")


def _date_option(text: str | None, option: str) -> Any:
    if text is None:
        return None
    from pydantic import TypeAdapter, ValidationError

    from reporter.data.model import Date

    try:
        return TypeAdapter(Date).validate_python(text)
    except ValidationError:
        raise UsageError(f"{option} 应为日期，如 2025-03-01，而不是“{text}”") from None


@app.command()
def pack(
    year: Annotated[str, typer.Argument(help="收集哪一年的材料，如 2025。", show_default=False, metavar="年份")],
    root: Root = None,
    deadline: Annotated[
        Optional[str],
        typer.Option("--deadline", metavar="日期", help="报送截止日期，如 2026-03-01（默认次年3月1日）。", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖被修改过的报送材料。")] = False,
) -> None:
    """生成报送材料：为每个报送单位生成指标填报表（.xlsx）和报告模板（.docx），以及一份报送通知，写入 drafts/年份/报送材料/。"""
    y = _year(year, "年份")
    assert y is not None
    result = api.pack(_root(root), y, deadline=_date_option(deadline, "--deadline"), force=force)
    for note in result.notes:
        _say("注意", "yellow", note)
    for written in result.written:
        if written.note:
            _say("注意", "yellow", written.note)
        out.print(f"已生成：{written.path}", markup=False)
    out.print(f"已为 {len(result.members)} 个单位生成报送材料。", markup=False)


@app.command()
def merge(
    year: Annotated[Optional[str], typer.Argument(help="年份，默认为 data/ 中最新的年份。", show_default=False, metavar="[年份]")] = None,
    root: Root = None,
    deadline: Annotated[
        Optional[str],
        typer.Option("--deadline", metavar="日期", help="报送截止日期，如 2025-03-01（默认次年3月1日）。", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的 merged.yaml 和被修改过的汇总表。")] = False,
    include_others: Annotated[
        bool, typer.Option("--include-others", help="不在 unit.yaml 报送名单（members）中的单位的指标也计入合计（默认只列出，不计入）。")
    ] = False,
) -> None:
    """汇总各单位报送材料（data/年份/units/）：检查每份材料，生成报送情况一览表、主要指标汇总表、问题清单和 merged.yaml；有错误时退出码为 1。"""
    day = _date_option(deadline, "--deadline")
    result = api.merge(_root(root), _year(year, "年份"), deadline=day, force=force, include_others=include_others)
    issues = next((w.path for w in result.written if w.path.name.startswith("问题清单")), None)
    _findings(result.findings, f"全部见 {issues}" if issues else "")
    for line in result.summary:
        out.print(line)
    for note in result.notes:
        _say("注意", "yellow", note)
    for written in result.written:
        if written.note:
            _say("注意", "yellow", written.note)
        out.print(f"已生成：{written.path}")
    out.print(f"各单位材料共 {result.errors} 个错误、{result.warnings} 个警告。")
    if result.errors:
        raise ChecksFailed(f"各单位材料有 {result.errors} 个错误，详见问题清单", printed=True)


import_app = typer.Typer(help="导入已有文件。", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("plan")
def import_plan(
    document: Annotated[Path, typer.Argument(help="已有的工作要点（计划）文件：.docx、.txt 或 .md。", show_default=False, metavar="文件")],
    year: Annotated[str, typer.Option("--year", metavar="年份", help="工作要点所属年份，如 2025。", show_default=False)],
    root: Root = None,
    out_file: Annotated[
        Optional[Path], typer.Option("--out", metavar="文件", help="输出文件，默认为 data/年份/plan.yaml。", show_default=False)
    ] = None,
) -> None:
    """把已有的工作要点（Word 文件或网页文本）导入为 data/年份/plan.yaml，不覆盖已有文件。"""
    y = _year(year, "--year ")
    assert y is not None
    result = api.import_plan(_root(root), document, y, out=out_file)
    _findings(result.warnings)
    out.print(result.summary)
    out.print(f"已生成：{result.path}")


@import_app.command("report")
def import_report(
    document: Annotated[
        Path,
        typer.Argument(
            help="已有的法治政府建设年度报告：.docx、.txt、.md，或经 LibreOffice 转换的 .doc、.wps、.odt。",
            show_default=False,
            metavar="文件",
        ),
    ],
    year: Annotated[
        Optional[str], typer.Option("--year", metavar="年份", help="报告所述年度，如 2023；不写则取标题中的年份。", show_default=False)
    ] = None,
    root: Root = None,
    out_file: Annotated[
        Optional[Path], typer.Option("--out", metavar="文件", help="输出文件，默认为 data/年份/report.yaml。", show_default=False)
    ] = None,
) -> None:
    """把已有的年度报告（Word 文件或网页文本）导入为 data/年份/report.yaml，不覆盖已有文件。"""
    result = api.import_report(_root(root), document, _year(year, "--year "), out=out_file)
    _findings(result.warnings)
    out.print(result.summary)
    out.print(f"已生成：{result.path}")


@app.command()
def edits(
    draft: Annotated[
        Path,
        typer.Argument(
            help="审阅后的初稿（.docx，可带修订和批注，可已改名、经 Word/WPS/LibreOffice 保存）。", show_default=False, metavar="初稿"
        ),
    ],
    write: Annotated[bool, typer.Option("--write", help="把修改写入数据文件（先备份为 .时间.bak）；不加则只列出。")] = False,
    root: Root = None,
) -> None:
    """读回领导审阅过的初稿：列出每处修改对应的数据键（文件:行: 键: 原文 → 新文）、不能写回的改动和批注；加 --write 写入 YAML。"""
    result = api.edits(_root(root), draft, write=write)
    _show_edits(result, write)
    if result.review.conflicts:
        raise ChecksFailed(f"{len(result.review.conflicts)} 处冲突未写入", printed=True)


def _show_edits(result: api.EditsResult, write: bool) -> None:
    from reporter.consolidate.review import describe

    review = result.review
    for note in result.notes:
        _say("注意", "yellow", note)
    out.print(f"{result.draft}：由 {result.data_file} 生成（{review.record.built[:10]}）")
    out.print(f"修改 {len(review.edits)} 处：" if review.edits else "没有要写回数据的修改。")
    for e in review.edits:
        out.print(f"{result.data_file}:{e.line}: {e.shown_key}: {describe(e)}")
    if review.conflicts:
        out.print(f"冲突 {len(review.conflicts)} 处（初稿生成后数据文件中也改了这些值，未写入）：")
    for c in review.conflicts:
        out.print(f"{result.data_file}:{c.line}: {c.shown_key}: 数据文件现为“{c.old[:40]}”，审阅稿改为“{c.new[:40]}”；请核对后手工修改")
    if review.unwritten:
        out.print(f"不会写回的改动 {len(review.unwritten)} 处：")
    for f in review.unwritten:
        out.print(f"“{f.paragraph}”：{f.message}" + (f"；{f.fix}" if f.fix else ""))
    if review.comments:
        out.print(f"批注 {len(review.comments)} 条：")
    for comment in review.comments:
        anchor = f"（批注的文字：“{comment.anchor[:30]}”）" if comment.anchor else ""
        out.print(f"{comment.key}: {comment.author or '审阅人'}：{comment.text}{anchor}")
    if result.written is not None:
        out.print(f"已写入：{result.written}（原文件备份为 {result.backup.name if result.backup else ''}）")
    elif review.edits and not write:
        out.print(f"未改动数据文件；加 --write 写入 {result.data_file}")


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="旧稿（.docx），如上一轮的讨论稿或上一年的报告。", show_default=False, metavar="旧稿")],
    new: Annotated[Path, typer.Argument(help="新稿（.docx）。", show_default=False, metavar="新稿")],
    out_file: Annotated[
        Optional[Path], typer.Option("--out", metavar="文件", help="输出文件，默认为“新稿名-修订对照.docx”。", show_default=False)
    ] = None,
    root: Annotated[
        Optional[Path],
        typer.Option(
            "--root", metavar="文件夹", help="相对路径（如 drafts/2024/…）在当前文件夹找不到时，到这个工作目录中找。", show_default=False
        ),
    ] = None,
) -> None:
    """比较两稿：把新稿写成带修订痕迹（插入、删除，段内按词句）的 .docx，在 Word/WPS 中即可逐处查看；列出改动、新增、删除的段落数。"""

    def where(path: Path) -> Path:
        return root / path if root is not None and not path.is_absolute() and not path.exists() else path

    result = api.compare(where(old), where(new), out=where(out_file) if out_file is not None else None)
    out.print(f"改动 {result.changed} 段，新增 {result.added} 段，删除 {result.removed} 段。")
    out.print(f"已生成：{result.out}")


def _interrupted() -> int:
    err.print("已中断")
    return 130


def _reporter_error(exc: ReporterError) -> int:
    if isinstance(exc, ChecksFailed) and exc.printed:
        return exc.exit_code
    if isinstance(exc, DataError):
        print_diagnostics(err, exc.problems)
        return exc.exit_code
    if exc.exit_code == 2:
        err.print(f"用法错误：{exc}")
    else:
        _say("错误", "red", str(exc))
    return exc.exit_code


def main(argv: list[str] | None = None) -> int:
    global _debug
    args = list(sys.argv[1:] if argv is None else argv)
    _debug = False
    # the global option is parsed before any command runs; a usage error may come before that
    debug = "--debug" in args
    try:
        rv = helptext.command(app).main(args=args, prog_name="reporter", standalone_mode=False)
    except ClickUsageError as exc:
        if debug:
            raise
        return _usage_error(exc)
    except typer.Abort:
        err.print("已中止。")
        return 1
    except ReporterError as exc:
        if debug or _debug:
            raise
        return _reporter_error(exc)
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as exc:  # a bug of ours: still no traceback for the office, but a way to report it
        if debug or _debug:
            raise
        err.print(
            f"内部错误（{type(exc).__name__}: {exc}）。这是 reporter 的缺陷，不是您的数据问题；请用 reporter --debug …（--debug 写在命令前）重新运行，并把输出报告给维护者。"
        )
        return 1
    if rv == 130:  # typer turns Ctrl-C into exit 130 before our handler sees it
        return _interrupted()
    return rv if isinstance(rv, int) else 0


def _usage_error(exc: Any) -> int:
    if type(exc).__name__ == "NoArgsIsHelpError":  # bare `reporter`: the help is the answer
        err.print(exc.format_message())
        return 2
    err.print(f"用法错误：{_zh_usage(exc)}\n运行 reporter --help 查看用法。")
    return 2


_USAGE_ZH: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (r"No such option: (\S+)(?: Did you mean (\S+)\?)?", lambda m: f"没有选项 {m[1]}" + (f"；是否想用 {m[2]}？" if m[2] else "")),
    (r"No such command '([^']+)'\.?", lambda m: f"没有命令 {m[1]}"),
    (r"Missing argument '([^']+)'\.?", lambda m: f"缺少参数 {m[1]}"),
    (r"Missing option '([^']+)'\.?", lambda m: f"缺少选项 {m[1]}"),
    (r"Got unexpected extra arguments? \((.*)\)", lambda m: f"多余的参数：{m[1]}"),
    (r"Option '([^']+)' requires an argument\.?", lambda m: f"选项 {m[1]} 需要一个值"),
    (r"Invalid value for '([^']+)': (.*)", lambda m: f"参数 {m[1]} 的值无效（{_zh_reason(m[2])}）"),
]
# The parser's reasons for a rejected value (click's and pydantic's wording), said in Chinese.
_REASON_ZH: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (r"greater than or equal to (\S+?)\.?$", lambda m: f"应为不小于 {m[1]} 的整数"),
    (r"(\S+) is not in the range x>=(\S+?)\.?$", lambda m: f"{m[1]} 小于 {m[2]}，应为不小于 {m[2]} 的整数"),
    (r"valid integer|is not a valid integer", lambda m: "应为整数"),
]


def _zh_reason(reason: str) -> str:
    for pattern, fn in _REASON_ZH:
        m = re.search(pattern, reason)
        if m:
            return fn(m)
    return reason


def _zh_usage(exc: Any) -> str:
    text = str(exc.format_message())
    for pattern, fn in _USAGE_ZH:
        m = re.search(pattern, text)
        if m:
            return fn(m)
    return text
