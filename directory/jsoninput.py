"""Untrusted JSON in (API bodies, CLI answers, import files): limits on size, nesting and numbers,
and one readable message when something is refused, never a traceback."""

import json
import math

MAX_DEPTH = 32
MAX_DIGITS = 30


class JsonInputError(ValueError):
    """JSON refused; the message says why in one line."""


def _int(text):
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise JsonInputError(f"a number has more than {MAX_DIGITS} digits")
    return int(text)


def _float(text):
    value = float(text)
    if not math.isfinite(value):
        raise JsonInputError("a number is too large")
    return value


def _constant(name):
    raise JsonInputError(f"{name} is not a JSON value")


def _too_deep(value, limit):
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if level > limit:
            return True
        stack.extend((child, level + 1) for child in children)
    return False


def loads(data, *, max_bytes, max_depth=MAX_DEPTH):
    """The value of `data` (bytes or text), or JsonInputError."""
    if len(data) > max_bytes:
        raise JsonInputError(f"the JSON is larger than {max_bytes:,} bytes")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonInputError("the JSON is not UTF-8 text") from None
    try:
        value = json.loads(data, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise JsonInputError(f"the JSON is nested more than {max_depth} levels deep") from None
    except json.JSONDecodeError as exc:
        raise JsonInputError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if _too_deep(value, max_depth):
        raise JsonInputError(f"the JSON is nested more than {max_depth} levels deep")
    return value
