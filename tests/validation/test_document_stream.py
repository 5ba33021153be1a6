"""Cutting a byte stream into records (``document_stream``): the same records whatever the chunk
sizes, each located at its first byte, and going on after a malformed record."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.document_stream import NOT_CLOSED, RawRecord, split_records


def records(data: bytes, size: int | None = None) -> list[RawRecord]:
    chunks = [data] if size is None else [data[i : i + size] for i in range(0, len(data), size)]
    return list(split_records(chunks))


def summary(data: bytes) -> list[tuple[bytes, int, int, int | None, str | None]]:
    return [(r.data, r.line, r.column, r.index, r.problem) for r in records(data)]


ARRAY = b'[{"a": "x,]\\"}"},\n 5, {"b": [1, 2]}\n,{"c": tru}\n, {"d": 1}]\n'


def test_array_elements_with_index_line_and_column() -> None:
    got = summary(ARRAY)
    assert got == [
        (b'{"a": "x,]\\"}"}', 1, 2, 0, None),
        (b"5", 2, 2, 1, None),
        (b'{"b": [1, 2]}\n', 2, 5, 2, None),
        (b'{"c": tru}\n', 3, 2, 3, None),  # malformed, but its brackets balance: the next is read
        (b'{"d": 1}', 4, 3, 4, None),
    ]


def test_empty_elements_and_text_after_the_array_are_records_with_a_problem() -> None:
    got = summary(b"[1,,2,]")
    assert [(r[3], r[4] is not None) for r in got] == [(0, False), (1, True), (2, False), (3, True)]
    [_, after] = records(b"[1] x")
    assert after.problem is not None and "after the end of the array" in after.problem


def test_an_unclosed_array_is_reported_at_its_last_element() -> None:
    *_, last = records(b'[1, {"a": ')
    assert (last.index, last.problem) == (1, NOT_CLOSED)
    [only] = records(b"[")
    assert only.problem == NOT_CLOSED


def test_lines_blank_lines_and_crlf() -> None:
    got = summary(b'{"a":1}\r\n\n{"b": 2,}\n5\n')
    assert got == [
        (b'{"a":1}', 1, 1, None, None),
        (b'{"b": 2,}', 3, 1, None, None),
        (b"5", 4, 1, None, None),
    ]


def test_a_line_with_an_unbalanced_object_spoils_only_that_line() -> None:
    got = summary(b'{"a": 1\n{"b": 2}\n{"c": 3}\n')
    assert [(r[0], r[1]) for r in got] == [(b'{"a": 1', 1), (b'{"b": 2}', 2), (b'{"c": 3}', 3)]


def test_pretty_printed_documents_are_located_by_their_first_line() -> None:
    got = summary(b'{\n "a": 1,\n "b": "}"\n}\n{\n"c": 2}\n garbage\n')
    assert [(r[0], r[1], r[2]) for r in got] == [
        (b'{\n "a": 1,\n "b": "}"\n}', 1, 1),
        (b'{\n"c": 2}', 5, 1),
        (b"garbage", 7, 2),
    ]


def test_byte_order_mark_and_empty_input() -> None:
    assert summary(b"\xef\xbb\xbf[{}]") == [(b"{}", 1, 2, 0, None)]
    assert summary(b"\xef\xbb\xbf{}\n") == [(b"{}", 1, 1, None, None)]
    assert summary(b"") == [] and summary(b" \n\n") == []


def test_an_unterminated_string_ends_at_its_line() -> None:
    # A raw newline ends the string, so the brackets of the next lines are seen again: here the
    # first element's "{" is never closed and it runs to the end (one bad record, at line 1).
    [only] = records(b'[{"a": "oops},\n{"b": 1}]')
    assert (only.index, only.line, only.problem) == (0, 1, NOT_CLOSED)
    # Balanced again on its line: the next element is read normally.
    _, second = records(b'[{"a": "oops}"x},\n{"b": 1}]')
    assert (second.data, second.line, second.problem) == (b'{"b": 1}', 2, None)


# -- properties -------------------------------------------------------------------------------
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    values=st.lists(st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=3), max_size=5),
    indent=st.sampled_from([None, 1]),
    size=st.integers(1, 7),
)
def test_every_element_of_an_array_comes_back_whatever_the_chunks(
    values: list[dict[str, object]], indent: int | None, size: int
) -> None:
    data = json.dumps(values, indent=indent, ensure_ascii=False).encode("utf-8")
    got = records(data, size)
    assert [json.loads(r.data) for r in got] == values
    assert all(r.problem is None for r in got)
    assert [r.index for r in got] == list(range(len(values)))
    assert got == records(data)  # the same records, the same places


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    values=st.lists(st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=3), max_size=5),
    size=st.integers(1, 7),
)
def test_every_line_comes_back_with_its_number(values: list[dict[str, object]], size: int) -> None:
    data = "".join(json.dumps(v, ensure_ascii=False) + "\n\n" for v in values).encode("utf-8")
    got = records(data, size)
    assert [json.loads(r.data) for r in got] == values
    assert [r.line for r in got] == [1 + 2 * i for i in range(len(values))]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(data=st.binary(max_size=60), size=st.integers(1, 9))
def test_any_bytes_split_the_same_whatever_the_chunks(data: bytes, size: int) -> None:
    assert records(data, size) == records(data)
