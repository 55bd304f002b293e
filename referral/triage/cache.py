"""The catalogue kept per process and language, keyed by the catalogue version that the write path
raises in the database with every change: every process sees a change at once and nothing else
makes it stale. A change to some programmes refreshes only those; "open now" is worked out from
the cached hours when results are shown, so time passing rebuilds nothing."""

import gc

from django.utils import timezone, translation

from directory.models import (
    Programme,
)
from directory.services import catalogue_state
from directory.translation import CONTENT_LANGUAGES, language_order
from referral.triage.build import PARTS, _parts, _shared, build_catalogue

_CACHE = {}  # language -> Catalogue
REFRESH_AT_MOST = 500  # programmes changed since the last build: beyond this, build afresh


def clear_cache():
    _CACHE.clear()


def load_catalogue():
    """The rules in the active language: from the cache (one query for the catalogue version);
    refreshed where only some programmes changed since (their versions tell which); else built
    from a fixed number of queries whatever the number of programmes."""
    version, reset_at = catalogue_state()
    lang = language_order()[0]
    cached = _CACHE.get(lang)
    if cached is not None and cached.version == version:
        return cached
    found = None
    if cached is not None and reset_at <= cached.version < version:
        found = refresh(cached, version)
    if found is None:
        found = _build_afresh(version)
    if cached is not None:
        cached.retire()
    _CACHE[lang] = found
    return found


# Below this many programmes a build makes too few objects for a full collection to pay: it costs
# 60 ms in a large process, the build of 30 programmes 4 ms.
COLLECT_FROM = 2_000


def _build_afresh(version):
    gc.unfreeze()  # what an older version left behind can be collected again
    # Millions of long-lived objects at 100,000 programmes, none of them garbage: the collector
    # stays off while they are made, then leaves them alone until the next full build.
    gc.disable()
    try:
        found = build_catalogue(version)
    finally:
        gc.enable()
    if len(found.programmes) >= COLLECT_FROM:
        gc.collect()
        gc.freeze()
    return found


def refresh(cached, version):
    """`cached` at `version`, with only the programmes whose versions moved read again (None when
    so many changed that a full build is cheaper)."""
    now = dict(Programme.objects.values_list("id", "version"))
    changed = [pk for pk, v in now.items() if cached.programmes.get(pk, (None,))[0] != v]
    removed = [pk for pk in cached.programmes if pk not in now]
    if len(changed) + len(removed) > REFRESH_AT_MOST:
        return None
    order = language_order()
    parts = _parts(order, changed) if changed else {name: {} for name in PARTS} | {"rules": []}
    return cached.refreshed(version, parts, removed, **_shared(order))


def warm():
    """Build the catalogue in each content language before the first request (config/wsgi.py)."""
    for code in CONTENT_LANGUAGES:
        with translation.override(code):
            load_catalogue()


def load_rules():
    """Today's rules."""
    return load_catalogue().rules_on(timezone.localdate())
