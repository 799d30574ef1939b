"""Data-entry workbooks that a health authority's staff can fill in without training.

``cbresearch template {survey,initiatives,networks} --out FILE.xlsx`` writes a
workbook whose first sheet ("Dati") has the raw export's columns in order, a
frozen header, sensible widths and drop-down lists (Excel data validation) fed
from the controlled vocabularies, kept on a hidden "Vocabolari" sheet.  An
"Istruzioni" sheet explains every column in Italian and an "Esempio" sheet
shows one filled row.  Filled workbooks go to ``data/raw/<dataset>/``, where
``cbresearch clean`` picks them up.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as d:
...     path = write_template("networks", Path(d) / "reti.xlsx")
...     from openpyxl import load_workbook
...     load_workbook(path).sheetnames
['Dati', 'Istruzioni', 'Esempio', 'Vocabolari']
"""

from __future__ import annotations

import io
from pathlib import Path

from ...errors import CbResearchError
from ...files import atomic_write_bytes
from ...i18n import _
from ...sources.slides import MEMBERS
from ..build.reconstruct import likert_text
from ..schema.datasets import SPECS, Field, FieldKind
from ..schema.vocab import LIKERT_LABELS, SURVEY_ITEMS, YES_NO

TEMPLATES = {"survey": "survey", "initiatives": "initiatives", "networks": "networks"}
EMPTY_ROWS = 200  # rows prepared with validations

_KIND_HELP: dict[FieldKind, str] = {
    FieldKind.ID: "Codice univoco del record (non riutilizzare codici già presenti).",
    FieldKind.TEXT: "Testo libero.",
    FieldKind.LABEL: "Scegliere una voce dal menu a tendina.",
    FieldKind.MULTI: "Una o più voci dell'elenco, separate da punto e virgola e spazio ('; '). Il menu propone le "
    "voci; per sceglierne più d'una scriverle separate da '; '.",
    FieldKind.LIKERT: "Punteggio da 1 (per niente) a 5 (totalmente), dal menu.",
    FieldKind.DATE: "Data nel formato gg/mm/aaaa.",
    FieldKind.YESNO: "Sì oppure No, dal menu.",
    FieldKind.REGION: "Regione (menu); per iniziative estere scrivere la regione o la contea.",
    FieldKind.INT: "Numero intero.",
    FieldKind.NUMBER: "Numero.",
}


def _choices(f: Field) -> list[str] | None:
    if f.kind is FieldKind.LIKERT:
        return [likert_text(score) for score in LIKERT_LABELS]
    if f.kind is FieldKind.YESNO:
        return list(YES_NO.labels)
    if f.kind in (FieldKind.LABEL, FieldKind.MULTI, FieldKind.REGION) and f.vocabulary is not None:
        return list(f.vocabulary.labels)
    return None


def _member_names() -> list[str]:
    return [name for _, name, _, _ in MEMBERS]


def template_columns(dataset: str) -> list[tuple[Field, list[str] | None]]:
    """The columns of a template in order, each with its drop-down choices (or ``None``).

    Examples
    --------
    >>> [f.header for f, _ in template_columns("survey")][:3]
    ['ID risposta', 'Azienda', 'Regione']
    """
    if dataset not in TEMPLATES:
        raise CbResearchError(
            _("no template for {name!r}; expected one of: {choices}").format(name=dataset, choices=", ".join(TEMPLATES))
        )
    spec = SPECS[TEMPLATES[dataset]]
    columns = []
    for f in spec.fields:
        choices = _choices(f)
        if f.header in ("Azienda", "Ente mappante"):
            choices = _member_names()
        columns.append((f, choices))
    return columns


def example_row(dataset: str) -> dict[str, str]:
    """The example row a template shows on its "Esempio" sheet: raw header -> value.

    Examples
    --------
    >>> example_row("networks")["Relazione"], example_row("survey")["Adeguatezza - Reti di comunità"]
    ('collabora', '4 - Molto')
    """
    examples = {
        "survey": {
            "ID risposta": "R-ESEMPIO",
            "Azienda": "Asl Roma 1",
            "Regione": "Lazio",
            "Data compilazione": "15/01/2027",
            "Fonte": "consegna",
        },
        "networks": {
            "Codice rete": "RS-ESEMPIO",
            "Nome rete": "Gruppo di cammino del quartiere",
            "Ente mappante": "Asl Roma 1",
            "Tipo ente mappante": "Azienda sanitaria",
            "Categoria rete": "Vicinato",
            "Relazione": "collabora",
            "Formale": "No",
            "Beneficiari esterni": "Sì",
            "Interesse": "alto",
            "Influenza": "basso",
            "Contributi": "Promozione delle connessioni sociali; Educazione sanitaria",
            "Ricompense": "Visibilità; Spazi",
            "Fonte": "consegna",
        },
        "initiatives": {
            "Codice": "CB-ESEMPIO",
            "Titolo": "Caffè della salute di quartiere",
            "Nazione": "Italia",
            "Regione": "Lazio",
            "Azienda": "Asl Roma 1",
            "Promotore": "Azienda sanitaria",
            "Tipo iniziativa": "Reti di comunità",
            "Approccio": "Istituzionale",
            "Attività": "Iniziative per diffondere la prevenzione",
            "Target": "Anziani fragili; Caregiver",
            "Attori coinvolti": "Azienda sanitaria; Associazione di volontariato",
            "Nella matrice": "No",
            "Descrizione": "Incontri mensili aperti a tutti con operatori e volontari.",
            "Fonte": "consegna",
        },
    }
    row = examples[dataset]
    if dataset == "survey":
        row.update({header: likert_text(4) for header in SURVEY_ITEMS.values()})
    return row


