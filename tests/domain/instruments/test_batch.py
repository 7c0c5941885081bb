"""The vectorised batch path agrees with score() on every instrument it supports."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import REGISTRY, UnknownInstrumentError, score
from regenpath.domain.instruments import batch as batch_module
from regenpath.domain.instruments.batch import MISSING, columns, score_batch, supported

Q8_VARIANTS = ("Q8A", "Q8B", "Q8C")  # §4.11: exactly one may be answered


def _responses(code: str, row: npt.NDArray[np.integer]) -> dict[str, int | None]:
    return {c: None if v == MISSING else int(v) for c, v in zip(columns(code), row, strict=True)}


def _assert_agrees(code: str, matrix: npt.NDArray[np.integer], *, exact: bool = False) -> None:
    values = score_batch(code, matrix)
    assert list(values) == [scale.code for scale in REGISTRY[code].scales]
    for i, row in enumerate(matrix):
        single = score(code, _responses(code, row))
        for scale, result in single.scales.items():
            batch_value = float(values[scale][i])
            if result.value is None:
                assert math.isnan(batch_value), (code, scale, row.tolist())
            elif exact:
                assert batch_value == result.value, (code, scale, row.tolist())
            else:
                assert math.isclose(batch_value, result.value, rel_tol=0, abs_tol=1e-9), (
                    code,
                    scale,
                    row.tolist(),
                )


@st.composite
def _matrices(draw: st.DrawFn, code: str) -> npt.NDArray[np.int64]:
    items = {item.id: item for item in REGISTRY[code].items}
    cols = columns(code)
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        complete = draw(st.booleans())
        row = []
        for column in cols:
            missing = not complete and draw(st.booleans())
            row.append(MISSING if missing else draw(st.sampled_from(items[column].codes)))
        if code == "visa-a":
            keep = draw(st.sampled_from((*Q8_VARIANTS, None)))
            for variant in Q8_VARIANTS:
                if variant != keep:
                    row[cols.index(variant)] = MISSING
        rows.append(row)
    return np.array(rows, dtype=np.int64)


@pytest.mark.parametrize("code", supported())
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_score_batch_agrees_with_score(code: str, data: st.DataObject) -> None:
    _assert_agrees(code, data.draw(_matrices(code)))


def _random_matrix(code: str, rows: int, seed: int) -> npt.NDArray[np.int64]:
    rng = np.random.default_rng(seed)
    items = {item.id: item for item in REGISTRY[code].items}
    cols = columns(code)
    matrix = np.column_stack([rng.choice(items[c].codes, size=rows) for c in cols])
    # Missing rates from none to most, so every missing-item boundary is crossed.
    rate = rng.choice([0.0, 0.05, 0.15, 0.3, 0.5, 0.8], size=rows)
    matrix[rng.random(matrix.shape) < rate[:, None]] = MISSING
    if code == "visa-a":
        keep = rng.integers(0, len(Q8_VARIANTS) + 1, size=rows)
        for k, variant in enumerate(Q8_VARIANTS):
            matrix[keep != k, cols.index(variant)] = MISSING
    return matrix.astype(np.int64)


@pytest.mark.parametrize("code", supported())
def test_score_batch_is_bit_identical_to_score(code: str) -> None:
    # Each batch value is one correctly rounded division of exact integers, like float(Fraction).
    _assert_agrees(code, _random_matrix(code, 600, seed=len(code)), exact=True)


def test_supported_is_every_registered_instrument() -> None:
    assert supported() == tuple(REGISTRY)


def test_columns_are_the_scored_items_in_registry_order() -> None:
    assert columns("koos")[:3] == ("S1", "S2", "S3")
    assert "Q8" not in columns("bpi-sf")  # recorded-only items are not matrix columns
    assert columns("visa-a")[-3:] == Q8_VARIANTS


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
def test_score_batch_accepts_any_signed_integer_dtype(dtype: type[np.integer]) -> None:
    matrix = _random_matrix("koos", 50, seed=1)
    expected = score_batch("koos", matrix)
    actual = score_batch("koos", matrix.astype(dtype))
    for scale, values in expected.items():
        np.testing.assert_array_equal(actual[scale], values)


def test_score_batch_accepts_unsigned_input_without_missing() -> None:
    matrix = np.full((3, len(columns("lefs"))), 4, dtype=np.uint8)
    np.testing.assert_array_equal(score_batch("lefs", matrix)["lefs"], [80.0, 80.0, 80.0])


def test_score_batch_spans_chunks_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    matrix = _random_matrix("quickdash", 25, seed=7)
    whole = score_batch("quickdash", matrix)
    monkeypatch.setattr(batch_module, "_CHUNK_ROWS", 4)
    chunked = score_batch("quickdash", matrix)
    for scale, values in whole.items():
        np.testing.assert_array_equal(chunked[scale], values)


def test_score_batch_empty_matrix_gives_empty_arrays() -> None:
    values = score_batch("koos", np.empty((0, 42), dtype=np.int64))
    assert all(v.shape == (0,) for v in values.values())


def test_score_batch_koos_1_worked_example() -> None:
    # §4.4 koos-1, expected values exact fractions.
    codes = {
        "S": [2, 3, 1, 4, 2, 1, 3],
        "P": [3, 2, 1, 2, 3, 4, 1, 2, 3],
        "A": [2, 3, 1, 2, 4, 1, 3, 2, 3, 1, 2, 3, 4, 1, 2, 3, 2],
        "SP": [3, 4, 3, 2, 4],
        "Q": [3, 2, 3, 2],
    }
    answers = {f"{p}{n}": c for p, cs in codes.items() for n, c in enumerate(cs, 1)}
    row = np.array([[answers[c] for c in columns("koos")]])
    values = score_batch("koos", row)
    assert values["pain"][0] == 125 / 3
    assert values["symptoms"][0] == 300 / 7
    assert values["adl"][0] == 725 / 17
    assert (values["sport_rec"][0], values["qol"][0]) == (20.0, 37.5)


@pytest.mark.parametrize("matrix", [np.zeros((2, 42), dtype=np.float64), np.zeros((2, 42), bool)])
def test_score_batch_non_integer_matrix_is_a_type_error(matrix: npt.NDArray[np.generic]) -> None:
    with pytest.raises(TypeError, match="integer response matrix"):
        score_batch("koos", matrix)


@pytest.mark.parametrize("shape", [(2, 41), (42,), (1, 2, 42)])
def test_score_batch_wrong_shape_is_an_error(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="matrix shape"):
        score_batch("koos", np.zeros(shape, dtype=np.int64))


@pytest.mark.parametrize(
    ("code", "item", "value"),
    [
        ("koos", "P3", 5),  # above the codes 0–4
        ("koos", "P3", -2),  # below MISSING
        ("quickdash", "Q4", 0),  # between MISSING and the lowest code 1
        ("visa-a", "Q7", 5),  # not one of 0, 4, 7, 10
        ("bpi-sf", "Q9A", 11),  # in a second code group
    ],
)
def test_score_batch_code_out_of_range_names_row_and_item(code: str, item: str, value: int) -> None:
    matrix = _random_matrix(code, 5, seed=3)
    matrix[3, columns(code).index(item)] = value
    with pytest.raises(ValueError, match=rf"row 3, item '{item}' has response code {value}"):
        score_batch(code, matrix)


def test_score_batch_chunk_offset_is_in_the_row_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_module, "_CHUNK_ROWS", 2)
    matrix = _random_matrix("koos", 5, seed=3)
    matrix[4, 0] = 9
    with pytest.raises(ValueError, match="row 4, item 'S1'"):
        score_batch("koos", matrix)


def test_score_batch_two_q8_variants_is_a_conflict() -> None:
    matrix = _random_matrix("visa-a", 4, seed=5)
    cols = columns("visa-a")
    matrix[2, cols.index("Q8A")] = 7
    matrix[2, cols.index("Q8B")] = 4
    with pytest.raises(ValueError, match="row 2 answers more than one of Q8A, Q8B, Q8C"):
        score_batch("visa-a", matrix)


def test_score_batch_unknown_instrument_is_an_error() -> None:
    with pytest.raises(UnknownInstrumentError):
        score_batch("koos-ps", np.zeros((1, 7), dtype=np.int64))


def test_score_batch_instrument_without_rules_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(batch_module._BUILDERS, "pgic")
    batch_module._plan.cache_clear()
    try:
        assert "pgic" not in supported()
        with pytest.raises(ValueError, match="does not support"):
            score_batch("pgic", np.ones((1, 1), dtype=np.int64))
    finally:
        batch_module._plan.cache_clear()
