"""Public directory pages: thin views over the querysets in models.py."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from directory.filters import ProgrammeFilter
from directory.models import Contact, Organisation, Programme, ServiceKind, Status

PAGE_SIZE = 20


def home(request):
    open_lines = (
        Contact.objects.filter(
            programme__kind__in=[ServiceKind.EMERGENCY, ServiceKind.HELPLINE],
            programme__status=Status.ACTIVE,
            kind="phone",
        )
        .exclude(programme__end_date__lt=timezone.localdate())
        .exclude(programme__start_date__gt=timezone.localdate())
        .open_at()
        .select_related("programme__organisation")
        .order_by("programme__kind", "position", "programme__slug")
    )
    return render(
        request,
        "directory/home.html",
        {"open_lines": open_lines, "programme_count": Programme.objects.current().count()},
    )


def programme_list(request):
    programmes = ProgrammeFilter(
        request.GET or None,
        queryset=Programme.objects.for_directory().with_staleness().order_by("staleness", "slug"),
    )
    # An invalid filter shows its error next to the field; it never widens the results silently.
    invalid = programmes.is_bound and not programmes.is_valid()
    results = Programme.objects.none() if invalid else programmes.qs
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/programme_list.html",
        {"filter": programmes, "page": page, "query": query.urlencode()},
    )


def programme_detail(request, slug):
    programme = get_object_or_404(Programme.objects.for_detail(), slug=slug)
    return render(request, "directory/programme_detail.html", {"programme": programme})


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.for_page(), slug=slug)
    return render(request, "directory/organisation_detail.html", {"organisation": organisation})
