"""Per organisation, the programmes that are due for checking or stale: the text of a reminder."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from directory.models import Programme, Staleness

LABELS = {Staleness.DUE: "due for checking", Staleness.NEVER: "never verified", Staleness.STALE: "stale"}


class Command(BaseCommand):
    help = "List, per organisation, the programmes that are due for checking, stale or never verified."

    def handle(self, *args, **options):
        now = timezone.now()
        programmes = (
            Programme.objects.current()
            .with_staleness(now)
            .exclude(staleness=Staleness.FRESH)
            .select_related("organisation")
            .order_by("organisation__slug", "-staleness", "slug")
        )
        current_org = None
        for programme in programmes:
            if programme.organisation != current_org:
                current_org = programme.organisation
                self.stdout.write(f"\n{current_org.name_en} ({current_org.slug})")
                self.stdout.write("Please check these entries in Kažipot and press “Still correct” or edit them:")
            age = programme.verification_age_days(now)
            since = f", last verified {age} days ago" if age is not None else ""
            self.stdout.write(f"  - {programme.name_en} [{programme.slug}]: {LABELS[programme.staleness]}{since}")
        if current_org is None:
            self.stdout.write(
                f"Every running programme was verified in the last {settings.VERIFICATION_DUE_DAYS} days."
            )
