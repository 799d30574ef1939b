"""Figures: the house style, plots, maps and the layers shared figures are drawn on.

May import: ``text``, ``pages``, ``typeface`` and the layers below. Never ``tables``
nor any room above.
"""