def _style_header(cell) -> None:
    from openpyxl.styles import Font, PatternFill

    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor="1F4E79")


def _dropdown(f: Field, source: str):
    """The data validation of a column with choices: a list, strict for single labels, a warning for multi."""
    from openpyxl.worksheet.datavalidation import DataValidation

    multi = f.kind is FieldKind.MULTI
    return DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning" if multi else "stop",
        errorTitle="Valore non previsto",
        error="Più voci vanno separate da '; '. Controllare che ognuna sia nell'elenco."
        if multi
        else "Scegliere una voce dal menu.",
        promptTitle=f.header,
        prompt=_KIND_HELP[f.kind][:250],
        showInputMessage=True,
    )


def _data_sheet(data, lists, columns: list[tuple[Field, list[str] | None]]) -> None:
    """The "Dati" sheet: headers with help, widths, drop-downs fed from the hidden "Vocabolari" sheet."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    for position, (f, choices) in enumerate(columns, start=1):
        letter = get_column_letter(position)
        cell = data.cell(row=1, column=position, value=f.header)
        _style_header(cell)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(_KIND_HELP[f.kind], "cbresearch")
        longest = max([len(f.header), *(len(c) for c in choices or [])])
        data.column_dimensions[letter].width = max(12, min(45, longest + 2))
        if choices:
            lists.cell(row=1, column=position, value=f.header)
            for i, choice in enumerate(choices, start=2):
                lists.cell(row=i, column=position, value=choice)
            validation = _dropdown(f, f"=Vocabolari!${letter}$2:${letter}${len(choices) + 1}")
            validation.add(f"{letter}2:{letter}{EMPTY_ROWS + 1}")
            data.add_data_validation(validation)
    data.freeze_panes = "A2"
    data.row_dimensions[1].height = 32
    lists.sheet_state = "hidden"


def _guide_sheet(guide, dataset: str, columns: list[tuple[Field, list[str] | None]]) -> None:
    """The "Istruzioni" sheet: how to fill in and deliver the workbook, then one line per column."""
    from openpyxl.styles import Alignment

    for letter, width in (("A", 38), ("B", 16), ("C", 90)):
        guide.column_dimensions[letter].width = width
    spec = SPECS[TEMPLATES[dataset]]
    intro = [
        f"Modello di raccolta dati: {spec.description}",
        "Compilare il foglio 'Dati', una riga per record, senza cambiare le intestazioni.",
        "Le colonne con un menu a tendina accettano solo le voci dell'elenco; le colonne a scelta multipla accettano "
        "più voci separate da '; '. Il foglio 'Esempio' mostra una riga compilata.",
        "Per correggere un record già consegnato, compilare una riga completa e scrivere nella colonna "
        "'Sostituisce' il codice del record da sostituire.",
        "Salvare il file con un nome che ne indichi la data e l'ente, es. 2026-12-asl-roma-1.xlsx, e consegnarlo: "
        f"va copiato in data/raw/{spec.stem}/ e letto con 'cbresearch clean'.",
        "",
    ]
    for i, line in enumerate(intro, start=1):
        guide.cell(row=i, column=1, value=line)
    start = len(intro) + 1
    for i, title in enumerate(("Colonna", "Obbligatoria", "Come compilarla"), start=1):
        _style_header(guide.cell(row=start, column=i, value=title))
    for offset, (f, choices) in enumerate(columns, start=1):
        guide.cell(row=start + offset, column=1, value=f.header)
        guide.cell(row=start + offset, column=2, value="sì" if not f.nullable else "no")
        text = _KIND_HELP[f.kind]
        if choices and len(choices) <= 12:
            text += " Voci: " + ", ".join(choices) + "."
        guide.cell(row=start + offset, column=3, value=text).alignment = Alignment(wrap_text=True)


def _example_sheet(example, data, dataset: str, columns: list[tuple[Field, list[str] | None]]) -> None:
    from openpyxl.utils import get_column_letter

    sample = example_row(dataset)
    for position, (f, _kind) in enumerate(columns, start=1):
        _style_header(example.cell(row=1, column=position, value=f.header))
        example.cell(row=2, column=position, value=sample.get(f.header, ""))
        letter = get_column_letter(position)
        example.column_dimensions[letter].width = data.column_dimensions[letter].width
    example.freeze_panes = "A2"


def write_template(dataset: str, out: Path) -> Path:
    """Write the data-entry workbook of ``dataset`` to ``out`` (``.xlsx``) and return the path.

    Raises
    ------
    CbResearchError
        For an unknown dataset or an output that is not ``.xlsx``.
    """
    from openpyxl import Workbook  # only needed when a workbook is written

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise CbResearchError(_("--out: got {name!r}, expected a file name ending in .xlsx").format(name=out.name))
    columns = template_columns(dataset)
    workbook = Workbook()
    data = workbook.active
    data.title = "Dati"
    guide = workbook.create_sheet("Istruzioni")
    example = workbook.create_sheet("Esempio")
    lists = workbook.create_sheet("Vocabolari")
    _data_sheet(data, lists, columns)
    _guide_sheet(guide, dataset, columns)
    _example_sheet(example, data, dataset, columns)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write_bytes(out, buffer.getvalue())
    return out
