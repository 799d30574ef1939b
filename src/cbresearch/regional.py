"""What one region's report is made of: the data for each section, as DataFrames.

Pure functions of the cleaned tables (passed in, or loaded with
:func:`cbresearch.load`).  ``region_code`` is an ISTAT code ("01"-"20"),
``"IT"`` for Italy (everything) or ``"SM"`` for San Marino.

Examples
--------
>>> members_in_region("08")["Tipo"].value_counts().to_dict()
{'Azienda sanitaria': 8, 'Ente del terzo settore': 3}
>>> len(initiatives_in_region("IT"))
80
"""

from __future__ import annotations

import pandas as pd

from .vocab import ITALY, REGION_NAMES, SAN_MARINO, region_name

#: Default threshold below which counts are shown as "<5" in published tables
MIN_COUNT = 5


def check_region_code(region_code: str) -> str:
    """Validate a region code and return it (a string, zero-padded).

    Examples
    --------
    >>> check_region_code("8")
    '08'
    >>> check_region_code("99")
    Traceback (most recent call last):
    ...
    cbresearch.errors.CbResearchError: unknown region code '99': expected an ISTAT code 01-20, IT (Italy) or SM (San Marino)
    """
    from .errors import CbResearchError

    code = str(region_code).strip().upper()
    if code.isdigit():
        code = code.zfill(2)
    if code not in REGION_NAMES and code not in (ITALY, SAN_MARINO):
        raise CbResearchError(
            f"unknown region code {region_code!r}: expected an ISTAT code 01-20, IT (Italy) or SM (San Marino)"
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


def _load(name: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is not None:
        return frame
    from .dataset import load

    return load(name)


def _in_region(frame: pd.DataFrame, region_code: str) -> pd.DataFrame:
    if region_code == ITALY:
        return frame
    return frame[frame["region_code"] == region_code]


def members_in_region(region_code: str, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """Health authorities and third-sector bodies of the network in the region.

    Examples
    --------
    >>> members_in_region("12")["Nome"].tolist()
    ['Asl Roma 2', 'Fondaz. Pol. Tor Vergata', 'Asl Roma 1']
    """
    chosen = _in_region(_load("members", members), check_region_code(region_code))
    return pd.DataFrame(
        {
            "Nome": chosen["name"].astype(str),
            "Tipo": chosen["member_type"].astype(str),
            "Regione": chosen["region"].astype(str),
        }
    ).reset_index(drop=True)


def initiatives_in_region(region_code: str, initiatives: pd.DataFrame | None = None) -> pd.DataFrame:
    """Initiatives of the catalogue located in the region (all of them for Italy).

    Examples
    --------
    >>> len(initiatives_in_region("15"))  # Campania: no network member, no initiative
    0
    """
    frame = _load("initiatives", initiatives)
    code = check_region_code(region_code)
    return frame if code == ITALY else frame[frame["region_code"] == code]


def needs_in_region(region_code: str, initiatives: pd.DataFrame | None = None, needs: pd.DataFrame | None = None):
    """(need, target) pairs of the region's initiatives.

    Examples
    --------
    >>> len(needs_in_region("IT"))
    72
    """
    codes = set(initiatives_in_region(region_code, initiatives)["code"])
    frame = _load("needs", needs)
    return frame[frame["code"].isin(codes)]


def survey_in_region(region_code: str, survey: pd.DataFrame | None = None) -> pd.DataFrame:
    """Questionnaire answers of the region's health authorities.

    Examples
    --------
    >>> len(survey_in_region("IT"))
    24
    """
    return _in_region(_load("survey", survey), check_region_code(region_code))


def suppress_small(table: pd.DataFrame, min_count: int = MIN_COUNT, columns: list[str] | None = None) -> pd.DataFrame:
    """Show counts from 1 to ``min_count - 1`` as "<min_count" (zeros stay 0).

    Parameters
    ----------
    table : DataFrame
    min_count : int
    columns : list of str, optional
        The count columns (default: every integer column).

    Examples
    --------
    >>> suppress_small(pd.DataFrame({"a": ["x", "y"], "n": [3, 12]}))["n"].tolist()
    ['<5', '12']
    >>> suppress_small(pd.DataFrame({"score": [1, 2], "count": [3, 12]}), columns=["count"])["score"].tolist()
    [1, 2]
    """
    out = table.copy()
    for column in columns or list(out.columns):
        if pd.api.types.is_integer_dtype(out[column]):
            out[column] = [f"<{min_count}" if 0 < v < min_count else str(v) for v in out[column]]
    return out


def indicators_for_region(region_code: str, coverage: pd.DataFrame) -> pd.DataFrame:
    """The region's rows of the need-coverage table (Italy's rows for ``IT``).

    Examples
    --------
    >>> from cbresearch.coverage import cached_need_coverage
    >>> indicators_for_region("SM", cached_need_coverage())["status"].str.startswith("no data").all()
    np.True_
    """
    return coverage[coverage["region_code"] == check_region_code(region_code)]


def title(region_code: str) -> str:
    """Report title.

    Examples
    --------
    >>> title("IT"), title("08")
    ('Italia: rapporto nazionale', 'Emilia-Romagna: rapporto regionale')
    """
    code = check_region_code(region_code)
    if code == ITALY:
        return "Italia: rapporto nazionale"
    return f"{region_name(code)}: rapporto regionale"
