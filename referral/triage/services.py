"""Triage as one call: validated facts in, the v1.2 answer out (the API and the CLI)."""

from django.utils import timezone

from referral.triage.cache import load_catalogue
from referral.vocabulary import check_municipality, check_role, validate

# Programmes of each status listed in an answer: all of them in the real catalogue (28), a bounded
# answer in a synthetic one of 100,000 (`counts` says how many there are in all).
RESULTS_PER_STATUS = 50


def triage(facts, *, at=None, role=None):
    """The v1 JSON answer (with the v1.1 and v1.2 additions) for raw `facts` at the moment `at`
    (now by default) for a worker in `role`; raises vocabulary.InvalidFacts on bad input."""
    raw = facts
    facts = validate(facts)  # bad input is refused before anything is read
    check_role(role)
    catalogue = load_catalogue()
    check_municipality(facts, catalogue.municipalities)
    needs = list(dict.fromkeys(raw.get("needs", ())))  # the plan keeps the order the needs were given in
    answer = catalogue.outcome(facts, at).answer(RESULTS_PER_STATUS, needs=needs)
    moment = timezone.localtime(at or timezone.now())
    return {**answer, "at": moment.isoformat(timespec="seconds"), "role": role}
