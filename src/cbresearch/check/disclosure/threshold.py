"""The one threshold of disclosure control: counts from 1 to ``MIN_COUNT - 1`` are never published.

Kept apart from :mod:`.protect` (which needs numpy and pandas) so that the
command line can show it in its help without importing them.

Examples
--------
>>> MIN_COUNT
5
"""

from __future__ import annotations

#: counts below this are hidden in published tables (and any count the totals would give away)
MIN_COUNT = 5
