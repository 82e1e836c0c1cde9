"""Reading a big JSON document a piece at a time: the top-level object's values, and the elements
of its big arrays one by one (`walk`), each parsed by the json module's C decoder, so that a
358 MB export is read in flat memory (one element and a buffer at a time).

Errors are one CatalogueError in the words of `json.loads` (line and column of the whole file);
nesting too deep and numbers too long to read are refused the same way. Thread rules: none."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalog.errors import CatalogueError, one_line

CHUNK = 1 << 20
_WHITESPACE = " \t\n\r"
_DECODER = json.JSONDecoder()


class _Text:
    """The file's text through an incremental UTF-8 decoder, a window of it in memory."""

    def __init__(self, path: Path, label: str) -> None:
        self.label = label
        try:
            self.file = Path(path).open("rb")  # noqa: SIM115 (closed by close())
        except FileNotFoundError:
            raise self.error_plain("no such file") from None
        except OSError as exc:
            raise self.error_plain(f"cannot read the file ({exc.strerror or exc})") from None
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buffer = ""
        self.pos = 0
        self.lines = 0  # newlines in the text already dropped from the buffer
        self.dropped = 0  # characters dropped
        self.last_newline = -1  # where the last newline of the dropped text was (in the whole text)
        self.eof = False

    def close(self) -> None:
        self.file.close()

    def more(self, at_least: int = CHUNK) -> bool:
        """Read more text; False at the end of the file."""
        if self.eof:
            return False
        if self.pos > CHUNK:  # drop what was read
            gone = self.buffer[:self.pos]
            newlines = gone.count("\n")
            if newlines:
                self.lines += newlines
                self.last_newline = self.dropped + gone.rfind("\n")
            self.dropped += self.pos
            self.buffer, self.pos = self.buffer[self.pos:], 0
        data = self.file.read(max(at_least, CHUNK))
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise self.error(f"not UTF-8 text: byte {self.dropped + len(self.buffer) + exc.start:,}") from None
        self.buffer += text
        if not data:
            self.eof = True
        return bool(data) or bool(text)

    def skip_space(self) -> None:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer) or not self.more():
                return

    def peek(self) -> str:
        self.skip_space()
        return self.buffer[self.pos] if self.pos < len(self.buffer) else ""

    def expect(self, char: str, what: str) -> None:
        if self.peek() != char:
            raise self.broken(f"Expecting {what}")
        self.pos += 1

    def value(self) -> Any:
        """The JSON value at the current place (read further as long as it is incomplete)."""
        self.skip_space()
        want = CHUNK
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if _incomplete(exc, len(self.buffer)) and self.more(want):
                    want *= 2  # a big value: read in ever larger pieces (linear overall)
                    continue
                raise self.broken(exc.msg, exc.pos) from None
            except RecursionError:
                raise self.error("nested too deeply") from None
            except ValueError as exc:  # e.g. a number of thousands of digits
                raise self.error(one_line(str(exc), 120)) from None
            if end == len(self.buffer) and not self.eof and _may_go_on(value):
                self.more()  # a number at the end of the window may have more digits
                continue
            self.pos = end
            return value

    def broken(self, message: str, pos: int | None = None) -> CatalogueError:
        at = self.pos if pos is None else pos
        line = self.lines + self.buffer.count("\n", 0, at) + 1
        start = self.buffer.rfind("\n", 0, at)
        column = at - start if start >= 0 else self.dropped + at - self.last_newline
        return self.error(f"broken JSON at line {line}, column {column}: {message}")

    def error(self, reason: str) -> CatalogueError:
        return self.error_plain(f"not a Marquee JSON export ({reason})")

    def error_plain(self, message: str) -> CatalogueError:
        return CatalogueError(f"{self.label}: {message}" if self.label else message)


def _incomplete(exc: json.JSONDecodeError, length: int) -> bool:
    """Whether the text may just have been cut by the end of the window (not broken)."""
    return exc.pos >= length - 8 or exc.msg.startswith("Unterminated string")


def _may_go_on(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _ended(text: _Text, close: str) -> bool:
    """After a value in an array or object: True at its closing bracket, False at a comma (both
    passed); anything else is refused."""
    nxt = text.peek()
    if nxt == close:
        text.pos += 1
        return True
    if nxt != ",":
        raise text.broken("Expecting ',' delimiter")
    text.pos += 1
    return False


def walk(path: Path, streamed: frozenset[str], on_item: Callable[[str, Any], None],
         label: str | None = None, on_key: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Read the top-level object of the file at `path`: the arrays under the keys in `streamed` are
    handed to `on_item(key, element)` one element at a time; every other value is returned (as
    is a streamed key whose value is not an array). A file that is not one JSON object is refused.
    `on_key(key)` is told when each streamed array begins. Errors name the file by `label`
    (default: the path; "" for none)."""
    text = _Text(path, str(path) if label is None else label)
    try:
        text.skip_space()
        if text.peek() != "{":
            raise text.broken("Expecting value" if text.peek() in ("", "[") else "Expecting '{'")
        text.pos += 1
        head: dict[str, Any] = {}
        if text.peek() == "}":
            text.pos += 1
        else:
            while True:
                if text.peek() != '"':
                    raise text.broken("Expecting property name enclosed in double quotes")
                key = text.value()
                text.expect(":", "':' delimiter")
                if key in streamed and text.peek() == "[":
                    text.pos += 1
                    head.pop(key, None)
                    head.setdefault("__streamed__", []).append(key)
                    if on_key is not None:
                        on_key(key)
                    if text.peek() == "]":
                        text.pos += 1
                    else:
                        while True:
                            on_item(key, text.value())
                            if _ended(text, "]"):
                                break
                else:
                    head[key] = text.value()
                if _ended(text, "}"):
                    break
        if text.peek() != "":
            raise text.broken("Extra data")
        return head
    finally:
        text.close()
