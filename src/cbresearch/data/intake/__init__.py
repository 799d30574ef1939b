"""What users bring: survey-tool exports, their mapping files, dates, data-entry workbooks.

May import: every other room of ``data``.
"""
