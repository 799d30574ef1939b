"""The title of a report, as the page, its PDF, the overview and the batch's messages print it."""

from __future__ import annotations

from ...data.schema.regions import region_name


def report_title(code: str) -> str:
    """The title of a report.

    Examples
    --------
    >>> report_title("IT"), report_title("08")
    ('Italia: rapporto nazionale', 'Emilia-Romagna: rapporto regionale')
    """
    if code == "IT":
        return "Italia: rapporto nazionale"
    return f"{region_name(code)}: rapporto regionale"
