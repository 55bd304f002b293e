"""Small factories for directory rows that the catalogue does not have, made through the write path."""

import zlib
from datetime import time

from directory.models import Language, Organisation
from directory.services import ADMIN, Author, contact_create, hours_create, programme_create

BY_ADMIN = Author(via=ADMIN)


def make_programme(slug, *, organisation=None, contacts=1, **fields):
    organisation = organisation or Organisation.objects.get(slug="kljuc")
    defaults = {"kind": "support", "name_sl": f"Program {slug}", "name_en": f"Programme {slug}"}
    programme = programme_create(
        data={"slug": slug, "organisation": organisation, **defaults, **fields},
        m2m={"languages": [Language.objects.get(code="sl")]},
        author=BY_ADMIN,
    )
    line = zlib.crc32(slug.encode()) % 100_000  # a programme's own numbers: not shared with another's
    for n in range(contacts):
        contact = contact_create(
            organisation=organisation,
            data={"kind": "phone", "value": f"+38614{line:05d}{n}", "display": f"01 4{line:05d}{n}"},
            author=BY_ADMIN,
            programmes=[programme],
        )
        hours_create(
            contact=contact, data={"days": "working_days", "opens": time(8), "closes": time(16)}, author=BY_ADMIN
        )
    return programme
