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


def _any_of(alternatives):
    return reduce(or_, (Q(search_document__contains=a) for a in sorted(alternatives)))


def holding(vendor, groups, every=True):
    """A Q for programmes whose search document holds one alternative of every group (of any
    group when not `every`): SQLite from its trigram FTS5 index where the alternatives have three
    letters or more (shorter ones stay LIKE), PostgreSQL through its trigram GIN index."""
    from django.db.models.expressions import RawSQL

    join = and_ if every else or_
    groups = [g for g in groups if g]
    if not groups:
        return Q()
    indexed = [g for g in groups if all(len(a) >= 3 for a in g)] if vendor == "sqlite" else []
    parts = [_any_of(g) for g in groups if g not in indexed]
    if indexed:

        def quoted(a):
            return '"' + a.replace('"', '""') + '"'

        glue = " AND " if every else " OR "
        expression = glue.join("(" + " OR ".join(quoted(a) for a in sorted(g)) + ")" for g in indexed)
        sql = "SELECT rowid FROM directory_programme_fts WHERE directory_programme_fts MATCH %s"
        parts.append(Q(pk__in=RawSQL(sql, [expression])))
    return reduce(join, parts)


def ranked_search(queryset, groups, text, every=True):
    """Programmes whose search document holds, for every group (any group when not `every`), one
    of its alternatives (a word's forms and base forms, or a concept's words: directory.words),
    annotated with `relevance`.

    PostgreSQL also finds names within a typo of the text (trigram word similarity, served by a
    GIN index) and ranks by full-text relevance (ts_rank over a stored, indexed vector); on
    SQLite every match is equally relevant."""
    from django.db import connections
    from django.db.models import BooleanField, FloatField, Func, Value

    folded = fold(text)
    vendor = connections[queryset.db].vendor
    matches = holding(vendor, groups, every)
    if vendor != "postgresql" or not folded.split():
        return queryset.filter(matches).annotate(relevance=Value(0.0, output_field=FloatField()))
    query = Func(Value("simple"), Value(folded), function="plainto_tsquery")
    rank = Func(OwnColumn("search_vector"), query, function="ts_rank", output_field=FloatField())
    # A typo is forgiven in names only: their short column keeps the trigram match cheap.
    typo = Func(OwnColumn("search_names"), Value(folded), template="%(expressions)s", arg_joiner=" %%> ")
    typo.output_field = BooleanField()
    return queryset.alias(typo=typo).filter(matches | Q(typo=True)).annotate(relevance=rank)
