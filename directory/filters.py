"""The directory's filter form (django-filter); templates/directory/filter_form.html lays it out."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from directory.models import (
    Contact,
    ContactKind,
    Language,
    Municipality,
    Programme,
    Status,
    Taxonomy,
    Term,
)
from directory.thesaurus import understood

CHANNELS = [
    (ContactKind.PHONE, _("Phone")),
    ("toll_free", _("Toll-free phone")),
    ("anonymous", _("Anonymous contact")),
    (ContactKind.EMAIL, _("E-mail")),
    (ContactKind.WEB, _("Website")),
    (ContactKind.SOCIAL, _("Social network")),
]
ALL_STATUSES = "all"


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        max_length=200,
        help_text=_("Words from the name, provider or description, e.g. “accommodation”."),
    )
    exploitation = django_filters.ModelChoiceFilter(
        label=_("Form of exploitation"),
        queryset=Term.objects.filter(taxonomy=Taxonomy.EXPLOITATION),
        to_field_name="code",
        field_name="terms",
        empty_label=_("Any"),
    )
    audience = django_filters.ModelChoiceFilter(
        label=_("Who it is for"),
        queryset=Term.objects.filter(taxonomy=Taxonomy.AUDIENCE),
        to_field_name="code",
        field_name="terms",
        empty_label=_("Anyone"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality served"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        method="filter_municipality",
        empty_label=_("Anywhere"),
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Language"),
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
        empty_label=_("Any"),
        help_text=_("Includes programmes that work with interpreters."),
    )
    channel = django_filters.ChoiceFilter(
        label=_("How to reach them"),
        choices=CHANNELS,
        method="filter_channel",
        empty_label=_("Any"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*Status.choices, (ALL_STATUSES, _("All, including ended"))],
        method="filter_status",
        empty_label=_("Running (active or temporarily closed)"),
    )
    open_now = django_filters.BooleanFilter(
        label=_("Reachable right now"),
        method="filter_open_now",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Programme
        fields = []

    def __init__(self, data=None, *args, version=None, every=True, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.version = version  # the catalogue version, when the view read it already
        self.every = every  # every part of the search must match (else any part: the last resort)
        # Ended programmes stay in the directory but are hidden unless asked for.
        if not (data or {}).get("status"):
            self.queryset = self.queryset.current()

    def filter_q(self, queryset, name, value):
        # Found in its names first (a concept's word in the name too), then what can be reached
        # now, then the most relevant; among equals, fresh before stale (the view's ordering).
        return queryset.search(value, self.understood, self.every).order_by(
            "-name_hit", "-reachable", "-relevance", "staleness", "slug"
        )

    @cached_property
    def understood(self):
        """The search words as understood (places, concepts), or None without any."""
        text = (self.form.cleaned_data.get("q") if self.is_valid() else "") or ""
        return understood(text, self.version) if text.strip() else None

    def filter_municipality(self, queryset, name, value):
        return queryset.serving(value)

    def filter_language(self, queryset, name, value):
        return queryset.speaking(value)

    def filter_channel(self, queryset, name, value):
        condition = {value: True} if value in {"toll_free", "anonymous"} else {"kind": value}
        return queryset.filter(Exists(Contact.objects.filter(programmes=OuterRef("pk"), **condition)))

    def filter_status(self, queryset, name, value):
        if value == ALL_STATUSES:
            return queryset
        if value == Status.ENDED:
            return queryset.ended()
        return queryset.current().filter(status=value)

    def filter_open_now(self, queryset, name, value):
        return queryset.open_at() if value else queryset
