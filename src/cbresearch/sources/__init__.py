"""Facts transcribed by hand: the slides (seeds 000-004) and the ISTAT figures read off public tables.

What lives here is data written as Python or YAML, each item with the slide or
table it comes from: the published aggregates and the real records of the
slides (:mod:`~cbresearch.sources.slides`), every printed figure in the
registry (:mod:`~cbresearch.sources.registry`), the Emilia-Romagna
programmes (:mod:`~cbresearch.sources.programmes`) and national reference
rates (:mod:`~cbresearch.sources.standards`).

May import: ``config``, ``errors``, ``rounding`` and the standard library.
Nothing here reads the project's data or writes a file.
"""
