"""The write path for eligibility criteria and the needs a programme serves (on the directory's one
write path: versions, history, caches)."""

from django.db import transaction

from directory.services import RowChange, Writer, programme_changed, same_parent, save_row, without
from referral.models import Criterion, Offer


# Programmes of each status listed in an answer: all of them in the real catalogue (28), a bounded
# answer in a synthetic one of 100,000 (`counts` says how many there are in all).
def _row(change, author, *, programme):
    return save_row(programme.criteria.all(), change, author, new=Criterion, programme=programme)


@transaction.atomic
def criteria_update(*, programme, rows, expected_version, author):
    """Save a programme's eligibility criteria (RowChanges), or raise StaleEdit."""
    programme_changed(programme, expected_version)
    for change in rows:
        _row(change, author, programme=programme)
    return programme


@transaction.atomic
def criterion_create(*, programme, data, author):
    programme_changed(programme)
    return _row(RowChange(None, data), author, programme=programme)


@transaction.atomic
def criterion_update(*, criterion, data, author):
    programme_changed(criterion.programme)
    return _row(RowChange(criterion.pk, data), author, programme=criterion.programme)


@transaction.atomic
def criterion_delete(*, criterion, author):
    programme_changed(criterion.programme)
    _row(RowChange(criterion.pk, {}, delete=True), author, programme=criterion.programme)


CRITERION_WRITER = Writer(
    create=lambda data, author: criterion_create(
        programme=data["programme"], data=without(data, "programme"), author=author
    ),
    update=lambda obj, data, author: criterion_update(
        criterion=obj, data=same_parent(obj, data, "programme"), author=author
    ),
    delete=lambda obj, author: criterion_delete(criterion=obj, author=author),
)


# The needs a programme serves (referral.Offer), on the same path: a change moves its version.


@transaction.atomic
def offer_create(*, programme, data, author):
    programme_changed(programme)
    return save_row(programme.needs_offered.all(), RowChange(None, data), author, new=Offer, programme=programme)


@transaction.atomic
def offer_update(*, offer, data, author):
    programme_changed(offer.programme)
    rows = offer.programme.needs_offered.all()
    return save_row(rows, RowChange(offer.pk, data), author, new=Offer, programme=offer.programme)


@transaction.atomic
def offer_delete(*, offer, author):
    programme_changed(offer.programme)
    save_row(offer.programme.needs_offered.all(), RowChange(offer.pk, {}, delete=True), author, new=Offer)


OFFER_WRITER = Writer(
    create=lambda data, author: offer_create(
        programme=data["programme"], data=without(data, "programme"), author=author
    ),
    update=lambda obj, data, author: offer_update(offer=obj, data=same_parent(obj, data, "programme"), author=author),
    delete=lambda obj, author: offer_delete(offer=obj, author=author),
)
