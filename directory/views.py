"""Public directory pages: thin views over the querysets in models.py."""

import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from directory.filters import ProgrammeFilter
from directory.forms import ProblemReportForm
from directory.limits import Allowance
from directory.models import Contact, Organisation, Programme, ServiceKind, Status
from directory.services import catalogue_version, report_create
from directory.thesaurus import correction, unknown_words
from directory.thesaurus import understood as understood_words

PAGE_SIZE = 20


def open_lines(kinds=(ServiceKind.EMERGENCY, ServiceKind.HELPLINE)):
    """(programme, phone) links of emergency numbers and helplines open at this moment (worked out
    from their hours, never a fixed number that may be closed)."""
    return (
        Contact.programmes.through.objects.filter(
            programme__in=Programme.objects.running().filter(kind__in=kinds, status=Status.ACTIVE),
            contact__in=Contact.objects.filter(kind="phone").open_at(),
        )
        .select_related("programme__organisation", "contact")
        .order_by("programme__kind", "contact__position", "programme__slug")
    )


def home(request):
    return render(
        request,
        "directory/home.html",
        {"open_lines": open_lines(), "programme_count": Programme.objects.current().count()},
    )


# A page of programme cards is rendered once a minute ("open now" moves with the clock) for each
# catalogue version, language and query, and kept a little longer than that minute.
LISTING_SECONDS = 120


@dataclass
class Listing:
    """One page of the directory as the pagination include reads it, with the cards' HTML."""

    count: int
    number: int
    num_pages: int
    cards: str
    suggest: bool = False  # a word typed is in no programme: "did you mean" the nearest words
    replaced: bool = False  # nothing matched as typed: the cards are for the corrected words
    partial: bool = False  # nothing had every part: the cards have some of them

    @property
    def paginator(self):
        return self

    def has_other_pages(self):
        return self.num_pages > 1

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def programme_list(request):
    version = catalogue_version()
    programmes = ProgrammeFilter(
        request.GET or None,
        queryset=Programme.objects.for_directory().with_staleness().order_by("staleness", "slug"),
        version=version,
    )
    # An invalid filter shows its error next to the field; it never widens the results silently.
    invalid = programmes.is_bound and not programmes.is_valid()
    page = Listing(0, 1, 1, "") if invalid else _listing(request, programmes, version)
    query = request.GET.copy()
    query.pop("page", None)
    # What search understood, worked out again (never kept in the cache: nothing typed is kept).
    typed = programmes.form.cleaned_data.get("q", "") if not invalid and programmes.is_bound else ""
    corrected = correction(typed) if page.suggest else ""
    understood = understood_words(corrected if page.replaced else typed, version) if typed else None
    corrected_query = query.copy()
    corrected_query["q"] = corrected
    context = {
        "filter": programmes,
        "page": page,
        "query": query.urlencode(),
        "version": version,
        "typed": typed,
        "corrected": corrected,
        "replaced": page.replaced,
        "partial": page.partial,
        "corrected_query": corrected_query.urlencode(),
        "places": [p.label for p in understood.places] if understood else [],
        "active_filters": sum(1 for name in programmes.filters if name != "q" and request.GET.get(name)),
        "concepts": list(dict.fromkeys(c.label for c in understood.concepts)) if understood else [],
    }
    return render(request, "directory/programme_list.html", context)


def _listing(request, programmes, version):
    """The page of cards for this query, from the cache when this minute's is there. The key is a
    digest: the cache holds no search words, only the programmes' own data."""
    minute = timezone.localtime().strftime("%Y%m%d%H%M")
    raw = f"{version}|{get_language()}|{minute}|{request.GET.urlencode()}"
    key = "directory-listing:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        page = Paginator(programmes.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        flags = {}
        if programmes.understood:
            typed = programmes.form.cleaned_data["q"]
            alternative = None
            if unknown_words(programmes.understood, connection.vendor):
                alternative = correction(typed)
                flags["suggest"] = alternative is not None
            retries = [({"q": alternative}, {}, "replaced")] if alternative else []
            retries.append(({}, {"every": False}, "partial"))  # the last resort: any part
            for data, options, flag in retries if not page.paginator.count else ():
                retried = ProgrammeFilter(
                    {**request.GET.dict(), **data}, queryset=programmes.queryset, version=version, **options
                )
                if retried.is_valid() and retried.qs.exists():
                    programmes, flags[flag] = retried, True
                    page = Paginator(programmes.qs, PAGE_SIZE).get_page(request.GET.get("page"))
                    break
        context = {"page": page, "open_lines": open_lines([ServiceKind.HELPLINE])}
        cards = render_to_string("directory/programme_cards.html", context, request=request)
        found = Listing(page.paginator.count, page.number, page.paginator.num_pages, cards, **flags)
        cache.set(key, found, LISTING_SECONDS)
    return found


def programme_detail(request, slug):
    programme = get_object_or_404(Programme.objects.for_detail(), slug=slug)
    return render(request, "directory/programme_detail.html", {"programme": programme})


REPORTS_PER_HOUR = 5


def report_problem(request, slug):
    """Report a problem with this entry: no account needed, a honeypot and a limit per address."""
    programme = get_object_or_404(Programme.objects.select_related("organisation"), slug=slug)
    form, status = ProblemReportForm(request.POST or None), 200
    if request.method == "POST":
        allowance = Allowance(request, "problem-reports", REPORTS_PER_HOUR, 3600)
        # Counted before anything is kept: of parallel posts only those the count lets through save.
        if allowance.spent or (form.is_valid() and not allowance.take()):
            message = ngettext(
                "You have sent %(n)d report in the last hour. Please wait a while, or call the provider.",
                "You have sent %(n)d reports in the last hour. Please wait a while, or call the provider.",
                REPORTS_PER_HOUR,
            )
            status = allowance.refuse(form, message % {"n": REPORTS_PER_HOUR})
        elif form.is_valid():
            if not form.is_bot:  # a filled honeypot is thanked the same way, and nothing is kept
                data = {name: form.cleaned_data[name] for name in ProblemReportForm.Meta.fields}
                report_create(programme=programme, data=data)
            messages.success(request, _("Thank you. The provider will look at your report within two working days."))
            return redirect(programme)
        else:
            status = 400
    return render(request, "directory/report.html", {"programme": programme, "form": form}, status=status)


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.for_page(), slug=slug)
    return render(request, "directory/organisation_detail.html", {"organisation": organisation})
