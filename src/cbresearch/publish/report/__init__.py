"""The regional report: the object a notebook writes to, one module per section, shared figures, title.

:mod:`.regional` is :class:`~.regional.RegionalReport`; :mod:`.indicators`,
:mod:`.records`, :mod:`.programme`, :mod:`.waves` are its sections;
:mod:`.lineage` says what a report may show; :mod:`.shared_figures` the
figures every report shares; :mod:`.coverage` the need-coverage table as
reports read it (cached); :mod:`.display` the Italian display of tables and
figures in JupyterLab; :mod:`.title` the report's title.

May import: ``tables``, ``figures``, ``text``, ``pages``, ``typeface`` and the layers below.
Never ``kernels``, ``batch``, ``course`` or ``catalogue``.
"""
