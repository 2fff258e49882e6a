"""Headless Chromium from Debian (``apt-get install chromium``), driven over the Chrome DevTools
Protocol, and a static file server on 127.0.0.1 for the pages it opens.

Chromium is started with ``--remote-debugging-pipe``: it reads protocol commands from its file
descriptor 3 and writes replies and events to descriptor 4, each message a JSON object ended by a NUL
byte (the connection Playwright and Puppeteer use). No port, no browser download and no package: the
tests need only ``/usr/bin/chromium`` (``$VKG_CHROMIUM`` to use another), launched with a new, empty
profile directory. A missing Chromium fails the tests that need it; CI installs it.

:class:`Page` offers what the tests ask of a page, with Playwright's meaning: ``goto`` waits for the
``load`` event; an element is *visible* when its bounding box is not empty and its computed style is
not ``visibility: hidden``; ``click`` scrolls the element into view, checks that it is the element
the pointer would hit, and presses and releases the left mouse button at its centre; every page
records its console errors, uncaught exceptions and failed requests in ``errors``.
"""

from __future__ import annotations

import base64
import fcntl
import functools
import http.server
import json
import os
import re
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # as Playwright launches it: no throttling of pages that are not in front, no startup tab
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--no-startup-window",
]

DEFAULT_VIEWPORT = {"width": 1280, "height": 720}
"""Playwright's default viewport, for pages opened without one."""

TIMEOUT = 30.0
"""Seconds to wait for a reply, a page load or an element, unless a call says otherwise."""


