"""Tables as people read them: the report's tables, the seeds' tables, the Excel workbook.

May import: ``text``, ``pages``, ``typeface`` and the layers below. Never ``figures``
(figures and tables are siblings) nor any room above.
"""
