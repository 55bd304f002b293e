"""Small factories for directory rows that the catalogue does not have."""

from datetime import time

from directory.models import Contact, Language, OpeningHours, Organisation, Programme


def make_programme(slug, *, organisation=None, contacts=1, **fields):
    organisation = organisation or Organisation.objects.get(slug="kljuc")
    defaults = {"kind": "support", "name_sl": f"Program {slug}", "name_en": f"Programme {slug}"}
    programme = Programme.objects.create(slug=slug, organisation=organisation, **{**defaults, **fields})
    programme.languages.add(Language.objects.get(code="sl"))
    for n in range(contacts):
        contact = Contact.objects.create(
            programme=programme, kind="phone", value=f"+38614{n:06d}", display=f"01 4{n:06d}"
        )
        OpeningHours.objects.create(contact=contact, days="working_days", opens=time(8), closes=time(16))
    return programme
