"""Reference rates transcribed from public statistics, with their source.

Indirect standardisation needs national age-specific rates.  The regional
ISTAT file in ``../shared/reference`` has no age breakdown, so the national
rates by age class are transcribed here from the same ISTAT series.

Source: ISTAT, *Disabilità in cifre*, tavola a.1 "Persone per gravità delle
limitazioni nelle attività abitualmente svolte (valori assoluti in migliaia)
per classe di età", Nazione Italia, as processed by onData
(github.com/ondata/disabled-data, file
``data/disabilita-in-cifre/processing/a1-a2/a1-eta-nazionale.csv``, CC BY 4.0).

Examples
--------
>>> rates = national_severe_limitation_rates(2019)
>>> round(rates["75+"], 4)
0.2195
"""

from __future__ import annotations

AGE_CLASSES = ("0-44", "45-64", "65-74", "75+")

#: year -> age class -> (persons with severe limitations, all persons), thousands
SEVERE_LIMITATIONS_BY_AGE: dict[int, dict[str, tuple[int, int]]] = {
    2011: {"0-44": (479, 31603), "45-64": (629, 16175), "65-74": (573, 6284), "75+": (1322, 5733)},
    2012: {"0-44": (443, 31113), "45-64": (626, 16450), "65-74": (566, 6309), "75+": (1346, 5886)},
    2013: {"0-44": (420, 31102), "45-64": (638, 16680), "65-74": (557, 6413), "75+": (1379, 6032)},
    2014: {"0-44": (408, 31063), "45-64": (648, 16885), "65-74": (556, 6499), "75+": (1425, 6183)},
    2015: {"0-44": (442, 30574), "45-64": (681, 17094), "65-74": (552, 6455), "75+": (1420, 6460)},
    2016: {"0-44": (471, 30022), "45-64": (660, 17305), "65-74": (524, 6470), "75+": (1414, 6632)},
    2017: {"0-44": (430, 29570), "45-64": (718, 17499), "65-74": (500, 6501), "75+": (1467, 6756)},
    2018: {"0-44": (381, 29132), "45-64": (739, 17709), "65-74": (471, 6545), "75+": (1496, 6850)},
    2019: {"0-44": (393, 28705), "45-64": (750, 17893), "65-74": (516, 6724), "75+": (1492, 6798)},
}


def national_severe_limitation_rates(year: int) -> dict[str, float]:
    """National share of persons with severe limitations, by age class, in ``year``.

    Examples
    --------
    >>> sorted(national_severe_limitation_rates(2011))
    ['0-44', '45-64', '65-74', '75+']
    """
    try:
        table = SEVERE_LIMITATIONS_BY_AGE[year]
    except KeyError:
        raise KeyError(
            f"no national rates for {year}; available: {min(SEVERE_LIMITATIONS_BY_AGE)}-"
            f"{max(SEVERE_LIMITATIONS_BY_AGE)}"
        ) from None
    return {age: severe / total for age, (severe, total) in table.items()}
