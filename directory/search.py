"""Accent- and case-insensitive text search that works the same on SQLite and PostgreSQL."""

import unicodedata
from functools import reduce
from operator import and_, or_

from django.db.models import CharField, Expression, Q, TextField, Transform

# Letters that do not decompose into base + accent under NFKD.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss"})


def fold(text):
    """'Ključ' -> 'kljuc': lower case without diacritics, so people may type either."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@CharField.register_lookup
@TextField.register_lookup
class Folded(Transform):
    """`field__folded__contains=...`: compares folded text (SQLite uses our `kazipot_fold`)."""

    lookup_name = "folded"
    function = "LOWER"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="KAZIPOT_FOLD", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        # unaccent() comes from the extension the directory's migrations create on PostgreSQL.
        return super().as_sql(compiler, connection, template="unaccent(LOWER(%(expressions)s))", **extra)


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("KAZIPOT_FOLD", 1, fold, deterministic=True)


def folded_contains(fields, text):
    """A Q requiring every word of `text` to appear in at least one of `fields`."""
    words = fold(text).split()
    if not words:
        return Q()
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__folded__contains": word}) for field in fields)) for word in words),
    )


class OwnColumn(Expression):
    """A column of the queried table that the model does not declare (PostgreSQL's search vector
    and names, added by migration), under the query's own alias: so the search also works as a
    subquery, where the table is called U0."""

    def __init__(self, name):
        super().__init__(output_field=TextField())
        self.name = name

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.name)}", []


def ranked_search(queryset, text):
    """Programmes whose search document holds every word, annotated with `relevance`.

    PostgreSQL also finds names within a typo of the text (trigram word similarity, served by a
    GIN index) and ranks by full-text relevance (ts_rank over a stored, indexed vector);
    SQLite answers from a trigram FTS5 index of the document; every match is equally relevant."""
    from django.db import connections
    from django.db.models import BooleanField, FloatField, Func, Value
    from django.db.models.expressions import RawSQL

    folded = fold(text)
    words = folded.split()
    vendor = connections[queryset.db].vendor
    matches = Q()
    for word in words:
        matches &= Q(search_document__contains=word)
    if vendor == "sqlite" and any(len(w) >= 3 for w in words):
        # The trigram index answers words of three letters or more; shorter ones stay LIKE.
        phrase = " AND ".join('"' + w.replace('"', '""') + '"' for w in words if len(w) >= 3)
        indexed = RawSQL("SELECT rowid FROM directory_programme_fts WHERE directory_programme_fts MATCH %s", [phrase])
        matches = Q(pk__in=indexed)
        for word in (w for w in words if len(w) < 3):
            matches &= Q(search_document__contains=word)
    if vendor != "postgresql" or not words:
        return queryset.filter(matches).annotate(relevance=Value(0.0, output_field=FloatField()))
    query = Func(Value("simple"), Value(folded), function="plainto_tsquery")
    rank = Func(OwnColumn("search_vector"), query, function="ts_rank", output_field=FloatField())
    # A typo is forgiven in names only: their short column keeps the trigram match cheap.
    typo = Func(OwnColumn("search_names"), Value(folded), template="%(expressions)s", arg_joiner=" %%> ")
    typo.output_field = BooleanField()
    return queryset.alias(typo=typo).filter(matches | Q(typo=True)).annotate(relevance=rank)
