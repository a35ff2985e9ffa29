"""The model's fields as the tools that derive from it read them: the loader validates by them,
the JSON Schema and the field reference are written from them, open data publishes them. One
reading of the one definition (model.py), so the four cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any

# The largest whole number a value may be: the largest a JSON reader in a browser holds exactly (2^53 - 1).
LARGEST_NUMBER = 2**53 - 1


@cache
def field_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def public_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields editors write, leaving out internal bookkeeping such as positions."""
    return tuple(f for f in dataclasses.fields(cls) if not f.metadata.get("internal"))


def is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


@cache
def required_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in public_fields(cls) if is_required(f))


@cache
def optional_inner(hint: Any) -> Any | None:
    """For `X | None` give X; for anything else None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return None
