"""One registry of Kazakhstan's regions, used by every kzgov module.

Each region has the statistics bureau's code (as in ``data/raw/kz_stat/regions.csv``),
English, Russian and Kazakh names, the year it was created and the year it was abolished
(``None`` where the region existed throughout the data, or still exists), and the
boundary changes that matter for regional series:

* 2018: South Kazakhstan region (YKO) split into Turkestan region (TRK) and the city of
  Shymkent (SHM), which became a city of republican significance; YKO was abolished.
* 2022: Abai region (ABY) was formed from East Kazakhstan (VKO), Zhetysu (ZHT) from
  Almaty region (ALM), and Ulytau (ULT) from Karaganda region (KRG).

Name matching across sources is explicit: :func:`resolve` accepts a code, or a name in any
of the three languages or a listed alias, compared after case folding and collapsing
spaces, hyphens and dots; it never guesses. An unknown name raises
:class:`kzgov.errors.RegionError` listing the known regions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from kzgov.errors import RegionError

__all__ = [
    "BOUNDARY_CHANGES",
    "Region",
    "children",
    "codes",
    "get",
    "resolve",
    "table",
]


@dataclass(frozen=True)
class Region:
    """A region (oblast), a city of republican significance, or the whole country."""

    code: str
    name_en: str
    name_ru: str
    name_kk: str
    kind: str  # "oblast", "city" or "country"
    created: int | None = None
    abolished: int | None = None
    aliases: tuple[str, ...] = field(default=())

    def exists_in(self, year: int) -> bool:
        """Whether the region existed (as an administrative unit) in ``year``."""
        if self.created is not None and year < self.created:
            return False
        return not (self.abolished is not None and year >= self.abolished)


@dataclass(frozen=True)
class _BoundaryChange:
    """A boundary change: ``parent`` lost territory to ``new`` in ``year``.

    ``parent_abolished`` is True when the parent ceased to exist (YKO in 2018).
    """

    year: int
    parent: str
    new: tuple[str, ...]
    parent_abolished: bool
    note: str


_REGIONS: tuple[Region, ...] = (
    Region("KZ", "Republic of Kazakhstan", "Республика Казахстан", "Қазақстан Республикасы",
           "country", aliases=("national", "Kazakhstan", "Total", "РК")),
    Region("ABY", "Abai region", "Абайская область", "Абай облысы", "oblast", created=2022,
           aliases=("Abai", "Abay region", "Абай", "область Абай")),
    Region("AKM", "Akmola region", "Акмолинская область", "Ақмола облысы", "oblast",
           aliases=("Akmola", "Akmola oblast")),
    Region("AKT", "Aktobe region", "Актюбинская область", "Ақтөбе облысы", "oblast",
           aliases=("Aktobe", "Aktobe oblast", "Aktyubinsk region")),
    Region("ALM", "Almaty region", "Алматинская область", "Алматы облысы", "oblast",
           aliases=("Almaty oblast",)),
    Region("ATY", "Atyrau region", "Атырауская область", "Атырау облысы", "oblast",
           aliases=("Atyrau", "Atyrau oblast")),
    Region("ZKO", "West Kazakhstan region", "Западно-Казахстанская область",
           "Батыс Қазақстан облысы", "oblast", aliases=("West Kazakhstan",)),
    Region("ZHM", "Zhambyl region", "Жамбылская область", "Жамбыл облысы", "oblast",
           aliases=("Zhambyl", "Jambyl region")),
    Region("ZHT", "Zhetysu region", "Область Жетісу", "Жетісу облысы", "oblast", created=2022,
           aliases=("Zhetysu", "Jetisu region", "Жетісу", "Жетысу", "область Жетысу")),
    Region("KRG", "Karaganda region", "Карагандинская область", "Қарағанды облысы", "oblast",
           aliases=("Karaganda", "Karagandy region")),
    Region("KST", "Kostanay region", "Костанайская область", "Қостанай облысы", "oblast",
           aliases=("Kostanay", "Kostanai region")),
    Region("KZL", "Kyzylorda region", "Кызылординская область", "Қызылорда облысы", "oblast",
           aliases=("Kyzylorda",)),
    Region("MNG", "Mangystau region", "Мангистауская область", "Маңғыстау облысы", "oblast",
           aliases=("Mangystau", "Mangistau region")),
    Region("YKO", "South Kazakhstan region", "Южно-Казахстанская область",
           "Оңтүстік Қазақстан облысы", "oblast", abolished=2018,
           aliases=("South Kazakhstan", "YKO")),
    Region("PVL", "Pavlodar region", "Павлодарская область", "Павлодар облысы", "oblast",
           aliases=("Pavlodar",)),
    Region("SKO", "North Kazakhstan region", "Северо-Казахстанская область",
           "Солтүстік Қазақстан облысы", "oblast", aliases=("North Kazakhstan",)),
    Region("TRK", "Turkestan region", "Туркестанская область", "Түркістан облысы", "oblast",
           created=2018, aliases=("Turkestan", "Turkistan region", "Turkistan")),
    Region("ULT", "Ulytau region", "Область Ұлытау", "Ұлытау облысы", "oblast", created=2022,
           aliases=("Ulytau", "Улытау", "Ұлытау", "Улытауская область")),
    Region("VKO", "East Kazakhstan region", "Восточно-Казахстанская область",
           "Шығыс Қазақстан облысы", "oblast", aliases=("East Kazakhstan",)),
    Region("AST", "Astana", "г. Астана", "Астана қаласы", "city",
           aliases=("Astana city", "Nur-Sultan", "г. Нур-Султан", "Нур-Султан")),
    Region("ALA", "Almaty", "г. Алматы", "Алматы қаласы", "city",
           aliases=("Almaty city",)),
    Region("SHM", "Shymkent", "г. Шымкент", "Шымкент қаласы", "city", created=2018,
           aliases=("Shymkent city",)),
)

BOUNDARY_CHANGES: tuple[_BoundaryChange, ...] = (
    _BoundaryChange(2018, "YKO", ("TRK", "SHM"), True,
                   "South Kazakhstan split: Turkestan region and the city of Shymkent"),
    _BoundaryChange(2022, "VKO", ("ABY",), False, "Abai region formed from East Kazakhstan"),
    _BoundaryChange(2022, "ALM", ("ZHT",), False, "Zhetysu region formed from Almaty region"),
    _BoundaryChange(2022, "KRG", ("ULT",), False, "Ulytau region formed from Karaganda region"),
)

_BY_CODE = {r.code: r for r in _REGIONS}


def _norm(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"[\s\-_.]+", " ", text).strip()
    return text


def _index() -> dict[str, str]:
    idx: dict[str, str] = {}
    for r in _REGIONS:
        for name in (r.code, r.name_en, r.name_ru, r.name_kk, *r.aliases):
            key = _norm(name)
            if key in idx and idx[key] != r.code:  # pragma: no cover - guarded by tests
                raise RuntimeError(f"ambiguous region name {name!r}")
            idx[key] = r.code
        # the upper-case Russian names of the BNS income file: "ТУРКЕСТАНСКАЯ ОБЛАСТЬ", "Г.АСТАНА"
        idx.setdefault(_norm(r.name_ru.replace("г. ", "г.")), r.code)
        # the short adjectival form of kz_stat/regions.csv: "Туркестанская"
        if r.name_ru.endswith(" область"):
            idx.setdefault(_norm(r.name_ru.removesuffix(" область")), r.code)
            # the abbreviation of statistical tables: "Туркестанская обл."
            idx.setdefault(_norm(r.name_ru.replace(" область", " обл.")), r.code)
        # "<name> oblast", the usual English form of international sources
        # ("Turkestan oblast", "Kostanay oblast"), for every oblast
        if r.kind == "oblast" and r.name_en.endswith(" region"):
            idx.setdefault(_norm(r.name_en.removesuffix(" region") + " oblast"), r.code)
    return idx


_INDEX = _index()


def codes(*, include_country: bool = False, year: int | None = None) -> list[str]:
    """Codes of the registry's regions, optionally only those existing in ``year``."""
    return [
        r.code
        for r in _REGIONS
        if (include_country or r.kind != "country") and (year is None or r.exists_in(year))
    ]


