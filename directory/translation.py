"""Bilingual content: a `name` attribute that reads `name_sl` or `name_en` for the active language."""

from django.conf import settings
from django.utils.translation import get_language

CONTENT_LANGUAGES = [code for code, _ in settings.LANGUAGES]


def language_order():
    """Active language first, then the others as fallbacks. A language the data is not written in
    (a referral sheet in Farsi) reads English first."""
    active = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if active not in CONTENT_LANGUAGES:
        active = "en"
    return [active] + [code for code in CONTENT_LANGUAGES if code != active]


def translated(obj, field):
    """(the first non-empty `<field>_<lang>` in `language_order()`, that language)."""
    order = language_order()
    for code in order:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value, code
    return "", order[0]


class Translated:
    """Descriptor returning the first non-empty `<field>_<lang>` in `language_order()`."""

    def __set_name__(self, owner, name):
        self.field = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return translated(obj, self.field)[0]
