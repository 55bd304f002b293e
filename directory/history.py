"""Reading django-simple-history records as "who changed what, old → new", and edit conflicts."""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NOT_SHOWN = ["version"]
# The doors a change comes through (directory.services.Author.via); the provider pages need no word.
VIA = {
    "admin": gettext_lazy("in the admin"),
    "import": gettext_lazy("by an HSDS import"),
    "csv": gettext_lazy("by a CSV import"),
    "command": gettext_lazy("by a command"),
}


def reason_label(reason):
    """A history change reason code ("manage:verified", "admin", …) in words."""
    via, _sep, note = (reason or "").partition(":")
    words = [str(VIA[via])] if via in VIA else []
    if note == "verified":
        words.append(_("Verified as still correct"))
    elif note == "places":
        words.append(_("Free places updated"))
    elif note.startswith("approved:"):
        words.append(_("Proposed by %(who)s, approved") % {"who": note.removeprefix("approved:")})
    elif note == "emergency":
        words.append(_("Published at once by staff (an emergency)"))
    elif note == "rejected":
        words.append(_("Put back: a member said “this was not us”"))
    elif note.startswith("reverted:"):
        when = datetime.fromisoformat(note.removeprefix("reverted:"))
        words.append(_("Reverted to the version of %(when)s") % {"when": date_format(when, "DATETIME_FORMAT")})
    elif via not in VIA and via != "manage" and reason:
        words.append(reason)  # written before reasons were codes
    return " · ".join(words)


@dataclass
class Change:
    label: str
    old: object
    new: object


@dataclass
class Entry:
    record: object
    changes: list = field(default_factory=list)
    first_seen: bool = False  # no earlier record in view: a creation, or older history cut off
    latest: bool = False  # the newest record of its object: nothing to restore

    @property
    def kind(self):
        return {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}[self.record.history_type]


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name)


def _m2m_snapshots(records, names):
    """{history_id: {name: set of labels}} for m2m fields, in one query per field."""
    if not records or not names:
        return {}
    history_model = type(records[0])
    base = history_model.instance_type._meta.model_name
    snapshots = {r.history_id: {name: set() for name in names} for r in records}
    for name in names:
        through = history_model._meta.get_field(f"historical{base}_{name}").related_model
        target = next(
            f.name
            for f in through._meta.get_fields()
            if isinstance(f, models.ForeignKey) and f.name not in {base, "history"}
        )
        rows = through.objects.filter(history_id__in=snapshots).select_related(target)
        for row in rows:
            snapshots[row.history_id][name].add(str(getattr(row, target)))
    return snapshots


def change_log(records, m2m=()):
    """Entries newest first; each lists its changes against the previous record of the same object."""
    m2m = list(m2m)
    snapshots = _m2m_snapshots(records, m2m)
    previous, entries = {}, []
    for record in reversed(records):
        old = previous.get(record.id)
        entry = Entry(record, first_seen=old is None)
        if old is not None:
            delta = record.diff_against(old, excluded_fields=NOT_SHOWN + m2m)
            model = record.instance_type
            entry.changes = [Change(_label(model, c.field), c.old, c.new) for c in delta.changes]
            for name in m2m:
                before, after = snapshots[old.history_id][name], snapshots[record.history_id][name]
                if before != after:
                    entry.changes.append(
                        Change(_label(model, name), ", ".join(sorted(before)), ", ".join(sorted(after)))
                    )
        entries.append(entry)
        previous[record.id] = record
    for entry in entries:
        entry.latest = previous[entry.record.id] is entry.record
    return entries[::-1]


def conflicts(current, form):
    """Fields where the stored programme differs from what the editor submitted."""
    found = []
    for name in form.Meta.fields:
        stored, submitted = getattr(current, name), form.cleaned_data.get(name)
        if isinstance(form.fields[name], forms.ModelMultipleChoiceField):
            stored, submitted = set(stored.all()), set(submitted or ())
            if stored != submitted:
                found.append(
                    Change(
                        str(form.fields[name].label),
                        ", ".join(sorted(map(str, stored))),
                        ", ".join(sorted(map(str, submitted))),
                    )
                )
        elif (stored or "") != (submitted or ""):
            found.append(Change(str(form.fields[name].label), stored, submitted))
    last = current.history.select_related("history_user").first()
    return {
        "changes": found,
        "by": last.history_user if last else None,
        "at": last.history_date if last else None,
    }
