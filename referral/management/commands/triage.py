"""`manage.py triage --answers FILE|-`: print the v1 triage JSON for a facts file."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from directory.jsoninput import JsonInputError, loads
from referral.triage.services import triage
from referral.vocabulary import ROLES, InvalidFacts, parse_at

MAX_BYTES = 1024 * 1024


class Command(BaseCommand):
    help = "Suggest programmes for a JSON object of triage facts (vocabulary v1); '-' reads stdin."

    def add_arguments(self, parser):
        parser.add_argument("--answers", required=True, metavar="FILE", help="JSON file, or - for stdin")
        parser.add_argument("--at", metavar="WHEN", help="plan for this moment, ISO 8601 with offset (default: now)")
        parser.add_argument("--role", choices=ROLES, help="the worker's role (shapes nothing but wording)")

    def handle(self, *args, answers, at=None, role=None, **options):
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
            result = triage(facts, at=parse_at(at) if at is not None else None, role=role)
        except InvalidFacts as exc:
            raise CommandError(f"invalid answers: {exc}", returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
