"""Accent- and case-insensitive text search that works the same on SQLite and PostgreSQL."""

import unicodedata
from functools import reduce
from operator import and_, or_

from django.db.models import CharField, Q, TextField, Transform

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


def ranked_search(queryset, fields, ranked_fields, text):
    """Matches annotated with `relevance`. PostgreSQL: full-text rank plus trigram similarity, so a
    typo still finds a name; elsewhere every match is equally relevant. Same matches either way,
    plus, on PostgreSQL, names within a typo of the text."""
    from django.db import connections
    from django.db.models import FloatField, Value

    matches = folded_contains(fields, text)
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(matches).annotate(relevance=Value(0.0, output_field=FloatField()))
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
    from django.db.models.functions import Greatest

    folded = fold(text)
    vector = SearchVector(*[Folded(f) for f in ranked_fields], config="simple")
    query = SearchQuery(folded, config="simple", search_type="plain")
    similarity = Greatest(*[TrigramWordSimilarity(Value(folded), Folded(f)) for f in ranked_fields])
    return (
        queryset.annotate(rank=SearchRank(vector, query), similarity=similarity)
        .filter(matches | Q(similarity__gte=0.6))
        .annotate(relevance=models_sum("rank", "similarity"))
    )


def models_sum(*names):
    from django.db.models import F

    total = F(names[0])
    for name in names[1:]:
        total = total + F(name)
    return total
