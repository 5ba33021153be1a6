"""Conditions of the typed filters: ``{"start_time": gte(since)}``.

Copied into ``<package>/_runtime/`` with the other runtime modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T_co = TypeVar("T_co", covariant=True)
T = TypeVar("T")


@dataclass(frozen=True)
class Condition(Generic[T_co]):
    """A comparison in a typed filter; build it with ``gt``/``gte``/``lt``/``lte``/``ne``/``in_``/...

    The type parameter only exists for the type checker: ``gte(datetime)`` is
    accepted for a ``datetime`` field and rejected for a ``str`` field.
    """

    operator: str
    value: object


def gt(value: T) -> Condition[T]:
    return Condition("$gt", value)


def gte(value: T) -> Condition[T]:
    return Condition("$gte", value)


def lt(value: T) -> Condition[T]:
    return Condition("$lt", value)


def lte(value: T) -> Condition[T]:
    return Condition("$lte", value)


def ne(value: T) -> Condition[T]:
    return Condition("$ne", value)


def in_(values: Iterable[T]) -> Condition[T]:
    return Condition("$in", list(values))


def not_in(values: Iterable[T]) -> Condition[T]:
    return Condition("$nin", list(values))


def exists(flag: bool = True) -> Condition[Any]:
    return Condition("$exists", flag)
