"""Render a Word template with docxtpl in a sandboxed, strict, auto-escaping Jinja environment."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from reporter.core.bounded import check_zip, read_input
from reporter.core.errors import TemplateError
from reporter.core.files import NOT_A_TEMPLATE, NOT_A_TEMPLATE_FIX, is_word_document
from reporter.core.template_tags import document_faults, fault_message
from reporter.document.draft.render_bounds import BoundedEnvironment, bounded

if TYPE_CHECKING:
    from docxtpl import DocxTemplate


def environment() -> SandboxedEnvironment:
    """The one Jinja environment templates are rendered in (docxtpl and the prepared fast path alike)."""
    # StrictUndefined: a tag naming missing data is an error, never a silently empty paragraph.
    # Bounded: a template from elsewhere cannot loop for hours or fill the memory (render_bounds).
    return BoundedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)


def protect(value: Any) -> Any:
    """Escape data for XML ourselves, braces included: docxtpl turns a literal "{_{" into "{{" otherwise."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))
    if isinstance(value, dict):
        return {k: protect(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [protect(v) for v in value]
    return value


def check_template(template: Path, name: str) -> bytes:
    """The template's bytes, once it is known to be a readable .docx."""
    if not template.is_file():
        raise TemplateError(f"找不到模板 {name}；请把模板放回原处，或删除整个文件名让工具重新生成默认模板")
    data = read_input(template, name)  # bounded before parsing, like every file read (core.bounded)
    check_zip(data, name)
    if not is_word_document(io.BytesIO(data)):
        raise TemplateError(f"{NOT_A_TEMPLATE.format(name=name)}；{NOT_A_TEMPLATE_FIX}")
    return data


def refuse_open_tags(data: bytes, name: str) -> None:
    """A template whose tags do not close within their paragraph is refused (docxtpl would drop text silently)."""
    faults = document_faults(data)
    if faults:
        message, fix = fault_message(name, faults[0])
        more = f"（共 {len(faults)} 处，`reporter check` 逐一列出）" if len(faults) > 1 else ""
        raise TemplateError(f"{message}{more}；{fix}")


def open_template(template: Path, name: str) -> DocxTemplate:
    """docxtpl's view of a checked template (imported here: docxtpl and python-docx are slow to import)."""
    from docxtpl import DocxTemplate

    refuse_open_tags(check_template(template, name), name)
    return DocxTemplate(str(template))


def _quote(exc: Exception) -> str:
    lines = [re.sub(r"\s+", " ", ln).strip() for ln in getattr(exc, "docx_context", []) or []]
    text = " ".join(ln for ln in lines if ln)
    return f"；出错位置附近的文字：“{text[:120]}”" if text else ""


def render(
    template: Path,
    context: dict[str, Any],
    name: str,
    post: Callable[[Any], None] | None = None,
) -> bytes:
    """Fill `template` with `context` and return the .docx bytes; `post` may restyle the document."""
    with bounded(name):
        return _render(template, context, name, post)


def _render(template: Path, context: dict[str, Any], name: str, post: Callable[[Any], None] | None) -> bytes:
    tpl = open_template(template, name)
    try:
        tpl.render(protect(context), jinja_env=environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"模板 {name} 中的标签有语法错误（{exc.message}）{_quote(exc)}；请在 Word 中改正该标签") from None
    except jinja2.UndefinedError as exc:
        missing = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(exc.message))
        what = next((g for g in (missing.groups() if missing else ()) if g), str(exc.message))
        raise TemplateError(f"模板 {name} 引用了不存在的数据 {what}{_quote(exc)}；可用的标签见 README“模板标签”一节") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"模板 {name} 试图访问不允许的内容（{exc}），已拒绝；模板只能使用数据标签") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"模板 {name} 无法渲染：{exc}{_quote(exc)}") from None
    except MemoryError:
        raise  # the size bound's message (render_bounds.bounded)
    except Exception as exc:  # docxtpl raises bare errors on broken XML after rendering
        raise TemplateError(f"模板 {name} 渲染后不是有效的 Word 文档（{type(exc).__name__}）；请检查模板中的标签是否完整") from None
    # lxml comes with docxtpl here; the prepared fast path never needs it
    from reporter.document.draft.package_repair import repair, resync_parts

    if post is not None:
        resync_parts(tpl.docx)
        post(tpl.docx)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # repair() drops the duplicate
        tpl.save(buf)
    return repair(buf.getvalue())
