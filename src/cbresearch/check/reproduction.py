"""The reproduction check: every printed figure of the seeds, recomputed or cross-checked, and what that proves.

Each figure of the registry (:mod:`cbresearch.sources.registry`) stands for
the interval its printed digits allow (:mod:`.intervals`).  :func:`check`
gives it one status, saying what the check shows:

* **riprodotto** — recomputed from data independent of the seed (ISTAT, the
  members' list, the case cards as transcribed records) and inside the interval;
* **coerente** — the seed's own numbers agree with each other: a total equals
  the sum of its cells, a share its count over its base, a list has as many
  items as announced, a figure quoted twice is the same (:mod:`.consistency`);
* **trascritto** — recomputed from *reconstructed* records: it shows that the
  transcription and the reconstruction are right, nothing more (the data
  lineage of :mod:`.recompute` decides it, not a hand list);
* **segnalato** — it does not add up: the reason says by how much it misses
  and which values would make it hold;
* **fallito** — the recomputation raised (a bug or missing data);
* **esterno** — quoted from a source the project cannot reach, with no check.

Examples
--------
>>> results = check()
>>> summary_line(results)  # doctest: +ELLIPSIS
'riprodotti ..., coerenti ..., trascritti ..., segnalati 3, falliti 0, esterni ...'
"""

from __future__ import annotations

import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from ..formats import number
from ..printed import Interval, decimals_of, interval_text, printed_interval
from ..sources.registry import load_registry, registry_settings
from .consistency import Outcome, evaluate
from .recompute import FUNCTIONS, ISTAT, TEXT, Context, Recomputed


class Status(StrEnum):
    """What the check of a figure shows."""

    RIPRODOTTO = "riprodotto"
    COERENTE = "coerente"
    TRASCRITTO = "trascritto"
    SEGNALATO = "segnalato"
    FALLITO = "fallito"
    ESTERNO = "esterno"


#: the plural the summary line uses, in the order it lists them
PLURALS = {
    Status.RIPRODOTTO: "riprodotti",
    Status.COERENTE: "coerenti",
    Status.TRASCRITTO: "trascritti",
    Status.SEGNALATO: "segnalati",
    Status.FALLITO: "falliti",
    Status.ESTERNO: "esterni",
}
#: what each status means, for the pages that explain the check
MEANING = {
    Status.RIPRODOTTO: "ricalcolato da dati indipendenti dal seed (ISTAT, l'elenco dei membri, le schede trascritte)",
    Status.COERENTE: "i numeri del seed tornano tra loro (un totale è la somma delle celle, una quota il conteggio "
    "sulla base, un elenco ha le voci annunciate)",
    Status.TRASCRITTO: "ricalcolato dai record ricostruiti: mostra che trascrizione e ricostruzione sono corrette, "
    "non conferma il dato",
    Status.SEGNALATO: "non torna: la ragione dice di quanto e per quali valori tornerebbe",
    Status.FALLITO: "il ricalcolo non è riuscito (errore o dati mancanti)",
    Status.ESTERNO: "citato da una fonte esterna che il progetto non può ricalcolare né confrontare",
}
ORIGINS = {ISTAT: "dati ISTAT", "seed": "record trascritti dal seed", "consegna": "record consegnati", TEXT: "testo"}


@dataclass
class Result:
    """The outcome of checking one printed figure."""

    id: str
    seed: str
    where: str
    quote: str
    measures: str
    published: str
    interval: str
    status: Status
    recomputed_shown: str = ""  # the recomputed value (or interval) written the Italian way
    recomputed: list[float] | None = None  # [low, high]; equal ends for a single value
    reason: str = ""
    lineage: list[str] = field(default_factory=list)
    source: str = ""
    note: str = ""

    def line(self) -> str:
        """One readable line for the terminal.

        Examples
        --------
        >>> Result("x", "004", "w", "q", "m", "31,9%", "[31,85; 31,95]", Status.COERENTE, reason="r").line()
        'coerente    x: pubblicato 31,9% [31,85; 31,95] - r'
        """
        text = f"{self.status:<11} {self.id}: pubblicato {self.published}"
        text += f" {self.interval}" if self.interval.startswith("[") else ""
        if self.recomputed_shown:
            text += f", ricalcolato {self.recomputed_shown}"
        return text + (f" - {self.reason}" if self.reason else "")


