"""Default Word templates (report and plan) built from the house style, regenerated only while untouched."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any, Literal

from reporter.core.errors import OutputError
from reporter.core.files import atomic_write
from reporter.data.housestyle import HouseStyle, style_digest

__all__ = ["KINDS", "MANIFEST_NAME", "build_template", "ensure_templates", "write_default_template"]

Kind = Literal["report", "plan"]
KINDS: tuple[Kind, ...] = ("report", "plan")
MANIFEST_NAME = ".generated.json"
# Recorded next to each hash, to tell later which generator wrote a template; with the digest of this
# package's code (generator_stamp), so a layout change refreshes untouched templates even when nobody bumps it.
GENERATOR_VERSION = 3
_CODE_DIGEST: list[str] = []


def generator_stamp() -> str:
    """GENERATOR_VERSION and a digest of the template-building code: what wrote a template, recorded with it."""
    if not _CODE_DIGEST:
        h = hashlib.sha256()
        for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        _CODE_DIGEST.append(h.hexdigest()[:16])
    return f"{GENERATOR_VERSION}-{_CODE_DIGEST[0]}"


_TITLES = {"report": "法治政府建设年度报告模板", "plan": "法治政府建设工作要点模板"}


def build_template(kind: Kind, style: HouseStyle) -> bytes:
    """The bytes of the default template of `kind` in `style`; deterministic."""
    if kind not in KINDS:
        raise ValueError(f"unknown template kind: {kind!r}")
    # Imported here: python-docx and the template code are slow to import, and only needed when a template is (re)built.
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    from reporter.document.template.package_cleanup import clean_package, normalised_zip
    from reporter.document.template.plan_body import plan_body
    from reporter.document.template.report_body import report_body
    from reporter.document.template.style_writer import apply_style

    document = docx.Document()
    clean_package(document, style)
    document.core_properties.title = _TITLES[kind]
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    paragraphs = report_body(style) if kind == "report" else plan_body(style)
    for xml in paragraphs:
        # The namespace declaration is repeated per element; lxml folds it into the document's.
        tagged = xml.replace("<w:p>", f"<w:p {nsdecls('w')}>", 1) if xml.startswith("<w:p>") else xml
        if tagged.startswith("<w:tbl>"):
            tagged = tagged.replace("<w:tbl>", f"<w:tbl {nsdecls('w')}>", 1)
        sect.addprevious(parse_xml(tagged))
    apply_style(document, style)
    buf = io.BytesIO()
    document.save(buf)
    return normalised_zip(buf.getvalue())


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise OutputError(f"无法写入模板 {path}：{exc.strerror or exc}") from exc


def write_default_template(kind: Kind, path: Path, style: HouseStyle) -> None:
    """Write the default template of `kind` to `path` (replacing it; see ensure_templates for the safe way)."""
    _write_atomic(Path(path), build_template(kind, style))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # Unreadable record: treat every template as the user's, never overwrite.
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return files if isinstance(files, dict) else {}


def _ours_and_stale(path: Path, entry: dict[str, Any] | None, made_from: str) -> bool:
    """Whether an existing template is as we generated it (recorded hash) but from another generator or style."""
    if entry is None:
        return False  # no record: the user's
    if entry.get("generator") == generator_stamp() and entry.get("style") == made_from:
        return False  # up to date: no need to build it to compare
    try:
        current = _sha256(path.read_bytes())
    except OSError as exc:
        raise OutputError(f"无法读取模板 {path}：{exc.strerror or exc}") from exc
    return bool(current == entry.get("sha256"))


def ensure_templates(root: Path, style: HouseStyle) -> list[Path]:
    """Write templates/report.docx and templates/plan.docx under root when missing or still as generated.

    A template whose SHA-256 matches the one recorded in templates/.generated.json
    is ours; it is rebuilt only when the generator version or the style digest
    recorded with it differ from today's (never just to compare hashes).  Any
    other existing file is the user's and is left alone.  Returns the paths written.
    """
    folder = Path(root) / "templates"
    manifest_path = folder / MANIFEST_NAME
    recorded = _read_manifest(manifest_path)
    made_from = style_digest(style)
    written: list[Path] = []
    changed = False
    for kind in KINDS:
        path = folder / f"{kind}.docx"
        entry = recorded.get(path.name) if isinstance(recorded.get(path.name), dict) else None
        if path.exists() and not _ours_and_stale(path, entry, made_from):
            continue
        data = build_template(kind, style)
        digest = _sha256(data)
        if not (path.exists() and entry is not None and entry.get("sha256") == digest):
            _write_atomic(path, data)
            written.append(path)
        recorded[path.name] = {"sha256": digest, "generator": generator_stamp(), "style": made_from}
        changed = True
    if changed:
        _write_manifest(manifest_path, recorded)
    return written


def _write_manifest(path: Path, recorded: dict[str, Any]) -> None:
    text = json.dumps(
        {
            "说明": "reporter 生成的模板及其 SHA-256、生成器版本和版式摘要；与记录一致的模板可由 reporter 更新，改动过的模板不会被覆盖。",
            "files": dict(sorted(recorded.items())),
        },
        ensure_ascii=False,
        indent=2,
    )
    _write_atomic(path, (text + "\n").encode("utf-8"))
