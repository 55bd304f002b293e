"""The referral sheet in the person's language: which languages, the sheet's own words, and the
sheet as plain data for the print view, the copy-as-text and the page shown to the person.

The worker keeps the interface language; only the sheet changes. Its own words come from the
message catalogues (context "sheet", so a catalogue holds nothing else); programme names and notes
come from the data in Slovenian or English, English for every other language, with the Slovenian
name beside it so the person can show it. Nothing here describes the person: no answer is shown."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format, time_format
from django.utils.functional import cached_property
from django.utils.translation import (
    get_language,
    get_language_info,
    gettext,
    gettext_lazy,
    pgettext,
    pgettext_lazy,
)

from directory import hours as hours_lib
from directory.models import ContactKind, ServiceKind, Source
from directory.translation import CONTENT_LANGUAGES, translated
from referral.models import PathwayNote

CODES = ("sl", "en", "uk", "ru", "ro", "es", "zh-hans", "hu", "sr-latn", "sq", "ar", "fa")
# Languages whose catalogue a native speaker has checked; the others carry a note for the worker.
REVIEWED = frozenset({"sl", "en"})
# The person's languages (ISO 639-1, the `languages` fact) served by another sheet language.
SERVED_BY = {"zh": "zh-hans", "sr": "sr-latn", "hr": "sr-latn", "bs": "sr-latn"}
# A sheet language read by more than one people is named for all of them (its wording is chosen so
# that Bosnian, Croatian and Serbian readers each read it as their own: ijekavian or neutral forms).
OWN_NAMES = {"sr-latn": "bosanski / hrvatski / srpski"}
NAMES_HERE = {"sr-latn": gettext_lazy("Bosnian, Croatian or Serbian")}


@dataclass(frozen=True)
class SheetLanguage:
    code: str
    name: str  # in the language itself
    bidi: bool
    reviewed: bool

    @property
    def direction(self):
        return "rtl" if self.bidi else "ltr"

    @property
    def name_here(self):
        """The language's name in the interface language (Slovenian writes it in lower case)."""
        name = str(NAMES_HERE.get(self.code) or gettext(get_language_info(self.code)["name"]))
        return name[:1].lower() + name[1:] if get_language() == "sl" else name


LANGUAGES = {
    code: SheetLanguage(code, OWN_NAMES.get(code, info["name_local"]), info["bidi"], code in REVIEWED)
    for code, info in ((code, get_language_info(code)) for code in CODES)
}


def for_spoken(spoken):
    """The sheet languages matching the person's languages, in their order, without repeats."""
    codes = [SERVED_BY.get(code, code) for code in spoken]
    return list(dict.fromkeys(LANGUAGES[c] for c in codes if c in LANGUAGES))


