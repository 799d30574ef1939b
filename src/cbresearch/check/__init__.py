"""The reproduction check: every registered figure of the seeds, recomputed and judged.

:mod:`~cbresearch.check.recompute` holds the functions that recompute a
figure from the project's data; :mod:`~cbresearch.check.reproduction`
runs the registry (:mod:`cbresearch.sources.registry`) through them and says
for each figure what the check shows.

May import: ``analysis``, ``data``, ``sources``, ``config``, ``errors``, ``rounding``.
Never ``publish`` or ``cli``.
"""
