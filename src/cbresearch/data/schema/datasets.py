"""What each raw dataset must look like: its columns, their kinds and its rules.

A :class:`DatasetSpec` lists the raw columns (Italian headers, the interface
other tools rely on) and, for each, the processed column name, the kind of
value and its vocabulary.  :func:`pandera_schema` turns a spec into a pandera
schema that validates the *parsed* frame; :mod:`cbresearch.clean` runs it and
translates every failure into a :class:`~cbresearch.errors.Problem` naming the
file, row, column and the value as it was typed.

The kind of a column is a :class:`FieldKind`; what each kind accepts is said
once, in :data:`EXPECTED`, and how it is parsed in
:data:`cbresearch.data.clean.parsing.PARSERS`.

Examples
--------
>>> spec = SPECS["survey"]
>>> spec.stem, spec.id_field.header
('survey_responses', 'ID risposta')
>>> [f.header for f in spec.fields if f.kind == "likert"][:1]
['Adeguatezza - Welfare/medicina di iniziativa']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from ...i18n import N_, _
from . import vocab
from .regions import REGION_NAMES, REGIONS
from .themes import THEMES
from .vocab import Vocabulary

if TYPE_CHECKING:
    import pandas as pd  # annotations only: reading the schema needs no pandas


class FieldKind(StrEnum):
    """The kinds of raw value a column may hold."""

    ID = "id"
    TEXT = "text"
    LABEL = "label"
    MULTI = "multi"
    LIKERT = "likert"
    DATE = "date"
    YESNO = "yesno"
    REGION = "region"
    INT = "int"
    NUMBER = "number"


#: what a user is told is expected for each kind (the vocabulary's labels for the others)
EXPECTED: dict[FieldKind, str] = {
    FieldKind.ID: N_("a code used by no other row"),
    FieldKind.TEXT: N_("some text"),
    FieldKind.LIKERT: N_("a score from 1 to 5, e.g. '4' or '4 - Molto'"),
    FieldKind.DATE: N_("a date written dd/mm/yyyy, e.g. '18/11/2019'"),
    FieldKind.YESNO: N_("Sì or No"),
    FieldKind.INT: N_("a whole number"),
    FieldKind.NUMBER: N_("a number"),
}
#: kinds whose valid values are the labels of a vocabulary
VOCABULARY_KINDS = frozenset({FieldKind.LABEL, FieldKind.MULTI, FieldKind.REGION})


@dataclass(frozen=True)
class Field:
    """One raw column.

    Parameters
    ----------
    header : str
        The column header in the raw export (Italian).
    name : str
        The processed column name (English, snake_case).
    kind : FieldKind
        What the column holds (a plain string such as ``"likert"`` is accepted).
    vocabulary : Vocabulary, optional
        Labels allowed for ``label``, ``multi`` and ``region`` kinds.
    required : bool
        Whether the column must be present in the file.
    nullable : bool
        Whether a cell may be blank.
    """

    header: str
    name: str
    kind: FieldKind
    vocabulary: Vocabulary | None = None
    required: bool = True
    nullable: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", FieldKind(self.kind))  # "likert" -> FieldKind.LIKERT, or ValueError

    def expected(self) -> str:
        """Describe a valid value for messages.

        Examples
        --------
        >>> Field("Formale", "formal", FieldKind.YESNO).expected()
        'Sì o No'
        >>> Field("Relazione", "relation", FieldKind.LABEL, vocab.RELATIONS).expected()
        'uno tra: collabora, in contatto, non in contatto'
        """
        if self.kind in VOCABULARY_KINDS and self.vocabulary is not None:
            prefix = _("labels separated by '; ', each ") if self.kind is FieldKind.MULTI else ""
            return prefix + self.vocabulary.describe()
        return _(EXPECTED[self.kind])


@dataclass(frozen=True)
class Rule:
    """A rule across columns of one row: ``test(frame)`` is True where the row is fine."""

    name: str
    header: str
    expected: str  # in the catalogue's English; "{choices}" stands for the vocabulary's labels
    test: Callable[[pd.DataFrame], pd.Series]
    choices: vocab.Vocabulary | None = None
    limit: int = 12

    def describe(self) -> str:
        """What the rule expects, in the user's language.

        Examples
        --------
        >>> _REGION_KNOWN.describe().startswith("uno tra: Piemonte, Valle d")
        True
        """
        text = _(self.expected)
        return text.format(choices=self.choices.describe(self.limit)) if self.choices is not None else text


@dataclass(frozen=True)
class DatasetSpec:
    """A raw dataset: where it lives, its fields and its cross-column rules."""

    name: str
    stem: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    description: str = ""

    @property
    def id_field(self) -> Field:
        """The field holding the record identifier."""
        return next(f for f in self.fields if f.kind is FieldKind.ID)

    def field_by_name(self, name: str) -> Field:
        """Return the field whose processed name is ``name``.

        Examples
        --------
        >>> SPECS["networks"].field_by_name("relation").header
        'Relazione'
        """
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


#: a later delivery may replace a record only by naming it here (corrections over time)
REPLACES = Field("Sostituisce", "replaces", FieldKind.TEXT, required=False)


def _single_approach_when_classified(df: pd.DataFrame) -> pd.Series:
    n_approaches = df["approaches"].map(len)
    return ~df["in_matrix"].fillna(False).astype(bool) | (df["activity"].notna() & (n_approaches == 1))


def _type_matches_activity(df: pd.DataFrame) -> pd.Series:
    implied = df["activity"].map(vocab.ACTIVITY_TYPE)
    return implied.isna() | df["initiative_type"].isna() | (implied == df["initiative_type"])


def _italian_region_known(df: pd.DataFrame) -> pd.Series:
    return (df["country"] != "Italia") | df["region_code"].isin(list(REGION_NAMES))


def _region_known(df: pd.DataFrame) -> pd.Series:
    return df["region_code"].notna()


def _istat_code_matches_region(df: pd.DataFrame) -> pd.Series:
    given = df["istat_code"].str.zfill(2)
    return df["istat_code"].isna() | (given == df["region_code"])


_REGION_KNOWN = Rule("region_known", "Regione", "{choices}", _region_known, REGIONS, 21)


SURVEY = DatasetSpec(
    name="survey",
    stem="survey_responses",
    description="Questionario di assessment strategico (seed 004): one row per responding health authority.",
    fields=(
        Field("ID risposta", "response_id", FieldKind.ID, nullable=False),
        Field("Azienda", "organisation", FieldKind.TEXT, nullable=False),
        Field("Regione", "region", FieldKind.REGION, REGIONS, nullable=False),
        Field("Data compilazione", "date", FieldKind.DATE),
        *(Field(header, name, FieldKind.LIKERT) for name, header in vocab.SURVEY_ITEMS.items()),
        Field("Fonte", "source", FieldKind.LABEL, vocab.SOURCES, nullable=False),
        Field("Rilevazione", "wave", FieldKind.TEXT, required=False),
        REPLACES,
    ),
    rules=(_REGION_KNOWN,),
)

INITIATIVES = DatasetSpec(
    name="initiatives",
    stem="initiatives",
    description="Catalogo di good practice (seed 004): one row per initiative.",
    fields=(
        Field("Codice", "code", FieldKind.ID, nullable=False),
        Field("Titolo", "title", FieldKind.TEXT, nullable=False),
        Field("Nome scheda", "card_name", FieldKind.TEXT, required=False),
        Field("Nazione", "country", FieldKind.LABEL, vocab.COUNTRIES, nullable=False),
        Field("Regione", "region", FieldKind.REGION, REGIONS),
        Field("Azienda", "organisation", FieldKind.TEXT),
        Field("Promotore", "promoter", FieldKind.LABEL, vocab.PROMOTERS),
        Field("Promotore (scheda)", "promoter_card", FieldKind.TEXT, required=False),
        Field("Tipo iniziativa", "initiative_type", FieldKind.LABEL, vocab.INITIATIVE_TYPES),
        Field("Approccio", "approaches", FieldKind.MULTI, vocab.APPROACHES),
        Field("Approccio (scheda)", "approach_card", FieldKind.TEXT, required=False),
        Field("Attività", "activity", FieldKind.LABEL, vocab.ACTIVITIES),
        Field("Attività (scheda)", "activity_card", FieldKind.TEXT, required=False),
        Field("Target", "targets", FieldKind.MULTI, vocab.CATALOGUE_TARGETS),
        Field("Target (scheda)", "target_card", FieldKind.TEXT, required=False),
        Field("Attori coinvolti", "actors", FieldKind.MULTI, vocab.ACTORS),
        Field("Attori (scheda)", "actors_card", FieldKind.TEXT, required=False),
        Field("Nella matrice", "in_matrix", FieldKind.YESNO, required=False),
        Field("Impatto sui cluster sociali", "social_cluster_impact", FieldKind.TEXT, required=False),
        Field("Descrizione", "description", FieldKind.TEXT),
        Field("Tempistiche", "timing", FieldKind.TEXT),
        Field("Obiettivi", "objectives", FieldKind.TEXT),
        Field("Strumenti", "tools", FieldKind.TEXT),
        Field("KPI", "kpi", FieldKind.TEXT),
        Field("Contatti", "contacts", FieldKind.TEXT),
        Field("Temi", "themes", FieldKind.MULTI, THEMES, required=False),
        Field("Fonte", "source", FieldKind.LABEL, vocab.SOURCES, nullable=False),
        REPLACES,
    ),
    rules=(
        Rule(
            "classified_has_one_activity_and_approach",
            "Approccio",
            N_("exactly one approach and one activity when 'Nella matrice' is Sì"),
            _single_approach_when_classified,
        ),
        Rule(
            "type_matches_activity",
            "Tipo iniziativa",
            N_(
                "the type of the activity ('Welfare di iniziativa' for the first three activities, "
                "'Reti di comunità' for the others)"
            ),
            _type_matches_activity,
        ),
        Rule(
            "italian_region_known",
            "Regione",
            N_("an Italian region when Nazione is Italia ({choices})"),
            _italian_region_known,
            REGIONS,
            5,
        ),
    ),
)

INITIATIVE_NEEDS = DatasetSpec(
    name="initiative_needs",
    stem="initiative_needs",
    description="Bisogni e target delle esperienze (seed 004, matrice bisogno × target): one row per pair.",
    fields=(
        Field("Codice", "code", FieldKind.TEXT, nullable=False),
        Field("Bisogno", "need", FieldKind.LABEL, vocab.NEEDS, nullable=False),
        Field("Target", "target", FieldKind.LABEL, vocab.NEED_TARGETS, nullable=False),
        Field("Fonte", "source", FieldKind.LABEL, vocab.SOURCES, nullable=False),
    ),
)

NETWORKS = DatasetSpec(
    name="networks",
    stem="networks",
    description="Mappatura delle reti sociali (seed 004): one row per mapped network.",
    fields=(
        Field("Codice rete", "network_code", FieldKind.ID, nullable=False),
        Field("Nome rete", "network_name", FieldKind.TEXT, required=False),
        Field("Ente mappante", "mapper", FieldKind.TEXT, nullable=False),
        Field("Tipo ente mappante", "mapper_type", FieldKind.LABEL, vocab.MEMBER_TYPES, required=False),
        Field("Categoria rete", "category", FieldKind.LABEL, vocab.NETWORK_CATEGORIES, nullable=False),
        Field("Relazione", "relation", FieldKind.LABEL, vocab.RELATIONS, nullable=False),
        Field("Formale", "formal", FieldKind.YESNO),
        Field("Beneficiari esterni", "external_beneficiaries", FieldKind.YESNO),
        Field("Interesse", "interest", FieldKind.LABEL, vocab.LEVELS),
        Field("Influenza", "influence", FieldKind.LABEL, vocab.LEVELS),
        Field("Contributi", "contributions", FieldKind.MULTI, vocab.CONTRIBUTIONS),
        Field(
            "Contributi all'intervento",
            "contributions_intervention",
            FieldKind.MULTI,
            vocab.CONTRIBUTIONS,
            required=False,
        ),
        Field("Ricompense", "rewards", FieldKind.MULTI, vocab.REWARDS),
        Field("Ricompense per l'intervento", "rewards_intervention", FieldKind.MULTI, vocab.REWARDS, required=False),
        Field("Fonte", "source", FieldKind.LABEL, vocab.SOURCES, nullable=False),
        REPLACES,
    ),
)

MEMBERS = DatasetSpec(
    name="members",
    stem="members",
    description="Aziende sanitarie ed enti del terzo settore del network (seed 004), verbatim.",
    fields=(
        Field("Codice", "member_code", FieldKind.ID, nullable=False),
        Field("Numero", "number", FieldKind.INT, required=False),
        Field("Nome", "name", FieldKind.TEXT, nullable=False),
        Field("Tipo", "member_type", FieldKind.LABEL, vocab.MEMBER_TYPES, nullable=False),
        Field("Regione", "region", FieldKind.REGION, REGIONS, nullable=False),
        Field("Codice regione", "istat_code", FieldKind.TEXT, required=False),
        Field("Nazione", "country", FieldKind.TEXT, required=False),
        Field("Fonte", "source", FieldKind.LABEL, vocab.SOURCES, nullable=False),
        Field("Note", "note", FieldKind.TEXT, required=False),
    ),
    rules=(
        _REGION_KNOWN,
        Rule(
            "istat_code_matches_region",
            "Codice regione",
            N_("the ISTAT code of the region named in 'Regione' (blank for San Marino)"),
            _istat_code_matches_region,
        ),
    ),
)


def _istat_spec(name: str, description: str, counts: tuple[str, ...], numbers: tuple[str, ...] = ()) -> DatasetSpec:
    return DatasetSpec(
        name=name,
        stem=f"istat/{name}",
        description=description,
        fields=(
            Field("region_code", "istat_code", FieldKind.TEXT, nullable=False),
            Field("region", "region", FieldKind.REGION, REGIONS, nullable=False),
            Field("year", "year", FieldKind.INT, nullable=False),
            *(Field(c, c, FieldKind.INT, nullable=False) for c in counts),
            *(Field(c, c, FieldKind.NUMBER, nullable=False) for c in numbers),
        ),
        rules=(
            _REGION_KNOWN,
            Rule(
                "istat_code_matches_region",
                "region_code",
                N_("the ISTAT code of the region named in 'region'"),
                _istat_code_matches_region,
            ),
        ),
    )


POPULATION = _istat_spec(
    "population",
    "ISTAT resident population on 1 January by region and age band, 2011-2023 (derived by build-demography).",
    ("population", "age_0_14", "age_15_64", "age_45_plus", "age_65_plus", "age_75_plus", "age_80_plus", "age_85_plus"),
    ("old_age_dependency_ratio",),
)
SEVERE_LIMITATIONS = _istat_spec(
    "severe_limitations",
    "ISTAT persons with severe limitations in usual activities by region, 2009-2019 (thousands and persons).",
    ("severe_persons",),
    ("severe_thousands", "non_severe_thousands", "none_thousands", "not_stated_thousands"),
)
RESIDENTIAL_BEDS = _istat_spec(
    "residential_beds",
    "ISTAT beds in residential social and social-health facilities by target group and region, 2009-2018.",
    (
        "beds_minors",
        "beds_elderly",
        "beds_disabled",
        "beds_mental_health",
        "beds_other",
        "beds_not_stated",
        "beds_total",
    ),
)

#: every dataset, by the name used with :func:`cbresearch.load`
SPECS: dict[str, DatasetSpec] = {
    s.name: s
    for s in (
        SURVEY,
        INITIATIVES,
        INITIATIVE_NEEDS,
        NETWORKS,
        MEMBERS,
        POPULATION,
        SEVERE_LIMITATIONS,
        RESIDENTIAL_BEDS,
    )
}

#: foreign keys checked across tables: (dataset, field name, target dataset, target field name)
REFERENCES = (
    ("initiative_needs", "code", "initiatives", "code"),
    ("survey", "organisation", "members", "name"),
    ("networks", "mapper", "members", "name"),
)

_DTYPES = {
    FieldKind.LIKERT: "Int16",
    FieldKind.YESNO: "boolean",
    FieldKind.INT: "Int64",
    FieldKind.NUMBER: "Float64",
    FieldKind.DATE: "datetime64[ns]",
}


def _vocabulary_check(f: Field):
    import pandera.pandas as pa

    allowed = frozenset(f.vocabulary.labels)  # type: ignore[union-attr]
    if f.kind is FieldKind.MULTI:
        return pa.Check(lambda s: s.map(lambda items: all(i in allowed for i in items)), name=f"vocabulary:{f.name}")
    return pa.Check(lambda s: s.isin(allowed), name=f"vocabulary:{f.name}")


def pandera_schema(spec: DatasetSpec):
    """Build the pandera schema that validates the parsed frame of ``spec``.

    Examples
    --------
    >>> schema = pandera_schema(SPECS["initiative_needs"])
    >>> sorted(schema.columns)
    ['code', 'need', 'source', 'target']
    """
    import pandera.pandas as pa

    columns = {}
    for f in spec.fields:
        checks = []
        if f.kind in (FieldKind.LABEL, FieldKind.MULTI) and f.vocabulary is not None:
            checks.append(_vocabulary_check(f))
        if f.kind is FieldKind.LIKERT:
            checks.append(pa.Check.in_range(1, 5))
        if f.kind in (FieldKind.INT, FieldKind.NUMBER) and spec.stem.startswith("istat/"):
            checks.append(pa.Check.ge(0))
        columns[f.name] = pa.Column(
            _DTYPES.get(f.kind),
            checks=checks,
            nullable=f.nullable,
            unique=f.kind is FieldKind.ID,
            required=f.required,
        )
        if f.kind is FieldKind.REGION:
            columns[f"{f.name}_code"] = pa.Column(None, nullable=True, required=False)
    rules = [pa.Check(rule.test, name=f"rule:{rule.name}") for rule in spec.rules]
    return pa.DataFrameSchema(columns, checks=rules, strict=False)
