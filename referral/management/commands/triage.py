"""`manage.py triage --answers FILE|-`: print the v1 triage JSON for a facts file."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from directory.jsoninput import JsonInputError, loads
from referral.services import triage
from referral.vocabulary import InvalidFacts

MAX_BYTES = 1024 * 1024


class Command(BaseCommand):
    help = "Suggest programmes for a JSON object of triage facts (vocabulary v1); '-' reads stdin."

    def add_arguments(self, parser):
        parser.add_argument("--answers", required=True, metavar="FILE", help="JSON file, or - for stdin")

    def handle(self, *args, answers, **options):
        try:
            if answers == "-":
                data = getattr(sys.stdin, "buffer", sys.stdin).read(MAX_BYTES + 1)
            else:
                with open(answers, "rb") as handle:
                    data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"cannot read {answers}: {exc.strerror}", returncode=2) from None
        try:
            facts = loads(data, max_bytes=MAX_BYTES)
        except JsonInputError as exc:
            raise CommandError(f"answers are refused: {exc}", returncode=2) from None
        try:
            result = triage(facts)
        except InvalidFacts as exc:
            raise CommandError(f"invalid answers: {exc}", returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
