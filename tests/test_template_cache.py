"""The prepared-template cache cannot change a draft or run code: signed data entries in the user's own folder."""

from __future__ import annotations

import hashlib
import marshal
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reporter.document.draft import prepared, template_cache
from reporter.document.draft.prepared import prepare_template
from reporter.document.draft.template_cache import MAX_ENTRY_BYTES, CacheStore, Refused, open_store
from reporter.document.template.default_templates import ensure_templates
from tests.test_prepared import example_contexts, paragraphs, parts


@pytest.fixture
def workspace(example: Path) -> Path:
    from reporter.data.setting import load_setting

    ensure_templates(example, load_setting(example).style)
    return example


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(prepared, "_MEMORY", {})
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTER_CACHE_DIR", str(folder))
    monkeypatch.setenv("REPORTER_KEY_DIR", str(tmp_path / "data" / "reporter"))
    return folder


def _key(cache: Path) -> Path:
    """The cache's key: in the user's data folder beside the test's cache folder, never inside it."""
    return cache.parent / "data" / "reporter" / "template-cache.key"


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A test that would hang (a named pipe read to its end) fails after 20 s instead."""

    def fail(*_args: object) -> None:
        raise AssertionError("hung")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _entry(cache: Path) -> Path:
    (entry,) = (cache / "templates").glob("*.prepared")
    return entry


def _first_build(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, bytes]:
    template = workspace / "templates" / "report.docx"
    good = prepare_template(template, "t").render(example_contexts(workspace)["report"])
    monkeypatch.setattr(prepared, "_MEMORY", {})
    return template, good


def _signed_by_someone_else(fields: list[bytes]) -> bytes:
    """An entry as an attacker who can write the folder but does not hold the user's key would make it."""
    store = CacheStore(Path("/nonexistent"), os.urandom(32))
    payload = b"".join(template_cache._LENGTH.pack(len(f)) + f for f in fields)
    return template_cache._MAGIC + store._sign(payload) + payload


def test_folder_key_and_entries_are_private(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _first_build(workspace, monkeypatch)
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache / "templates").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(_key(cache)).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(_key(cache).parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(_entry(cache)).st_mode) == 0o600
    assert b"reporter-cache" in _entry(cache).read_bytes()[:20]


