"""One phone, one row: each contact belongs to its programme's organisation and is linked to the
programmes it serves; copies of the same contact (same organisation, kind and stored value, which
is normalised: E.164 for phones) are merged into the oldest, keeping every history row (the
copies' records are renumbered to the kept contact, so its history shows every change)."""

from django.db import migrations

FLAGS = ("toll_free", "anonymous", "always_open")


def merge(apps, schema_editor):
    Contact = apps.get_model("directory", "Contact")
    HistoricalContact = apps.get_model("directory", "HistoricalContact")
    OpeningHours = apps.get_model("directory", "OpeningHours")
    Programme = apps.get_model("directory", "Programme")
    organisation_of = dict(Programme.objects.values_list("pk", "organisation_id"))
    kept = {}
    for contact in Contact.objects.order_by("pk"):
        organisation = organisation_of.get(contact.programme_id)
        key = (organisation, contact.kind, contact.value)
        first = kept.get(key)
        if first is None:
            kept[key] = contact
            contact.organisation_id = organisation
            contact.save(update_fields=["organisation"])
            contact.programmes.add(contact.programme_id)
            continue
        first.programmes.add(contact.programme_id)
        # What any copy says of the line holds for the line: toll-free, anonymous, 24/7.
        changed = [name for name in FLAGS if getattr(contact, name) and not getattr(first, name)]
        for name in changed:
            setattr(first, name, True)
        if first.last_verified_at is None or (
            contact.last_verified_at and contact.last_verified_at > first.last_verified_at
        ):
            first.last_verified_at, first.verified_by_id = contact.last_verified_at, contact.verified_by_id
            changed += ["last_verified_at", "verified_by"]
        if changed:
            first.save(update_fields=changed)
        if not OpeningHours.objects.filter(contact_id=first.pk).exists():
            OpeningHours.objects.filter(contact_id=contact.pk).update(contact_id=first.pk)
        HistoricalContact.objects.filter(id=contact.pk).update(id=first.pk)
        contact.delete()  # its own hours (the same as the kept one's) go with it
    for programme, organisation in organisation_of.items():
        HistoricalContact.objects.filter(programme_id=programme).update(organisation_id=organisation)


class Migration(migrations.Migration):
    dependencies = [("directory", "0021_contact_organisation_and_programmes")]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
