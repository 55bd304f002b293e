"""What search knows besides the programmes' own words: the thesaurus (`SearchConcept`) and the
places (municipalities), read once per catalogue version and process; and the words of the
directory, for "did you mean" when a query finds nothing."""

import difflib

from directory.models import Municipality, Programme, SearchConcept, _lines
from directory.search import fold, holding
from directory.services import catalogue_version
from directory.translation import language_order
from directory.words import CONCEPT, PLACE, STOPWORDS, forms, longest_first, phrase, understand, words

_CACHE = {}  # (catalogue version, language) -> phrases; version -> vocabulary


def phrases(version=None):
    """The concepts' phrases and the places, longest first, as of the catalogue version."""
    key = (catalogue_version() if version is None else version, language_order()[0])
    if key not in _CACHE:
        found = []
        for concept in SearchConcept.objects.all():
            for text in _lines(concept.phrases):
                found.append(phrase(CONCEPT, concept.code, concept.label, text, _lines(concept.finds)))
        for slug, name in Municipality.objects.values_list("slug", "name"):
            found.append(phrase(PLACE, slug, name, name))
        _CACHE.clear()
        _CACHE[key] = longest_first(found)
    return _CACHE[key]


def understood(text, version=None):
    """`text` as search understands it (`version`: the catalogue version, when the caller read it)."""
    return understand(text, phrases(version))


def _vocabulary():
    """Every word of the directory's names and texts, of the thesaurus and of the places, folded."""
    key = ("vocabulary", catalogue_version())
    if key not in _CACHE:
        found = set()
        for document in Programme.objects.values_list("search_document", flat=True).iterator(chunk_size=5000):
            found.update(words(" ".join(document.split(" | ")[:2])))
        for p in phrases():
            found.update(words(p.label.lower()))
            found.update(w for f in p.finds for w in words(f))
        _CACHE[key] = sorted(fold(w) for w in found if len(w) >= 3 and not w.isdigit())
    return _CACHE[key]


def unknown_words(query, vendor):
    """The plain words of `query` that no programme holds in any of their forms (one indexed
    query a word): those that "did you mean" may correct."""
    return [
        word
        for word, group in query.plain
        if fold(word) not in STOPWORDS and not Programme.objects.filter(holding(vendor, [group])).exists()
    ]


def correction(text):
    """`text` with each word that no programme, concept or place holds replaced by the nearest
    word that one does ("Karitass" -> "karitas", "nastanitv" -> "nastanitev"); None when no word
    needed it or none is near enough."""
    vocabulary = _vocabulary()
    known = set(vocabulary)
    changed, out = False, []
    for word in words(text):
        folded = fold(word)
        if folded in STOPWORDS or len(folded) < 3 or forms(word) & known or any(folded in w for w in vocabulary):
            out.append(word)
            continue
        near = difflib.get_close_matches(folded, vocabulary, n=1, cutoff=0.75)
        if near:
            out.append(near[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
