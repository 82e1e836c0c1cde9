"""Reading another program's XML safely: defusedxml only (entity expansion and external entities
are refused), namespaces dropped from tag names, and every failure one plain line naming the file
(junk before the XML, a truncated file, unsafe declarations)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from catalog.formats.mapping import refuse

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def parse_xml(data: bytes, path: Path) -> Element:
    """The root element of `data` (tags without their namespace)."""
    # (imported here, not with the format list every command loads: 10 ms)
    import xml.etree.ElementTree as ET  # the ParseError only; parsing is defusedxml's

    import defusedxml
    import defusedxml.ElementTree as SafeET

    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data.strip():
        raise refuse(path, "the file is empty")
    if start[:1] != b"<" and not start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(path, "not XML (something else comes before the XML, or it is another kind of file)")
    try:
        root = SafeET.fromstring(data)
    except defusedxml.ExternalReferenceForbidden:
        raise refuse(path, "unsafe XML refused (it points at external files or addresses)") from None
    except defusedxml.DefusedXmlException:
        raise refuse(path, "unsafe XML refused (it declares entities)") from None
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":")[0]
        if message in ("no element found", "unclosed token") or line >= data.count(b"\n"):
            raise refuse(path, f"the file is truncated (the XML stops at line {line})") from None
        raise refuse(path, f"malformed XML ({message} at line {line}, column {column + 1})") from None
    except (ValueError, UnicodeError) as exc:
        raise refuse(path, f"unreadable XML ({exc})") from None
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    return root


def child_text(element: Element | None, tag: str) -> str:
    """The text of the first child `tag` (stripped), or ''."""
    if element is None:
        return ""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""
