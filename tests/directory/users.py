"""Named users for permission tests: anonymous, trainee, members of kljuc and karitas, staff."""

from django.contrib.auth import get_user_model

from directory.models import Membership, Organisation


def make_user(name, *, org=None, staff=False):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw", is_staff=staff)
    if org:
        Membership.objects.create(user=user, organisation=Organisation.objects.get(slug=org))
    return user


def named_users():
    return {
        "anonymous": None,
        "trainee": make_user("trainee"),
        "kljuc member": make_user("ngo-kljuc", org="kljuc"),
        "karitas member": make_user("ngo-karitas", org="karitas"),
        "staff": make_user("admin", staff=True),
    }
