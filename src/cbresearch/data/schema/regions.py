"""Italian regions: ISTAT codes and names, the region vocabulary, and the codes a report accepts.

San Marino is a network member but a sovereign state: it gets the project
code ``"SM"``, which is *not* an ISTAT code; ``"IT"`` stands for Italy as a
whole.  Tables are joined on codes, never on names (names differ between
files: "Valle d'Aosta / Vallée d'Aoste", "Trentino Alto Adige / Südtirol" …).

Examples
--------
>>> region_code("Trentino Alto Adige / Südtirol"), region_name("04")
('04', 'Trentino-Alto Adige')
>>> check_region_code("8"), all_report_codes()[-2:]
('08', ['IT', 'SM'])
"""

from __future__ import annotations

from ...errors import CbResearchError
from ...i18n import _
from .vocab import Vocabulary

#: ISTAT region codes and names.  San Marino is a network member but a sovereign
#: state: it gets the project code "SM", which is *not* an ISTAT code.
REGION_NAMES: dict[str, str] = {
    "01": "Piemonte",
    "02": "Valle d'Aosta",
    "03": "Lombardia",
    "04": "Trentino-Alto Adige",
    "05": "Veneto",
    "06": "Friuli-Venezia Giulia",
    "07": "Liguria",
    "08": "Emilia-Romagna",
    "09": "Toscana",
    "10": "Umbria",
    "11": "Marche",
    "12": "Lazio",
    "13": "Abruzzo",
    "14": "Molise",
    "15": "Campania",
    "16": "Puglia",
    "17": "Basilicata",
    "18": "Calabria",
    "19": "Sicilia",
    "20": "Sardegna",
}
SAN_MARINO = "SM"
ITALY = "IT"

REGIONS = Vocabulary(
    "regione",
    (*tuple(REGION_NAMES.values()), "San Marino"),
    {
        "Valle d'Aosta / Vallée d'Aoste": "Valle d'Aosta",
        "Valle D'Aosta/Vallée D'Aoste": "Valle d'Aosta",
        "Vallée d'Aoste": "Valle d'Aosta",
        "Trentino-Alto Adige/Südtirol": "Trentino-Alto Adige",
        "Trentino Alto Adige / Südtirol": "Trentino-Alto Adige",
        "Friuli Venezia Giulia": "Friuli-Venezia Giulia",
        "Emilia Romagna": "Emilia-Romagna",
        "Repubblica di San Marino": "San Marino",
    },
)
_REGION_CODE_BY_NAME = {name: code for code, name in REGION_NAMES.items()} | {"San Marino": SAN_MARINO}


def region_code(name: object) -> str | None:
    """Return the ISTAT code ("01"–"20") of a region name in any known spelling.

    San Marino gets the project code ``"SM"``; unknown names give ``None``.

    Examples
    --------
    >>> region_code("Valle D'Aosta/Vallée D'Aoste")
    '02'
    >>> region_code("emilia romagna")
    '08'
    >>> region_code("San Marino")
    'SM'
    >>> region_code("Atlantide") is None
    True
    """
    label = REGIONS.lookup(name)
    return None if label is None else _REGION_CODE_BY_NAME[label]


def region_name(code: str) -> str:
    """Return the region name of an ISTAT code, ``"Italia"`` for ``"IT"``.

    Examples
    --------
    >>> region_name("08")
    'Emilia-Romagna'
    >>> region_name("IT")
    'Italia'
    """
    if code == ITALY:
        return "Italia"
    if code == SAN_MARINO:
        return "San Marino"
    try:
        return REGION_NAMES[code]
    except KeyError:
        raise KeyError(f"unknown region code {code!r}; expected one of 01–20, IT or SM") from None


def check_region_code(region_code: str) -> str:
    """Validate a region code and return it (a string, zero-padded).

    Examples
    --------
    >>> check_region_code("8")
    '08'
    >>> check_region_code("99")
    Traceback (most recent call last):
    ...
    cbresearch.errors.CbResearchError: codice di regione sconosciuto '99': atteso un codice ISTAT da 01 a 20, IT (Italia) o SM (San Marino)
    """
    code = str(region_code).strip().upper()
    if code.isdigit():
        code = code.zfill(2)
    if code not in REGION_NAMES and code not in (ITALY, SAN_MARINO):
        raise CbResearchError(
            _("unknown region code {code!r}: expected an ISTAT code 01-20, IT (Italy) or SM (San Marino)").format(
                code=region_code
            )
        )
    return code


def all_report_codes() -> list[str]:
    """The 20 regions, Italy and San Marino: every report the batch produces.

    Examples
    --------
    >>> codes = all_report_codes()
    >>> len(codes), codes[-2:]
    (22, ['IT', 'SM'])
    """
    return [*REGION_NAMES, ITALY, SAN_MARINO]
