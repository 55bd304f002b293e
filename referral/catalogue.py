"""Programme rules from the database as plain engine data (the engine itself never sees the ORM)."""

from django.utils.translation import gettext as _

from directory.models import Programme, ServiceKind, Status
from referral.engine import Condition, Rule


def contact_data(contact, at=None):
    return {
        "kind": contact.kind,
        "value": contact.value,
        "display": contact.shown,
        "open_now": contact.open_now(at),
        "anonymous": contact.anonymous,
        "toll_free": contact.toll_free,
    }


def _clauses(criteria):
    grouped = {}
    for criterion in criteria:
        grouped.setdefault(criterion.clause, []).append(
            Condition(
                fact=criterion.fact,
                op=criterion.operator,
                values=tuple(criterion.values or ()),
                text=criterion.explanation,
            )
        )
    return tuple(tuple(grouped[n]) for n in sorted(grouped))


STATUS_TEXT = {
    Status.ENDED: lambda: _("This programme has ended."),
    Status.TEMPORARILY_CLOSED: lambda: _("This programme is temporarily closed."),
}


def rule_for(programme, at=None):
    contacts = tuple(contact_data(c, at) for c in programme.contacts.all())
    areas = None if programme.area_national else frozenset(m.slug for m in programme.area_municipalities.all())
    return Rule(
        slug=programme.slug,
        clauses=_clauses(programme.criteria.all()),
        status=programme.status,
        status_text=STATUS_TEXT.get(programme.status, str)(),
        emergency=programme.kind == ServiceKind.EMERGENCY,
        areas=areas,
        languages=frozenset(lang.code for lang in programme.languages.all()),
        interpretation=programme.interpretation,
        open_now=any(c["open_now"] for c in contacts) if contacts else None,
        contacts=contacts,
    )


def load_programmes():
    """Every programme with what triage shows and decides on, in a fixed number of queries."""
    return list(Programme.objects.for_directory().prefetch_related("criteria"))


def load_rules(at=None, programmes=None):
    return [rule_for(p, at) for p in (load_programmes() if programmes is None else programmes)]
