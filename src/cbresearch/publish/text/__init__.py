"""Words: Italian labels and numbers, the sentences and alternative texts of figures, the methods page.

May import: ``pages``, ``typeface`` and the layers below.
"""
