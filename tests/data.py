"""Data the tests read, all inside the repository: a missing input fails the run, never skips it."""

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HSDS = REPO / "fixtures" / "hsds-3.0"
WORKED_SCENARIOS = REPO / "fixtures" / "worked_scenarios"


def required_files(folder, pattern, *, at_least=1):
    """The files matching `pattern` in `folder`; raises (and so fails collection) when too few."""
    found = sorted(Path(folder).glob(pattern))
    if len(found) < at_least:
        raise FileNotFoundError(f"expected at least {at_least} {pattern} in {folder}, found {len(found)}")
    return found


def worked_scenarios():
    """The five worked scenarios as (slug, data) pairs."""
    return [
        (path.stem, json.loads(path.read_text())) for path in required_files(WORKED_SCENARIOS, "*.json", at_least=5)
    ]
