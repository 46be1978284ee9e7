"""The little of CBOR (RFC 8949) that Pagefind's index files use, read and written back.

Pagefind 1.5.2 writes its filter files and the list of filters in its metadata in the order of
a Rust HashMap, which changes from run to run; `pagefindindex` puts them in order so that two
builds of the same sources are byte for byte the same. Only what those files hold is handled:
unsigned and negative integers, byte and text strings, arrays, maps, and the simple values
(false, true, null), always in their shortest form, as Pagefind writes them (a file read and
written back is the same bytes: `tests/test_pagefind_index.py`).
"""

from __future__ import annotations

from typing import Any

_SIMPLE = {20: False, 21: True, 22: None}


class CborError(ValueError):
    """Bytes that are not CBOR of the handled kinds."""


def loads(data: bytes) -> Any:
    """Return the one value encoded in *data*."""
    value, end = read(data, 0)
    if end != len(data):
        raise CborError(f"{len(data) - end} bytes after the value")
    return value


def head(data: bytes, at: int) -> tuple[int, int, int]:
    """Return (major type, argument, where the content starts) of the item at *at*."""
    if at >= len(data):
        raise CborError("the data ends inside a value")
    first = data[at]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, at + 1
    if info > 27:
        raise CborError(f"unhandled additional information {info} at byte {at}")
    size = 1 << (info - 24)
    if at + 1 + size > len(data):
        raise CborError("the data ends inside a value")
    return major, int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def read(data: bytes, at: int) -> tuple[Any, int]:
    """Return the value of the item at *at* and where the next item starts."""
    major, n, at = head(data, at)
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major in (2, 3):
        raw = data[at : at + n]
        if len(raw) != n:
            raise CborError("the data ends inside a string")
        return (raw if major == 2 else raw.decode("utf-8")), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = read(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(n):
            key, at = read(data, at)
            value, at = read(data, at)
            pairs.append((key, value))
        return Map(pairs), at
    if major == 7 and n in _SIMPLE:
        return _SIMPLE[n], at
    raise CborError(f"unhandled major type {major} ({n}) at byte {at}")


class Map(list[tuple[Any, Any]]):
    """A CBOR map, its pairs in their order (kept as read, so that it is written back so)."""


def dumps(value: Any) -> bytes:
    """Return *value* encoded, each item in its shortest form."""
    out = bytearray()
    _write(out, value)
    return bytes(out)


def write_head(out: bytearray, major: int, n: int) -> None:
    """Append the head of an item of *major* type with argument *n* to *out*."""
    if n < 24:
        out.append(major << 5 | n)
        return
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            out.append(major << 5 | info)
            out += n.to_bytes(size, "big")
            return
    raise CborError(f"{n} is too large")


def _write(out: bytearray, value: Any) -> None:
    if value is False or value is True or value is None:
        out.append(0xE0 | {False: 20, True: 21, None: 22}[value])
    elif isinstance(value, int):
        write_head(out, 0, value) if value >= 0 else write_head(out, 1, -1 - value)
    elif isinstance(value, bytes):
        write_head(out, 2, len(value))
        out += value
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        write_head(out, 3, len(raw))
        out += raw
    elif isinstance(value, Map):
        write_head(out, 5, len(value))
        for key, item in value:
            _write(out, key)
            _write(out, item)
    elif isinstance(value, list):
        write_head(out, 4, len(value))
        for item in value:
            _write(out, item)
    else:
        raise CborError(f"cannot encode {type(value).__name__}")
