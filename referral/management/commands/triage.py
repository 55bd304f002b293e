"""`manage.py triage --answers FILE|-`: print the v1 triage JSON for a facts file."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from referral.services import triage
from referral.vocabulary import InvalidFacts


class Command(BaseCommand):
    help = "Suggest programmes for a JSON object of triage facts (vocabulary v1); '-' reads stdin."

    def add_arguments(self, parser):
        parser.add_argument("--answers", required=True, metavar="FILE", help="JSON file, or - for stdin")

    def handle(self, *args, answers, **options):
        try:
            if answers == "-":
                text = sys.stdin.read()
            else:
                with open(answers, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"cannot read {answers}: {exc.strerror}", returncode=2) from None
        try:
            facts = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"answers are not valid JSON: {exc.msg} (line {exc.lineno})", returncode=2) from None
        try:
            result = triage(facts)
        except InvalidFacts as exc:
            raise CommandError(f"invalid answers: {exc}", returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
