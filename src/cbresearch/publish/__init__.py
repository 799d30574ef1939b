"""Everything a person reads: plots, maps, tables, regional reports and their batch, catalogue, course.

* :mod:`~cbresearch.publish.plots` and :mod:`~cbresearch.publish.maps` draw
  figures (they return Axes, write nothing); :mod:`~cbresearch.publish.italian`
  formats numbers, dates and labels the Italian way; :mod:`~cbresearch.publish.privacy`
  hides small counts; :mod:`~cbresearch.publish.pages` renders HTML from the
  Jinja2 templates in ``publish/templates``;
* :mod:`~cbresearch.publish.tables` writes the seed's tables;
  :mod:`~cbresearch.publish.report` and :mod:`~cbresearch.publish.programme_section`
  are the sections of a regional report, :mod:`~cbresearch.publish.batch`
  runs one report per region (plan, execute, publish) with kernels from
  :mod:`~cbresearch.publish.notebooks` and :mod:`~cbresearch.publish.zygote`;
* :mod:`~cbresearch.publish.catalogue` is the offline catalogue,
  :mod:`~cbresearch.publish.course` the course's checks and copies.

May import: ``check``, ``analysis``, ``data``, ``sources``, ``config``,
``errors``, ``files``, ``rounding``.  Never ``cli``.
"""
