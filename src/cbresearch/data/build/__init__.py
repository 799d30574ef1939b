"""Raw data derived from the seeds and from ISTAT: reconstruction, networks, ISTAT tables, boundaries.

May import: ``clean`` (its readers), ``store``, ``schema``. Never ``intake``.
"""