NEEDS = {
    "accommodation": pgettext_lazy("sheet", "a safe place to stay"),
    "health": pgettext_lazy("sheet", "health care"),
    "psychosocial": pgettext_lazy("sheet", "someone to talk to"),
    "legal": pgettext_lazy("sheet", "legal advice"),
    "financial": pgettext_lazy("sheet", "money for basic needs"),
    "interpretation": pgettext_lazy("sheet", "an interpreter"),
    "return_home": pgettext_lazy("sheet", "help returning home"),
    "language_course": pgettext_lazy("sheet", "Slovenian lessons"),
    "education": pgettext_lazy("sheet", "education or training"),
    "employment": pgettext_lazy("sheet", "help finding work"),
    "documents": pgettext_lazy("sheet", "help with documents"),
    "report_crime": pgettext_lazy("sheet", "reporting a crime"),
}
# What the service may ask about before it can help (the facts still unknown), addressed to the person.
ASKS = {
    "immediate_danger": pgettext_lazy("sheet", "your safety now"),
    "age_group": pgettext_lazy("sheet", "your age"),
    "gender": pgettext_lazy("sheet", "your gender"),
    "migration_status": pgettext_lazy("sheet", "your residence status"),
    "police_identified": pgettext_lazy("sheet", "identification by the police"),
    "police_cooperation": pgettext_lazy("sheet", "talking to the police"),
    "exploitation": pgettext_lazy("sheet", "what happened"),
    "labour_indicators": pgettext_lazy("sheet", "your work"),
    "in_prostitution": pgettext_lazy("sheet", "sex work"),
    "stage": pgettext_lazy("sheet", "your situation now"),
    "municipality": pgettext_lazy("sheet", "where you are staying"),
    "needs": pgettext_lazy("sheet", "what you need"),
    "wants_anonymity": pgettext_lazy("sheet", "staying anonymous"),
    "languages": pgettext_lazy("sheet", "your languages"),
}
KINDS = {
    ServiceKind.EMERGENCY: pgettext_lazy("sheet", "emergency number"),
    ServiceKind.HELPLINE: pgettext_lazy("sheet", "helpline"),
    ServiceKind.REPORTING: pgettext_lazy("sheet", "reporting line"),
    ServiceKind.ACCOMMODATION: pgettext_lazy("sheet", "accommodation"),
    ServiceKind.SUPPORT: pgettext_lazy("sheet", "support and counselling"),
    ServiceKind.LEGAL: pgettext_lazy("sheet", "legal help"),
    ServiceKind.INTEGRATION: pgettext_lazy("sheet", "integration"),
    ServiceKind.NETWORK: pgettext_lazy("sheet", "network for professionals"),
}
CONTACT_KINDS = {
    ContactKind.PHONE: pgettext_lazy("sheet", "Phone"),
    ContactKind.EMAIL: pgettext_lazy("sheet", "E-mail"),
    ContactKind.WEB: pgettext_lazy("sheet", "Website"),
    ContactKind.SOCIAL: pgettext_lazy("sheet", "Social network"),
}
SOURCES = {
    Source.REPORT: pgettext_lazy("sheet", "a research report (2023–2024)"),
    Source.PUBLIC: pgettext_lazy("sheet", "public information"),
    Source.PRESS: pgettext_lazy("sheet", "a press article"),
    Source.PROVIDER: pgettext_lazy("sheet", "the provider"),
}
DAYS = {
    hours_lib.WORKING_DAYS: pgettext_lazy("sheet", "Monday to Friday, not on public holidays"),
    hours_lib.EVERY_DAY: pgettext_lazy("sheet", "every day"),
}


def join(words):
    return pgettext("sheet", ", ").join(str(w) for w in words)


def capital(text):
    return text[:1].upper() + text[1:]


@dataclass
class SheetContact:
    kind: str
    value: str
    href: str
    is_phone: bool
    facts: str = ""  # "open 24/7, free call"
    hours: list = field(default_factory=list)
    checked: str = ""


@dataclass
class SheetItem:
    slug: str
    name: str
    name_lang: str  # the language the name is in (the data's, not the sheet's)
    organisation: str
    name_sl: str  # the Slovenian names beside the names, when they differ
    organisation_sl: str
    does: str  # what it does, in one line
    facts: str  # "Free of charge · Interpreting available"
    places: str
    contacts: list
    asks_about: str
    referral_code: str = ""  # K7M-2QX-9PF, when the worker referred to this programme

    @cached_property
    def to_call(self):
        """The phones, or the other contacts when there is no phone."""
        return [c for c in self.contacts if c.is_phone] or self.contacts


@dataclass
class Sheet:
    language: SheetLanguage
    prepared: str
    items: list
    notes: list
    now_lines: list  # (name, [phone contact])
    next_openings: list  # (name, "Tuesday 09:00")


def when(moment, now, code):
    """When something opens, e.g. "Tuesday 09:00", in the language's own form; with the date
    when it is a week or more away."""
    local = timezone.localtime(moment)
    day = date_format(local, "l")
    day = day if code == "en" else day.lower()
    if local.date() - timezone.localtime(now).date() >= timedelta(days=6):
        day = f"{day}, {date_format(local, 'DATE_FORMAT')}"
    return f"{day} {time_format(local)}"