def _basis(lineage: set[str]) -> tuple[Status, str]:
    """What a recomputation proves, from the origin of the rows it read."""
    if "ricostruito" in lineage:
        return Status.TRASCRITTO, "ricalcolato dai record ricostruiti dagli aggregati del seed (prova la trascrizione)"
    if lineage <= {TEXT}:
        return Status.COERENTE, "contato nell'elenco stampato nella slide"
    origins = ", ".join(ORIGINS.get(o, o) for o in sorted(lineage))
    return Status.RIPRODOTTO, f"ricalcolato da {origins}"


def _recompute(entry: dict, context: Context) -> tuple[Interval, set[str], str]:
    context.start()
    outcome = FUNCTIONS[entry["compute"]](context, **(entry.get("args") or {}))
    note = outcome.note if isinstance(outcome, Recomputed) else ""
    found = outcome.value if isinstance(outcome, Recomputed) else outcome
    value = found if isinstance(found, Interval) else Interval.point(float(found))
    return value, set(context.lineage), note


def _judge_computed(entry: dict, base: dict, published: Interval, context: Context, rules: list[Outcome]) -> Result:
    try:
        value, lineage, note = _recompute(entry, context)
    except Exception as error:  # the check reports, never crashes
        detail = traceback.format_exception_only(type(error), error)[-1].strip()
        return Result(**base, status=Status.FALLITO, reason=f"{entry['compute']}: {detail}")
    status, basis = _basis(lineage)
    recomputed = [value.low, value.high]
    failed = [r.reason for r in rules if not r.holds]
    shown = _recomputed_text(entry, value)

    def result(status: Status, reason: str) -> Result:
        return Result(**base, status=status, recomputed=recomputed, recomputed_shown=shown, reason=reason,
                      lineage=sorted(lineage))  # fmt: skip

    if not value.overlaps(published):
        gap = number(value.gap(published), decimals_of(entry) + 1 if entry.get("unit") == "%" else 0)
        reason = f"{basis}: {shown}, fuori dall'intervallo pubblicato di {gap}"
        reason += f". {note[0].upper()}{note[1:]}" if note else ""
        reason += f". Nota: {entry['note']}" if entry.get("note") else ""
        return result(Status.SEGNALATO, reason)
    if failed:
        return result(Status.SEGNALATO, "; ".join(failed))
    return result(status, "; ".join([basis, *(r.reason for r in rules), *([note] if note else [])]))


def _recomputed_text(entry: dict, value: Interval) -> str:
    """A recomputed value with one more decimal than the figure was printed with (to show it rounds to it)."""
    if entry.get("unit") == "anno" or (value.low.is_integer() and value.high.is_integer()):
        return value.text(0, years=entry.get("unit") == "anno")
    return value.text(decimals_of(entry) + 1)


def _judge(entry: dict, figures: dict[str, Interval], outcomes: dict[str, list[Outcome]],
           vouched: dict[str, list[Outcome]], context: Context) -> Result:  # fmt: skip
    published = figures[entry["id"]]
    base = {
        "id": entry["id"], "seed": str(entry["seed"]), "where": entry["where"], "quote": entry["quote"],
        "measures": entry["measures"], "published": str(entry["published"]),
        "interval": interval_text(entry, published),
        "source": entry.get("source", ""), "note": entry.get("note", ""),
    }  # fmt: skip
    rules = outcomes[entry["id"]]
    if "compute" in entry:
        return _judge_computed(entry, base, published, context, rules)
    if rules:
        holds = all(r.holds for r in rules)
        reasons = "; ".join(r.reason for r in rules if holds or not r.holds)  # a flag gives the rules that fail
        return Result(**base, status=Status.COERENTE if holds else Status.SEGNALATO, reason=reasons)
    if vouched.get(entry["id"]):
        return Result(**base, status=Status.COERENTE, reason="; ".join(r.reason for r in vouched[entry["id"]]))
    return Result(**base, status=Status.ESTERNO, reason=f"fonte: {entry.get('source', '')}")


