"""Tests of the region registry kzgov.regions: name matching across the project's
sources, and boundary changes."""

from __future__ import annotations

import re

import pytest

from kzgov import data, regions
from kzgov.errors import RegionError

# Codes of data/raw/kz_stat/regions.csv, written out by hand.
KZ_STAT_CODES = {
    "KZ", "ABY", "AKM", "AKT", "ALM", "ATY", "ZKO", "ZHM", "ZHT", "KRG", "KST", "KZL",
    "MNG", "YKO", "PVL", "SKO", "TRK", "ULT", "VKO", "AST", "ALA", "SHM",
}


def test_registry_codes_are_the_statistics_codes() -> None:
    assert set(regions.codes(include_country=True)) == KZ_STAT_CODES
    ref = data.load("kz_stat_regions")
    assert set(ref["code"]) == KZ_STAT_CODES
    assert len(regions.table()) == 22


def test_kz_stat_short_names_resolve_to_their_code() -> None:
    ref = data.load("kz_stat_regions")
    for code, name in zip(ref["code"], ref["name_ru"], strict=True):
        assert regions.resolve(name) == code, name
        assert regions.resolve(code) == code


def test_registry_names_match_kz_stat_patterns() -> None:
    """kz_stat's own matching regex accepts one of the registry's Russian forms."""
    ref = data.load("kz_stat_regions")
    for code, pattern in zip(ref["code"], ref["match"], strict=True):
        r = regions.get(code)
        forms = [r.name_ru, *r.aliases]
        forms += [f.replace(" область", "").replace("Область ", "") for f in forms]
        assert any(re.match(pattern, f.lower()) for f in forms), (code, pattern)


# BNS's upper-case names (kz_stat/per_capita_nominal_cash_income.csv), mapped by hand.
BNS = {
    "АКМОЛИНСКАЯ ОБЛАСТЬ": "AKM",
    "АКТЮБИНСКАЯ ОБЛАСТЬ": "AKT",
    "АЛМАТИНСКАЯ ОБЛАСТЬ": "ALM",
    "АТЫРАУСКАЯ ОБЛАСТЬ": "ATY",
    "ВОСТОЧНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ": "VKO",
    "Г.АЛМАТЫ": "ALA",
    "Г.АСТАНА": "AST",
    "Г.ШЫМКЕНТ": "SHM",
    "ЖАМБЫЛСКАЯ ОБЛАСТЬ": "ZHM",
    "ЗАПАДНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ": "ZKO",
    "КАРАГАНДИНСКАЯ ОБЛАСТЬ": "KRG",
    "КОСТАНАЙСКАЯ ОБЛАСТЬ": "KST",
    "КЫЗЫЛОРДИНСКАЯ ОБЛАСТЬ": "KZL",
    "МАНГИСТАУСКАЯ ОБЛАСТЬ": "MNG",
    "ПАВЛОДАРСКАЯ ОБЛАСТЬ": "PVL",
    "РЕСПУБЛИКА КАЗАХСТАН": "KZ",
    "СЕВЕРО-КАЗАХСТАНСКАЯ ОБЛАСТЬ": "SKO",
    "ТУРКЕСТАНСКАЯ ОБЛАСТЬ": "TRK",
    "ЮЖНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ": "YKO",
}


def test_bns_upper_case_names() -> None:
    income = data.load("kz_stat_income_per_capita")
    assert set(income["region"]) == set(BNS)
    for name, code in BNS.items():
        assert regions.resolve(name) == code


def test_codes_of_kz_stat_long_files_resolve() -> None:
    grp = data.load("kz_stat_grp")
    got = {regions.resolve(c) for c in grp["region"].unique()}
    assert "KZ" in got  # 'national'
    assert got <= KZ_STAT_CODES


