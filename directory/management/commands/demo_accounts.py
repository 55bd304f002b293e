"""Create the demo users (admin, ngo-kljuc, ngo-karitas, trainee) so the app can be tried at once."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from directory.models import Membership, Organisation, Role

ACCOUNTS = [
    # user name, staff, organisation slug
    ("admin", True, None),
    ("ngo-kljuc", False, "kljuc"),
    ("ngo-karitas", False, "karitas"),
    ("trainee", False, None),
]
TRAINEES = "trainees"


class Command(BaseCommand):
    help = "Create demo accounts; the password comes from DEMO_PASSWORD or is random and printed once."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        missing = [a for a in ACCOUNTS if not User.objects.filter(username=a[0]).exists()]
        if not missing:
            self.stdout.write("Demo accounts already exist; nothing changed.")
            return
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        for username, staff, org_slug in missing:
            user = User.objects.create_user(
                username, f"{username}@example.org", password, is_staff=staff, is_superuser=staff
            )
            if org_slug:
                Membership.objects.create(
                    user=user, organisation=Organisation.objects.get(slug=org_slug), role=Role.MANAGER
                )
            if username == "trainee":
                user.groups.add(Group.objects.get_or_create(name=TRAINEES)[0])
        names = ", ".join(a[0] for a in missing)
        shown = "from DEMO_PASSWORD" if os.environ.get("DEMO_PASSWORD") else password
        self.stdout.write(self.style.SUCCESS(f"Demo accounts created: {names}; password: {shown}"))
