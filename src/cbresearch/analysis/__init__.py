"""Pure computations on the cleaned tables: statistics, matrices, survey, networks, coverage, priorities.

Every function takes DataFrames (or loads them with ``cb.load``) and returns
DataFrames or numbers; nothing here writes a file or draws a figure.
:mod:`~cbresearch.analysis.stats` holds the intervals and tests (Wilson,
Byar, funnel limits, trends), :mod:`~cbresearch.analysis.matrices`,
:mod:`~cbresearch.analysis.survey` and :mod:`~cbresearch.analysis.networks`
the seed's tables, :mod:`~cbresearch.analysis.coverage` the need-coverage
indicators per region, :mod:`~cbresearch.analysis.national_coverage` the
national figures, :mod:`~cbresearch.analysis.priority` the priority quadrant
and :mod:`~cbresearch.analysis.regional` what one region's report contains.

May import: ``data``, ``sources``, ``config``, ``errors``, ``rounding``.
Never ``check``, ``publish`` or ``cli``.
"""
