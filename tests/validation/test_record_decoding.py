"""The quick paths of ``decode_record`` give exactly what the slow, pointer-keeping path (and
pymongo's ``json_util``) gives: same values, same types."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bson import json_util
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.document_files import (
    SourcedDocument,
    _convert,
    _fast_decode,
    _parse,
    _utc_date,
    decode_record,
)

DATES = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))


@settings(max_examples=300, derandomize=True, deadline=None)
@given(moment=DATES, digits=st.sampled_from([0, 1, 3, 6]))
def test_quick_dates_are_json_utils_dates(moment: datetime, digits: int) -> None:
    text = (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    )
    if digits:
        text += "." + f"{moment.microsecond:06d}"[:digits]
    text += "Z"
    expected = json_util.loads(json.dumps({"$date": text}))
    got = _utc_date(text)
    assert got == expected and type(got) is type(expected) and got.tzinfo is None


def test_forms_the_quick_path_leaves_to_json_util() -> None:
    for text in ["2025-02-30T00:00:00Z", "2025-01-01T00:00:00+01:00", "2025-01-01", "x", 5]:
        assert _utc_date(text) is None


SCALARS = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=6)
)
WRAPPED = st.sampled_from(
    [
        '{"$oid": "64b000000000000000000001"}',
        '{"$date": "2025-05-09T03:43:12.860Z"}',
        '{"$date": {"$numberLong": "-5"}}',
        '{"$numberLong": "7"}',
        '{"$numberDecimal": "1.5"}',
        '{"$oid": "zz"}',
        '{"$date": "2025-13-01T00:00:00Z"}',
        '{"$regex": "a", "$options": "q"}',
        '{"$uuid": "00112233-4455-6677-8899-aabbccddeeff"}',
    ]
)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    fields=st.dictionaries(
        st.text(max_size=4),
        st.one_of(SCALARS.map(lambda v: json.dumps(v)), WRAPPED),
        max_size=5,
    )
)
def test_quick_documents_are_the_slow_paths_documents(fields: dict[str, str]) -> None:
    text = "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in fields.items()) + "}"
    data = text.encode("utf-8", "surrogatepass")
    quick = _fast_decode(data, text)
    try:
        slow: Any = _convert(_parse(text))
    except Exception:  # noqa: BLE001 (the slow path refuses: the quick path must not accept)
        slow = None
    if quick is not None:
        assert quick == slow and [type(v) for v in quick.values()] == [
            type(v) for v in slow.values()
        ]
    record = decode_record(data, "f", 1)
    if isinstance(record, SourcedDocument) and quick is not None:
        assert record.document == quick


def test_the_epoch() -> None:
    assert _utc_date("1970-01-01T00:00:00Z") == datetime.fromtimestamp(0, UTC).replace(tzinfo=None)
