"""What the data must be: datasets and their fields, vocabularies, regions, themes.

May import: ``config``, ``errors``, ``files``, ``sources``. Never another room of ``data``.
"""
