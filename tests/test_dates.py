"""Era years, fiscal years and time ranges."""

import datetime as dt

import pytest

from kg.parse.dates import JST, era_year, fiscal_year, fiscal_year_of, meeting_times
from kg.read.normalize import nfkc


@pytest.mark.parametrize("era, year, western", [
    ("令和", "1", 2019), ("令和", "元", 2019), ("令和", "7", 2025),
    ("平成", "1", 1989), ("平成", "31", 2019), ("昭和", "1", 1926), ("昭和", "64", 1989),
    (None, "2024", 2024),
])
def test_era_year(era, year, western):
    assert era_year(era, year) == western


@pytest.mark.parametrize("title, fy", [
    ("令和6年度 千葉県ICTアドバイザー会議 開催結果（概要）", 2024),
    ("令和元年度 第2回 会議", 2019),
    ("平成30年度 会議", 2018),
    ("２０２３年度 会議", 2023),
    ("千葉県ICTアドバイザー会議", None),
])
def test_fiscal_year_from_title(title, fy):
    assert fiscal_year(nfkc(title)) == fy


def test_fiscal_year_starts_in_april():
    assert fiscal_year_of(dt.date(2025, 3, 24)) == 2024
    assert fiscal_year_of(dt.date(2025, 4, 1)) == 2025


def at(y, mo, d, h, mi):
    return dt.datetime(y, mo, d, h, mi, tzinfo=JST)


@pytest.mark.parametrize("text, start, end", [
    ("令和7年3月24日（月）午前10時30分から午前11時52分まで", at(2025, 3, 24, 10, 30), at(2025, 3, 24, 11, 52)),
    ("令和元年５月１日(水曜日) 午前10時から11時15分", at(2019, 5, 1, 10, 0), at(2019, 5, 1, 11, 15)),
    ("平成30年1月9日 午後6時30分~8時30分", at(2018, 1, 9, 18, 30), at(2018, 1, 9, 20, 30)),
    ("令和7(2025)年4月1日 17時30分〜18時30分", at(2025, 4, 1, 17, 30), at(2025, 4, 1, 18, 30)),
    ("２０２４年１２月３日（火）１５：００～１６：００", at(2024, 12, 3, 15, 0), at(2024, 12, 3, 16, 0)),
    ("令和6年7月2日 8時45分~9時20分", at(2024, 7, 2, 8, 45), at(2024, 7, 2, 9, 20)),
    ("令和5年6月1日", dt.date(2023, 6, 1), dt.date(2023, 6, 1)),
    ("令和5年2月30日", None, None),
])
def test_meeting_times(text, start, end):
    assert meeting_times(nfkc(text)) == (start, end)
