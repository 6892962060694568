"""Chinese help throughout: typer's panel titles, the help and completion options, usage prefix, no type metavars on flags."""

from __future__ import annotations

import functools
from typing import Any

import typer
import typer.main

_OPTION_HELP = {
    "--help": "显示本帮助并退出。",
    "--install-completion": "为当前命令行安装命令补全。",
    "--show-completion": "显示命令补全脚本，可自行安装。",
}


@functools.cache
def _panel_titles() -> None:
    """typer's rich help in Chinese; imported only when help is shown (rich's markdown costs ~90 ms)."""
    import typer.rich_utils

    typer.rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    typer.rich_utils.OPTIONS_PANEL_TITLE = "选项"
    typer.rich_utils.COMMANDS_PANEL_TITLE = "命令"
    typer.rich_utils.ERRORS_PANEL_TITLE = "错误"
    typer.rich_utils.ABORTED_TEXT = "已中止。"
    typer.rich_utils.REQUIRED_LONG_STRING = "[必填]"
    typer.rich_utils.DEFAULT_STRING = "[默认：{}]"


def _translate(param: Any) -> None:
    for opt in getattr(param, "opts", []):
        if opt in _OPTION_HELP:
            param.help = _OPTION_HELP[opt]
    if getattr(param, "is_flag", False) or param.param_type_name == "argument":
        # flags take no value: no “<bool>”; arguments already show their Chinese name
        param.metavar = param.metavar if param.param_type_name == "argument" and param.metavar else ""


def _usage_in_chinese(cmd: Any) -> None:
    def format_usage(ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(cmd.collect_usage_pieces(ctx)), prefix="用法：")

    def get_help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.help = _OPTION_HELP["--help"]
            option.metavar = ""
        return option

    def format_help(ctx: Any, formatter: Any) -> None:
        _panel_titles()
        original_help(ctx, formatter)

    original = cmd.get_help_option
    original_help = cmd.format_help
    cmd.format_usage = format_usage
    cmd.get_help_option = get_help_option
    cmd.format_help = format_help


def _walk(cmd: Any) -> None:
    _usage_in_chinese(cmd)
    cmd.options_metavar = "[选项]"
    if hasattr(cmd, "subcommand_metavar"):
        cmd.subcommand_metavar = "命令 [参数]..."
    for param in cmd.params:
        _translate(param)
    for sub in getattr(cmd, "commands", {}).values():
        _walk(sub)


@functools.cache
def command(app: typer.Typer) -> Any:
    """The click command of `app`, its help translated once."""
    cmd = typer.main.get_command(app)
    _walk(cmd)
    return cmd
