"""Themes of community health from seeds 000 and 001, used to tag initiatives.

Seed 000 (Bando InTreCCCI, domiciliarity) and seed 001 (programming group on
domiciliarity, "nel 2030…") name the themes that recur in community-care
projects: domiciliarity, "light" interventions and "servizi non servizi",
community figures (community nurse, social concierge, community manager…),
community places, digitalisation, and care for those who care.  This module
turns them into a small vocabulary and tags every initiative, with rules on
its classification (documented in :func:`tag_themes`) plus any theme written
explicitly in an optional ``Temi`` column.

Examples
--------
>>> THEMES.labels[0]
'Domiciliarità'
>>> THEMES.lookup("cura di chi cura")
'Cura di chi cura'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .vocab import Vocabulary, normalise_key

if TYPE_CHECKING:
    import pandas as pd  # the schema is read by light commands: pandas only where a table is tagged

THEMES = Vocabulary(
    "tema",
    (
        "Domiciliarità",
        "Interventi leggeri",
        "Figure di comunità",
        "Luoghi di comunità",
        "Digitalizzazione",
        "Cura di chi cura",
    ),
    {
        "Domiciliarita": "Domiciliarità",
        "Servizi non servizi": "Interventi leggeri",
        "Infermiere di comunità": "Figure di comunità",
        "Case della comunità": "Luoghi di comunità",
        "Digitale": "Digitalizzazione",
        "I care": "Cura di chi cura",
        "Caregiver": "Cura di chi cura",
    },
)

_HOME_TARGETS = {"Anziani fragili", "Disabili", "Cronici", "Persone in fine vita", "Fragili"}
_PLACE_ACTIVITIES = {"Sviluppo di Collaborative lifestyles", "Iniziative a sostegno della coproduzione"}
_KEYWORDS = {
    "Domiciliarità": r"domicil|a casa|visite domiciliari",
    "Interventi leggeri": r"volontari|socializzazione|legger",
    "Figure di comunità": r"infermiere di comunit|custod[ei] social|portier[ei] social|maggiordom|community manager|"
    r"facilitator",
    "Luoghi di comunità": r"luogo|luoghi|spazi|cafe|caffe|hub|casa della (salute|comunita)|parrocchial",
    "Digitalizzazione": r"digital|telefon|online|\bict\b|\bapp\b|piattaforma",
    "Cura di chi cura": r"caregiver|care giver|familiari|famiglie",
}


def tag_themes(initiatives: pd.DataFrame) -> pd.Series:
    """Themes of each initiative (a list per row, in vocabulary order).

    Rules, from the seeds' descriptions of each theme:

    * **Domiciliarità**: a target living at home with a chronic or frail
      condition (frail elderly, disabled, chronic, end of life, frail), or the
      text speaks of home care;
    * **Interventi leggeri**: a voluntary or peer approach, volunteer
      associations among the actors, or socialisation in the text;
    * **Figure di comunità**: community nurses, social concierges, community
      managers or facilitators in the text;
    * **Luoghi di comunità**: activities that build shared places and
      co-production (collaborative lifestyles, co-production), or places in
      the text (a café, spaces, hubs, Case della Comunità);
    * **Digitalizzazione**: telephone, online or digital tools in the text;
    * **Cura di chi cura**: caregivers among the targets, or families and
      caregivers in the text.

    An explicit ``themes`` column (from a ``Temi`` column in the raw file) is
    added to what the rules find.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"title": ["Alzheimer Cafè"], "description": ["luogo per familiari"],
    ...                       "targets": [["Caregiver"]], "approaches": [["Istituzionale"]],
    ...                       "actors": [["Associazione di volontariato"]], "activity": [None]})
    >>> tag_themes(frame).iloc[0]
    ['Interventi leggeri', 'Luoghi di comunità', 'Cura di chi cura']
    """
    tags = []
    for row in initiatives.to_dict("records"):
        found = set(row.get("themes") or [])
        text = normalise_key(
            " ".join(
                str(row.get(c) or "")
                for c in ("title", "card_name", "description", "objectives", "tools", "activity_card")
            )
        )
        targets, approaches, actors = (set(row.get(c) or []) for c in ("targets", "approaches", "actors"))
        if targets & _HOME_TARGETS:
            found.add("Domiciliarità")
        if approaches & {"Volontariato", "Tra pari"} or "Associazione di volontariato" in actors:
            found.add("Interventi leggeri")
        if row.get("activity") in _PLACE_ACTIVITIES:
            found.add("Luoghi di comunità")
        if "Caregiver" in targets:
            found.add("Cura di chi cura")
        for theme, pattern in _KEYWORDS.items():
            if re.search(pattern, text):
                found.add(theme)
        tags.append([t for t in THEMES.labels if t in found])
    import pandas as pd

    return pd.Series(tags, index=initiatives.index, dtype=object)
