"""Dates as int32 day numbers (days since 1970-01-01) and their formatting for partner files."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NA = np.int32(np.iinfo(np.int32).min)
"""A missing date."""
EXCEL_EPOCH = -25569  # 1899-12-30 as a day number: Excel serial = day + 25569


def day(value: dt.date) -> int:
    return (value - dt.date(1970, 1, 1)).days


def date_of(days: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(days))


def add_months(value: dt.date, months: int) -> dt.date:
    total = value.year * 12 + value.month - 1 + months
    year, month = divmod(total, 12)
    last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(value.day, last))


def to_arrow(days: np.ndarray) -> pa.Array:
    """A date32 array, null where the day is NA."""
    return pa.array(days.astype(np.int32), type=pa.int32(), mask=days == NA).cast(pa.date32())


def formatted(days: np.ndarray, pattern: str) -> pa.Array:
    """Days as strings in a strftime ``pattern`` (``excel_serial`` gives the serial number); NA -> null."""
    if pattern == "excel_serial":
        return pa.array((days.astype(np.int64) - EXCEL_EPOCH).astype(str), mask=days == NA)
    stamps = to_arrow(days).cast(pa.timestamp("s"))
    return pc.strftime(stamps, format=pattern, locale="C")


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d64 = days.astype("datetime64[D]")
    years = d64.astype("datetime64[Y]")
    months = d64.astype("datetime64[M]")
    y = years.astype(np.int64) + 1970
    m = (months - years).astype(np.int64) + 1
    d = (d64 - months).astype(np.int64) + 1
    return y, m, d


def from_ymd(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    months = (y - 1970) * 12 + (m - 1)
    days = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + d - 1
    return np.asarray(days, dtype=np.int32)


def age_at(dob: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Whole years of age at a date (vectorised)."""
    y1, m1, d1 = ymd(dob)
    y2, m2, d2 = ymd(at)
    return np.asarray(y2 - y1 - ((m2 * 100 + d2) < (m1 * 100 + d1)), dtype=np.int32)
