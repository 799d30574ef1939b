"""An offline, searchable catalogue of good practices: one self-contained HTML page.

:func:`write_catalogue` writes ``index.html`` (data embedded as JSON, the
script and styles inline: no external scripts, fonts or CDNs, so it works
from a USB stick), plus ``catalogue.csv`` and ``catalogue.xlsx`` with formula
injection neutralised.  The page offers the nine search parameters of seed
004 (title, country, initiative type, approach, activity, target, promoter,
actors, free text) plus region and themes:

* one search box over every field a person would search (:data:`SEARCH_FIELDS`,
  contacts excluded), ignoring case and accents, with Italian word forms
  (a light stemmer and prefix matching) and the synonyms of
  ``data/schema/search_words.yaml``; all words must match, results are ranked by the
  weight of the fields they match in (title 5, target 4, …) and the matched
  words are highlighted;
* filters whose options show how many initiatives each would give with the
  other current choices, a title field that filters as one types, and a map
  of the regions (click or Enter on a region filters by it);
* the state in the URL, a permanent link per card (``#CB012``) and a
  "Scarica la selezione" button that saves the shown initiatives with the same
  columns and formula-safe rules as ``catalogue.csv``.

The index is built once when the page loads; every text is written with
``textContent`` so that nothing in the data can run.  Contacts are left out
unless ``include_contacts`` is given, and then only for records transcribed
from the seed.

Examples
--------
>>> records = catalogue_records()
>>> len(records), sum(r["reconstructed"] for r in records)
(80, 76)
>>> any(r["contacts"] for r in records)
False
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from .. import config
from ..data.build.boundaries import ATTRIBUTION
from ..data.schema.regions import REGION_NAMES
from ..data.schema.themes import THEMES
from ..data.schema.vocab import (
    ACTIVITIES,
    ACTORS,
    APPROACHES,
    CATALOGUE_TARGETS,
    COUNTRIES,
    INITIATIVE_TYPES,
    PROMOTERS,
    search_words,
)
from ..data.store.load import load
from ..files import StagedOutputs
from .figures.maps import svg_region_paths
from .pages import asset, render
from .tables.seed_tables import FORMULA_PREFIXES, neutralise_formula, to_safe_csv

#: the filters: the seed's search parameters (title and free text have their own boxes), region and themes
FIELDS = (
    ("country", "Nazione", COUNTRIES.labels),
    ("region", "Regione", tuple(REGION_NAMES.values())),
    ("initiative_type", "Tipo iniziativa", INITIATIVE_TYPES.labels),
    ("approaches", "Approccio", APPROACHES.labels),
    ("activity", "Attività", ACTIVITIES.labels),
    ("targets", "Target", CATALOGUE_TARGETS.labels),
    ("promoter", "Promotore", PROMOTERS.labels),
    ("actors", "Attori coinvolti", ACTORS.labels),
    ("themes", "Temi", THEMES.labels),
)

#: the fields the search box reads, with the weight a match in each adds to an initiative's rank
SEARCH_FIELDS = {
    "title": 5,
    "targets": 4,
    "card_name": 3,
    "activity": 3,
    "needs": 3,
    "themes": 2,
    "initiative_type": 2,
    "approaches": 2,
    "actors": 2,
    "promoter": 2,
    "country": 1,
    "region": 1,
    "organisation": 1,
    "description": 1,
    "objectives": 1,
    "tools": 1,
    "kpi": 1,
    "timing": 1,
    "social_cluster_impact": 1,
}


def _text(value) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


def _list(value) -> list[str]:
    if value is None or value is pd.NA or isinstance(value, float):
        return []
    return [str(v) for v in value]


def catalogue_records(
    initiatives: pd.DataFrame | None = None, needs: pd.DataFrame | None = None, include_contacts: bool = False
) -> list[dict]:
    """One JSON-ready record per initiative, in alphabetical order of title.

    Parameters
    ----------
    initiatives, needs : DataFrame, optional
        Cleaned tables (default: ``cb.load``).
    include_contacts : bool
        Keep the contacts of records transcribed from the seed (never of reconstructed ones).

    Examples
    --------
    >>> next(r for r in catalogue_records() if r["title"] == "Alzheimer Cafè")["reconstructed"]
    False
    """
    if initiatives is None:
        initiatives = load("initiatives", include_contacts=include_contacts)
    needs = needs if needs is not None else load("needs")
    pairs = needs.groupby("code", observed=True).apply(
        lambda rows: [f"{n} × {t}" for n, t in zip(rows["need"], rows["target"], strict=True)], include_groups=False
    )
    records = []
    for row in initiatives.itertuples(index=False):
        source = str(row.source)
        record = {
            "code": row.code,
            "title": _text(row.title),
            "card_name": _text(row.card_name),
            "country": _text(row.country),
            "region": _text(row.region),
            "organisation": _text(row.organisation),
            "initiative_type": _text(row.initiative_type),
            "approaches": _list(row.approaches),
            "activity": _text(row.activity),
            "targets": _list(row.targets),
            "needs": pairs.get(row.code, []),
            "themes": _list(getattr(row, "themes", None)),
            "promoter": _text(row.promoter),
            "actors": _list(row.actors),
            "social_cluster_impact": _text(row.social_cluster_impact),
            "description": _text(row.description),
            "timing": _text(row.timing),
            "objectives": _text(row.objectives),
            "tools": _text(row.tools),
            "kpi": _text(row.kpi),
            "contacts": _text(row.contacts) if include_contacts and source == "seed" else None,
            "source": source,
            "reconstructed": source == "ricostruito",
        }
        records.append(record)
    return sorted(records, key=lambda r: (r["title"] or "").casefold())


def _json_for_script(payload: object) -> str:
    """JSON that is safe inside a <script> element (no '</script>', no HTML comments)."""
    text = json.dumps(payload, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_page(records: list[dict]) -> str:
    """The self-contained ``index.html``.

    Examples
    --------
    >>> page = render_page([{"code": "X1", "title": "<script>alert(1)</script>", "description": ""}])
    >>> "<script>alert(1)" in page
    False
    """
    words = search_words()
    payload = {
        "records": records,
        "fields": [{"key": key, "label": label, "order": list(order)} for key, label, order in FIELDS],
        "searchFields": list(SEARCH_FIELDS.items()),
        "synonyms": words["synonyms"],
        "stopWords": words["stop_words"],
        "exportColumns": list(EXPORT_COLUMNS.items()),
        "formulaPrefixes": list(FORMULA_PREFIXES),
    }
    with_data = {r.get("region") for r in records}
    paths, (width, height) = svg_region_paths()
    return render(
        "catalogue.html.j2",
        css=asset("catalogue/catalogue.css"),
        script=asset("catalogue/catalogue.js"),
        data=_json_for_script(payload),
        titles=sorted({r["title"] for r in records if r.get("title")}, key=str.casefold),
        regions=[{**path, "active": path["name"] in with_data} for path in paths],
        map_size=(round(width), round(height)),
        attribution=ATTRIBUTION,
        total=len(records),
        reconstructed=sum(r.get("reconstructed", False) for r in records),
    )


EXPORT_COLUMNS = {
    "code": "Codice",
    "title": "Titolo",
    "country": "Nazione",
    "region": "Regione",
    "organisation": "Azienda",
    "initiative_type": "Tipo iniziativa",
    "approaches": "Approccio",
    "activity": "Attività",
    "targets": "Target",
    "needs": "Bisogni × target",
    "themes": "Temi",
    "promoter": "Promotore",
    "actors": "Attori coinvolti",
    "description": "Descrizione",
    "timing": "Tempistiche",
    "objectives": "Obiettivi",
    "tools": "Strumenti",
    "kpi": "KPI",
    "contacts": "Contatti",
    "source": "Fonte",
}


def export_frame(records: list[dict]) -> pd.DataFrame:
    """The catalogue as a flat table (multi-valued fields joined with '; ').

    Examples
    --------
    >>> export_frame(catalogue_records()).columns[:3].tolist()
    ['Codice', 'Titolo', 'Nazione']
    """
    rows = [
        {label: "; ".join(r[key]) if isinstance(r[key], list) else r[key] for key, label in EXPORT_COLUMNS.items()}
        for r in records
    ]
    return pd.DataFrame(rows, columns=list(EXPORT_COLUMNS.values()))


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """An Excel workbook of ``frame`` in which no cell can be a formula.

    Examples
    --------
    >>> from openpyxl import load_workbook
    >>> data = xlsx_bytes(pd.DataFrame({"a": ["=1+1"]}))
    >>> load_workbook(io.BytesIO(data)).active["A2"].value
    "'=1+1"
    """
    from openpyxl import Workbook  # only needed when a workbook is written

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Catalogo"
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if v is None or v != v else neutralise_formula(v) for v in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, whatever it starts with
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_catalogue(
    out_dir: Path | None = None,
    include_contacts: bool = False,
    initiatives: pd.DataFrame | None = None,
    needs: pd.DataFrame | None = None,
) -> list[Path]:
    """Write ``index.html``, ``catalogue.csv`` and ``catalogue.xlsx`` into ``out_dir`` (atomically).

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_catalogue(Path(d))]
    ['index.html', 'catalogue.csv', 'catalogue.xlsx']
    """
    out_dir = Path(out_dir or config.REPORTS_DIR / "catalogue")
    out_dir.mkdir(parents=True, exist_ok=True)
    records = catalogue_records(initiatives, needs, include_contacts)
    frame = export_frame(records)
    with StagedOutputs() as staged:
        staged.write_bytes(out_dir / "index.html", render_page(records).encode("utf-8"))
        staged.write_bytes(out_dir / "catalogue.csv", to_safe_csv(frame))
        staged.write_bytes(out_dir / "catalogue.xlsx", xlsx_bytes(frame))
    return [out_dir / "index.html", out_dir / "catalogue.csv", out_dir / "catalogue.xlsx"]