def test_planted_paragraph_is_not_printed(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template, good = _first_build(workspace, monkeypatch)
    entry = _entry(cache)
    store = open_store(cache)
    assert isinstance(store, CacheStore)
    fields = store.read(entry.name)
    assert fields is not None
    source = fields[2].decode()
    close = source.rindex("<w:sectPr")
    planted = (source[:close] + "<w:p><w:r><w:t>PLANTED</w:t></w:r></w:p>" + source[close:]).encode()
    entry.write_bytes(_signed_by_someone_else([*fields[:2], planted, *fields[3:]]))
    again = prepare_template(template, "t").render(example_contexts(workspace)["report"])
    assert "PLANTED" not in str(paragraphs(again))
    assert parts(again) == parts(good)
    assert b"PLANTED" not in entry.read_bytes()  # rebuilt


def test_cache_never_runs_code(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The old format held marshalled code: such an entry, with a correct digest, is data that is never executed."""
    template, good = _first_build(workspace, monkeypatch)
    marker = tmp_path / "ran"
    code = compile(f"open({str(marker)!r}, 'w').write('x')", "<planted>", "exec")
    payload = marshal.dumps((2, "k", "s", code, b"", b"", b"", b""))
    _entry(cache).write_bytes(b"reporter-prepared\n" + hashlib.sha256(payload).digest() + payload)
    assert parts(prepare_template(template, "t").render(example_contexts(workspace)["report"])) == parts(good)
    assert not marker.exists()
    source = Path(prepared.__file__).read_text(encoding="utf-8") + Path(template_cache.__file__).read_text(encoding="utf-8")
    assert "marshal" not in source and "pickle" not in source and "from_code" not in source


@pytest.mark.usefixtures("no_hang")
def test_named_pipe_and_device_link_are_ignored(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template, good = _first_build(workspace, monkeypatch)
    entry = _entry(cache)
    entry.unlink()
    os.mkfifo(entry)
    assert parts(prepare_template(template, "t").render(example_contexts(workspace)["report"])) == parts(good)
    monkeypatch.setattr(prepared, "_MEMORY", {})
    entry.unlink(missing_ok=True)
    entry.symlink_to("/dev/zero")
    assert parts(prepare_template(template, "t").render(example_contexts(workspace)["report"])) == parts(good)
    assert entry.is_file() and not entry.is_symlink()  # replaced by a real entry


def test_oversized_entry_is_not_read(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template, good = _first_build(workspace, monkeypatch)
    entry = _entry(cache)
    with entry.open("r+b") as f:
        f.truncate(MAX_ENTRY_BYTES + 1)  # sparse: no disk used
    reads: list[int] = []
    real = os.read

    def counted(fd: int, n: int) -> bytes:
        reads.append(n)
        return real(fd, n)

    monkeypatch.setattr(os, "read", counted)
    assert parts(prepare_template(template, "t").render(example_contexts(workspace)["report"])) == parts(good)
    assert sum(reads) < MAX_ENTRY_BYTES


def test_folder_others_can_write_is_refused(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template, good = _first_build(workspace, monkeypatch)
    os.chmod(cache, 0o777)
    calls: list[int] = []
    monkeypatch.setattr(prepared, "_prepare", _counting(prepared._prepare, calls))
    made = prepare_template(template, "t")
    assert isinstance(made.cache_note, Refused)
    assert (
        made.cache_note.message
        == f"缓存文件夹不是当前用户独有的（属于其他用户、可被他人写入，或是链接）：{cache}；本次不使用预处理模板缓存（只影响速度）"
    )
    assert parts(made.render(example_contexts(workspace)["report"])) == parts(good)
    assert calls == [1]  # prepared afresh, the entry not read


def test_folder_of_another_user_is_refused(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _first_build(workspace, monkeypatch)
    monkeypatch.setattr(template_cache, "_uid", lambda: os.getuid() + 4321)
    assert isinstance(open_store(cache), Refused)


def test_key_others_can_read_signs_nothing(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _first_build(workspace, monkeypatch)
    for mode in (0o644, 0o620):  # readable by others; writable by the group
        os.chmod(_key(cache), mode)
        refused = open_store(cache)
        assert isinstance(refused, Refused)
        assert refused.message == (
            f"密钥文件 {_key(cache)} 不可用（属于其他用户、可被他人读写，或不是普通文件）；本次不使用预处理模板缓存（只影响速度）"
        )
        assert refused.fix == "请删除该文件，下次生成时会重建"


def test_the_key_is_not_in_the_cache_folder(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shared or synced cache folder carries entries, never the key that makes them trusted."""
    _first_build(workspace, monkeypatch)
    inside = sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*"))
    assert inside == ["templates", f"templates/{_entry(cache).name}"]
    assert _key(cache).is_file()


def test_a_shared_cache_folder_does_not_share_trust(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Two users (two data folders) on one cache folder: neither reads the other's entries, both get right drafts."""
    template, good = _first_build(workspace, monkeypatch)
    theirs = _entry(cache).read_bytes()
    monkeypatch.setenv("REPORTER_KEY_DIR", str(tmp_path / "other-user-data"))
    calls: list[int] = []
    monkeypatch.setattr(prepared, "_prepare", _counting(prepared._prepare, calls))
    assert parts(prepare_template(template, "t").render(example_contexts(workspace)["report"])) == parts(good)
    assert calls == [1]  # prepared afresh: an entry signed with another key is not read
    assert _entry(cache).read_bytes() != theirs


def test_a_missing_key_is_made_again(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template, good = _first_build(workspace, monkeypatch)
    old = _key(cache).read_bytes()
    _key(cache).unlink()
    monkeypatch.setattr(prepared, "_MEMORY", {})
    assert parts(prepare_template(template, "t").render(example_contexts(workspace)["report"])) == parts(good)
    assert _key(cache).read_bytes() != old and len(_key(cache).read_bytes()) == 32
    assert stat.S_IMODE(os.stat(_key(cache)).st_mode) == 0o600


def test_a_key_folder_others_can_write_or_own_is_refused(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _first_build(workspace, monkeypatch)
    folder = _key(cache).parent
    os.chmod(folder, 0o777)
    refused = open_store(cache)
    assert isinstance(refused, Refused)
    assert refused.message == (
        f"密钥文件夹不是当前用户独有的（属于其他用户、可被他人写入，或是链接）：{folder}；本次不使用预处理模板缓存（只影响速度）"
    )
    assert refused.fix == "请对该文件夹执行 chmod 700，或设置 REPORTER_KEY_DIR 指向自己的文件夹"
    os.chmod(folder, 0o700)
    assert isinstance(open_store(cache), CacheStore)
    real_lstat = os.lstat

    def owned_by_another(path: object, *args: object, **kwargs: object) -> os.stat_result:
        info = real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]
        if Path(str(path)) != folder:
            return info
        return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink, info.st_uid + 4321, *info[5:10]))

    monkeypatch.setattr(os, "lstat", owned_by_another)
    refused = open_store(cache)
    assert isinstance(refused, Refused) and refused.message.startswith("密钥文件夹不是当前用户独有的")


def test_the_key_folder_is_the_users_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REPORTER_KEY_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert template_cache.key_folder() == tmp_path / "xdg" / "reporter"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert template_cache.key_folder() == tmp_path / "home" / ".local" / "share" / "reporter"


def test_an_earlier_key_in_the_cache_folder_is_removed(workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _first_build(workspace, monkeypatch)
    old = cache / "secret"
    old.write_bytes(os.urandom(32))
    os.chmod(old, 0o600)
    assert isinstance(open_store(cache), CacheStore)
    assert not old.exists()


def _counting(fn: object, calls: list[int]) -> object:
    def wrapped(*args: object) -> object:
        calls.append(1)
        return fn(*args)  # type: ignore[operator]

    return wrapped


def test_the_code_digest_covers_files_that_exist() -> None:
    """A moved module would silently drop out of the cache key: every listed source must be there."""
    root = Path(prepared.__file__).resolve().parents[2]
    assert [name for name in prepared._CODE_FILES if not (root / name).is_file()] == []


def test_build_warns_about_a_shared_cache(example: Path, tmp_path: Path, cli: object, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("REPORTER_CACHE_DIR", str(shared))
    monkeypatch.setattr(prepared, "_MEMORY", {})
    result = cli("build", "report", "2024", "--root", str(example))  # type: ignore[operator]
    assert result.code == 0
    assert "本次不使用预处理模板缓存（只影响速度）" in result.out + result.err
    assert not (shared / "templates").exists()
