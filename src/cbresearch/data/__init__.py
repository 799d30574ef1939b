"""Reading, validating, cleaning and loading the project's data: everything that touches ``data/``.

* raw exports are read as text (:mod:`~cbresearch.data.readers`), parsed
  (:mod:`~cbresearch.data.parsing`) and validated against the datasets'
  schemas (:mod:`~cbresearch.data.schemas`, :mod:`~cbresearch.data.vocab`,
  :mod:`~cbresearch.data.regions`) with readable problems
  (:mod:`~cbresearch.data.validation`); deliveries are merged
  (:mod:`~cbresearch.data.deliveries`) and the processed tables written by
  :mod:`~cbresearch.data.pipeline` (``cbresearch clean``);
* :mod:`~cbresearch.data.load` reads them back (``cb.load``) and never
  writes; :mod:`~cbresearch.data.fingerprint` is the one data version;
* :mod:`~cbresearch.data.reconstruct` rebuilds record-level raw data from
  the seeds' aggregates, :mod:`~cbresearch.data.istat` and
  :mod:`~cbresearch.data.boundaries` derive the ISTAT tables and region
  boundaries, :mod:`~cbresearch.data.forms` writes data-entry workbooks,
  :mod:`~cbresearch.data.status` says what is in the database,
  :mod:`~cbresearch.data.themes` tags initiatives with the themes of seeds 000-001.

May import: ``sources``, ``config``, ``errors``, ``files``, ``rounding``.
Never ``analysis``, ``check``, ``publish`` or ``cli``.
"""