def check(entries: tuple[dict, ...] | None = None, context: Context | None = None) -> list[Result]:
    """Check every registered figure and say what the check shows.

    Parameters
    ----------
    entries : tuple of dict, optional
        Registry entries (default: the whole registry).
    context : Context, optional
        Where the data come from (default: the project's cleaned tables).

    Returns
    -------
    list of Result

    Examples
    --------
    >>> results = {r.id: r for r in check()}
    >>> results["s004-copertura-anziani"].status, results["s004-catalogo-parametri"].status
    (<Status.COERENTE: 'coerente'>, <Status.SEGNALATO: 'segnalato'>)
    """
    settings = registry_settings()
    entries = entries if entries is not None else load_registry()
    context = context or Context()
    everything = {e["id"]: e for e in load_registry()} | {e["id"]: e for e in entries}
    figures = {i: printed_interval(e, settings["about_tolerance"]) for i, e in everything.items()}
    names = {i: e["measures"] for i, e in everything.items()}
    outcomes = {
        e["id"]: [evaluate(rule, e["id"], figures, names) for rule in e.get("consistency", [])] for e in entries
    }
    vouched: dict[str, list[Outcome]] = {}  # figures that a rule of another figure shows to be consistent
    for holder, found in outcomes.items():
        for outcome in found:
            for other in outcome.involved:
                if outcome.holds and other != holder:
                    vouched.setdefault(other, []).append(outcome)
    return [_judge(entry, figures, outcomes, vouched, context) for entry in entries]


def counts(results: list[Result]) -> dict[Status, int]:
    """How many figures have each status, in the order of :data:`PLURALS`.

    Examples
    --------
    >>> counts([])[Status.SEGNALATO]
    0
    """
    found = Counter(r.status for r in results)
    return {status: found.get(status, 0) for status in PLURALS}


def summary_line(results: list[Result]) -> str:
    """``riprodotti N, coerenti C, trascritti T, segnalati M, falliti K, esterni E``.

    Examples
    --------
    >>> summary_line([])
    'riprodotti 0, coerenti 0, trascritti 0, segnalati 0, falliti 0, esterni 0'
    """
    return ", ".join(f"{PLURALS[status]} {count}" for status, count in counts(results).items())


def by_seed(results: list[Result]) -> dict[str, dict[Status, int]]:
    """Figures per seed and status (the seeds in order).

    Examples
    --------
    >>> sorted(by_seed(check()))
    ['000', '001', '002', '003', '004']
    """
    return {seed: counts([r for r in results if r.seed == seed]) for seed in sorted({r.seed for r in results})}


def to_json(results: list[Result]) -> dict:
    """Machine-readable results: every figure and the summary counts.

    Examples
    --------
    >>> to_json([])["summary"]["segnalati"]
    0
    """
    return {
        "summary": {PLURALS[status]: count for status, count in counts(results).items()},
        "meaning": {str(status): text for status, text in MEANING.items()},
        "figures": [asdict(r) | {"status": str(r.status)} for r in results],
    }


def _row(result: Result) -> str:
    cells = [result.seed, result.where, result.measures, result.published, result.interval, result.recomputed_shown,
             result.reason]  # fmt: skip
    return "| " + " | ".join(str(c).replace("|", "/").replace("\n", " ") for c in cells) + " |"


def flagged_markdown(results: list[Result]) -> str:
    """The docs page on the figures that do not add up, and those that add up only within rounding (generated).

    Examples
    --------
    >>> flagged_markdown([]).splitlines()[0]
    '# Cifre pubblicate che non tornano'
    """
    header = "| seed | dove | cifra | pubblicato | intervallo | ricalcolato | perché |\n|---|---|---|---|---|---|---|"
    flagged = [r for r in results if r.status is Status.SEGNALATO]
    narrow = [r for r in results if r.status is Status.COERENTE and "solo se" in r.reason]
    lines = [
        "# Cifre pubblicate che non tornano",
        "",
        "<!-- generato da `cbresearch check --format markdown`: non modificare a mano -->",
        "",
        "`cbresearch check` controlla ogni cifra stampata nei seed e registrata in",
        "`src/cbresearch/sources/registry.yaml`. Ogni cifra vale per l'intervallo che le sue cifre",
        'stampate consentono ("2,8 milioni" è [2.750.000; 2.849.999], "31,9 %" è [31,85; 31,95] %)',
        "e ogni controllo dice che cosa dimostra:",
        "",
        *(f"- **{status}**: {MEANING[status]};" for status in PLURALS),
        "",
        f"Riepilogo: {summary_line(results)}.",
        "",
        "| seed | " + " | ".join(PLURALS.values()) + " |",
        "|---|" + "---|" * len(PLURALS),
        *(
            f"| {seed} | " + " | ".join(str(n) for n in found.values()) + " |"
            for seed, found in by_seed(results).items()
        ),
        "",
        "## Segnalate",
        "",
        header,
        *(_row(r) for r in flagged),
        "",
        "## Coerenti solo entro l'arrotondamento",
        "",
        "Cifre che tornano con le altre del seed solo per una parte dei valori che le cifre stampate consentono.",
        "",
        header,
        *(_row(r) for r in narrow),
    ]
    return "\n".join(lines) + "\n"
