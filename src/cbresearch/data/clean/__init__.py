"""From raw files to processed tables: readers, parsing, validation, deliveries, the pipeline, the status.

May import: ``store``, ``schema``. Never ``build`` or ``intake``.
"""