def chromium_path() -> str:
    wanted = os.environ.get("VKG_CHROMIUM", "/usr/bin/chromium")
    found = shutil.which(wanted)
    assert found, f"{wanted} not found; install Debian's chromium: apt-get install chromium"
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_site(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free 127.0.0.1 port; yields the base URL (ending in ``/``)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class ProtocolError(AssertionError):
    """Chromium answered a command with an error, or did not answer in time."""


def _wait(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll ``condition`` until it returns a true value; a :class:`ProtocolError` while polling (a
    page between two documents has no context to evaluate in) counts as not yet."""
    deadline = time.monotonic() + timeout
    while True:
        with suppress(ProtocolError):
            value = condition()
            if value:
                return value
        if time.monotonic() > deadline:
            raise ProtocolError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.05)


def _glob(pattern: str) -> re.Pattern[str]:
    """Playwright's URL glob: ``**`` matches anything, ``*`` anything but ``/``."""
    parts = re.split(r"(\*\*|\*)", pattern)
    return re.compile("".join({"**": ".*", "*": "[^/]*"}.get(part, re.escape(part)) for part in parts))


@dataclass
class _Session:
    """What the reader thread records for one attached page."""

    errors: list[str] = field(default_factory=list)
    lifecycle: set[tuple[str, str]] = field(default_factory=set)
    requests: dict[str, str] = field(default_factory=dict)


class Chromium:
    """One headless Chromium process and its DevTools pipe; :meth:`launch` starts and stops it."""

    def __init__(self, pid: int, commands: int, events: int, log: Path) -> None:
        self.pid = pid
        self.log = log
        self._commands = commands
        self._events = events
        self._lock = threading.Condition()
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._sessions: dict[str, _Session] = {}
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="chromium-devtools", daemon=True)
        self._reader.start()

    @classmethod
    @contextmanager
    def launch(cls, executable: str, profile: Path) -> Iterator[Chromium]:
        """Start ``executable`` headless with a new profile in ``profile``; closes it on exit."""
        profile.mkdir(parents=True, exist_ok=True)
        log = profile / "chromium.log"
        to_browser, from_browser = os.pipe(), os.pipe()
        # descriptors above 4, so that placing the child's ends at 3 and 4 overwrites neither
        child_in = fcntl.fcntl(to_browser[0], fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_browser[1], fcntl.F_DUPFD_CLOEXEC, 10)
        for fd in (to_browser[0], from_browser[1]):
            os.close(fd)
        argv = [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile / 'user-data'}", "--remote-debugging-pipe"]
        try:
            pid = os.posix_spawn(
                executable,
                argv,
                dict(os.environ),
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
                    (os.POSIX_SPAWN_DUP2, 1, 2),
                    (os.POSIX_SPAWN_DUP2, child_in, 3),
                    (os.POSIX_SPAWN_DUP2, child_out, 4),
                ],
                setpgroup=0,
            )
        except OSError:
            os.close(to_browser[1])
            os.close(from_browser[0])
            raise
        finally:
            os.close(child_in)
            os.close(child_out)
        browser = cls(pid, to_browser[1], from_browser[0], log)
        try:
            browser.call("Browser.getVersion")
            yield browser
        finally:
            browser.close()

    # --- the pipe -------------------------------------------------------------------------------

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._events, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self._dispatch(json.loads(message))
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _dispatch(self, message: dict[str, Any]) -> None:
        with self._lock:
            if "id" in message:
                self._replies[message["id"]] = message
            else:
                session = self._sessions.get(message.get("sessionId", ""))
                if session is not None:
                    _record(session, message["method"], message.get("params", {}))
            self._lock.notify_all()

    def call(self, method: str, session: str | None = None, timeout: float = TIMEOUT, **params: Any) -> Any:
        """Send one command and return its result; a protocol error raises :class:`ProtocolError`."""
        with self._lock:
            if self._closed:
                raise ProtocolError(f"Chromium has exited; cannot send {method}{self._log_tail()}")
            self._next_id += 1
            ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        while data:
            data = data[os.write(self._commands, data) :]
        with self._lock:
            if not self._lock.wait_for(lambda: ident in self._replies or self._closed, timeout):
                raise ProtocolError(f"no reply to {method} in {timeout:g} s")
            if ident not in self._replies:
                raise ProtocolError(f"Chromium exited before replying to {method}{self._log_tail()}")
            reply = self._replies.pop(ident)
        if "error" in reply:
            raise ProtocolError(f"{method}: {reply['error'].get('message')} {reply['error'].get('data', '')}".strip())
        return reply.get("result", {})

    def _log_tail(self) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.is_file() else ""
        return f"; the end of its output ({self.log}):\n" + "\n".join(text.splitlines()[-20:])

    def wait_until(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Wait for ``condition`` on what the reader recorded (checked under the reader's lock)."""
        with self._lock:
            if not self._lock.wait_for(lambda: condition() or self._closed, timeout) or not condition():
                raise ProtocolError(f"timed out after {timeout:g} s waiting for {what}")

    # --- pages ----------------------------------------------------------------------------------

    @contextmanager
    def new_page(self, viewport: dict[str, int] | None = None) -> Iterator[Page]:
        """A tab in a new, empty browser context (no cookies or storage shared with other pages)."""
        size = viewport or DEFAULT_VIEWPORT
        context = self.call("Target.createBrowserContext")["browserContextId"]
        try:
            target = self.call("Target.createTarget", url="about:blank", browserContextId=context)["targetId"]
            session_id = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            session = _Session()
            with self._lock:
                self._sessions[session_id] = session
            page = Page(self, session_id, session, size)
            for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
                page.call(method)
            page.call("Page.setLifecycleEventsEnabled", enabled=True)
            page.call(
                "Emulation.setDeviceMetricsOverride",
                width=size["width"],
                height=size["height"],
                deviceScaleFactor=1,
                mobile=False,
            )
            yield page
        finally:
            self.call("Target.disposeBrowserContext", browserContextId=context)

    def close(self) -> None:
        """Ask Chromium to close; end its process group if it has not exited after 10 s."""
        with suppress(ProtocolError, OSError):
            self.call("Browser.close", timeout=10)
        deadline = time.monotonic() + 10
        while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                with suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
            time.sleep(0.05)
        os.close(self._commands)
        self._reader.join(timeout=10)
        os.close(self._events)


def _record(session: _Session, method: str, params: dict[str, Any]) -> None:
    """Keep what the tests read of one event: errors as Playwright reports them, and page loads."""
    if method == "Page.lifecycleEvent":
        session.lifecycle.add((params["loaderId"], params["name"]))
    elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
        session.errors.append(" ".join(_text(arg) for arg in params.get("args", [])))
    elif method == "Log.entryAdded" and params["entry"]["level"] == "error" and params["entry"]["source"] != "worker":
        entry = params["entry"]  # e.g. "Failed to load resource: the server responded with a status of 404"
        session.errors.append(f"{entry['text']} ({entry['url']})" if entry.get("url") else entry["text"])
    elif method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        session.errors.append(details.get("exception", {}).get("description") or details["text"])
    elif method == "Network.requestWillBeSent":
        session.requests[params["requestId"]] = params["request"]["url"]
    elif method == "Network.loadingFailed":
        session.errors.append(f"request failed: {session.requests.get(params['requestId'], params['requestId'])}")


def _text(value: dict[str, Any]) -> str:
    """A console argument as text: its value, else its description (an Error's is its stack)."""
    if "value" in value:
        return str(value["value"])
    return str(value.get("description", value.get("unserializableValue", value.get("type", ""))))


_VISIBLE = """element => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
}"""


class Page:
    """One tab; ``errors`` lists its console errors, uncaught exceptions and failed requests."""

    def __init__(self, browser: Chromium, session: str, record: _Session, viewport: dict[str, int]) -> None:
        self._browser = browser
        self._session = session
        self._record = record
        self.viewport = viewport

    @property
    def errors(self) -> list[str]:
        return self._record.errors

    def call(self, method: str, **params: Any) -> Any:
        return self._browser.call(method, session=self._session, **params)

    def goto(self, url: str, timeout: float = TIMEOUT) -> None:
        """Navigate and wait for the new document's ``load`` event."""
        result = self.call("Page.navigate", url=url)
        if result.get("errorText"):
            raise ProtocolError(f"{url}: {result['errorText']}")
        loader = result["loaderId"]
        self._browser.wait_until(lambda: (loader, "load") in self._record.lifecycle, timeout, f"{url} to load")

    def evaluate(self, function: str, arg: Any = None) -> Any:
        """Call a JavaScript function (source text) with ``arg`` (JSON) in the page; its value as JSON."""
        result = self.call(
            "Runtime.evaluate",
            expression=f"({function})({json.dumps(arg)})",
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise ProtocolError(details.get("exception", {}).get("description") or details["text"])
        return result["result"].get("value")

    def title(self) -> str:
        return str(self.evaluate("() => document.title"))

    def url(self) -> str:
        return str(self.evaluate("() => location.href"))

    def count(self, selector: str) -> int:
        return int(self.evaluate("s => document.querySelectorAll(s).length", selector))

    def inner_texts(self, selector: str) -> list[str]:
        return list(self.evaluate("s => Array.from(document.querySelectorAll(s), e => e.innerText)", selector))

    def is_visible(self, selector: str) -> bool:
        """Whether the first element that ``selector`` matches is visible (no element: not visible)."""
        first = f"s => {{ const e = document.querySelector(s); return !!e && ({_VISIBLE})(e); }}"
        return bool(self.evaluate(first, selector))

    def wait_for_selector(self, selector: str, timeout: float = TIMEOUT) -> None:
        """Wait until an element matching ``selector`` is visible."""
        _wait(lambda: self.is_visible(selector), timeout, f"{selector} to be visible")

    def wait_for_url(self, pattern: str, timeout: float = TIMEOUT) -> None:
        """Wait until the page's URL matches the glob ``pattern`` and its document has loaded."""
        wanted = _glob(pattern)

        def arrived() -> bool:
            href, state = self.evaluate("() => [location.href, document.readyState]")
            return bool(wanted.fullmatch(href)) and state == "complete"

        _wait(arrived, timeout, f"a loaded page at {pattern}")

    def click(self, selector: str, timeout: float = TIMEOUT) -> None:
        """Click the first element matching ``selector`` with the mouse, at the centre of its box, once
        it is visible and is what the pointer hits there."""
        find = f"""s => {{
            const e = document.querySelector(s);
            if (!e || !({_VISIBLE})(e)) return null;
            e.scrollIntoView({{block: 'center', inline: 'center'}});
            const box = e.getBoundingClientRect();
            const x = box.left + box.width / 2, y = box.top + box.height / 2;
            const hit = document.elementFromPoint(x, y);
            return hit && (hit === e || e.contains(hit)) ? [x, y] : null;
        }}"""
        x, y = _wait(lambda: self.evaluate(find, selector), timeout, f"{selector} to be clickable")
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        self.call("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left", buttons=1, clickCount=1)
        self.call("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left", buttons=0, clickCount=1)

    def screenshot(self, path: Path) -> None:
        """The viewport as a PNG, one pixel per CSS pixel."""
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))