def _hours(hours):
    rows = []
    for h in hours:
        days = DAYS.get(h.days) or WEEKDAYS[hours_lib.WEEKDAYS.index(h.days)]
        rows.append(f"{capital(str(days))} {time_format(h.opens)}–{time_format(h.closes)}")
    return rows


LRI, FSI, PDI, RLM = "\u2066", "\u2068", "\u2069", "\u200f"
NUMBER_RANGE = re.compile(r"\d+(?:[–./:-]\d+)+")


def _contact(contact, now, code):
    facts = []
    if contact.kind == ContactKind.PHONE:
        state = contact.open_now(now)
        if contact.always_open:
            facts.append(pgettext("sheet", "open 24/7"))
        elif state:
            facts.append(pgettext("sheet", "open now"))
        elif state is False:
            later = contact.next_open(now)
            facts.append(
                pgettext("sheet", "closed now, opens %(when)s") % {"when": when(later, now, code)}
                if later
                else pgettext("sheet", "closed now")
            )
        else:
            facts.append(pgettext("sheet", "hours not known"))
        if contact.toll_free:
            facts.append(pgettext("sheet", "free call"))
    if contact.anonymous:
        facts.append(pgettext("sheet", "you do not have to give your name"))
    if contact.is_official:
        checked = pgettext("sheet", "official number")
    elif contact.last_verified_at:
        checked = pgettext("sheet", "details confirmed on %(date)s") % {
            "date": date_format(timezone.localtime(contact.last_verified_at), "DATE_FORMAT")
        }
    else:
        # Where the details come from; the source's own note only where the sheet is in the data's language.
        source = str(SOURCES[contact.source])
        if contact.source_note and code in CONTENT_LANGUAGES:
            source = f"{source}, {contact.source_note_shown}"
        checked = pgettext("sheet", "details not confirmed by the provider (source: %(source)s)") % {"source": source}
    if LANGUAGES[code].bidi:  # "(2023–2024)" stays one left-to-right run in a right-to-left line
        checked = NUMBER_RANGE.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", checked)
    return SheetContact(
        kind=str(CONTACT_KINDS[contact.kind]),
        value=contact.shown,
        href=contact.href,
        is_phone=contact.kind == ContactKind.PHONE,
        facts=join(facts),
        hours=[] if contact.always_open else _hours(contact.hours.all()),
        checked=checked,
    )


def _places(places, now):
    if not places:
        return ""
    if not places["known"]:
        return pgettext("sheet", "Free places: not known")
    if places["available"] == 0:
        return pgettext("sheet", "No free places reported: call to check")
    ago = hours_lib.how_long_ago(places["updated"], now)
    if places["total"]:
        return pgettext("sheet", "Free places: %(n)s of %(total)s (updated %(ago)s)") % {
            "n": places["available"],
            "total": places["total"],
            "ago": ago,
        }
    return pgettext("sheet", "Free places: %(n)s (updated %(ago)s)") % {"n": places["available"], "ago": ago}


def _item(suggestion, now, code, referrals):
    programme = suggestion.programme
    name, name_lang = translated(programme, "name")
    organisation = programme.organisation.name
    contacts = [_contact(c, now, code) for c in programme.contacts.all()]
    does = capital(str(KINDS[programme.kind]))
    if suggestion.offered:
        needs = join(NEEDS[n] for n in suggestion.offered)
        does = pgettext("sheet", "%(what)s: %(needs)s") % {"what": does, "needs": needs}
    facts = []
    if programme.is_free:
        facts.append(pgettext("sheet", "Free of charge"))
    if programme.interpretation:
        facts.append(pgettext("sheet", "Interpreting available"))
    return SheetItem(
        slug=programme.slug,
        name=name,
        name_lang=name_lang,
        organisation=organisation,
        name_sl=programme.name_sl if code != "sl" and programme.name_sl != name else "",
        organisation_sl=programme.organisation.name_sl
        if code != "sl" and programme.organisation.name_sl != organisation
        else "",
        does=does,
        facts=" · ".join(facts),
        places=_places(programme.places, now),
        contacts=contacts,
        asks_about=join(ASKS[f] for f in suggestion.missing),
        referral_code=referrals.get(programme.slug, ""),
    )


