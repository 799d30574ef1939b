"""What a section of a report writes to and reads from: the report as its sections see it (a typed protocol).

The sections (:mod:`.indicators`, :mod:`.records`, :mod:`.programme`,
:mod:`.waves`) are functions of a :class:`Canvas`;
:class:`~.regional.RegionalReport` is one.  Typing them against the protocol,
not the class, keeps the arrows one way: the report imports its sections,
never the reverse.

Examples
--------
>>> from cbresearch.publish.report.regional import RegionalReport
>>> isinstance(RegionalReport("SM"), Canvas)
True
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import pandas as pd

    from ...check.disclosure.protect import Protected
    from ..tables.report_table import ReportTable
    from .lineage import Lineage


@runtime_checkable
class Canvas(Protocol):
    """A report a section can show itself in: who it is about, its data, the ways to show things."""

    code: str
    name: str
    min_count: int
    illustrative: bool

    @property
    def coverage(self) -> pd.DataFrame:
        """The need-coverage table the report reads."""
        ...

    def lineage_context(self, lineage: Lineage) -> AbstractContextManager:
        """Within the block, everything shown carries ``lineage``."""
        ...

    def show_markdown(self, text: str, lineage: Lineage | None = None) -> None:
        """Show prose."""
        ...

    def show_table(self, table: ReportTable, lineage: Lineage | None = None) -> None:
        """Show a table (and put it in the workbook)."""
        ...

    def show_figure(self, ax, alt: str, lineage: Lineage | None = None) -> None:
        """Show a figure with its alternative text."""
        ...

    def show_shared(self, name: str, alt: str, mark: Callable | None = None, lineage: Lineage | None = None) -> None:
        """Show a figure every report shares, with this region marked on a layer above it."""
        ...

    def protect(self, counts: pd.DataFrame) -> Protected:
        """Hide the small counts of a table (and any count its totals would give away)."""
        ...

    def table(self, name: str) -> pd.DataFrame:
        """A dataset of the project, as the report reads it."""
        ...
