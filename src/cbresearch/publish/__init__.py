"""Everything a person reads: plots, maps, tables, regional reports and their batch, catalogue, course.

* :mod:`~cbresearch.publish.figures.plots` and :mod:`~cbresearch.publish.figures.maps` draw
  figures (they return Axes, write nothing); :mod:`~cbresearch.publish.text.italian`
  formats numbers, dates and labels the Italian way; :mod:`~cbresearch.check.disclosure.protect`
  hides small counts; :mod:`~cbresearch.publish.pages` renders HTML from the
  Jinja2 templates in ``publish/templates``;
* :mod:`~cbresearch.publish.tables.seed_tables` writes the seed's tables;
  :mod:`~cbresearch.publish.report.regional` and :mod:`~cbresearch.publish.report.programme`
  are the sections of a regional report, :mod:`~cbresearch.publish.batch`
  runs one report per region (plan, execute, publish) with kernels from
  :mod:`~cbresearch.publish.kernels.notebooks` and :mod:`~cbresearch.publish.kernels.zygote`;
* :mod:`~cbresearch.publish.catalogue` is the offline catalogue,
  :mod:`~cbresearch.publish.course.exercises` the course's checks and copies.

May import: ``check``, ``analysis``, ``data``, ``sources``, ``config``,
``errors``, ``files``, ``rounding``.  Never ``cli``.
"""
