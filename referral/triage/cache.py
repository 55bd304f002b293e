"""The catalogue kept per process and language, keyed by the catalogue version that the write path
raises in the database with every change: every process sees a change at once and nothing else
makes it stale. A change to some programmes refreshes only those; "open now" is worked out from
the cached hours when results are shown, so time passing rebuilds nothing."""

import gc
import logging
import pickle
import threading
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.utils import timezone, translation

from directory.models import (
    Programme,
)
from directory.services import catalogue_state
from directory.translation import CONTENT_LANGUAGES, language_order
from referral.triage.build import PARTS, _parts, _shared, build_catalogue

_CACHE = {}  # language -> Catalogue
REFRESH_AT_MOST = 500  # programmes changed since the last build: beyond this, build afresh
BUILD_SECONDS = 120  # the longest a build may take before another process builds too
SHARED_SECONDS = 3600
logger = logging.getLogger("kazipot.catalogue")


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
        if cached is not None and len(cached.programmes) >= BACKGROUND_FROM:
            # A large catalogue after a reset: the previous one (whole, consistent) answers while
            # the new one is built beside it, rather than every request waiting for the build.
            build_in_background(version, lang)
            return cached
        found = _shared_build(version, lang)
    _install(lang, found)
    return found


def _install(lang, found):
    cached = _CACHE.get(lang)
    if cached is not None and cached.version > found.version:
        return  # a newer one was installed meanwhile
    if cached is not None and cached is not found:
        cached.retire()
    _CACHE[lang] = found


# From this many programmes a full build takes seconds (7.7 s at 100,000): it runs in the background.
BACKGROUND_FROM = 5_000
_BUILDING = {}  # language -> the version being built in the background in this process
_BUILDING_LOCK = threading.Lock()


def build_in_background(version, lang):
    """Build `version` in a thread of this process (once, however many requests ask) and install it
    when it is whole; until then the previous catalogue answers."""
    with _BUILDING_LOCK:
        if _BUILDING.get(lang, -1) >= version:
            return None
        _BUILDING[lang] = version

    def run():
        try:
            with translation.override(lang):
                _install(lang, _shared_build(version, lang))
        except Exception:
            logger.exception("catalogue %s (%s): the background build failed", version, lang)
        finally:
            with _BUILDING_LOCK:
                if _BUILDING.get(lang) == version:
                    del _BUILDING[lang]
            connections.close_all()  # this thread's own database connection

    thread = threading.Thread(target=run, name=f"catalogue-{lang}-{version}", daemon=True)
    thread.start()
    return thread


# Below this many programmes a build makes too few objects for a full collection to pay: it costs
# 60 ms in a large process, the build of 30 programmes 4 ms.
COLLECT_FROM = 2_000


def _build_afresh(version, make=None):
    gc.unfreeze()  # what an older version left behind can be collected again
    # Millions of long-lived objects at 100,000 programmes, none of them garbage: the collector
    # stays off while they are made, then leaves them alone until the next full build.
    gc.disable()
    try:
        found = make() if make else build_catalogue(version)
    finally:
        gc.enable()
    if len(found.programmes) >= COLLECT_FROM:
        gc.collect()
        gc.freeze()
    return found


def shared():
    """Whether the processes share a cache that can hold a whole catalogue (Redis)."""
    return isinstance(caches["default"], RedisCache)  # `cache` is a proxy of it


def _shared_build(version, lang):
    """A catalogue built afresh, once for all processes when they share Redis: the first to ask
    builds it (a lock in the cache) and leaves it there; the others wait for it and load it, which
    takes a fraction of a build. Never a mix: a catalogue is stored whole, under its version."""
    if not shared():
        return _timed_build(version, lang)
    key, lock = f"catalogue:{lang}:{version}", f"catalogue:{lang}:{version}:building"
    blob = cache.get(key)
    if blob is None and cache.add(lock, 1, BUILD_SECONDS):
        blob = cache.get(key)  # finished by another process between the two looks
        if blob is None:
            try:
                found = _timed_build(version, lang)
                cache.set(key, pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL), SHARED_SECONDS)
            finally:
                cache.delete(lock)
            return found
        cache.delete(lock)
    deadline = time.monotonic() + BUILD_SECONDS
    while blob is None and time.monotonic() < deadline and cache.get(lock):
        time.sleep(0.05)
        blob = cache.get(key)
    blob = blob if blob is not None else cache.get(key)
    if blob is None:  # the builder gave up, or its result expired: build here
        return _timed_build(version, lang)
    return _build_afresh(version, make=lambda: pickle.loads(blob))  # noqa: S301 (our own, in our cache)


def _timed_build(version, lang):
    started = time.monotonic()
    found = _build_afresh(version)
    if shared():
        cache.add(f"catalogue-builds:{lang}:{version}", 0, SHARED_SECONDS)
        cache.incr(f"catalogue-builds:{lang}:{version}")
    logger.info(
        "catalogue %s (%s) built: %d programmes in %.2f s",
        version,
        lang,
        len(found.programmes),
        time.monotonic() - started,
    )
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