def build_sheet(results, code, at=None):
    """The suggestions of `build_results` as a sheet in language `code`. Paper the person takes
    away carries no worker note: only the notes' separate person texts, in the sheet's language
    (else English), one query when a note applies."""
    now = at or timezone.now()
    referrals = results.get("referrals", {})
    with translation.override(code):
        texts = []
        if results["notes"]:
            found = dict(
                PathwayNote.objects.filter(code__in=[n["id"] for n in results["notes"]]).values_list(
                    "code", "person_text"
                )
            )
            for note in results["notes"]:
                person = found.get(note["id"]) or {}
                text = person.get(code) or person.get("en")
                if text:
                    texts.append(text)
        local = timezone.localtime(now)
        return Sheet(
            language=LANGUAGES[code],
            prepared=f"{date_format(local, 'DATE_FORMAT')} {time_format(local)}",
            items=[_item(s, now, code, referrals) for group in results["sheet_groups"] for s in group],
            notes=texts,
            now_lines=[
                (p.name, [_contact(c, now, code) for c in p.contacts.all() if c.kind == ContactKind.PHONE])
                for p in results["now_lines"]
            ],
            next_openings=[(p.name, when(t, now, code)) for p, t in results["next_openings"]],
        )


def as_text(sheet):
    """The sheet as plain text for a message. In a right-to-left language every line starts as
    right-to-left, and numbers, addresses and names from the data are isolated, so "+386 1 234"
    still reads left to right."""
    bidi = sheet.language.bidi

    def ltr(value):
        return f"{LRI}{value}{PDI}" if bidi else value

    def data(value):
        return f"{FSI}{value}{PDI}" if bidi else value

    def name(value):
        """A programme's or organisation's name: always in a left-to-right content language."""
        return f"{LRI}{value}{PDI}" if bidi else value

    dash = f"{RLM}–{RLM}" if bidi else "–"  # stays between the names where isolates are not understood

    with translation.override(sheet.language.code):
        lines = [pgettext("sheet", "Where to get help"), pgettext("sheet", "In danger? Call 112.")]
        lines.append(
            pgettext("sheet", "Prepared on %(date)s. Details can change: call before you go.")
            % {"date": sheet.prepared}
        )
        if sheet.now_lines:
            lines += ["", pgettext("sheet", "You can call these now") + ":"]
            lines += [f"  {data(name)}: " + " ".join(ltr(c.value) for c in phones) for name, phones in sheet.now_lines]
        if sheet.next_openings:
            lines += ["", pgettext("sheet", "These open later") + ":"]
            lines += [
                f"  {data(name)}: " + pgettext("sheet", "opens %(when)s") % {"when": when}
                for name, when in sheet.next_openings
            ]
        if sheet.notes:
            lines += [""] + [f"* {data(text)}" for text in sheet.notes]
        for item in sheet.items:
            lines += ["", f"{name(item.name)} {dash} {name(item.organisation)}"]
            if item.name_sl:
                lines.append("  " + pgettext("sheet", "In Slovenian:") + " " + name(item.name_sl))
            lines.append(f"  {item.does}")
            if item.referral_code:
                lines.append("  " + pgettext("sheet", "Referral code:") + " " + ltr(item.referral_code))
            if item.facts:
                lines.append(f"  {item.facts}")
            if item.places:
                lines.append(f"  {item.places}")
            for c in item.contacts:
                facts = f" ({c.facts})" if c.facts else ""
                lines.append(f"  {c.kind}: {ltr(c.value)}{facts} [{c.checked}]")
                lines += [f"    {row}" for row in c.hours]
            if item.asks_about:
                lines.append("  " + pgettext("sheet", "They may ask about: %(points)s") % {"points": item.asks_about})
    if bidi:
        lines = [f"{RLM}{line}" if line else line for line in lines]
    return "\n".join(lines) + "\n"
