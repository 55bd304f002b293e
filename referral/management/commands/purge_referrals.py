"""Delete every referral whose last change is more than 30 days old (run daily from cron)."""

from django.core.management.base import BaseCommand

from referral.loop import services as loop


class Command(BaseCommand):
    help = "Delete referral codes 30 days after their last change. Safe to run any number of times."

    def handle(self, *args, **options):
        deleted = loop.purge()
        self.stdout.write(f"Deleted {deleted} referral(s) last changed more than {loop.KEEP_DAYS} days ago.")
