"""What each raw dataset must look like: its columns, their kinds and its rules.

A :class:`DatasetSpec` lists the raw columns (Italian headers, the interface
other tools rely on) and, for each, the processed column name, the kind of
value and its vocabulary.  :func:`pandera_schema` turns a spec into a pandera
schema that validates the *parsed* frame; :mod:`cbresearch.clean` runs it and
translates every failure into a :class:`~cbresearch.errors.Problem` naming the
file, row, column and the value as it was typed.

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

import pandas as pd

from . import vocab
from .themes import THEMES
from .vocab import Vocabulary

#: kinds of raw value, and what a user is told is expected for each
EXPECTED = {
    "id": "a code used by no other row",
    "text": "some text",
    "label": "",  # filled from the vocabulary
    "multi": "",  # filled from the vocabulary
    "likert": "a score from 1 to 5, e.g. '4' or '4 - Molto'",
    "date": "a date written dd/mm/yyyy, e.g. '18/11/2019'",
    "yesno": "Sì or No",
    "region": "",  # filled from the vocabulary
    "int": "a whole number",
    "number": "a number",
}


@dataclass(frozen=True)
class Field:
    """One raw column.

    Parameters
    ----------
    header : str
        The column header in the raw export (Italian).
    name : str
        The processed column name (English, snake_case).
    kind : str
        One of the keys of :data:`EXPECTED`.
    vocabulary : Vocabulary, optional
        Labels allowed for ``label``, ``multi`` and ``region`` kinds.
    required : bool
        Whether the column must be present in the file.
    nullable : bool
        Whether a cell may be blank.
    """

    header: str
    name: str
    kind: str
    vocabulary: Vocabulary | None = None
    required: bool = True
    nullable: bool = True

    def expected(self) -> str:
        """Describe a valid value for messages.

        Examples
        --------
        >>> Field("Formale", "formal", "yesno").expected()
        'Sì or No'
        >>> Field("Relazione", "relation", "label", vocab.RELATIONS).expected()
        'one of: collabora, in contatto, non in contatto'
        """
        if self.kind in ("label", "multi", "region") and self.vocabulary is not None:
            prefix = "labels separated by '; ', each " if self.kind == "multi" else ""
            return prefix + self.vocabulary.describe()
        return EXPECTED[self.kind]


@dataclass(frozen=True)
class Rule:
    """A rule across columns of one row: ``test(frame)`` is True where the row is fine."""

    name: str
    header: str
    expected: str
    test: Callable[[pd.DataFrame], pd.Series]


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
        return next(f for f in self.fields if f.kind == "id")

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
REPLACES = Field("Sostituisce", "replaces", "text", required=False)


def _single_approach_when_classified(df: pd.DataFrame) -> pd.Series:
    n_approaches = df["approaches"].map(len)
    return ~df["in_matrix"].fillna(False).astype(bool) | (df["activity"].notna() & (n_approaches == 1))


def _type_matches_activity(df: pd.DataFrame) -> pd.Series:
    implied = df["activity"].map(vocab.ACTIVITY_TYPE)
    return implied.isna() | df["initiative_type"].isna() | (implied == df["initiative_type"])


def _italian_region_known(df: pd.DataFrame) -> pd.Series:
    return (df["country"] != "Italia") | df["region_code"].isin(list(vocab.REGION_NAMES))


def _region_known(df: pd.DataFrame) -> pd.Series:
    return df["region_code"].notna()


def _istat_code_matches_region(df: pd.DataFrame) -> pd.Series:
    given = df["istat_code"].str.zfill(2)
    return df["istat_code"].isna() | (given == df["region_code"])


_REGION_KNOWN = Rule("region_known", "Regione", vocab.REGIONS.describe(21), _region_known)


SURVEY = DatasetSpec(
    name="survey",
    stem="survey_responses",
    description="Questionario di assessment strategico (seed 004): one row per responding health authority.",
    fields=(
        Field("ID risposta", "response_id", "id", nullable=False),
        Field("Azienda", "organisation", "text", nullable=False),
        Field("Regione", "region", "region", vocab.REGIONS, nullable=False),
        Field("Data compilazione", "date", "date"),
        *(Field(header, name, "likert") for name, header in vocab.SURVEY_ITEMS.items()),
        Field("Fonte", "source", "label", vocab.SOURCES, nullable=False),
        REPLACES,
    ),
    rules=(_REGION_KNOWN,),
)

INITIATIVES = DatasetSpec(
    name="initiatives",
    stem="initiatives",
    description="Catalogo di good practice (seed 004): one row per initiative.",
    fields=(
        Field("Codice", "code", "id", nullable=False),
        Field("Titolo", "title", "text", nullable=False),
        Field("Nome scheda", "card_name", "text", required=False),
        Field("Nazione", "country", "label", vocab.COUNTRIES, nullable=False),
        Field("Regione", "region", "region", vocab.REGIONS),
        Field("Azienda", "organisation", "text"),
        Field("Promotore", "promoter", "label", vocab.PROMOTERS),
        Field("Promotore (scheda)", "promoter_card", "text", required=False),
        Field("Tipo iniziativa", "initiative_type", "label", vocab.INITIATIVE_TYPES),
        Field("Approccio", "approaches", "multi", vocab.APPROACHES),
        Field("Approccio (scheda)", "approach_card", "text", required=False),
        Field("Attività", "activity", "label", vocab.ACTIVITIES),
        Field("Attività (scheda)", "activity_card", "text", required=False),
        Field("Target", "targets", "multi", vocab.CATALOGUE_TARGETS),
        Field("Target (scheda)", "target_card", "text", required=False),
        Field("Attori coinvolti", "actors", "multi", vocab.ACTORS),
        Field("Attori (scheda)", "actors_card", "text", required=False),
        Field("Nella matrice", "in_matrix", "yesno", required=False),
        Field("Impatto sui cluster sociali", "social_cluster_impact", "text", required=False),
        Field("Descrizione", "description", "text"),
        Field("Tempistiche", "timing", "text"),
        Field("Obiettivi", "objectives", "text"),
        Field("Strumenti", "tools", "text"),
        Field("KPI", "kpi", "text"),
        Field("Contatti", "contacts", "text"),
        Field("Temi", "themes", "multi", THEMES, required=False),
        Field("Fonte", "source", "label", vocab.SOURCES, nullable=False),
        REPLACES,
    ),
    rules=(
        Rule(
            "classified_has_one_activity_and_approach",
            "Approccio",
            "exactly one approach and one activity when 'Nella matrice' is Sì",
            _single_approach_when_classified,
        ),
        Rule(
            "type_matches_activity",
            "Tipo iniziativa",
            "the type of the activity ('Welfare di iniziativa' for the first three activities, "
            "'Reti di comunità' for the others)",
            _type_matches_activity,
        ),
        Rule(
            "italian_region_known",
            "Regione",
            f"an Italian region when Nazione is Italia ({vocab.REGIONS.describe(5)})",
            _italian_region_known,
        ),
    ),
)

INITIATIVE_NEEDS = DatasetSpec(
    name="initiative_needs",
    stem="initiative_needs",
    description="Bisogni e target delle esperienze (seed 004, matrice bisogno × target): one row per pair.",
    fields=(
        Field("Codice", "code", "text", nullable=False),
        Field("Bisogno", "need", "label", vocab.NEEDS, nullable=False),
        Field("Target", "target", "label", vocab.NEED_TARGETS, nullable=False),
        Field("Fonte", "source", "label", vocab.SOURCES, nullable=False),
    ),
)

NETWORKS = DatasetSpec(
    name="networks",
    stem="networks",
    description="Mappatura delle reti sociali (seed 004): one row per mapped network.",
    fields=(
        Field("Codice rete", "network_code", "id", nullable=False),
        Field("Nome rete", "network_name", "text", required=False),
        Field("Ente mappante", "mapper", "text", nullable=False),
        Field("Tipo ente mappante", "mapper_type", "label", vocab.MEMBER_TYPES, required=False),
        Field("Categoria rete", "category", "label", vocab.NETWORK_CATEGORIES, nullable=False),
        Field("Relazione", "relation", "label", vocab.RELATIONS, nullable=False),
        Field("Formale", "formal", "yesno"),
        Field("Beneficiari esterni", "external_beneficiaries", "yesno"),
        Field("Interesse", "interest", "label", vocab.LEVELS),
        Field("Influenza", "influence", "label", vocab.LEVELS),
        Field("Contributi", "contributions", "multi", vocab.CONTRIBUTIONS),
        Field("Contributi all'intervento", "contributions_intervention", "multi", vocab.CONTRIBUTIONS, required=False),
        Field("Ricompense", "rewards", "multi", vocab.REWARDS),
        Field("Ricompense per l'intervento", "rewards_intervention", "multi", vocab.REWARDS, required=False),
        Field("Fonte", "source", "label", vocab.SOURCES, nullable=False),
        REPLACES,
    ),
)

MEMBERS = DatasetSpec(
    name="members",
    stem="members",
    description="Aziende sanitarie ed enti del terzo settore del network (seed 004), verbatim.",
    fields=(
        Field("Codice", "member_code", "id", nullable=False),
        Field("Numero", "number", "int", required=False),
        Field("Nome", "name", "text", nullable=False),
        Field("Tipo", "member_type", "label", vocab.MEMBER_TYPES, nullable=False),
        Field("Regione", "region", "region", vocab.REGIONS, nullable=False),
        Field("Codice regione", "istat_code", "text", required=False),
        Field("Nazione", "country", "text", required=False),
        Field("Fonte", "source", "label", vocab.SOURCES, nullable=False),
        Field("Note", "note", "text", required=False),
    ),
    rules=(
        _REGION_KNOWN,
        Rule(
            "istat_code_matches_region",
            "Codice regione",
            "the ISTAT code of the region named in 'Regione' (blank for San Marino)",
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
            Field("region_code", "istat_code", "text", nullable=False),
            Field("region", "region", "region", vocab.REGIONS, nullable=False),
            Field("year", "year", "int", nullable=False),
            *(Field(c, c, "int", nullable=False) for c in counts),
            *(Field(c, c, "number", nullable=False) for c in numbers),
        ),
        rules=(
            _REGION_KNOWN,
            Rule(
                "istat_code_matches_region",
                "region_code",
                "the ISTAT code of the region named in 'region'",
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

_DTYPES = {"likert": "Int16", "yesno": "boolean", "int": "Int64", "number": "Float64", "date": "datetime64[ns]"}


def _vocabulary_check(f: Field):
    import pandera.pandas as pa

    allowed = frozenset(f.vocabulary.labels)  # type: ignore[union-attr]
    if f.kind == "multi":
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
        if f.kind in ("label", "multi") and f.vocabulary is not None:
            checks.append(_vocabulary_check(f))
        if f.kind == "likert":
            checks.append(pa.Check.in_range(1, 5))
        if f.kind in ("int", "number") and spec.stem.startswith("istat/"):
            checks.append(pa.Check.ge(0))
        columns[f.name] = pa.Column(
            _DTYPES.get(f.kind),
            checks=checks,
            nullable=f.nullable,
            unique=f.kind == "id",
            required=f.required,
        )
        if f.kind == "region":
            columns[f"{f.name}_code"] = pa.Column(None, nullable=True, required=False)
    rules = [pa.Check(rule.test, name=f"rule:{rule.name}") for rule in spec.rules]
    return pa.DataFrameSchema(columns, checks=rules, strict=False)