# code -> names that resolve to it: the budget decisions' English names, the Kazakh names
# (the former South Kazakhstan region and the country too), and variants of spacing, case,
# hyphens, transliteration, "oblast", Russian forms and Astana's former name
SPELLINGS: dict[str, tuple[str, ...]] = {
    "AKM": ("Akmola region", "Ақмола облысы"),
    "AKT": ("Aktobe region", "Ақтөбе облысы"),
    "KST": ("Kostanay region", "Қостанай облысы", "Kostanay oblast"),
    "ULT": ("Ulytau region", "Ұлытау облысы"),
    "TRK": ("Turkestan region", "Түркістан облысы", "  turkestan   REGION ", "Turkestan-region",
            "Turkistan region", "Turkestan oblast", "Туркестанская обл.",
            "Туркестанская область", "туркестанская"),
    "ABY": ("Абай облысы", "Abai oblast"),
    "ZHT": ("Жетісу облысы", "Жетысу"),
    "SHM": ("Шымкент қаласы",),
    "AST": ("Астана қаласы", "Nur-Sultan", "г. Нур-Султан"),
    "YKO": ("Оңтүстік Қазақстан облысы",),
    "KZ": ("Қазақстан Республикасы", "national"),
    "MNG": ("Mangystau oblast",),
    "ALA": ("Almaty",),
    "ALM": ("Almaty region",),
}


@pytest.mark.parametrize(
    ("name", "code"), [(name, code) for code, names in SPELLINGS.items() for name in names]
)
def test_names_resolve(name: str, code: str) -> None:
    assert regions.resolve(name) == code


def test_every_budget_decision_region_resolves() -> None:
    dec = data.load("budget_decisions")
    assert {regions.resolve(n) for n in dec["region"]} == {"AKM", "AKT", "KST", "ULT"}


def test_each_region_name_resolves_to_itself() -> None:
    for r in regions._REGIONS:
        for name in (r.code, r.name_en, r.name_ru, r.name_kk, *r.aliases):
            assert regions.resolve(name) == r.code, name
    assert regions._resolve_many(["TRK", "Shymkent"]) == ["TRK", "SHM"]


def test_unknown_region_lists_known_ones() -> None:
    with pytest.raises(RegionError) as exc:
        regions.resolve("Atlantis region")
    msg = str(exc.value)
    assert "'Atlantis region'" in msg
    assert "Turkestan region (TRK)" in msg
    assert "Ulytau region (ULT)" in msg


def test_non_string_and_unknown_code() -> None:
    with pytest.raises(RegionError):
        regions.resolve(None)  # type: ignore[arg-type]
    with pytest.raises(RegionError, match="known codes"):
        regions.get("XXX")


def test_boundary_changes() -> None:
    by_year = {(c.year, c.parent): c for c in regions.BOUNDARY_CHANGES}
    yko = by_year[(2018, "YKO")]
    assert set(yko.new) == {"TRK", "SHM"} and yko.parent_abolished
    assert by_year[(2022, "VKO")].new == ("ABY",)
    assert by_year[(2022, "ALM")].new == ("ZHT",)
    assert by_year[(2022, "KRG")].new == ("ULT",)
    assert not any(c.parent_abolished for c in regions.BOUNDARY_CHANGES if c.year == 2022)
    assert regions.children("VKO") == ["ABY"]
    assert regions.children("ALM") == ["ZHT"]
    assert regions.children("KRG") == ["ULT"]
    assert sorted(regions.children("YKO")) == ["SHM", "TRK"]
    assert regions.children("PVL") == []


def test_created_and_abolished_years() -> None:
    assert regions.get("YKO").exists_in(2017) and not regions.get("YKO").exists_in(2018)
    assert not regions.get("TRK").exists_in(2017) and regions.get("TRK").exists_in(2018)
    assert not regions.get("SHM").exists_in(2017) and regions.get("SHM").exists_in(2024)
    for code in ("ABY", "ZHT", "ULT"):
        assert not regions.get(code).exists_in(2021) and regions.get(code).exists_in(2022)
    for code in ("VKO", "ALM", "KRG"):  # parents keep existing after 2022
        assert regions.get(code).exists_in(2021) and regions.get(code).exists_in(2024)
    y2017 = set(regions.codes(year=2017))
    assert "YKO" in y2017 and not y2017 & {"TRK", "SHM", "ABY", "ZHT", "ULT"}
    y2024 = set(regions.codes(year=2024))
    assert "YKO" not in y2024 and {"TRK", "SHM", "ABY", "ZHT", "ULT"} <= y2024
    assert len(y2024) == 20  # 17 oblasts + 3 cities


def test_data_respects_abolition_of_south_kazakhstan() -> None:
    grp = data.load("kz_stat_grp")
    yko_years = grp.loc[grp["region"] == "YKO", "date"].dt.year
    assert yko_years.max() == regions.get("YKO").abolished - 1
