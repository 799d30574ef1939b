"""Disclosure control in one place: the protection of small counts and its audit.

:mod:`.protect` hides the small counts of a table and whatever would let a
reader recover them; :mod:`.audit` checks a published table from the outside
(what a reader could recompute from margins and totals).

May import: ``config``, ``errors``, ``formats``. Never another room of ``check``.
"""
