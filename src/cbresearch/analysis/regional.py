"""What one region's report is made of: the data for each section, as DataFrames.

Pure functions of the cleaned tables, which the caller loads and passes in
(the report object, a notebook: ``cb.load("initiatives")``); how they are
shown (and which small counts are hidden) is :mod:`cbresearch.publish.report.regional`'s
business.  ``region_code`` is an ISTAT code ("01"-"20"), ``"IT"`` for Italy
(everything) or ``"SM"`` for San Marino.

Examples
--------
>>> import cbresearch as cb
>>> members_in_region("08", cb.load("members"))["Tipo"].value_counts().to_dict()
{'Azienda sanitaria': 8, 'Ente del terzo settore': 3}
>>> len(initiatives_in_region("IT", cb.load("initiatives")))
80
"""

from __future__ import annotations

import pandas as pd

from ..data.schema.regions import ITALY, check_region_code


def _in_region(frame: pd.DataFrame, region_code: str) -> pd.DataFrame:
    if region_code == ITALY:
        return frame
    return frame[frame["region_code"] == region_code]


def members_in_region(region_code: str, members: pd.DataFrame) -> pd.DataFrame:
    """Health authorities and third-sector bodies of the network in the region.

    Examples
    --------
    >>> import cbresearch as cb
    >>> members_in_region("12", cb.load("members"))["Nome"].tolist()
    ['Asl Roma 2', 'Fondaz. Pol. Tor Vergata', 'Asl Roma 1']
    """
    chosen = _in_region(members, check_region_code(region_code))
    return pd.DataFrame(
        {
            "Nome": chosen["name"].astype(str),
            "Tipo": chosen["member_type"].astype(str),
            "Regione": chosen["region"].astype(str),
        }
    ).reset_index(drop=True)


def initiatives_in_region(region_code: str, initiatives: pd.DataFrame) -> pd.DataFrame:
    """Initiatives of the catalogue located in the region (all of them for Italy).

    Examples
    --------
    >>> import cbresearch as cb
    >>> len(initiatives_in_region("15", cb.load("initiatives")))  # Campania: no network member, no initiative
    0
    """
    code = check_region_code(region_code)
    return initiatives if code == ITALY else initiatives[initiatives["region_code"] == code]


def needs_in_region(region_code: str, initiatives: pd.DataFrame, needs: pd.DataFrame) -> pd.DataFrame:
    """(need, target) pairs of the region's initiatives.

    Examples
    --------
    >>> import cbresearch as cb
    >>> len(needs_in_region("IT", cb.load("initiatives"), cb.load("needs")))
    72
    """
    codes = set(initiatives_in_region(region_code, initiatives)["code"])
    return needs[needs["code"].isin(codes)]


def survey_in_region(region_code: str, survey: pd.DataFrame) -> pd.DataFrame:
    """Questionnaire answers of the region's health authorities.

    Examples
    --------
    >>> import cbresearch as cb
    >>> len(survey_in_region("IT", cb.load("survey")))
    24
    """
    return _in_region(survey, check_region_code(region_code))


def indicators_for_region(region_code: str, coverage: pd.DataFrame) -> pd.DataFrame:
    """The region's rows of the need-coverage table (Italy's rows for ``IT``).

    Examples
    --------
    >>> indicators_for_region("SM", coverage_table)["status"].str.startswith("no data").all()
    np.True_
    """
    return coverage[coverage["region_code"] == check_region_code(region_code)]
