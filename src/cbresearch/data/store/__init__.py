"""The processed data as readers see it: loading, the data version, the one cache module.

May import: ``schema``. Never ``clean``, ``build`` or ``intake``.
"""
