"""Words as people type them: Slovenian inflects every noun in six cases and three numbers, so
search compares base forms (lemmas), in Slovenian and English, of the documents and the query.

LemmaGen (`lemmagen3`, its models ship inside the wheel: no download, no network) was chosen over
simplemma after comparing both on 60 word forms of our vocabulary: 58 against 54 right in
Slovenian (simplemma leaves "migranti", "migrantom", "nastanitvi" as they are), both about 0.3 µs
a word; lemmagen3 is 32 MB installed, simplemma 19 MB. Both sides go through the same function,
so a base form that is not the dictionary's still matches its own word forms.
"""

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from lemmagen3 import Lemmatizer

from directory.search import fold

WORD = re.compile(r"\w+")
# Words too common to search for on their own ("v Kopru", "help for women").
_SLOVENIAN_STOPWORDS = "v na za z s in ali ob pri po do od k h iz o a i je so se ki da ne"
_ENGLISH_STOPWORDS = "the an of for in on at to and or with by from is are"
STOPWORDS = frozenset(f"{_SLOVENIAN_STOPWORDS} {_ENGLISH_STOPWORDS}".split())


@cache
def _lemmatizer(lang):
    return Lemmatizer(lang)


def words(text):
    """The words of `text`, as written."""
    return WORD.findall(text or "")


@lru_cache(maxsize=100_000)
def forms(word):
    """The folded word and its base forms in Slovenian and English ("Kopru" -> koper, kopru)."""
    lower = word.lower()
    found = {fold(lower)}
    for lang in ("sl", "en"):
        lemmatize = _lemmatizer(lang).lemmatize
        # A capital helps with names of places ("Ptuju" -> Ptuj); lower case with the rest.
        found.update(fold(lemmatize(w)) for w in (lower, lower.capitalize()))
    return frozenset(f for f in found if f)


def lemmas(text):
    """Every base form of every word of `text`, folded, once each, in a stable order."""
    found = set()
    for word in words(text):
        found |= forms(word)
    return " ".join(sorted(found))


def base(word):
    """The one base form that stands for `word` (its Slovenian lemma, folded)."""
    return fold(_lemmatizer("sl").lemmatize(word.lower())) or fold(word)


@dataclass(frozen=True)
class Phrase:
    """Something a query may name: a concept of the thesaurus or a place (a municipality)."""

    kind: str  # CONCEPT or PLACE
    code: str  # the concept's code or the municipality's slug
    label: str
    words: tuple  # the forms of each of its words
    finds: tuple = ()  # a concept's words that programmes use
    text: str = ""  # the phrase itself, folded


CONCEPT, PLACE = "concept", "place"


def phrase(kind, code, label, text, finds=()):
    return Phrase(kind, code, label, tuple(forms(w) for w in words(text)), tuple(fold(f) for f in finds), fold(text))


@dataclass
class Query:
    """A query as search understands it: groups of alternatives that must all match, the places
    and concepts it named, and the plain words it kept (as typed, for "did you mean")."""

    groups: list = field(default_factory=list)
    exact: list = field(default_factory=list)  # for each group, what was typed itself (ranks first)
    places: list = field(default_factory=list)  # Phrase
    concepts: list = field(default_factory=list)  # Phrase
    plain: list = field(default_factory=list)  # (word as typed, its group)


def understand(text, phrases):
    """Read `text` against the thesaurus and the places (`phrases`, longest first): a phrase in any
    word form ("v varni hiši", "Kopru") stands for its concept or place; the other words stand for
    their own forms; words too common to search for are dropped while anything else remains."""
    typed = words(text)[:30]
    found = [forms(w) for w in typed]
    query, i = Query(), 0
    while i < len(typed):
        match = next(
            (
                p
                for p in phrases
                if p.words
                and len(p.words) <= len(typed) - i
                and all(p.words[k] & found[i + k] for k in range(len(p.words)))
            ),
            None,
        )
        if match is None:
            query.plain.append((typed[i], found[i]))
            i += 1
            continue
        if match.kind == PLACE:
            if match not in query.places:
                query.places.append(match)
        elif match not in query.concepts:
            query.concepts.append(match)
            query.groups.append(frozenset(match.finds))
            typed_here = " ".join(fold(w) for w in typed[i : i + len(match.words)])
            query.exact.append(frozenset({match.text, typed_here}))
        i += len(match.words)
    meaningful = [(w, f) for w, f in query.plain if fold(w) not in STOPWORDS]
    if meaningful or query.groups or query.places:
        query.plain = meaningful
    query.groups += [f for _w, f in query.plain]
    query.exact += [f for _w, f in query.plain]
    return query


def longest_first(phrases):
    return sorted(phrases, key=lambda p: -len(p.words))
