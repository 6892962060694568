"""Time and size bounds on rendering a template: a template handed over by another office cannot hang or exhaust the machine."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from reporter.core.errors import TemplateError

__all__ = ["BoundedEnvironment", "bounded", "limits"]

# A report of 2,000 items renders in about a second to a few MB of XML: these leave a wide margin.
MAX_SECONDS = 120.0
MAX_CHARS = 50_000_000


class RenderTimeout(BaseException):
    """Raised inside the render when its time is up (BaseException: no `except Exception` may swallow it)."""


class RenderTooLarge(BaseException):
    """Raised inside the render when its output would pass the size bound."""


def limits() -> tuple[float, int]:
    """The bounds in force (module attributes, so a test can lower them)."""
    return MAX_SECONDS, MAX_CHARS


def _check_size(value: Any) -> Any:
    if isinstance(value, (str, bytes, list, tuple)) and len(value) > MAX_CHARS:
        raise RenderTooLarge
    return value


_DIGITS = re.compile(r"\d{9,}")
# What allocates its argument's worth of characters: a width beyond the bound is refused before it allocates.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_WIDTH_FILTERS = frozenset({"center", "indent"})


def _check_widths(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_CHARS:
            raise RenderTooLarge


def _check_format(spec: Any) -> None:
    """A format string with a width beyond the bound ("%9999999999s", "{:>9999999999}")."""
    if isinstance(spec, str) and any(int(d) > MAX_CHARS for d in _DIGITS.findall(spec[:10_000])):
        raise RenderTooLarge


def _bounded_filter(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)  # keeps jinja's pass_context / pass_environment marks
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if name in _WIDTH_FILTERS:
            _check_widths(args, kwargs)
        if name == "format":
            _check_format(next((a for a in args if isinstance(a, str)), None))
        return _check_size(fn(*args, **kwargs))

    return wrapped


class _BoundedTemplate(jinja2.Template):
    """Rendered piece by piece, stopping as soon as the output passes the bound."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        ctx = self.new_context(dict(*args, **kwargs))
        size = 0
        out: list[str] = []
        try:
            for chunk in self.root_render_func(ctx):
                size += len(chunk)
                if size > MAX_CHARS:
                    raise RenderTooLarge
                out.append(chunk)
        except Exception:
            self.environment.handle_exception()
        return self.environment.concat(out)


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, plus: repetition, calls, filters, attribute values and output all bounded in size."""

    template_class = _BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: _bounded_filter(name, fn) for name, fn in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64 and isinstance(left, int) and abs(left) > 1:
            raise RenderTooLarge
        if operator == "*" and isinstance(left, int) and isinstance(right, (str, list, tuple)):
            left, right = right, left
        if operator == "*" and isinstance(left, (str, list, tuple)) and isinstance(right, int) and len(left) * right > MAX_CHARS:
            raise RenderTooLarge
        if operator == "%":
            _check_format(left)
        return _check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - jinja's signature
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            if __obj.__name__ in _WIDTH_METHODS:
                _check_widths(args, kwargs)
            elif __obj.__name__ in ("format", "format_map"):
                _check_format(owner)
        return _check_size(SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        return _check_size(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return _check_size(super().getitem(obj, argument))


_ACTIVE = threading.local()


def _on_alarm(_signum: int, _frame: Any) -> None:
    raise RenderTimeout


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """SIGALRM in the main thread: interrupts pure-Python loops between two bytecodes."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    start = time.monotonic()
    outer, _interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # someone else's alarm was pending: give back what is left of it (a moment at least, so it fires)
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 0.001))


@contextlib.contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    """Another thread (or Windows): a timer thread raises RenderTimeout in the rendering thread."""
    target = threading.get_ident()
    done = threading.Event()
    lock = threading.Lock()

    def fire() -> None:
        if not done.wait(seconds):
            with lock:
                if not done.is_set():
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(RenderTimeout))

    threading.Thread(target=fire, daemon=True).start()
    try:
        yield
    finally:
        with lock:
            done.set()


def _timer(seconds: float) -> contextlib.AbstractContextManager[None]:
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _alarm(seconds)
    return _watchdog(seconds)


@contextlib.contextmanager
def bounded(name: str) -> Iterator[None]:
    """Render within the time and size bounds; passing one is a TemplateError naming template NAME."""
    if getattr(_ACTIVE, "on", False):  # the docxtpl fallback inside a prepared render: one bound for both
        yield
        return
    seconds, chars = limits()
    _ACTIVE.on = True
    try:
        with _timer(seconds):
            yield
    except RenderTimeout:
        raise TemplateError(
            f"模板 {name} 渲染超过 {seconds:g} 秒，已停止；模板中可能有次数过多的循环，请检查模板中的 {{% for %}} 标签"
        ) from None
    except (RenderTooLarge, MemoryError):
        raise TemplateError(
            f"模板 {name} 渲染出的内容超过上限（{chars:,} 个字符），已停止；模板中可能有重复过多的循环或字符串，请检查模板中的标签"
        ) from None
    finally:
        _ACTIVE.on = False
