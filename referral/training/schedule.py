"""Cases that return: a Leitner box per trainee and topic.

Chosen over a spaced-repetition library (fsrs): a trainee meets a topic a few times a month, too
seldom for a fitted memory model to beat five boxes, and a box is something a trainer can read
("back to box 1 after a miss"). A topic got wrong goes back to box 1 and is due the next day; got
right, it moves up a box: due again after 1, 2, 4, 8 or 16 days."""

from datetime import timedelta

INTERVAL_DAYS = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16}


def next_box(box, passed):
    """The box after an attempt (a new topic counts as box 1): up one when passed, at most 5; back to 1 when not."""
    return min((box or 1) + 1, 5) if passed else 1


def due_after(box, today):
    return today + timedelta(days=INTERVAL_DAYS[box])


def record(user, topics, passed, today):
    """Move each of the case's topics for `user` after an attempt."""
    from referral.models import Review

    boxes = dict(Review.objects.filter(user=user, topic__in=topics).values_list("topic", "box"))
    for tag in topics:
        box = next_box(boxes.get(tag), passed)
        Review.objects.update_or_create(user=user, topic=tag, defaults={"box": box, "due": due_after(box, today)})


def due_topics(user, today):
    from referral.models import Review

    return list(Review.objects.filter(user=user, due__lte=today).order_by("due", "topic"))