def get(code: str) -> Region:
    """Return the :class:`Region` with statistics code ``code``."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise RegionError(
            f"unknown region code {code!r}; known codes: {', '.join(_BY_CODE)}"
        ) from None


def resolve(name: str) -> str:
    """Return the statistics code for a region name, code or alias.

    Parameters
    ----------
    name
        A code (``"TRK"``), or an English, Russian or Kazakh name or listed alias, in any
        letter case (``"Turkestan region"``, ``"ТУРКЕСТАНСКАЯ ОБЛАСТЬ"``, ``"Түркістан облысы"``).

    Raises
    ------
    RegionError
        If the name is not in the registry; the message lists the known regions.
    """
    if not isinstance(name, str):
        raise RegionError(f"a region name must be a string; got {name!r}")
    code = _INDEX.get(_norm(name))
    if code is None:
        known = ", ".join(f"{r.name_en} ({r.code})" for r in _REGIONS)
        raise RegionError(f"unknown region {name!r}; known regions: {known}")
    return code


def _resolve_many(names: Iterable[str]) -> list[str]:
    """Vectorised :func:`resolve`."""
    return [resolve(n) for n in names]


def children(code: str) -> list[str]:
    """Regions carved out of ``code`` by a boundary change (e.g. ``VKO`` → ``["ABY"]``)."""
    return [c for ch in BOUNDARY_CHANGES if ch.parent == code for c in ch.new]


def table() -> pd.DataFrame:
    """The registry as a DataFrame: code, names, kind, created, abolished."""
    return pd.DataFrame(
        [
            {
                "code": r.code,
                "name_en": r.name_en,
                "name_ru": r.name_ru,
                "name_kk": r.name_kk,
                "kind": r.kind,
                "created": r.created,
                "abolished": r.abolished,
            }
            for r in _REGIONS
        ]
    ).astype({"created": "Int64", "abolished": "Int64"})
