"""Reading, validating, cleaning and loading the project's data: everything that touches ``data/``.

* raw exports are read as text (:mod:`~cbresearch.data.clean.readers`), parsed
  (:mod:`~cbresearch.data.clean.parsing`) and validated against the datasets'
  schemas (:mod:`~cbresearch.data.schema.datasets`, :mod:`~cbresearch.data.schema.vocab`,
  :mod:`~cbresearch.data.schema.regions`) with readable problems
  (:mod:`~cbresearch.data.clean.validation`); deliveries are merged
  (:mod:`~cbresearch.data.clean.deliveries`) and the processed tables written by
  :mod:`~cbresearch.data.clean.pipeline` (``cbresearch clean``);
* :mod:`~cbresearch.data.store.load` reads them back (``cb.load``) and never
  writes; :mod:`~cbresearch.data.store.fingerprint` is the one data version;
* :mod:`~cbresearch.data.build.reconstruct` rebuilds record-level raw data from
  the seeds' aggregates, :mod:`~cbresearch.data.build.istat` and
  :mod:`~cbresearch.data.build.boundaries` derive the ISTAT tables and region
  boundaries, :mod:`~cbresearch.data.intake.forms` writes data-entry workbooks,
  :mod:`~cbresearch.data.clean.status` says what is in the database,
  :mod:`~cbresearch.data.schema.themes` tags initiatives with the themes of seeds 000-001.

May import: ``sources``, ``config``, ``errors``, ``files``, ``rounding``.
Never ``analysis``, ``check``, ``publish`` or ``cli``.
"""
